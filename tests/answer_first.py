"""Walk a lesson as a student meets it, and find any answer shown before its question.

The walk runs a lesson's code cells in order (as a kernel would) and collects,
cell by cell, every text the student can see: the Markdown (folded parts too:
they are one click away), and every widget's text (HTML, labels, buttons,
tooltips, menus, chart outputs and text alternatives). At each decide-first
activity it goes through the items in the order the widget offers them, and
before each attempt checks what is on screen by then against the answer the
item will judge.

The answers come from the seeds (``voices.yaml``, ``events.yaml``,
``accounts.yaml``, ``terms.yaml``, ``figures.yaml``), never from the code under
test; how an answer is *written* (the words that state "reported speech", "no
year", "takes a view" …) is this module's own list, written from the course's
rules, not copied from the widgets.

A text gives an item away when one sentence of it (a glossary entry counts as
one) names the item and states its answer in the course's words (the report's
own words, quoted, are what the student decides from, never the answer),
unless it lists the alternatives (a question lists them all), or when it
repeats a sentence of the reading the item reveals afterwards (a term's note,
a row's why, an event's note, a view's why).
"""

from __future__ import annotations

import ast
import datetime as _dt
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import yaml
from widget_helpers import walk

from borderlines.data.loader import default_seeds_dir

REPO = Path(__file__).resolve().parent.parent
LESSONS = REPO / "lessons"


def _seed(name: str) -> dict[str, Any]:
    return yaml.safe_load((default_seeds_dir() / name).read_text(encoding="utf-8"))


VOICES = _seed("voices.yaml")
EVENTS = _seed("events.yaml")["events"]
ACCOUNTS = _seed("accounts.yaml")
TERMS = _seed("terms.yaml")["terms"]
CHART_VIEWS = _seed("figures.yaml").get("chart_views", [])

# -- how an answer is written: this test's own words for each answer ---------------------------

#: Words that state a way of speaking.
MODE_WORDS = {
    "own_voice": [r"own voice", r"no source is named", r"names no source"],
    "reported_speech": [r"reported speech", r"in the reporter's words"],
    "direct_quotation": [r"direct quotation", r"exact words", r"quotation marks"],
    "attributed_position": [r"position the reporter attributes", r"attribut\w*", r"holds a view"],
}
#: Words that state how exact a date is.
PRECISION_WORDS = {
    "year": [r"year only", r"only a year", r"the year only", r"gives the year"],
    "month": [r"month and (a )?year", r"no day\b"],
    "day": [r"exact day", r"day, month and year"],
    "day_without_year": [r"no year", r"without a year", r"year not stated", r"day and month"],
    "unknown": [r"no (calendar )?date", r"not a date", r"no calendar"],
}
#: Words that state an earliest date (with the year itself, where the report does not write it).
EARLIEST_WORDS = [r"no earlier than", r"earliest"]
#: Words that state whether two accounts agree.
COMPARISON_WORDS = {
    "agree": [r"\bagree\w*", r"\bshare\b", r"\bboth (accounts )?report\b"],
    "differ": [r"\bdiffer\w*", r"\bdifferent\b"],
    "one_silent": [r"says nothing", r"\bsilent\b", r"names no one", r"not stated"],
}
#: The words a row is named by, besides its heading.
ROW_WORDS = {
    "where": [r"\bplaces?\b"],
    "how": [r"\bmeans\b", r"\bshelling\b.*\bdrones\b"],
    "who_struck": [r"who struck", r"who fired"],
    "casualties_reported": [r"\bcasualties\b"],
    "casualty_figures": [r"casualty figures", r"figures for (the )?(casualties|killed|wounded)"],
    "responsibility": [r"\bresponsib\w*"],
}
#: Words that state whether a label takes a view.
TERM_WORDS = {
    "takes_view": [
        r"\bcharged\b",
        r"takes? a view",
        r"\bloaded\b",
        r"as seen from",
        r"not neutral",
    ],
    "names": [r"only names?\b", r"just a name", r"\bneutral\b", r"takes no view"],
}
#: Words that state how a chart view could mislead, and the words that name each view.
MISREADING_WORDS = {
    "scales": [r"different scales?", r"never compare", r"cannot be compared", r"not with the"],
    "proportion": [r"proportion\w*", r"twice as tall", r"many times"],
    "counting": [r"\bcount\w*", r"\badd\w*", r"\btotal\b"],
    "none": [r"cannot mislead"],
}
VIEW_WORDS = {
    "panels": [r"separate panels", r"\bpanels?\b"],
    "log": [r"log scale", r"logarithmic"],
    "units": [r"one symbol per person", r"\bsymbols?\b"],
}


# -- text as units -------------------------------------------------------------------------------

_BLOCK = re.compile(r"<(?:/?(?:p|li|tr|td|th|dt|h\d|div|ul|ol|caption|summary|details)|br)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_MARKER = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+\.\s+|#+\s+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(\[*])")


def plain(text: str) -> str:
    """Text with Markdown emphasis and HTML tags gone and entities read."""
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = re.sub(r"[*_`|]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def units(text: str) -> list[str]:
    """The sentences of a text (Markdown or HTML), each a unit of meaning."""
    found = []
    for block in _BLOCK.split(text):
        for line in block.splitlines():
            line = plain(_MARKER.sub("", line)) if line.strip() else ""
            found += [s for s in _SENTENCE.split(line) if s.strip()]
    return found


def glossary_units(entry_html: str) -> list[str]:
    """A glossary's entries, each head word with its definition as one unit."""
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", entry_html, re.S)
    return [plain(f"{head}: {body}") for head, body in pairs]


def _has(patterns: Iterable[str], unit: str) -> str | None:
    for pattern in patterns:
        found = re.search(pattern, unit, re.IGNORECASE)
        if found:
            return found.group(0)
    return None


# -- the answers, from the seeds -----------------------------------------------------------------

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_NUMBERS = re.compile(r"\bsentences?\s+((?:\d+(?:\s*(?:,|and|–|-|to)\s*)?)+)", re.IGNORECASE)


def sentence_numbers(unit: str) -> set[int]:
    """The sentences a unit names: "sentence 8", "sentences 1–2 and 6–14", "[8]"."""
    found = {int(n) for n in re.findall(r"\[(\d+)\]", unit)}
    for listed in _NUMBERS.findall(unit):
        for part in re.split(r"\s*(?:,|and)\s*", listed):
            ends = [int(n) for n in re.findall(r"\d+", part)]
            if len(ends) == 2:
                found.update(range(ends[0], ends[1] + 1))
            else:
                found.update(ends)
    return found


@dataclass
class Answer:
    """What one item judges, as words: how to find the item named, and its answer stated."""

    names: Callable[[str], bool]
    states: list[str]
    alternatives: list[list[str]]  # the words of every other answer to the same question
    rights: int = 1  # how many of the question's answers are right (a sentence's voices)
    reveals: list[str] = field(default_factory=list)  # sentences the item shows only after

    def gives_away(self, unit: str) -> str | None:
        """The answer words in ``unit`` when it names the item and states its answer."""
        if not self.names(unit):
            return None
        # the report's own words, quoted, are what the student reads to decide: never the answer
        unit = _QUOTED.sub(" ", unit)
        stated = _has(self.states, unit)
        if stated is None:
            return None
        # a question names its answers side by side: the right one and the others with it
        listed = sum(_has(words, unit) is not None for words in self.alternatives)
        return (
            None if listed + self.rights >= min(3, len(self.alternatives) + self.rights) else stated
        )


def _named(patterns: list[str]) -> Callable[[str], bool]:
    return lambda unit: _has(patterns, unit) is not None


def _long_date(day: _dt.date) -> list[str]:
    return [f"{day.day} {day:%B} {day.year}", f"{day:%B} {day.day}, {day.year}"]


def answers(kind: str) -> dict[str, Answer]:
    """Item → its answer, for each item of an activity kind, from the seeds."""
    if kind == "voices":
        result = {}
        for sentence in range(1, 18):
            modes = {v["mode"] for v in VOICES["voices"] if sentence in v["sentences"]}
            result[str(sentence)] = Answer(
                names=lambda unit, n=sentence: n in sentence_numbers(unit),
                states=[w for m in modes for w in MODE_WORDS[m]],
                alternatives=[w for m, w in MODE_WORDS.items() if m not in modes],
                rights=len(modes),
            )
        return result
    if kind == "timeline":
        result = {}
        for event in EVENTS:
            words = event["date_text"]
            bare = re.sub(r"^(on|in|In|It has)\s+", "", words)
            states = list(PRECISION_WORDS[event["precision"]])
            earliest = event["earliest"]
            if earliest and str(earliest.year) not in words:  # a year the report does not write
                year = earliest.year
                states += [
                    rf"\b(in|since|after|from|earliest)\b[^.;]{{0,40}}?\b{year}\b",
                    rf"\b{year}\b at the earliest",
                    *EARLIEST_WORDS,
                    *_long_date(earliest),
                ]
            result[event["id"]] = Answer(
                names=_named([re.escape(words), rf"\b{re.escape(bare)}\b"]),
                states=states,
                alternatives=[w for p, w in PRECISION_WORDS.items() if p != event["precision"]],
                reveals=units(event.get("note") or ""),
            )
        return result
    if kind == "accounts":
        result = {}
        for row in ACCOUNTS["rows"]:
            if "comparison" not in row:
                continue
            heading = re.sub(r"\s*\(.*\)", "", row["heading"])
            # a one-word heading ("Where") names the row as a label, not as a word in a sentence
            named = [re.escape(heading) if len(heading.split()) > 1 else rf"^{heading}\s*[:—]"]
            result[row["key"]] = Answer(
                names=_named([*named, *ROW_WORDS.get(row["key"], [])]),
                states=COMPARISON_WORDS[row["comparison"]],
                alternatives=[w for c, w in COMPARISON_WORDS.items() if c != row["comparison"]],
                reveals=units(row["why"]["text"]),
            )
        return result
    if kind == "terms":
        result = {}
        for term in TERMS:
            label = re.sub(r"^the\s+", "", term["label"])
            longest = max(re.findall(r"[\w-]+", label), key=len)
            named = [rf"\b{re.escape(label)}\b"]
            if len(longest) >= 8:
                named.append(rf"\b{re.escape(longest)}\b")
            key = "takes_view" if term["charged"] else "names"
            result[term["id"]] = Answer(
                names=_named(named),
                states=TERM_WORDS[key],
                alternatives=[w for k, w in TERM_WORDS.items() if k != key],
                reveals=units(term.get("note") or ""),
            )
        return result
    if kind == "charts":
        return {
            view["id"]: Answer(
                names=_named(VIEW_WORDS[view["id"]]),
                states=MISREADING_WORDS[view["misreading"]],
                alternatives=[w for k, w in MISREADING_WORDS.items() if k != view["misreading"]],
                reveals=units(view["why"]),
            )
            for view in CHART_VIEWS
        }
    raise AssertionError(kind)


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass
class Finding:
    """One place where an answer is shown before its question."""

    lesson: str
    activity: str
    item: str
    shown: str
    answer: str

    def __str__(self) -> str:
        return (
            f"lesson {self.lesson}, {self.activity} item {self.item!r}: {self.answer!r} shown "
            f"before the attempt in: {self.shown[:160]!r}"
        )


def check(lesson: str, activity: str, item: str, answer: Answer, shown: list[str]) -> list[Finding]:
    """Every unit of ``shown`` that gives ``answer`` away."""
    found = []
    text = " " + " ".join(_normal(u) for u in shown) + " "
    for sentence in answer.reveals:
        words = _normal(sentence)
        if len(words.split()) >= 5 and f" {words} " in text:
            found.append(Finding(lesson, activity, item, sentence, "its reading, word for word"))
    for unit in shown:
        stated = answer.gives_away(unit)
        if stated is not None:
            found.append(Finding(lesson, activity, item, unit, stated))
    return found


# -- what a widget shows -------------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _strings(inner)


def widget_units(widget: Any, *, asking: Any = None) -> list[str]:
    """Every text a widget tree shows, as units; the options of ``asking``'s controls left out
    (they are the question's choices, the same for every item: a separate test holds that)."""
    if hasattr(widget, "_repr_html_") and not isinstance(widget, widgets.Widget):
        text = widget._repr_html_()
        return glossary_units(text) + [plain(s) for s in re.findall(r"<h3>(.*?)</h3>", text)]
    own = set()
    if asking is not None:
        for node in walk(asking):
            own.add(id(node))
    found: list[str] = []
    for node in walk(widget):
        if isinstance(node, widgets.HTML | widgets.HTMLMath | widgets.Label):
            found += units(node.value)
        for name in ("description", "tooltip"):
            found += units(str(getattr(node, name, "") or ""))
        if isinstance(node, widgets.ToggleButtons):
            found += [u for t in node.tooltips or () for u in units(t)]
        if hasattr(node, "_options_labels") and id(node) not in own:
            found += [u for label in node._options_labels for u in units(label)]
        if isinstance(node, widgets.Output):
            for output in node.outputs:
                for mime, value in output.get("data", {}).items():
                    if mime == "application/vnd.plotly.v1+json":
                        found += [u for s in _strings(value) for u in units(s)]
                    else:
                        found += units(value if isinstance(value, str) else json.dumps(value))
    alternative = getattr(widget, "text_alternative", None)
    if callable(alternative):
        found += units(alternative())
    return found


# -- running a lesson ----------------------------------------------------------------------------


def cells(stem: str) -> list[dict[str, Any]]:
    """A lesson notebook's cells."""
    notebook = json.loads((LESSONS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return list(notebook["cells"])


def run_cell(source: str, namespace: dict[str, Any]) -> Any:
    """Run a code cell; the value of its last expression, as a notebook would show it."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    body = tree.body[:-1] if last is not None else tree.body
    exec(compile(ast.Module(body=body, type_ignores=[]), "<cell>", "exec"), namespace)
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
