"""The class summary's "Exit tickets" section: each lesson's questions, tallied.

For each question of each lesson's exit ticket (``seeds/worksheets.yaml``): how many
students answered it, how many then saw the course's answer, and how each of them says
their answer compares (the same, part of it, something else, or not said); then every
answer as written, beside the course's answer, for the teacher to read. The comparison
is the student's own word, not a mark. An answer to an earlier wording of a question is
counted apart, never as an answer to the question asked now. Every value reaches the
page through :func:`borderlines._html.html` (escaped). No UI library is imported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .._html import Markup, html, join
from ..data.english import count
from ..data.model import Report
from .handins import HandIn
from .lessonwork import EXIT_RATINGS
from .work import word_count

__all__ = ["ExitAnswer", "ExitTally", "exit_section", "exit_tallies"]


@dataclass(frozen=True)
class ExitAnswer:
    """One student's answer to one exit-ticket question."""

    student: str
    text: str
    #: the course's answer was shown to the student (after they answered)
    shown: bool
    #: one of ``EXIT_RATINGS``, or "" when the student did not say
    rating: str


@dataclass(frozen=True)
class ExitTally:
    """How a class answered one exit-ticket question."""

    lesson: str
    number: int
    prompt: str
    answer: str
    answers: tuple[ExitAnswer, ...]
    #: students who answered an earlier wording of the question (not counted here)
    earlier: int
    #: students with work in the lesson who left the question blank
    blank: int

    @property
    def shown(self) -> int:
        """Students who answered and then saw the course's answer."""
        return sum(a.shown for a in self.answers)

    @property
    def ratings(self) -> Counter[str]:
        """How the students who saw the course's answer say theirs compares ("" not said)."""
        return Counter(a.rating for a in self.answers if a.shown)


def exit_tallies(report: Report, handins: Iterable[HandIn]) -> list[ExitTally]:
    """Every exit-ticket question of every lesson, tallied over the hand-ins."""
    handins = list(handins)
    tallies = []
    for sheet in report.worksheets:
        for number, question in enumerate(sheet.exit_ticket, 1):
            answers: list[ExitAnswer] = []
            earlier = blank = 0
            for handin in handins:
                work = handin.lessons.get(sheet.lesson)
                if work is None:
                    continue
                saved = work.exit_ticket.get("answers", {}).get(str(number))
                text = str(saved.get("text", "")) if saved else ""
                if saved and saved.get("prompt") != question.prompt and word_count(text):
                    earlier += 1
                elif not word_count(text):
                    blank += 1
                else:
                    rating = str(saved.get("rating", "")) if saved else ""
                    answers.append(
                        ExitAnswer(
                            student=handin.shown_name,
                            text=text,
                            shown=bool(work.exit_ticket.get("shown_at")),
                            rating=rating if rating in EXIT_RATINGS else "",
                        )
                    )
            tallies.append(
                ExitTally(
                    lesson=sheet.lesson,
                    number=number,
                    prompt=question.prompt,
                    answer=question.answer,
                    answers=tuple(answers),
                    earlier=earlier,
                    blank=blank,
                )
            )
    return tallies


def _tally_line(tally: ExitTally) -> Markup:
    ratings = tally.ratings
    said = [
        html("{}: {}", label, ratings[key]) for key, label in EXIT_RATINGS.items() if ratings[key]
    ]
    if ratings[""]:
        said.append(html("not said: {}", ratings[""]))
    parts = [
        html("{} answered", count(len(tally.answers), "student")),
        html("{} saw the course's answer", tally.shown),
    ]
    if tally.blank:
        parts.append(html("{} left it blank", tally.blank))
    if tally.earlier:
        parts.append(html("{} answered an earlier wording (not counted)", tally.earlier))
    compared = html(" Compared with the course's answer: {}.", join(said, " · ")) if said else ""
    return html("<p class='note'>{}.{}</p>", join(parts, " · "), compared)


def exit_section(report: Report, handins: Iterable[HandIn]) -> Markup:
    """The summary page's section: per lesson and question, the tally and every answer."""
    parts = [
        html(
            '<h2 id="exit-tickets">Exit tickets</h2><p>The short questions at the end of each '
            "lesson. Each student answered before the course's answer was shown, then said how "
            "their answer compares: that is the student's own view, not a mark. Read the "
            "answers beside the course's answer to plan the start of the next lesson.</p>"
        )
    ]
    tallies = [t for t in exit_tallies(report, handins) if t.answers or t.earlier]
    for lesson in sorted({t.lesson for t in tallies}):
        title = next((s.title for s in report.worksheets if s.lesson == lesson), "")
        parts.append(html("<h3>Lesson {} — {}</h3>", lesson, title))
        for tally in (t for t in tallies if t.lesson == lesson):
            rows = [
                html(
                    "<tr><td><bdi>{}</bdi></td><td>{}</td><td>{}</td></tr>",
                    a.student,
                    a.text,
                    EXIT_RATINGS.get(a.rating, "not said") if a.shown else "not shown yet",
                )
                for a in tally.answers
            ]
            parts.append(
                html(
                    "<div class='task'><p><strong>{}. {}</strong></p><p><strong>The course's "
                    "answer:</strong> {}</p></div>{}<table><thead><tr><th>Student</th>"
                    "<th>Answer</th><th>Compared with the course's answer</th></tr></thead>"
                    "<tbody>{}</tbody></table>",
                    tally.number,
                    tally.prompt,
                    tally.answer,
                    _tally_line(tally),
                    join(rows),
                )
            )
    if len(parts) == 1:
        parts.append(html("<p>No exit tickets were handed in.</p>"))
    return join(parts)
