"""A student's readings in their hand-in: the workbench's readings and the side-by-side grids.

Every value reaches the page through :func:`borderlines._html.html`, escaped: a
report may hold markup, and it shows as text.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._html import Markup, html, join
from ..data.corroboration import POINTS, VERDICTS
from ..data.english import count
from ..data.model import Report
from ..data.teacherreports import ReportText, course_text
from ..data.workbench import reading_lines
from .readingwork import grid_of, is_reading_activity, key_of, reading_of

__all__ = ["handin_readings_html"]


def handin_readings_html(report: Report, activities: Mapping[str, object]) -> Markup:
    """A student's workbench readings and side-by-side grids, as their hand-in shows them.

    The page depends only on the hand-in's data and the course: a teacher's report is
    named by the title the student's lesson kept, and its sentences by number (the
    student's recorded words are the sentence's own); the course's report is shown in full.
    """
    parts = []
    course = course_text(report)
    for activity, items in sorted(activities.items()):
        if not is_reading_activity(activity):
            continue
        key = key_of(activity)
        text = course if key == "course" else None
        if activity.startswith("workbench:"):
            work = reading_of(key, items, text)
            title = _title(text, work.title, key)
            rows = join(
                html(
                    "<tr><td><strong>[{}]</strong> {}</td><td><ul>{}</ul></td></tr>",
                    number,
                    text.sentence(number).text if text is not None else "",
                    join(
                        html("<li>{}</li>", line) for line in reading_lines(work.readings[number])
                    ),
                )
                for number in sorted(work.readings)
            )
            parts.append(
                html(
                    "<h3>Reading: {}</h3><p>{} read{}.</p><table><thead><tr><th>Sentence</th>"
                    "<th>Your reading</th></tr></thead><tbody>{}</tbody></table>",
                    title,
                    count(len(work.readings), "sentence"),
                    "; finished" if work.finished else "",
                    rows,
                )
            )
        else:
            grid = grid_of(key, items, len(course.sentences), None)
            title = _title(text, grid.title, key)
            rows = join(
                html(
                    "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    POINTS[point],
                    VERDICTS[cell.verdict],
                    cell.course or "—",
                    cell.second or "—",
                    cell.note,
                )
                for point, cell in grid.cells.items()
            )
            parts.append(
                html(
                    "<h3>Side by side: the course's report and {}</h3><table><thead><tr>"
                    "<th>Point</th><th>The two reports</th><th>Sentence of the course's report"
                    "</th><th>Sentence of the second report</th><th>Note</th></tr></thead>"
                    "<tbody>{}</tbody></table>",
                    title,
                    rows,
                )
            )
    return join(parts)


def _title(text: ReportText | None, kept: str, key: str) -> str:
    if text is not None:
        return text.title
    return (
        f"{kept} (a report your teacher added)" if kept else f"a report your teacher added ({key})"
    )
