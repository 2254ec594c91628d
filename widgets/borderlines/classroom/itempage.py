"""The class summary's "Item statistics" section: each item's figures and flags, explained.

Every value reaches the page through :func:`borderlines._html.html` (escaped).
The figures come from :mod:`.itemstats`; this module only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._html import Markup, html, join
from ..data.english import count, plural
from .itemstats import FLAGS, MIN_STUDENTS, TOO_EASY, TOO_HARD, Group, ItemStatistics

__all__ = ["WRONG_SHOWN", "item_section", "signed"]

#: At most this many wrong answers are listed per item (the most chosen first).
WRONG_SHOWN = 6


def signed(value: float | None) -> str:
    """A correlation as the page shows it: ``+0.42``, ``−0.31`` (a true minus), ``—``."""
    if value is None:
        return "—"
    text = f"{value:+.2f}"
    return text.replace("-", "\u2212")


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole)}%)" if whole else "—"


def _group(group: Group | None) -> str:
    return _share(group.right, group.students) if group else "—"


def _explanation(title: str) -> Markup:
    flags = join(html("<dt>{}</dt><dd>{}</dd>", name, meaning) for name, meaning in FLAGS.values())
    return html(
        '<h2 id="items">Item statistics</h2>'
        "<p>How each {} worked as a question, from the students' first tries (the first "
        "answer checked before the answer was shown). A partly right first answer (a number "
        "without the report's qualifier) counts as not right: it is listed with the wrong "
        "answers, marked (partly right). A retelling is answered once, and is right when the verdict, and for "
        "a changed retelling the change, are the course's.</p><ul>"
        "<li><strong>Difficulty</strong>: the share right at the first try. Higher means "
        "easier.</li>"
        "<li><strong>Discrimination</strong> (r, from −1 to +1): whether the students who did "
        "well on the <em>other</em> items did better on this one. It is the correlation between "
        "being right here and the student's share right at the first try on every other item "
        "they answered; the item itself is left out of that share. +0.2 or more is usual for "
        "a sound item; near 0, the item does not tell stronger from weaker students; below 0, "
        "weaker students did better.</li>"
        "<li><strong>Strongest and weakest third</strong>: the same comparison in counts. "
        "The students are ranked by their share right on the other items; how many in the top "
        "third and in the bottom third were right here (students tied at the edge of a third "
        "are all in it).</li>"
        "<li><strong>Wrong answers</strong>: each wrong answer given at the first try, with how "
        "many students gave it and how many of them are in the strongest third. A wrong answer "
        "the strongest students choose is worth a look: it may be the real key.</li></ul>"
        "<p><strong>Flags.</strong></p><dl>{}</dl>"
        "<p class='note'>Read these figures with care. They come from one class: with 30 "
        "students a discrimination can be 0.2 away from what another class would give, by "
        "chance alone. No item gets a flag unless at least {} students answered it (a "
        "difficulty flag) or answered it and other items (a discrimination flag): with fewer, "
        "one student's answer moves a share by more than ten points. A flag says where to "
        "look, not that the item is wrong. The thresholds: too easy above {:.0%}, too hard "
        "below {:.0%} right at the first try; discriminating negatively below −1/√n, where n "
        "is the number of students compared (−0.18 for 30 students), about how far from 0 a "
        "correlation lands by chance.</p>",
        title,
        flags,
        MIN_STUDENTS,
        TOO_EASY,
        TOO_HARD,
    )


def _flag_names(item: ItemStatistics) -> str:
    return ", ".join(FLAGS[f][0] for f in item.flags)


def _overview(items: Sequence[ItemStatistics]) -> Markup:
    flagged = [i for i in items if i.flags]
    few = sum(1 for i in items if 0 < i.answered < MIN_STUDENTS)
    lines = (
        html(
            "<p>Flagged: {}.</p><ul>{}</ul>",
            count(len(flagged), "item"),
            join(
                html(
                    '<li><a href="#item-{}-{}">{} {}</a>: {}</li>',
                    i.item.lesson,
                    i.item.id,
                    i.item.kind.capitalize(),
                    i.item.id,
                    _flag_names(i),
                )
                for i in flagged
            ),
        )
        if flagged
        else html("<p>No item is flagged.</p>")
    )
    if few:
        lines = html(
            "{}<p class='note'>{} answered by fewer than {} students: no flag is given for {}.</p>",
            lines,
            f"{count(few, 'item')} {plural(few, 'is', 'are')}",
            MIN_STUDENTS,
            plural(few, "it", "them"),
        )
    return lines


def _wrong(item: ItemStatistics) -> Markup:
    shown = item.wrong[:WRONG_SHOWN]
    if not shown:
        return html("—")
    rows = join(
        html(
            "<li>{} — {}</li>",
            w.answer,
            (
                f"{w.students} ({w.strongest} in the strongest third)"
                if w.students and item.strongest
                else str(w.students)
                if w.students
                else "not chosen"
            ),
        )
        for w in shown
    )
    more = len(item.wrong) - len(shown)
    extra = html("<li class='note'>and {} more</li>", more) if more else html("")
    return html("<ul>{}{}</ul>", rows, extra)


def _row(item: ItemStatistics) -> Markup:
    flags = join(html("<p><strong>{}</strong></p>", FLAGS[f][0]) for f in item.flags)
    return html(
        "<tr id='item-{}-{}'{}><td><strong>{}</strong> {}</td><td class='n'>{}</td>"
        "<td class='n'>{}</td><td class='n'>{}</td><td class='n'>{}</td><td class='n'>{}</td>"
        "<td>{}</td><td>{}</td></tr>",
        item.item.lesson,
        item.item.id,
        html(" class='low'") if item.flags else html(""),
        item.item.id,
        item.item.prompt,
        item.answered,
        _share(item.right, item.answered),
        _group(item.strongest),
        _group(item.weakest),
        signed(item.discrimination),
        _wrong(item),
        flags or "—",
    )


def _table(section: str, rows: Sequence[ItemStatistics]) -> Markup:
    if not any(i.answered for i in rows):
        return html("<h3>{}</h3><p class='note'>No student has answered these yet.</p>", section)
    return html(
        "<h3>{}</h3><table><thead><tr><th>Item</th><th>Answered</th>"
        "<th>Difficulty: right at the first try</th><th>Strongest third right</th>"
        "<th>Weakest third right</th><th>Discrimination (r)</th>"
        "<th>Wrong answers at the first try</th><th>Flags</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        section,
        join(_row(i) for i in rows),
    )


def item_section(items: Sequence[ItemStatistics]) -> Markup:
    """The "Item statistics" section: what the figures and flags mean, then one table per
    lesson's quiz and per form of the retellings (each flagged row shaded)."""
    by_section: dict[str, list[ItemStatistics]] = {}
    for item in items:
        by_section.setdefault(item.item.section or f"Lesson {item.item.lesson}", []).append(item)
    kinds = list(dict.fromkeys(f"{i.item.kind}" for i in items)) or ["quiz question"]
    tables = join(_table(section, rows) for section, rows in by_section.items())
    return html("{}{}{}", _explanation(" and ".join(kinds)), _overview(items), tables)
