"""The course's controlled vocabularies, each value with the words a student sees.

Every enumerated field of the seeds (a voice's mode, a date's precision, a
figure's qualifier, a claim's kind …) is listed here once, with its label.
The loader checks seed values against these keys; the widgets, the answer
key, the hand-in and the handouts show these labels. Change a label here and
it changes everywhere.
"""

from __future__ import annotations

import re

__all__ = [
    "CHART_VIEWS",
    "CLAIM_KINDS",
    "FOCUSES",
    "MEASURES",
    "MISREADINGS",
    "MODES",
    "MODE_EXPLANATIONS",
    "PRECISIONS",
    "QUALIFIERS",
    "QUALIFIER_MEANINGS",
    "SIDES",
    "SIDE_ORDER",
    "TERM_KINDS",
    "UNITS",
]

#: How a voice speaks, with the label a student sees.
MODES: dict[str, str] = {
    "own_voice": "the reporter's own voice",
    "reported_speech": "reported speech",
    "direct_quotation": "direct quotation",
    "attributed_position": "a position the reporter attributes",
}

#: Each way of speaking, in one line a student can read.
MODE_EXPLANATIONS: dict[str, str] = {
    "own_voice": "the reporter states it and names no source.",
    "reported_speech": (
        "the reporter gives someone's claim in the reporter's own words, with a verb such as "
        '"said" or a phrase such as "According to".'
    ),
    "direct_quotation": "someone's exact words, inside quotation marks.",
    "attributed_position": "a view the reporter says someone holds, without giving their words.",
}

#: Who a speaker is, with the label a student sees.
SIDES: dict[str, str] = {
    "reporter": "the reporter",
    "armenia": "Armenia's government",
    "azerbaijan": "Azerbaijan's government",
    "mediator": "a mediator",
    "third_party": "someone else the report names",
}
#: The order sides are shown in: the two governments in the order the report
#: gives their accounts (Armenia's in sentence 3, Azerbaijan's in sentences 4–5).
SIDE_ORDER: tuple[str, ...] = ("armenia", "azerbaijan", "reporter", "mediator", "third_party")

#: How exact a date is, with the label a student sees (the words of Lesson 2's table).
PRECISIONS: dict[str, str] = {
    "year": "a year only",
    "month": "a month and year",
    "day": "a day, month and year",
    "day_without_year": "a day and month, with no year",
    "unknown": "no calendar date at all",
}

#: How a figure is qualified in the report's wording, with the label a student
#: sees. A figure without a qualifying word is not thereby accurate: the label
#: says only that the report adds no qualifier.
QUALIFIERS: dict[str, str] = {
    "exact": "plain figure (no qualifier)",
    "at_least": "more than (a lower bound)",
    "about": "about (an estimate)",
}
#: What each qualifier means, for feedback on a number that drops or changes it.
QUALIFIER_MEANINGS: dict[str, str] = {
    "exact": "The report gives the figure with no qualifying word. That does not make it "
    "checked: it is what the claimant says.",
    "at_least": '"over" and "more than" make the figure a lower bound: the real number is '
    "higher, and the report does not say by how much.",
    "about": '"about" makes the figure an estimate: the real number may be a little higher or '
    "lower.",
}

#: The views of the casualty charts, with the label a student sees.
CHART_VIEWS: dict[str, str] = {
    "panels": "Separate panels",
    "log": "Log scale",
    "units": "One symbol per person",
}

#: How a chart view could mislead a hasty reader: the choices of Lesson 3's decide-first
#: item, the same for every view (``seeds/figures.yaml`` gives each view's reading).
MISREADINGS: dict[str, str] = {
    "scales": "Bars in different panels look comparable, but they are drawn to different scales",
    "proportion": "A bar twice as tall looks like twice as many, but it stands for many times more",
    "counting": "The marks in different rows invite counting them all into one total",
    "none": "It cannot mislead: every figure is drawn to one scale, in proportion",
}

#: What a figure counts, with the label a student sees.
MEASURES: dict[str, str] = {
    "killed": "killed",
    "wounded": "wounded",
    "lives_lost": "lives lost",
    "troops_deployed": "troops deployed",
    "duration": "length of time",
    "wars_fought": "wars fought",
}
UNITS: tuple[str, ...] = ("people", "troops", "soldiers", "days", "weeks", "decades", "wars")

#: Each kind of claim, with what it means in the course.
CLAIM_KINDS: dict[str, str] = {
    "account": "account: what a government says happened on the day, including what it says "
    "the other side did",
    "accusation": "accusation: a charge that a party broke the ceasefire or another agreement",
    "responsibility": "responsibility: who someone says is responsible",
    "position": "position: a view someone holds",
    "condition": "condition: what someone says must happen first",
}

#: Each kind of label, with the name a student sees in a filter.
TERM_KINDS: dict[str, str] = {
    "place": "Places",
    "party": "Parties",
    "group": "Groups",
    "war": "Wars",
    "agreement": "Agreements",
}

#: Whose account a quiz question is about; each bank asks as many about
#: Armenia's as about Azerbaijan's.
FOCUSES: dict[str, str] = {
    "armenia": "Armenia",
    "azerbaijan": "Azerbaijan",
    "both": "both",
    "neither": "neither",
}


def implied_qualifier(value_text: str) -> str:
    """The qualifier a figure's wording implies: "over 6,500" → ``at_least``."""
    lowered = value_text.lower()
    words = re.findall(r"[a-z]+", lowered)
    if any(w in words for w in ("over", "more", "least", "above")):
        return "at_least"
    if any(w in words for w in ("about", "around", "some", "nearly", "approximately", "roughly")):
        return "about"
    return "exact"
