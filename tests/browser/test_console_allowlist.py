"""The console allow-list excuses only the upstream errors it names, on the pages it names."""

from __future__ import annotations

from .jupyter_pages import KNOWN_CONSOLE_ERRORS, ConsoleLog

VOILA = "http://127.0.0.1:8888/voila/render/03-counting-the-cost.ipynb?token=x"
NOTEBOOK = "http://127.0.0.1:8888/notebooks/03-counting-the-cost.ipynb?token=x"
LAB = "http://127.0.0.1:8888/lab/tree/03-counting-the-cost.ipynb?reset&token=x"
GETTER = (
    'Error: The getter for the shared module is not a function. args: {"shareKey":'
    '"@jupyterlab/docregistry"}\n    at http://127.0.0.1:8888/voila/labextensions/'
    "@jupyter-notebook/lab-extension/static/remoteEntry.83856cd0a08d728a.js:5:7220"
)


class _Page:
    """Just enough of a playwright page for ConsoleLog: its address and its event hooks."""

    def __init__(self) -> None:
        self.url = ""
        self.handlers: dict = {}

    def on(self, event: str, handler) -> None:
        self.handlers[event] = handler


def _log_with(url: str, text: str) -> ConsoleLog:
    page = _Page()
    log = ConsoleLog(page)
    page.url = url
    message = type("Message", (), {"type": "error", "text": text, "location": {"url": url}})
    page.handlers["console"](message)
    return log


def test_every_allowed_error_names_its_issue_and_reason():
    """Each allow-list entry names the upstream issue (or that none was found) and a reason."""
    for known in KNOWN_CONSOLE_ERRORS:
        assert known.issue.startswith(("https://github.com/", "none found"))
        assert len(known.reason) > 40


def test_a_known_error_is_excused_on_its_own_page_only():
    """Voilà's getter error is excused on a Voilà page, not in JupyterLab or Notebook 7."""
    assert _log_with(VOILA, GETTER).unexpected() == []
    assert _log_with(LAB, GETTER).unexpected() != []
    assert _log_with(NOTEBOOK, GETTER).unexpected() != []


def test_an_unknown_error_is_reported():
    """Any other console error, such as 'widget model not found', is reported."""
    text = "Error: widget model not found\n    at l.get_model (http://127.0.0.1:8888/x.js:1:2)"
    assert _log_with(VOILA, text).unexpected() != []
