"""The class summary's "Before and after" section: the retellings' two checks per skill.

Every value reaches the page through :func:`borderlines._html.html` (escaped).
The figures come from :mod:`.beforeafter`; this module only draws them, with
what they can and cannot show.
"""

from __future__ import annotations

from .._html import Markup, html, join
from ..data.english import count
from .beforeafter import BeforeAfter, SkillChange, StudentChecks, Tally

__all__ = ["before_after_section", "points"]


def _share(tally: Tally) -> str:
    if not tally.answered:
        return "—"
    return f"{tally.right} of {tally.answered} ({round(100 * tally.right / tally.answered)}%)"


def points(change: SkillChange) -> str:
    """The change in the class's share, in percentage points: ``+12``, ``−5`` (a true minus)."""
    before, after = change.before.share, change.after.share
    if before is None or after is None:
        return "—"
    value = round(100 * after) - round(100 * before)
    return f"{value:+d}".replace("-", "\u2212") if value else "0"


def _pair(before: Tally, after: Tally) -> str:
    def short(tally: Tally) -> str:
        return f"{tally.right}/{tally.answered}" if tally.answered else "—"

    return f"{short(before)} → {short(after)}"


_EXPLANATION = (
    '<h2 id="before-after">Before and after: the retellings check</h2>'
    "<p>Lesson 00 opens with a short check: students judge retellings of the report "
    "(headlines, posts, captions, a classmate's notes) against the sentences they retell, "
    "before any teaching. Lesson 07 closes with a parallel check on other retellings "
    "(the other form: the same skills, kinds and verdicts). A retelling counts as right when "
    "the verdict, and for a changed retelling the change, are the course's. The class's "
    "figures are over the {} students who did both checks; {}</p>"
    "<p class='note'><strong>How to read a change honestly.</strong> This is one class, "
    "with no comparison class that did not take the course: a rise may come from the "
    "lessons, but also from having done the check once before, from one form being easier "
    "than the other, or from what students learned elsewhere meanwhile, and these figures "
    "cannot tell them apart. Each skill has only {} retellings in a form, so one retelling "
    "moves a student's result for that skill by a large step: read a single student's "
    "before → after as a conversation starter, not a measurement, and the class's pattern "
    "across skills as more telling than any one figure. It is formative evidence, for "
    "deciding what to teach again, not for grading students or judging the course. To "
    "balance the two forms' difficulty, give the other form first to another class "
    "(<code>before: B</code> in <code>seeds/retellings.yaml</code>); the teacher guide's "
    "Collecting work page says more.</p>"
)


def _overview(checks: BeforeAfter) -> Markup:
    only = [s for s in checks.students if not s.both]
    others = (
        html(
            "{} did only one check: they are listed below and left out of the class's figures.",
            count(len(only), "student"),
        )
        if only
        else html("every student who did a check did both.")
    )
    return html(_EXPLANATION, checks.both, others, checks.per_skill)


def _skill_row(change: SkillChange, strong: bool = False) -> Markup:
    name = html("<strong>{}</strong>", change.skill.label) if strong else change.skill.label
    return html(
        "<tr><td>{}</td><td class='n'>{}</td><td class='n'>{}</td><td class='n'>{}</td>"
        "<td class='n'>{}</td><td class='n'>{}</td><td class='n'>{}</td></tr>",
        name,
        _share(change.before),
        _share(change.after),
        points(change),
        change.rose,
        change.same,
        change.fell,
    )


def _student_row(student: StudentChecks, skills: list[str]) -> Markup:
    cells = join(
        html("<td class='n'>{}</td>", _pair(student.before[s], student.after[s])) for s in skills
    )
    forms = f"{student.before_form or '—'} → {student.after_form or '—'}"
    note = "" if student.both else " (one check only)"
    return html(
        "<tr><td>{}{}</td><td class='n'>{}</td>{}<td class='n'>{}</td></tr>",
        student.name,
        note,
        forms,
        cells,
        _pair(student.total("before"), student.total("after")),
    )


def before_after_section(checks: BeforeAfter | None) -> Markup:
    """The "Before and after" section (nothing when the course has no retellings)."""
    if checks is None:
        return html("")
    if not checks.students:
        return html(
            '<h2 id="before-after">Before and after: the retellings check</h2>'
            "<p>No hand-in holds an answer to the retellings check yet.</p>"
        )
    skills = [c.skill.id for c in checks.skills]
    return html(
        "{}<table><thead><tr><th>Skill</th><th>Before (lesson 00)</th><th>After (lesson 07)"
        "</th><th>Change (points)</th><th>Students who rose</th><th>Stayed level</th>"
        "<th>Fell</th></tr></thead><tbody>{}{}</tbody></table>"
        "<h3>Each student, before → after</h3><p class='note'>Right of answered, per skill "
        "and for all skills; the forms the student took, before → after.</p>"
        "<table><thead><tr><th>Student</th><th>Forms</th>{}<th>All skills</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        _overview(checks),
        join(_skill_row(c) for c in checks.skills),
        _skill_row(checks.total, strong=True),
        join(html("<th>{}</th>", c.skill.label) for c in checks.skills),
        join(_student_row(s, skills) for s in checks.students),
    )
