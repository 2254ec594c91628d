"""One student's feedback page: their work, with the teacher's marks and the course's feedback.

The page shows, for one student (as their hand-in was read by :mod:`.handins`, every answer
judged again): each written response with the teacher's level, what that level means in the
lesson's rubric, and the teacher's comment; each quiz question's first try, and for a first
try that was not right the course's feedback for that answer and the deciding sentences
(never the answer: the student may still try again); each decide-first choice beside the
course's reading; the retellings' before-and-after check when they did it; their readings
of a report in the reading workbench and the side-by-side grid (lesson 08), as their hand-in
shows them; and each exit ticket's answers, with the course's answers only where the student
had already chosen to see them in the lesson (otherwise the page keeps them back, so the
student can still answer first and compare in the lesson).

Every value reaches the page through :func:`borderlines._html.html` (escaped), inside the
course's one page shell, whose policy lets nothing run and nothing load. No UI library is
imported.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._html import Markup, html, join
from .._page import page
from ..data.activities import KINDS, choices, kind_of, reading
from ..data.model import Question, Report, UnknownName
from .beforeafter import before_after
from .handinreadings import handin_readings_html
from .handins import HandIn, _judge, answer_words, misconception
from .lessonwork import EXIT_RATINGS
from .marks import Mark
from .readingwork import is_reading_activity
from .rubric import Level
from .summarypage import item_label, when

__all__ = ["feedback_html"]

_NOT_MARKED = "Your teacher has not given a level or a comment for this response."


def _title(report: Report, lesson: str) -> str:
    sheet = next((s for s in report.worksheets if s.lesson == lesson), None)
    if sheet is not None:
        return sheet.title
    return next((b.title for b in report.quizzes if b.lesson == lesson), "")


def _responses(
    report: Report,
    handin: HandIn,
    marks: Mapping[tuple[str, str, str], Mark],
    rubrics: Mapping[str, tuple[Level, ...]],
) -> Markup:
    parts = [html('<h2 id="responses">Your written responses</h2>')]
    shown = 0
    for sheet in report.worksheets:
        work = handin.lessons.get(sheet.lesson)
        for task, response in sorted((work.responses if work else {}).items()):
            shown += 1
            mark = marks.get((handin.key, sheet.lesson, task))
            means = next(
                (
                    lv.means
                    for lv in rubrics.get(sheet.lesson, ())
                    if mark and lv.name == mark.level
                ),
                "",
            )
            if mark is None or not (mark.level or mark.comment):
                marked = html('<p class="unmarked">{}</p>', _NOT_MARKED)
            else:
                marked = html(
                    '<div class="mark"><p><strong>Level:</strong> {}</p>{}{}</div>',
                    mark.level or "(no level given)",
                    html("<p><small>In this lesson's rubric, {}: {}</small></p>", mark.level, means)
                    if means
                    else "",
                    html(
                        '<p><strong>Comment:</strong></p><div class="comment">{}</div>',
                        mark.comment,
                    )
                    if mark.comment
                    else "",
                )
            parts.append(
                html(
                    "<h3>Lesson {} — {}</h3><p><em>{}</em></p><p><small>Last saved {}</small></p>"
                    '<div class="response">{}</div>{}',
                    sheet.lesson,
                    sheet.title,
                    sheet.task.prompt,
                    when(response.get("at")),
                    str(response.get("text", "")),
                    marked,
                )
            )
    if not shown:
        parts.append(html("<p>Your hand-in has no written responses.</p>"))
    return join(parts)


def _sentences(report: Report, question: Question) -> Markup:
    return join(
        html("<blockquote><strong>[{}]</strong> {}</blockquote>", sid, report.sentence(sid).text)
        for sid in sorted(question.sentences)
    )


def _quiz(report: Report, handin: HandIn) -> Markup:
    parts = [
        html(
            '<h2 id="quiz">Your quizzes: first tries</h2><p>Your first try at each question you '
            "answered. Where it was not right, what the course says about that answer, and the "
            "sentences that decide it. The lessons' quizzes are for practice: you can try "
            "again there.</p>"
        )
    ]
    any_answered = False
    for bank in report.quizzes:
        records = handin.records.get(bank.lesson, {})
        rows = []
        for question in bank.questions:
            record = records.get(question.id)
            first = (
                next((a for a in record.attempts if not a.after_reveal), None) if record else None
            )
            if first is None:
                continue
            verdict = _judge(question, first.answer, report)
            if first.correct:
                result, about = "Right", html("")
            elif first.partial:
                result = "Partly right"
                about = html("<p>{}</p>", misconception(question, verdict)) if verdict else html("")
            else:
                result = "Not right"
                said = misconception(question, verdict) if verdict else ""
                about = html(
                    "{}<p><small>The deciding sentences:</small></p>{}",
                    html("<p>{}</p>", said) if said else "",
                    _sentences(report, question),
                )
            rows.append(
                html(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
                    question.id,
                    question.prompt,
                    answer_words(question, first.answer, report),
                    result,
                    about,
                )
            )
        if rows:
            any_answered = True
            parts.append(
                html(
                    "<h3>Lesson {} — {}</h3><table><thead><tr><th>Question</th><th>Prompt</th>"
                    "<th>Your first try</th><th>The course's feedback</th></tr></thead>"
                    "<tbody>{}</tbody></table>",
                    bank.lesson,
                    bank.title,
                    join(rows),
                )
            )
    if not any_answered:
        parts.append(html("<p>Your hand-in has no quiz answers.</p>"))
    return join(parts)


def _predictions(report: Report, handin: HandIn) -> Markup:
    parts = [
        html(
            '<h2 id="decide-first">You decided first</h2><p>Each choice you made before the '
            "course showed its reading, beside the course's reading and why.</p>"
        )
    ]
    for lesson, activities in sorted(handin.predictions.items()):
        for activity, picks in sorted(activities.items()):
            offered = choices(report, activity)
            rows = []
            for item, choice in sorted(picks.items()):
                try:
                    course = reading(report, activity, item)
                except (UnknownName, ValueError, KeyError):
                    continue
                rows.append(
                    html(
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        item_label(report, activity, item),
                        offered.get(choice, choice),
                        course.words,
                        "the same" if choice in course.keys else "different",
                        course.why,
                    )
                )
            parts.append(
                html(
                    "<h3>Lesson {} — {}</h3><table><thead><tr><th>Item</th><th>Your choice</th>"
                    "<th>The course's reading</th><th></th><th>Why</th></tr></thead>"
                    "<tbody>{}</tbody></table>",
                    lesson,
                    KINDS.get(kind_of(activity), activity),
                    join(rows),
                )
            )
    if len(parts) == 1:
        parts.append(html("<p>Your hand-in has no decide-first choices.</p>"))
    return join(parts)


def _before_after(report: Report, handin: HandIn) -> Markup:
    checks = before_after(report, [handin]) if handin.retellings else None
    if checks is None or not checks.students:
        return html("")
    student = checks.students[0]

    def shown(right: int, answered: int) -> str:
        return f"{right} of {answered}" if answered else "not done"

    rows = [
        html(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            change.skill.label,
            shown(student.before[change.skill.id].right, student.before[change.skill.id].answered),
            shown(student.after[change.skill.id].right, student.after[change.skill.id].answered),
        )
        for change in checks.skills
    ]
    before, after = student.total("before"), student.total("after")
    rows.append(
        html(
            "<tr><th>All skills</th><td>{}</td><td>{}</td></tr>",
            shown(before.right, before.answered),
            shown(after.right, after.answered),
        )
    )
    return html(
        '<h2 id="before-after">Retellings: before and after</h2><p>The retellings you judged in '
        "lesson 00 (before) and lesson 07 (after), right of those you answered, per skill. "
        "Three retellings per skill is a small sample: read a change as a hint, not a verdict."
        "</p><table><thead><tr><th>Skill</th><th>Before</th><th>After</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        join(rows),
    )


def _readings(report: Report, handin: HandIn) -> Markup:
    parts = []
    for lesson, work in sorted(handin.lessons.items()):
        found = {a: items for a, items in work.activities.items() if is_reading_activity(a)}
        if found:
            parts.append(html("<h3>Lesson {} — {}</h3>", lesson, _title(report, lesson)))
            parts.append(handin_readings_html(report, found))
    if not parts:
        return html("")
    return join(
        [
            html(
                '<h2 id="readings">Your readings of a report</h2><p>What you recorded in the '
                "reading workbench, sentence by sentence, and in the side-by-side grid, as your "
                "hand-in holds it. Your teacher's comment on the lesson's written response may "
                "refer to it.</p>"
            ),
            *parts,
        ]
    )


def _exit_tickets(report: Report, handin: HandIn) -> Markup:
    parts = []
    for sheet in report.worksheets:
        work = handin.lessons.get(sheet.lesson)
        answers = work.exit_ticket.get("answers", {}) if work else {}
        if not answers:
            continue
        shown = bool(work.exit_ticket.get("shown_at")) if work else False
        rows = []
        for number, question in enumerate(sheet.exit_ticket, 1):
            saved = answers.get(str(number)) or {}
            text = str(saved.get("text", ""))
            if saved and saved.get("prompt") != question.prompt and text.strip():
                text = f"{text} (an answer to an earlier wording of the question)"
            course = question.answer if shown else "Kept back until you compare in the lesson."
            rating = EXIT_RATINGS.get(str(saved.get("rating", "")), "not said")
            rows.append(
                html(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    question.prompt,
                    text or "(no answer)",
                    course,
                    rating if shown else "not compared yet",
                )
            )
        note = (
            html("<p>You saw the course's answers in the lesson; here they are again.</p>")
            if shown
            else html(
                "<p>You have not opened the course's answers yet: answer every question in the "
                "lesson's exit ticket, then press <em>Show the course's answers</em> there.</p>"
            )
        )
        parts.append(
            html(
                "<h3>Lesson {} — {}</h3>{}<table><thead><tr><th>Question</th><th>Your answer"
                "</th><th>The course's answer</th><th>How you said yours compares</th></tr>"
                "</thead><tbody>{}</tbody></table>",
                sheet.lesson,
                sheet.title,
                note,
                join(rows),
            )
        )
    if not parts:
        return html("")
    return join([html('<h2 id="exit-tickets">Your exit tickets</h2>'), *parts])


def feedback_html(
    report: Report,
    handin: HandIn,
    marks: Mapping[tuple[str, str, str], Mark],
    rubrics: Mapping[str, tuple[Level, ...]],
    *,
    made: str,
) -> str:
    """One student's feedback page, as a whole self-contained HTML document.

    Parameters
    ----------
    report
        The course's data.
    handin
        The student's hand-in, as read by :func:`~borderlines.classroom.handins.read_class`.
    marks
        (student key, lesson, task) → the teacher's mark; only this student's are shown.
    rubrics
        Each lesson's rubric levels from the teacher guide.
    made
        When the page was made (ISO 8601).
    """
    body = join(
        [
            html("<h1>Borderlines — feedback for {}</h1>", handin.shown_name),
            html(
                "<p><small>From your hand-in made {}; feedback made {}. This is feedback on "
                "your learning (formative work), not an exam grade.</small></p>",
                when(handin.created),
                when(made),
            ),
            _responses(report, handin, marks, rubrics),
            _quiz(report, handin),
            _predictions(report, handin),
            _before_after(report, handin),
            _readings(report, handin),
            _exit_tickets(report, handin),
        ]
    )
    return page(f"Borderlines — feedback for {handin.shown_name}", body, style="hand-in")
