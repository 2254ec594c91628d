"""The retellings check on paper: one worksheet per form, and the teacher's key to both.

The student sheets carry each retelling with the report's sentences it retells
and boxes to tick (faithful or changed; which of three changes; which
sentence), in the order the seed file gives; nothing on them gives a reading
away. The teacher's key gives, per retelling, the answer, the changed words and
the report's words, the reading, and a tally grid per skill for marking.
Built with the course's one HTML builder: every value is escaped. No UI library
is imported.
"""

from __future__ import annotations

from .._html import Markup, html, join
from .._page import page
from ..data.model import Report
from ..data.retellings import FAITHFUL, FORMS, KINDS, Retelling, Retellings
from .paper import banner

__all__ = ["key_page", "sheet_name", "worksheet_page"]

_LEANS = {"armenia": "Armenia", "azerbaijan": "Azerbaijan", "neither": "neither side"}


def sheet_name(form: str) -> str:
    """The student sheet's file name in the pack, e.g. ``retellings-form-A.html``."""
    return f"retellings-form-{form}.html"


def _stage(retellings: Retellings, form: str) -> str:
    if form == retellings.before:
        return "Before the course (Lesson 0)"
    return "After the course (Lesson 7)"


def _sentence(report: Report, sid: int) -> Markup:
    sentence = report.sentence(sid)
    return html(
        "<div class='sentence'><span class='line'>line {}</span><span class='num'>[{}]</span>"
        "<span class='text'>{}</span></div>",
        sentence.line,
        sid,
        sentence.text,
    )


def _retelling(report: Report, retellings: Retellings, number: int, item: Retelling) -> Markup:
    changes = join(
        html("<span>☐ {}</span>", retellings.change(change).label) for change in item.offer
    )
    which = (
        html(
            " Which sentence shows it? {}",
            "  ".join(f"☐ [{sid}]" for sid in item.sentences),
        )
        if len(item.sentences) > 1
        else ""
    )
    return html(
        "<section class='keep'><h2 class='retelling'>{number}. {kind}</h2><div class='box'>{text}</div>"
        "{sentences}<p>☐ <strong>Faithful</strong>: it says what the report says. "
        "☐ <strong>Changed</strong>: it changes what the report says. If changed, which "
        "change?{which}</p><div class='items small'>{changes}</div></section>",
        number=number,
        kind=KINDS[item.kind].capitalize(),
        text=item.text,
        sentences=join(_sentence(report, sid) for sid in item.sentences),
        changes=changes,
        which=which,
    )


def worksheet_page(report: Report, retellings: Retellings, form: str) -> str:
    """One form of the retellings check, for students to fill in by hand."""
    items = retellings.form(form)
    body = html(
        "<h1>Does it say what the report says? Form {form}</h1>"
        "<p class='meta'>{stage} · about 8 minutes · {count} retellings</p>"
        "<div class='name-line'><span>Name</span><span>Date</span></div>"
        "<div class='question'>People meet the news as headlines, posts, alerts, chart "
        "captions, quote cards, summaries and friends' notes. Each retelling below retells the "
        "sentences of the report printed under it. Decide for each: faithful, or changed? If "
        "changed, tick which change it makes and, where there is more than one sentence, "
        "which sentence shows it.</div>"
        "<p class='small'>Work alone. Go with your first judgement: this check shows where "
        "you are, not a grade.</p>{items}",
        form=form,
        stage=_stage(retellings, form),
        count=len(items),
        items=join(_retelling(report, retellings, n, item) for n, item in enumerate(items, 1)),
    )
    return page(f"Retellings check, form {form}", body, style="pack")


def _answer(retellings: Retellings, item: Retelling) -> Markup:
    if item.change is None:
        return html("<strong>Faithful</strong>")
    change = item.change
    return html(
        "<strong>Changed</strong>: {label}<br><span class='small'>Changed words: {words} · the "
        "report's words: {report_words} (sentence {shown}) · favours: {leans}</span>",
        label=retellings.change(change.kind).label,
        words="; ".join(f"“{w}”" for w in change.words),
        report_words="; ".join(f"“{w}”" for w in change.report_words),
        shown=", ".join(map(str, change.shown_in)),
        leans=_LEANS[change.leans],
    )


def _key_form(retellings: Retellings, form: str, first: bool) -> Markup:
    items = retellings.form(form)
    rows = join(
        html(
            "<tr><td>{number}</td><td>{kind}</td><td>{skill}</td><td>{answer}<br>"
            "<span class='small'>{why}</span></td></tr>",
            number=n,
            kind=KINDS[item.kind],
            skill=retellings.skill(item.skill).label,
            answer=_answer(retellings, item),
            why=item.why,
        )
        for n, item in enumerate(items, 1)
    )
    tally = join(
        html(
            "<tr><td>{}</td><td>{}</td><td class='blank'></td></tr>",
            skill.label,
            ", ".join(str(n) for n, item in enumerate(items, 1) if item.skill == skill.id),
        )
        for skill in retellings.skills
    )
    faithful = sum(item.verdict == FAITHFUL for item in items)
    return html(
        "<section{attributes}><h2>Form {form}: {stage}</h2><p class='meta'>{count} retellings, "
        "{faithful} faithful. A retelling is right when the verdict, and for a changed one the "
        "change, are the course's; the sentence ticked is for discussion, not scored.</p>"
        "<table><thead><tr><th scope='col'>#</th><th scope='col'>Kind</th>"
        "<th scope='col'>Skill</th><th scope='col'>The course's reading</th></tr></thead>"
        "<tbody>{rows}</tbody></table><h3>Tally per skill (one sheet)</h3><table><thead><tr>"
        "<th scope='col'>Skill</th><th scope='col'>Retellings</th><th scope='col'>Right</th>"
        "</tr></thead><tbody>{tally}</tbody></table></section>",
        attributes="" if first else html(" class='break'"),
        form=form,
        stage=_stage(retellings, form),
        count=len(items),
        faithful=faithful,
        rows=rows,
        tally=tally,
    )


def key_page(report: Report, retellings: Retellings) -> str:
    """The teacher's key to both forms, with a tally grid per skill."""
    body = html(
        "<h1>Retellings check: the key to both forms</h1>{banner}<p class='meta'>Lesson 0 "
        "gives form {before}, Lesson 7 the other (<code>before:</code> in "
        "<code>seeds/retellings.yaml</code> swaps them). Compare each student's sheets skill "
        "by skill: with three retellings per skill in a form, read a change as a hint, not a "
        "measurement.</p>{forms}",
        banner=banner(),
        before=retellings.before,
        forms=join(_key_form(retellings, form, n == 0) for n, form in enumerate(FORMS)),
    )
    return page("Retellings check: the key (teacher copy)", body, style="pack")
