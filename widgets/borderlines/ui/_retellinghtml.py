"""The retellings check's HTML: each retelling styled as its kind, the feedback, the results.

Every value is escaped (``_html.html``); colours are the Okabe–Ito palette and
greys, never a flag's. Nothing here decides anything: the widget
(:mod:`.retellings`) passes in what to show.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._html import Markup, html, join
from ..classroom.retellingwork import CheckState
from ..data.model import Report
from ..data.retellings import (
    CHANGED,
    FAITHFUL,
    KINDS,
    Answer,
    Judgement,
    Retelling,
    Retellings,
    SkillScore,
    skill_scores,
)
from ..data.retellings import VERDICT_LABELS as VERDICT_LABELS
from ._plot import OKABE_ITO
from ._sentences import numbers, sentence

__all__ = ["VERDICT_LABELS", "answer_words", "card", "feedback", "results", "the_report"]

_BOX = "border:1px solid #999999;border-radius:6px;padding:10px 14px;margin:4px 0;max-width:46em"


def _quote_parts(text: str) -> tuple[str, str]:
    """A quote card's quotation and its attribution (after the last " — ")."""
    quote, dash, who = text.rpartition(" — ")
    return (quote, who) if dash else (text, "")


def card(item: Retelling, number: int, total: int) -> Markup:
    """The retelling, styled as the kind of text people meet it as."""
    head = html(
        '<p style="margin:6px 0 2px"><strong>Retelling {} of {}</strong> · {}</p>',
        number,
        total,
        KINDS[item.kind],
    )
    text = item.text
    if item.kind == "headline":
        body = html(
            "<p style=\"margin:0;font:700 1.3em/1.3 Georgia,'Times New Roman',serif\">{}</p>", text
        )
    elif item.kind == "post":
        body = html(
            '<p style="margin:0 0 4px;color:#444444"><span aria-hidden="true" style="display:'
            "inline-block;width:1.2em;height:1.2em;border-radius:50%;background:#999999;"
            'vertical-align:middle"></span> <strong>A post</strong></p>'
            '<p style="margin:0;font-size:1.05em">{}</p>',
            text,
        )
    elif item.kind == "alert":
        body = html(
            '<p style="margin:0;border-left:6px solid {};padding-left:8px"><span style="'
            "background:#000000;color:#ffffff;font-weight:700;padding:1px 6px;border-radius:3px;"
            'margin-right:6px">NEWS ALERT</span>{}</p>',
            OKABE_ITO["orange"],
            text,
        )
    elif item.kind == "caption":
        body = html(
            '<div aria-hidden="true" style="height:2.6em;background:#eeeeee;color:#555555;'
            'text-align:center;line-height:2.6em;font-size:0.85em">(chart)</div>'
            '<p style="margin:6px 0 0;font-style:italic">{}</p>',
            text,
        )
    elif item.kind == "quote_card":
        quote, who = _quote_parts(text)
        body = html(
            "<p style=\"margin:0;font:italic 1.15em/1.45 Georgia,'Times New Roman',serif\">{}</p>"
            '<p style="margin:6px 0 0;text-align:right">{}</p>',
            quote,
            html("— {}", who) if who else "",
        )
    elif item.kind == "notes":
        body = html(
            '<p style="margin:0 0 2px;color:#444444"><strong>A classmate\'s notes</strong></p>'
            '<p style="margin:0;line-height:1.6em;background:repeating-linear-gradient('
            "#ffffff 0 1.5em,#d6e6f2 1.5em 1.6em);font-family:'Segoe Print','Bradley Hand',"
            'cursive">{}</p>',
            text,
        )
    else:  # a summary paragraph
        body = html('<p style="margin:0;line-height:1.5">{}</p>', text)
    return html(
        '{}<div class="bl-retelling-card bl-retelling-{}" style="{}">{}</div>',
        head,
        item.kind,
        _BOX,
        body,
    )


def the_report(report: Report, item: Retelling, *, marked: bool) -> Markup:
    """The sentences the retelling cites, numbered; after the reading, the changed words marked."""
    marks = item.change.report_words if (marked and item.change is not None) else ()
    return html(
        '<div class="bl-retelling-report"><p style="margin:6px 0 2px"><strong>What the report '
        "says</strong> ({}):</p>{}</div>",
        numbers(item.sentences),
        join(sentence(report, sid, marks) for sid in item.sentences),
    )


def answer_words(retellings: Retellings, answer: Answer) -> str:
    """An answer in the words the student chose."""
    if answer.verdict == FAITHFUL:
        return VERDICT_LABELS[FAITHFUL]
    label = retellings.change(answer.change).label if answer.change else "no change chosen"
    where = f" (sentence {answer.sentence})" if answer.sentence is not None else ""
    return f"{VERDICT_LABELS[CHANGED]} — {label}{where}"


def feedback(
    report: Report,
    retellings: Retellings,
    item: Retelling,
    answer: Answer,
    verdict: Judgement,
) -> Markup:
    """The course's reading beside the student's answer, with the sentences that decide it."""
    colour = OKABE_ITO["bluish green"] if verdict.right else OKABE_ITO["orange"]
    if item.change is None:
        course = VERDICT_LABELS[FAITHFUL]
    else:
        course = f"{VERDICT_LABELS[CHANGED]} — {retellings.change(item.change.kind).label}"
    lines = [
        html(
            "<p style='margin:2px 0'><strong>You chose:</strong> {}</p>",
            answer_words(retellings, answer),
        ),
        html("<p style='margin:2px 0'><strong>The course reads:</strong> {}</p>", course),
        html(
            "<p style='margin:2px 0'>{}</p>",
            "Your reading and the course's agree."
            if verdict.right
            else "Your reading differs from the course's: compare the sentences below.",
        ),
    ]
    chosen = answer.change if answer.verdict == CHANGED else None
    if chosen is not None and (item.change is None or chosen != item.change.kind):
        lines.append(
            html(
                "<p style='margin:2px 0'><strong>The change you chose</strong> ({}): {}</p>",
                retellings.change(chosen).label,
                retellings.change(chosen).means,
            )
        )
    if item.change is not None:
        lines.append(
            html(
                "<p style='margin:2px 0'><strong>The change here</strong> ({}): {}</p>",
                retellings.change(item.change.kind).label,
                retellings.change(item.change.kind).means,
            )
        )
    lines.append(html("<p style='margin:2px 0'><strong>Why:</strong> {}</p>", item.why))
    if verdict.sentence_right is not None and item.change is not None:
        lines.append(
            html(
                "<p style='margin:2px 0'>{}</p>",
                f"You pointed to sentence {answer.sentence}: it shows the change."
                if verdict.sentence_right
                else f"You pointed to sentence {answer.sentence}; the change shows in "
                f"{numbers(item.change.shown_in)}.",
            )
        )
    deciding = item.deciding
    label = "The deciding sentence" if len(deciding) == 1 else "The deciding sentences"
    marks = item.change.report_words if item.change is not None else ()
    lines.append(html("<p style='margin:6px 0 2px'><strong>{}:</strong></p>", label))
    lines.extend(sentence(report, sid, marks) for sid in deciding)
    return html(
        '<div class="bl-retelling-result" role="status" aria-live="polite" '
        'style="border-left:6px solid {};padding:2px 10px;margin:4px 0">{}</div>',
        colour,
        join(lines),
    )


def _share(right: int, answered: int, total: int) -> str:
    """Right of answered; when some were left unanswered, said apart (never counted wrong)."""
    if answered == 0:
        return "none answered"
    if answered < total:
        return f"{right} of {answered} answered ({total - answered} not answered)"
    return f"{right} of {total}"


def _score(score: SkillScore | None, taken: bool) -> str:
    if not taken or score is None:
        return "not taken"
    return _share(score.right, score.answered, score.total)


def results(retellings: Retellings, states: Mapping[str, CheckState]) -> Markup:
    """Per skill: right on the before check and on the after check, with how to read it."""
    before, after = states["before"], states["after"]
    scores = {
        stage: {s.skill: s for s in skill_scores(retellings, state.form, state.answers)}
        for stage, state in states.items()
    }
    rows = [
        html(
            "<tr><th scope='row' style='text-align:left'>{}</th><td>{}</td><td>{}</td></tr>",
            skill.label,
            _score(scores["before"].get(skill.id), bool(before.answers)),
            _score(scores["after"].get(skill.id), bool(after.answers)),
        )
        for skill in retellings.skills
    ]
    totals = {
        stage: _share(
            sum(s.right for s in scores[stage].values()),
            sum(s.answered for s in scores[stage].values()),
            state.total,
        )
        if state.answers
        else "not taken"
        for stage, state in states.items()
    }
    rows.append(
        html(
            "<tr><th scope='row' style='text-align:left'>All skills</th><td>{}</td><td>{}</td></tr>",
            totals["before"],
            totals["after"],
        )
    )
    return html(
        '<div class="bl-retelling-results"><table style="border-collapse:collapse;margin:6px 0">'
        "<caption style='text-align:left'><strong>Your results, skill by skill</strong>: "
        "retellings judged right (the verdict, and the change when there is one), of those "
        "answered</caption>"
        "<thead><tr><th scope='col' style='text-align:left'>Skill</th><th scope='col'>Before "
        "(lesson 0, form {})</th><th scope='col'>After (lesson 7, form {})</th></tr></thead>"
        "<tbody>{}</tbody></table>"
        "<p style='margin:2px 0;max-width:46em'>Each skill has only a few retellings in each "
        "form, so one retelling more or less changes a skill's score a lot: read a difference "
        "as a hint of what to practise, not as a measurement. The two forms are parallel, not "
        "identical.</p></div>",
        before.form,
        after.form,
        join(rows),
    )
