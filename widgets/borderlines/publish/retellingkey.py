"""The retellings in the answer key: both forms, each retelling with its reading, as Markdown.

Part of ``python -m borderlines answer-key`` (:mod:`.answerkey`, which puts the
anchor ``retellings-the-before-and-after-check`` before the section, as it does
for each lesson's). No UI library is imported.
"""

from __future__ import annotations

from .._markdown import md
from ..data.english import count
from ..data.model import Report
from ..data.retellings import FAITHFUL, FORMS, KINDS, Retelling, Retellings

__all__ = ["ANCHOR", "retellings_markdown"]

#: The anchor of the answer key's retellings section.
ANCHOR = "retellings-the-before-and-after-check"
_LEANS = {"armenia": "Armenia", "azerbaijan": "Azerbaijan", "neither": "neither side"}


def _words(spans: tuple[str, ...]) -> str:
    return "; ".join(f"“{md(span)}”" for span in spans)


def _sentences(ids: tuple[int, ...]) -> str:
    listed = ", ".join(str(sid) for sid in ids)
    return f"sentence {listed}" if len(ids) == 1 else f"sentences {listed}"


def _answer(retellings: Retellings, item: Retelling) -> str:
    if item.change is None:
        return "Faithful"
    return f"Changed: {md(retellings.change(item.change.kind).label)}"


def retellings_markdown(report: Report) -> list[str]:
    """The answer key's retellings section, as lines (empty when the seeds have none)."""
    retellings = report.retellings
    if retellings is None:
        return []
    lines = [
        "",
        "## Retellings: the before and after check",
        "",
        f"Lesson 0 gives form {retellings.before} as the *before* check and Lesson 7 form "
        f"{retellings.after} as the *after* check (`before:` in `seeds/retellings.yaml` swaps "
        "them). A retelling is right when the verdict, and for a changed retelling the change, "
        "are the course's; the sentence a student names is fed back, not scored. Students "
        "choose among the three changes a retelling offers, in an order of their own.",
        "",
        "### The changes a retelling can make",
        "",
        "| Change | Skill | What it means |",
        "|---|---|---|",
    ]
    for change in retellings.changes:
        skill = retellings.skill(change.skill).label
        lines.append(f"| {md(change.label)} | {md(skill)} | {md(change.means)} |")
    for form in FORMS:
        lines.extend(_form(report, retellings, form))
    return lines


def _form(report: Report, retellings: Retellings, form: str) -> list[str]:
    items = retellings.form(form)
    stage = "before, Lesson 0" if form == retellings.before else "after, Lesson 7"
    faithful = sum(r.verdict == FAITHFUL for r in items)
    lines = [
        "",
        f"### Form {form} ({stage})",
        "",
        f"{count(len(items), 'retelling')}, {faithful} of them faithful.",
        "",
        "| Retelling | Kind | Skill | Answer |",
        "|---|---|---|---|",
    ]
    for item in items:
        skill = retellings.skill(item.skill).label
        lines.append(
            f"| {md(item.id)} | {md(KINDS[item.kind])} | {md(skill)} | "
            f"{_answer(retellings, item)} |"
        )
    for item in items:
        lines.extend(_retelling(report, retellings, item))
    return lines


def _retelling(report: Report, retellings: Retellings, item: Retelling) -> list[str]:
    offered = "; ".join(md(retellings.change(c).label) for c in item.offer)
    lines = [
        "",
        f"#### {md(item.id)} · {md(KINDS[item.kind])} · {md(retellings.skill(item.skill).label)}",
        "",
        f"**Retelling.** {md(item.text)}",
        "",
        f"**Retells:** {_sentences(item.sentences)} · **Changes offered:** {offered}",
        "",
        f"**Answer:** {_answer(retellings, item)}",
    ]
    if item.change is not None:
        lines += [
            "",
            f"**Changed words:** {_words(item.change.words)} · **The report's words:** "
            f"{_words(item.change.report_words)} · **Favours:** {_LEANS[item.change.leans]}",
        ]
    lines += ["", f"**Why:** {md(item.why)}", "", "**Deciding sentences:**", ""]
    for number, sid in enumerate(item.deciding):
        if number:
            lines.append(">")
        lines.append(f"> **[{sid}]** {md(report.sentence(sid).text)}")
    return lines
