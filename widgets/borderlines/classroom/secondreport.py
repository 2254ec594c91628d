"""``second_report()``: the report a teacher added, for lesson 08 and the reading workbench.

A lesson cell reads::

    second = second_report()

It returns the report the teacher added to the ``reports/`` folder beside the
lessons (:mod:`borderlines.data.teacherreports`), or ``None`` when there is none,
and shows one line saying which report the lesson reads (and any file in the
folder that could not be used). No UI library is imported.
"""

from __future__ import annotations

from ..data.teacherreports import ReportText, load_reports, reports_folder

__all__ = ["second_report", "second_report_status"]


def _choose(reports: list[ReportText], name: str | None) -> tuple[ReportText | None, str]:
    if name is not None:
        found = next((r for r in reports if r.name == name), None)
        if found is None:
            names = ", ".join(r.name for r in reports) or "none"
            return None, f"There is no added report named {name!r} (added reports: {names})."
        return found, ""
    if not reports:
        return None, ""
    chosen = reports[-1]
    if len(reports) == 1:
        return chosen, ""
    others = ", ".join(repr(r.name) for r in reports[:-1])
    return chosen, (
        f"Your teacher has added {len(reports)} reports; this lesson reads the one added last. "
        f"To read another, write its name: second_report({reports[0].name!r}) (the others: "
        f"{others})."
    )


def second_report_status(name: str | None = None) -> tuple[ReportText | None, list[str]]:
    """The chosen report (or ``None``) and the lines that say which, and what was not used."""
    reports, problems = load_reports(reports_folder())
    chosen, note = _choose(reports, name)
    if chosen is not None:
        lines = [
            f"This lesson reads the report your teacher added: “{chosen.title}” "
            f"({len(chosen.sentences)} sentences)."
        ]
    elif name is None:
        lines = ["No second report has been added, so this lesson reads the course's report again."]
    else:
        lines = []
    if note:
        lines.append(note)
    lines.extend(f"Not used: {problem}" for problem in problems)
    return chosen, lines


def second_report(name: str | None = None) -> ReportText | None:
    """The report the teacher added, or ``None``; shows which report the lesson reads.

    Parameters
    ----------
    name
        The report's name in the ``reports/`` folder (its file name without
        ``.txt``); by default the one added last.

    Returns
    -------
    ReportText or None
        The checked report with its numbered sentences, title and source as the
        teacher gave them; ``None`` when no report has been added (or none of that
        name), so the lesson reads the course's report.
    """
    chosen, lines = second_report_status(name)
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - outside IPython there is nothing to show
        return chosen
    from .._html import html, join

    body = html(
        '<div class="bl-second-report-status">{}</div>',
        join(html('<p style="margin:2px 0"><small>{}</small></p>', line) for line in lines),
    )
    display({"text/html": str(body), "text/plain": "\n".join(lines)}, raw=True)  # type: ignore[no-untyped-call]
    return chosen
