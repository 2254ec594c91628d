"""The class summary's page: one offline HTML file.

Every value a student wrote reaches the page through :func:`borderlines._html.html`
(escaped), and the page carries a Content-Security-Policy that lets nothing run
or load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from .._html import Markup, html, join
from .._page import page
from .._version import __version__
from ..data.activities import KINDS, PARTLY, choices, items, kind_of, match, reading
from ..data.english import count
from ..data.model import Report, UnknownName
from .beforeafterpage import before_after_section
from .exittickets import exit_section
from .itempage import item_section
from .moments import when
from .readingspage import readings_section
from .summary import (
    ClassSummary,
    HandIn,
    QuestionSummary,
    predictions_by_item,
    responses_of,
    student_lesson,
    word_count,
)

__all__ = ["page_html", "when"]


def _partly(partly: int) -> str:
    """What a first-try figure leaves out: first tries that were partly right."""
    return f" · partly right: {partly}" if partly else ""


def _rate(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole)}%)" if whole else "—"


def _title(report: Report, lesson: str) -> str:
    for sheet in report.worksheets:
        if sheet.lesson == lesson:
            return sheet.title
    return next((b.title for b in report.quizzes if b.lesson == lesson), "")


def _lessons(report: Report) -> list[str]:
    return sorted({b.lesson for b in report.quizzes} | {w.lesson for w in report.worksheets})


def _who(handin: HandIn) -> Markup:
    extra = (
        html(' <span class="note">(on the platform: {})</span>', handin.platform_name)
        if handin.platform_name and handin.platform_name != handin.name
        else html("")
    )
    # <bdi>: a name in a right-to-left script never reorders the words around it
    return html("<bdi>{}</bdi>{}", handin.shown_name, extra)


# -- the rubric links ------------------------------------------------------------------------


def _guide_links(guide: str | None, seeds_dir: Path | None) -> dict[str, tuple[str, str]]:
    """Lesson → (address of its guide page's written-response section, the page's name)."""
    from ..data.loader import default_guide_dir, default_seeds_dir

    web = guide is not None and guide.startswith(("https://", "http://"))
    folder = Path(guide) if guide and not web else None
    if folder is None:
        folder = default_guide_dir(seeds_dir or default_seeds_dir())
    if folder is None or not folder.is_dir():
        return {}
    links = {}
    for guide_page in sorted(folder.glob("[0-9][0-9]-*.md")):
        if web and guide is not None:
            address = f"{guide.rstrip('/')}/{quote(guide_page.name)}#written-response"
        else:
            address = guide_page.resolve().as_uri() + "#written-response"
        links[guide_page.name[:2]] = (address, guide_page.name)
    return links


# -- the page -------------------------------------------------------------------------------


def page_html(
    report: Report,
    summary: ClassSummary,
    guide: str | None = None,
    seeds_dir: Path | None = None,
) -> str:
    """The class summary as one self-contained page: nothing runs, nothing is fetched."""
    sections = [
        html(
            "<h1>Borderlines — class summary</h1><p>Made {} from <strong>{}</strong>: "
            "{} students' hand-ins, course version {}. Every answer is judged again against "
            "the course's quiz banks; a hand-in is a record of learning (formative), not an "
            "exam record.</p>",
            when(summary.made),
            summary.source,
            len(summary.handins),
            _course_version(),
        ),
        html(
            '<nav><a href="#questions">Questions</a><a href="#before-after">Before and after</a>'
            '<a href="#items">Item statistics</a><a href="#students">Students</a>'
            '<a href="#responses">Written responses</a><a href="#exit-tickets">Exit tickets</a>'
            '<a href="#predictions">Predictions</a><a href="#readings">Readings</a>'
            '<a href="#files">Files</a></nav>'
        ),
        _alert(summary),
        _questions(report, summary),
        before_after_section(summary.checks),
        item_section(summary.items),
        _students(report, summary),
        _responses(report, summary, _guide_links(guide, seeds_dir)),
        exit_section(report, summary.handins),
        _predictions(report, summary),
        readings_section(summary.readings),
        _files(summary),
    ]
    return page("Borderlines — class summary", join(sections), style="summary")


def _course_version() -> str:
    return __version__


def _alert(summary: ClassSummary) -> Markup:
    problems = len(summary.refused) + len({n.file for n in summary.warnings})
    if not (problems or summary.replaced):
        return html("")
    return html(
        '<p class="alert">Not read: {}. Read with a warning: {}. Left out for a newer hand-in '
        'by the same student: {}. See <a href="#files">Files</a>. Read a file with a warning '
        "through this page: do not open it in a browser.</p>",
        count(len(summary.refused), "file"),
        count(len({n.file for n in summary.warnings}), "file"),
        count(len(summary.replaced), "file"),
    )


def _questions(report: Report, summary: ClassSummary) -> Markup:
    parts = [
        html(
            '<h2 id="questions" class="first">Questions</h2><p>Per question, of the students '
            "who answered it: right at the first try, right in the end (before the answer was "
            "shown), and the wrong answer most chosen, with what it suggests. First-try rates "
            "under 50% are shaded.</p>"
        )
    ]
    by_lesson: dict[str, list[QuestionSummary]] = {}
    for item in summary.questions:
        by_lesson.setdefault(item.lesson, []).append(item)
    for lesson, rows in by_lesson.items():
        parts.append(
            html(
                "<h3>Lesson {} — {}</h3><table><thead><tr><th>Question</th><th>Answered</th>"
                "<th>Right at the first try</th><th>Right in the end</th><th>Answer shown</th>"
                "<th>Most chosen wrong answer</th><th>What it suggests</th></tr></thead>"
                "<tbody>{}</tbody></table>",
                lesson,
                _title(report, lesson),
                join(_question_row(q) for q in rows),
            )
        )
    return join(parts)


def _question_row(item: QuestionSummary) -> Markup:
    low = item.answered and item.first_try * 2 < item.answered
    wrong = item.most_chosen_wrong
    words = join(
        (
            html("<p>{} <span class='note'>({})</span></p>", w.words, count(w.students, "student"))
            for w in wrong
        ),
    )
    meaning = join(
        html("<p>{}</p>", w.misconception or "(the bank has no feedback for this answer)")
        for w in wrong
    )
    stale = (
        html(
            "<p class='note'>{} to an older version of this question left out (the "
            "bank has changed since).</p>",
            count(item.stale, "answer"),
        )
        if item.stale
        else html("")
    )
    return html(
        "<tr><td><strong>{}</strong> {}{}</td><td class='n'>{}</td><td class='n{}'>{}</td>"
        "<td class='n'>{}</td><td class='n'>{}</td><td>{}</td><td>{}</td></tr>",
        item.question.id,
        item.question.prompt,
        stale,
        item.answered,
        " low" if low else "",
        _rate(item.first_try, item.answered) + _partly(item.partly),
        _rate(item.correct, item.answered),
        item.revealed,
        words or "—",
        meaning or "—",
    )


def _students(report: Report, summary: ClassSummary) -> Markup:
    replaced = {newer.key: older for older, newer in summary.replaced}
    warned = Counter(n.file for n in summary.warnings)
    rows = []
    for handin in summary.handins:
        notes = []
        if handin.key in replaced:
            notes.append(
                html("Also handed in an older file ({}), left out.", replaced[handin.key].file)
            )
        if warned[handin.file]:
            notes.append(html('Read with a warning: see <a href="#files">Files</a>.'))
        rows.append(
            html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                _who(handin),
                when(handin.created),
                handin.file,
                ", ".join(sorted(handin.lessons)) or "none",
                join(notes, html(" ")) or "",
            )
        )
    parts = [
        html(
            '<h2 id="students">Students</h2><table><thead><tr><th>Student</th>'
            "<th>Hand-in made</th><th>File</th><th>Lessons with work</th><th>Notes</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            join(rows),
        )
    ]
    for lesson in _lessons(report):
        working = [h for h in summary.handins if lesson in h.lessons]
        if not working:
            continue
        sheet = next((w for w in report.worksheets if w.lesson == lesson), None)
        asked = f" (asked: {sheet.task.words[0]}–{sheet.task.words[1]})" if sheet else ""
        lines = []
        for handin in summary.handins:
            if lesson not in handin.lessons:
                lines.append(
                    html("<tr><td>{}</td><td colspan='8'>nothing handed in</td></tr>", _who(handin))
                )
                continue
            done = student_lesson(report, handin, lesson)
            score = done.score
            stale = f" ({done.stale} to changed questions left out)" if done.stale else ""
            lines.append(
                html(
                    "<tr><td>{}</td><td class='n'>{} of {}{}</td><td class='n'>{}</td>"
                    "<td class='n'>{}</td><td class='n'>{}</td><td class='n'>{}</td>"
                    "<td class='n'>{}</td><td class='n'>{}</td><td class='n'>{}</td></tr>",
                    _who(handin),
                    score.answered,
                    score.total,
                    stale,
                    f"{score.first_try}{_partly(score.partly)}",
                    score.correct,
                    score.revealed,
                    done.predictions,
                    done.agree,
                    done.partly,
                    "—" if done.words is None else done.words,
                )
            )
        parts.append(
            html(
                "<h3>Lesson {} — {}</h3><table><thead><tr><th>Student</th><th>Quiz answered</th>"
                "<th>Right at the first try</th><th>Right in the end</th><th>Answers shown</th>"
                "<th>Predictions made</th><th>Agree with the course</th><th>Agree in part</th>"
                "<th>Written response "
                "(words{})</th></tr></thead><tbody>{}</tbody></table>",
                lesson,
                _title(report, lesson),
                asked,
                join(lines),
            )
        )
    return join(parts)


def _responses(report: Report, summary: ClassSummary, links: dict[str, tuple[str, str]]) -> Markup:
    parts = [
        html(
            '<h2 id="responses">Written responses</h2><p>Every written response, lesson by '
            "lesson, for marking: the task and what a good answer does first, then each "
            "student's text exactly as written. Ticked: the criteria the student ticked as "
            "met.</p>"
        )
    ]
    for sheet in report.worksheets:
        cards = []
        silent = []
        for handin in summary.handins:
            responses = responses_of(handin, sheet.lesson)
            if not any(str(r.get("text", "")).strip() for r in responses.values()):
                silent.append(html("<bdi>{}</bdi>", handin.shown_name))
                continue
            for _task, response in sorted(responses.items()):
                text = str(response.get("text", ""))
                ticked = response.get("checked")
                ticked_text = (
                    "; ".join(str(c) for c in ticked) if isinstance(ticked, list) and ticked else ""
                )
                cards.append(
                    html(
                        "<div class='card'><h4>{}</h4><p class='note'>{} words · started {} · "
                        "last saved {} · ticked: {}</p><div class='response'>{}</div></div>",
                        _who(handin),
                        word_count(text),
                        when(response.get("started")),
                        when(response.get("at")),
                        ticked_text or "nothing",
                        text,
                    )
                )
        if not cards:
            continue
        link = links.get(sheet.lesson)
        rubric = (
            html(
                '<p>Rubric and sample answers: <a href="{}">teacher guide, {}, Written '
                "response</a>.</p>",
                link[0],
                link[1],
            )
            if link
            else html(
                "<p>Rubric and sample answers: the teacher guide's page for lesson {}, "
                "section Written response.</p>",
                sheet.lesson,
            )
        )
        task = sheet.task
        parts.append(
            html(
                "<h3>Lesson {} — {}</h3><div class='task'><p><strong>Task.</strong> {}</p>"
                "<p><strong>Length asked:</strong> {}–{} words.</p><p><strong>What a good answer "
                "does:</strong></p><ul>{}</ul>{}</div>{}{}",
                sheet.lesson,
                sheet.title,
                task.prompt,
                task.words[0],
                task.words[1],
                join(html("<li>{}</li>", c) for c in task.criteria),
                rubric,
                join(cards),
                html("<p class='note'>No written response from: {}.</p>", join(silent, ", "))
                if silent
                else html(""),
            )
        )
    if len(parts) == 1:
        parts.append(html("<p>No written responses were handed in.</p>"))
    return join(parts)


def item_label(report: Report, activity: str, item: str) -> str:
    """An activity's item as a teacher reads it: a sentence, a label, a row, an event."""
    kind = kind_of(activity)
    try:
        if kind == "voices":
            return f"Sentence {item}: {report.sentence(int(item)).text}"
        if kind == "terms":
            return next(t.label for t in report.terms if t.id == item)
        if kind == "accounts" and report.accounts is not None:
            return report.accounts.row(item).heading
        if kind == "timeline":
            return report.event(item).label
        if kind == "charts":
            return next(f"View: {v.label}" for v in report.chart_views if v.id == item)
    except (UnknownName, ValueError, StopIteration, KeyError):
        pass
    return item


def _predictions(report: Report, summary: ClassSummary) -> Markup:
    parts = [
        html(
            '<h2 id="predictions">Predictions</h2><p>In the predict-then-reveal activities, '
            "students decide first and then see the course's reading. Per item: how many "
            "students chose each answer; ✔ marks the course's reading. A choice that agrees "
            "only in part (one of a sentence's two voices, the right speaker in another way "
            "of speaking, a date's precision without its earliest year) counts under "
            "<em>Agree in part</em>, never as agreement.</p>"
        )
    ]
    chosen = predictions_by_item(summary.handins)
    for (lesson, activity), per_item in sorted(chosen.items()):
        offered = choices(report, activity)
        order = {item: n for n, item in enumerate(items(report, activity))}
        rows = []
        for item in sorted(per_item, key=lambda i: (order.get(i, len(order)), i)):
            counts = per_item[item]
            course = reading(report, activity, item)
            listed = join(
                html(
                    "<li>{}{}: {}</li>",
                    "✔ " if key in course.keys else "",
                    offered.get(key, key),
                    counts[key],
                )
                for key in offered
                if counts[key] or key in course.keys
            )
            agree = sum(counts[k] for k in course.keys)
            partly = sum(
                n for key, n in counts.items() if match(report, activity, item, key).level == PARTLY
            )
            rows.append(
                html(
                    "<tr><td>{}</td><td>{}</td><td><ul>{}</ul></td><td class='n'>{}</td>"
                    "<td class='n'>{}</td></tr>",
                    item_label(report, activity, item),
                    course.words,
                    listed,
                    _rate(agree, sum(counts.values())),
                    _rate(partly, sum(counts.values())),
                )
            )
        parts.append(
            html(
                "<h3>Lesson {} — {} <span class='note'>({})</span></h3><table><thead><tr>"
                "<th>Item</th><th>The course's reading</th><th>Students' choices</th>"
                "<th>Agree with the course</th><th>Agree in part</th></tr></thead>"
                "<tbody>{}</tbody></table>",
                lesson,
                KINDS.get(kind_of(activity), activity),
                activity,
                join(rows),
            )
        )
    if not chosen:
        parts.append(html("<p>No predictions were handed in.</p>"))
    return join(parts)


def _files(summary: ClassSummary) -> Markup:
    def table(rows: Iterable[tuple[str, str]], heading: str) -> Markup:
        return html(
            "<table><thead><tr><th>File</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            heading,
            join(html("<tr><td>{}</td><td>{}</td></tr>", f, r) for f, r in rows),
        )

    parts = [html('<h2 id="files">Files</h2>')]
    read = len(summary.handins) + len(summary.replaced)
    parts.append(
        html(
            "<p>{} hand-ins read; {} files not read; {} system files (such as .DS_Store or "
            "__MACOSX) passed over.</p>",
            read,
            len(summary.refused),
            summary.ignored,
        )
    )
    if summary.refused:
        parts.append(html("<h3>Not read</h3>"))
        parts.append(table(((n.file, n.reason) for n in summary.refused), "Why"))
    if summary.replaced:
        parts.append(html("<h3>Left out: the same student handed in a newer file</h3>"))
        parts.append(
            table(
                (
                    (
                        older.file,
                        f"made {when(older.created)}; kept instead: {newer.file} "
                        f"(made {when(newer.created)}), by {newer.shown_name}",
                    )
                    for older, newer in summary.replaced
                ),
                "Why",
            )
        )
    if summary.warnings:
        parts.append(html("<h3>Read, with a warning</h3>"))
        parts.append(table(((n.file, n.reason) for n in summary.warnings), "Warning"))
    return join(parts)
