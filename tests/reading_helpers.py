"""Students reading a second report through the widgets, for the tests that need a class of them.

``PLANS`` says what each student records; :func:`read_as` enters it through the
workbench's and the side-by-side grid's controls, by the labels a student sees;
:func:`voice_tally` is the tests' own count of the voices entered for a sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from borderlines import TwoReports, Workbench
from borderlines.data.corroboration import POINTS, VERDICTS
from borderlines.data.vocab import MODES, PRECISIONS, QUALIFIERS

__all__ = ["PLANS", "choose", "read_as", "voice_tally"]


def choose(menu: Any, label: str) -> None:
    """Pick a dropdown entry by the words a student sees."""
    values = dict(menu.options)
    assert label in values, f"{label!r} is not offered: {list(values)}"
    menu.value = values[label]


#: What each student reads: sentence → (way, speaker) and the items they record.
PLANS: dict[str, dict[str, Any]] = {
    "Ana": {
        "voices": {
            2: ("reported_speech", "Officials in Yerevan"),
            6: ("reported_speech", "Հայաստանի պաշտպանության նախարարությունը"),
            7: ("reported_speech", "Министерство обороны Азербайджана"),
        },
        "dates": {1: [("on Saturday", "unknown")]},
        "figures": {
            2: [("four soldiers", "Officials in Yerevan", "exact")],
            9: [("About 2,000", "the reporter", "about")],
        },
        "labels": {1: ["border fighting"]},
        "questions": {8: ["Who could confirm the figures?"]},
        "grid": {"what": ("agree", 1, 1, "both: fighting"), "how_many": ("differ", 3, 2, "")},
    },
    "Bo <b>": {
        "voices": {
            2: ("reported_speech", "officials in yerevan"),
            6: ("reported_speech", "Հայաստանի պաշտպանության նախարարությունը"),
            7: ("own_voice", ""),
        },
        "dates": {1: [("on Saturday", "day_without_year")]},
        "figures": {
            2: [("four soldiers", "Yerevan officials", "exact")],
            9: [("About 2,000", "the reporter", "about")],
        },
        "labels": {},
        "questions": {8: ["<img src=x onerror=alert(2)> why?"]},
        "grid": {"what": ("agree", 1, 1, ""), "how_many": ("differ", 4, 2, "<b>4</b> vs 4")},
    },
    "Chloé": {
        "voices": {2: ("own_voice", "")},
        "dates": {1: [("Saturday", "unknown")]},
        "figures": {9: [("2,000", "the reporter", "exact")]},
        "labels": {1: ["Border fighting"]},
        "questions": {},
        "grid": {"what": ("differ", 2, 1, "")},
    },
}


def read_as(report, second, plan: dict) -> None:
    """One student's reading, entered through the workbench's and the grid's controls."""
    bench = Workbench(report, second)
    for number, (way, speaker) in plan["voices"].items():
        bench.picker.value = number
        choose(bench.way, MODES[way])
        bench.speaker.value = speaker
        bench.keep_the_voice()
    for number, dates in plan["dates"].items():
        bench.picker.value = number
        for words, precision in dates:
            bench.date_words.value = words
            choose(bench.precision, PRECISIONS[precision])
            bench.record_date()
    for number, figures in plan["figures"].items():
        bench.picker.value = number
        for words, claimant, qualifier in figures:
            bench.figure_words.value, bench.claimant.value = words, claimant
            choose(bench.qualifier, QUALIFIERS[qualifier])
            bench.record_figure()
    for number, labels in plan["labels"].items():
        bench.picker.value = number
        for words in labels:
            bench.label_words.value = words
            bench.record_label()
    for number, questions in plan["questions"].items():
        bench.picker.value = number
        for text in questions:
            bench.question.value = text
            bench.record_question()
    bench.mark_finished()
    grid = TwoReports(report, second)
    for point, (verdict, course, other, note) in plan["grid"].items():
        choose(grid.point, POINTS[point])
        choose(grid.verdict, VERDICTS[verdict])
        grid.course_sentence.value, grid.second_sentence.value, grid.note.value = (
            course,
            other,
            note,
        )
        grid.keep_cell()
        assert "kept.</p>" in grid.message.value and "Not saved" not in grid.message.value


def voice_tally(plans: Mapping[str, Mapping[str, Any]], number: int) -> Counter[str]:
    """How many students entered each voice for sentence ``number`` (names typed in the
    plans differ only by case, so case is all the tests fold)."""
    return Counter(
        f"{plan['voices'][number][0]}|{plan['voices'][number][1].casefold()}"
        for plan in plans.values()
        if number in plan["voices"]
    )
