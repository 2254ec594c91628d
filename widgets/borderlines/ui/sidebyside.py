"""TwoReports: the course's report and a teacher's report side by side, and the student's grid.

Both reports are shown numbered, in two columns. For each point the student
chooses (what happened, where, when, who, how many, who is blamed) the student
decides whether the two reports agree, differ, or only one of them says
anything, cites a sentence from each report (from the one that says it, for
"only one says"), and may add a note. Each cell is saved in a lesson and comes
back when the lesson runs again; the hand-in carries the grid. The course has no
answers for it: corroborating two sources is the student's reading.
"""

from __future__ import annotations

import ipywidgets as widgets

from .._html import html, join
from ..classroom.readingwork import grid_of, save_cell
from ..classroom.store import current_lesson, current_store
from ..data import corroboration
from ..data.corroboration import MAX_NOTE, POINTS, VERDICTS, GridCell, missing_cites
from ..data.model import Report
from ..data.teacherreports import ReportText, course_text
from . import _workbenchhtml as show
from ._checks import require_report
from ._saving import save_note
from ._ui import plain

__all__ = ["TwoReports"]

_NONE = ""
_WIDE = {"description_width": "initial"}
#: A cited sentence's menu value for "this report says nothing on this point".
SAYS_NOTHING = 0


def _column(text: ReportText, heading: str) -> str:
    rows = join(
        html(
            '<li style="list-style:none;margin:2px 0"><strong>[{}]</strong> {}</li>',
            s.number,
            s.text,
        )
        for s in text.sentences
    )
    return html(
        '<div style="flex:1 1 20em;min-width:0"><h3 style="margin:4px 0;font-size:1.05em">{}</h3>'
        '<ol style="padding-left:0;margin:0">{}</ol></div>',
        heading,
        rows,
    )


class TwoReports(widgets.VBox):
    """The course's report beside a second report, and the agree / differ / only-one-says grid.

    Parameters
    ----------
    report
        The course's data, from ``start_lesson()``.
    second
        The report your teacher added (``second_report()``); with ``None`` the
        widget says that there is no second report to compare yet.

    Attributes
    ----------
    point, verdict : ipywidgets.Dropdown
        The point compared, and what the two reports do on it.
    course_sentence, second_sentence : ipywidgets.Dropdown
        The sentence cited from each report.
    cells : dict
        Point → :class:`~borderlines.data.corroboration.GridCell`, for every point kept.
    """

    def __init__(self, report: Report, second: ReportText | None) -> None:
        report = require_report(report, "TwoReports")
        self.report = report
        self.course = course_text(report)
        self.second = second
        self.cells: dict[str, GridCell] = {}
        self.add_class("bl-two-reports")
        if second is None:
            super().__init__(
                [
                    plain(
                        widgets.HTML,
                        html(
                            "<p class='bl-two-reports-none'><strong>No second report has been "
                            "added yet</strong>, so there is nothing to set beside the course's "
                            "report. Your teacher can add one (the teacher guide says how); "
                            "then run this lesson again.</p>"
                        ),
                    )
                ]
            )
            return
        if not isinstance(second, ReportText):
            raise ValueError(f"TwoReports compares a report from second_report(), not {second!r}")
        self._lesson = current_lesson()
        self.point = self._menu("Point", POINTS, "Choose a point…", "bl-tr-point")
        self.verdict = self._menu("The two reports", VERDICTS, "Choose…", "bl-tr-verdict")
        self.course_sentence = self._sentences(
            "Sentence of the course's report", self.course, "bl-tr-course"
        )
        self.second_sentence = self._sentences(
            "Sentence of the second report", second, "bl-tr-second"
        )
        self.note = plain(
            widgets.Text,
            value="",
            description="Your note",
            placeholder="what agrees or differs, in a few words",
            style=_WIDE,
            continuous_update=False,
            layout={"width": "auto"},
            _dom_classes=("bl-tr-note",),
        )
        self.keep = plain(
            widgets.Button,
            description="Keep this point",
            tooltip="Keep the point in your grid (keeping it again replaces it)",
            _dom_classes=("bl-tr-keep",),
        )
        self.message = plain(widgets.HTML)
        self.grid = plain(widgets.HTML, _dom_classes=("bl-tr-grid",))
        self.keep.on_click(lambda _: self.keep_cell())
        self.point.observe(lambda _: self._load_point(), names="value")
        row = {"flex_flow": "row wrap"}
        super().__init__(
            [
                plain(
                    widgets.HTML,
                    html(
                        '{}<div class="bl-two-columns" style="display:flex;flex-wrap:wrap;'
                        'gap:1em">{}{}</div>',
                        show.about(second),
                        _column(self.course, "The course's report"),
                        _column(second, second.title),
                    ),
                ),
                plain(widgets.HBox, [self.point, self.verdict], layout=row),
                plain(widgets.HBox, [self.course_sentence, self.second_sentence], layout=row),
                plain(widgets.HBox, [self.note, self.keep], layout=row),
                self.message,
                self.grid,
            ]
        )
        self._restore()
        self._refresh()

    @staticmethod
    def _menu(label: str, choices: dict[str, str], prompt: str, css: str) -> widgets.Dropdown:
        return plain(
            widgets.Dropdown,
            options=[(prompt, _NONE), *((words, key) for key, words in choices.items())],
            value=_NONE,
            description=label,
            style=_WIDE,
            layout={"width": "auto"},
            _dom_classes=(css,),
        )

    @staticmethod
    def _sentences(label: str, text: ReportText, css: str) -> widgets.Dropdown:
        return plain(
            widgets.Dropdown,
            options=[
                ("It says nothing on this point", SAYS_NOTHING),
                *((f"Sentence {s.number}", s.number) for s in text.sentences),
            ],
            value=SAYS_NOTHING,
            description=label,
            style=_WIDE,
            layout={"width": "auto"},
            _dom_classes=(css,),
        )

    def _restore(self) -> None:
        if self._lesson is None or self.second is None:
            return
        activity = corroboration.activity_id(self.second.key)
        saved = current_store().lesson(self._lesson).activities.get(activity)
        if saved:
            work = grid_of(
                self.second.key, saved, len(self.course.sentences), len(self.second.sentences)
            )
            self.cells = work.cells
            if work.problems:
                self._say(
                    "Part of your saved grid could not be used: " + "; ".join(work.problems[:3])
                )

    def _say(self, text: str, saved: bool = False) -> None:
        """Say ``text``; after a save, with what went wrong saving it, if anything did."""
        self.message.value = html(
            '<p role="status" aria-live="polite">{}</p>{}', text, save_note() if saved else ""
        )

    def _load_point(self) -> None:
        cell = self.cells.get(str(self.point.value))
        if cell is None:
            return
        self.verdict.value = cell.verdict
        self.course_sentence.value = cell.course or SAYS_NOTHING
        self.second_sentence.value = cell.second or SAYS_NOTHING
        self.note.value = cell.note

    def keep_cell(self) -> None:
        """Keep the point as chosen, if its cited sentences fit its verdict."""
        if self.second is None:
            return
        point, verdict = str(self.point.value), str(self.verdict.value)
        if not point:
            self._say("Choose the point you compare first.")
            return
        if not verdict:
            self._say("Choose what the two reports do on this point.")
            return
        course = int(self.course_sentence.value) or None
        second = int(self.second_sentence.value) or None
        lacking = missing_cites(verdict, course, second)
        if lacking:
            self._say(f"{POINTS[point]}: {lacking}.")
            return
        note = " ".join(str(self.note.value).split())[:MAX_NOTE]
        cell = GridCell(point, verdict, course, second, note)
        self.cells[point] = cell
        if self._lesson is not None:
            save_cell(current_store(), self._lesson, self.second, cell)
        self._refresh()
        self._say(f"{POINTS[point]}: kept.", saved=True)

    def _refresh(self) -> None:
        if self.second is None:
            return
        self.grid.value = html(
            "<h4 style='margin:6px 0 2px'>Your grid ({} of {} points)</h4>{}",
            len(self.cells),
            len(POINTS),
            show.grid_html(self.course, self.second, self.cells),
        )

    def text_alternative(self) -> str:
        """The grid as plain text."""
        if self.second is None:
            return "No second report has been added yet."
        lines = [f"Two reports: the course's report and {self.second.title}."]
        for point, cell in self.cells.items():
            lines.append(
                f"{POINTS[point]}: {VERDICTS[cell.verdict]} (course's report: "
                f"{cell.course or 'nothing'}; second report: {cell.second or 'nothing'}). {cell.note}"
            )
        return "\n".join(lines)
