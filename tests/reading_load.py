"""How long a lesson's core path takes: its words counted, then turned into minutes.

Run it from the repository's top folder (the table the teacher guide prints):

    PYTHONPATH=widgets:tests python tests/reading_load.py            # every lesson
    PYTHONPATH=widgets:tests python tests/reading_load.py --detail   # and what each part adds

**The core path** is what a student reads who does every core part of a lesson and
nothing optional:

- the Markdown outside optional parts: a part (a heading and what follows it, up to the
  next heading of its level or above) whose heading says *(optional)* or *(extension)*, or
  starts *Discussion*, is optional, and one whose heading says *(own period …)* has a period
  of its own or is homework (lesson 07's culminating task): it is not in the lesson's minutes; so is the rest of a cell after a bold lead-in that says
  *(optional)*, and a fold (``<details>``) whose summary says *(optional)* or *(optional: why)*. A fold that
  checks the student's own work (*Check your …*) is on the core path: the lesson asks
  the student to open it. Key points count; code does not;
- the text the lesson's widgets show on that path, each distinct sentence once per
  widget (numbers aside, so "Question 3 of 8" is read once, not eight times): every
  sentence a reader steps through; every item of a decide-first activity, its question,
  its choices and the course's reading revealed after the check; every quiz question
  with its choices, then the verdict, the answer, why and the deciding sentences that a
  right first answer shows (where a lesson sets its last questions for home, only those it
  asks in class: :data:`CORE_QUIZ`); each choice of a browsing widget's own menu or buttons (a
  term explorer: the labels of the kind it opens on); the written response and the exit
  ticket as they first appear. The folded glossary is left out: a student opens it for
  a word they need. Widgets in optional parts are left out.

**The reading-support path** is the core path without the parts a lesson marks for a
reader who needs more time: a part whose heading ends with :data:`SUPPORT_SKIP`, and the
rest of a cell after a bold lead-in that says so.

**Minutes** are the words at a reading rate, plus what the student does besides reading
(:data:`ALLOWANCES`). The rates and where they come from:

- *150 words a minute*: a 15–17-year-old reading course text carefully, to learn from it.
  Hasbrouck and Tindal's oral reading fluency norms put the median grade 8 student at 151
  words correct per minute in spring (Hasbrouck, J. & Tindal, G. A., 2006, "Oral Reading
  Fluency Norms: A Valuable Assessment Tool for Reading Teachers", *The Reading Teacher*
  59(7), 636–644); Brysbaert's meta-analysis of 190 studies puts adults' silent reading of
  English non-fiction at 238 words a minute (most adults 175–300) and finds children
  slower (Brysbaert, M., 2019, "How many words do we read per minute? A review and
  meta-analysis of reading rate", *Journal of Memory and Language* 109, 104047). Study
  reading, with checks to compare and sentences to reread, sits at the low end: the
  course's teaching review (``../shared/reviews/teaching-2026-12.md``, section 3b) uses
  150 for careful reading and 180 for skimming, and the teacher guide has planned at
  150 since its first timings.
- *100 words a minute*: a reader who needs more time, such as a student reading English
  as an additional language at B1–B2. Brysbaert (2019) finds second-language readers of
  English slower than first-language readers; the teaching review uses 90–100 for an
  EAL reader. The model also gives this reader half as long again for each decision
  and for writing (the review's 0.8 minutes a quiz item against 0.5, and ×1.3–1.5 for
  the written response).

The model is a plan, not a measurement of a class: it leaves out talk, a teacher's
introduction and a slow computer. A lesson's page in the teacher guide says what to cut
first when a class discusses a lot.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LESSONS = REPO / "lessons"
STEMS = sorted(p.stem for p in LESSONS.glob("[0-9][0-9]-*.ipynb"))

#: Words a minute: a 15–17-year-old reading carefully; a reader who needs more time.
RATES = {"typical": 150, "slower": 100}
#: How much longer a reader who needs more time takes over each decision and the writing.
SLOWER_DOING = 1.5
#: Minutes for what a student does besides reading (the reading is counted in words):
ALLOWANCES = {
    "start_and_hand_in": 2.0,  # running the first cell; the My work cell at the end
    "quiz_question": 0.5,  # deciding on an answer (review: 0.5; EAL 0.8)
    "decide_first_item": 0.3,  # one choice in an activity (review: 0.3–0.6)
    "try_this": 1.0,  # a *Try this* or *Stop and think* on the core path: noting an answer
    "written_response": 8.0,  # writing it (guide: 8–10; review: 7–12)
    "exit_ticket": 2.0,  # two short answers
}
#: The words that mark a part a reader who needs more time may skip (the lessons say so).
SUPPORT_SKIP = "(reading support: may skip)"
#: Decide-first items a lesson asks on its core path where it asks fewer than its widget
#: offers (it names them in its prose, and says the others are there if there is time).
CORE_ITEMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("06", "timeline"): ("ceasefire-2020", "peacekeepers-deployed", "michel-statement"),
    ("05", "terms"): (
        "nagorno-karabakh",
        "the-breakaway-region",
        "military-political-leadership",
        "baku",
        "yerevan",
        "the-mountainous-territory",
        "karabakh",
        "separatist-war",
        "azerbaijani-territory",
    ),
}

#: Quiz questions a lesson asks in class where it sets the rest for home or the start of the
#: next lesson (its quiz cell says so): the first N, in the bank's order, which the quiz keeps.
CORE_QUIZ: dict[str, int] = {"01": 7, "02": 7}

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$", re.MULTILINE)
_OPTIONAL_HEADING = re.compile(
    r"\((?:optional|extension|own period)\b|^discussion\b", re.IGNORECASE
)
_OPTIONAL_FOLD = re.compile(r"\(optional\b", re.IGNORECASE)
_OPTIONAL_LEAD = re.compile(r"^\*\*[^*\n]*\(optional\)[^*\n]*\*\*", re.MULTILINE | re.IGNORECASE)
_SKIP_LEAD = re.compile(
    r"^\*\*[^*\n]*" + re.escape(SUPPORT_SKIP) + r"[^*\n]*\*\*", re.MULTILINE | re.IGNORECASE
)
_FOLD = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_TASK = re.compile(r"\*\*(?:Try this|Stop and think)\b[^*]*\*\*")
_PATH = re.compile(r"\S*[/\\]\S*")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words(text: str) -> int:
    """Words as a reader counts them ("Armenia's" and "44-day" are one word each; a path such
    as the work folder's, whatever folder it is, one word)."""
    return len(_WORD.findall(_PATH.sub("path", text)))


def markdown_words(text: str) -> int:
    """The words of Markdown as a reader sees them: no tags, no link targets."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return words(_TAG.sub(" ", text))


# -- the lesson's parts --------------------------------------------------------------------------


@dataclass
class Part:
    """One stretch of a lesson: Markdown or a code cell, and which paths it is on."""

    cell: int
    kind: str  # "markdown" | "fold" | "code"
    text: str
    core: bool
    support: bool  # on the reading-support path (always also on the core path)

    @property
    def words(self) -> int:
        return markdown_words(self.text) if self.kind != "code" else 0


def _split_leads(text: str) -> list[tuple[str, str]]:
    """A cell's text cut where a bold lead-in marks the rest optional or skippable:
    [(flag, text)], flag "" (as before), "optional" or "skip"."""
    cuts = sorted(
        [(m.start(), "optional") for m in _OPTIONAL_LEAD.finditer(text)]
        + [(m.start(), "skip") for m in _SKIP_LEAD.finditer(text)]
    )
    pieces, start, flag = [], 0, ""
    for at, kind in cuts:
        pieces.append((flag, text[start:at]))
        start, flag = at, kind
    pieces.append((flag, text[start:]))
    return [(f, t) for f, t in pieces if t.strip()]


def parts(cells: list[dict[str, Any]]) -> list[Part]:
    """Every stretch of a lesson, each marked as on the core path, the support path or neither."""
    found: list[Part] = []
    # the state of each heading level: optional, skipped on the support path
    levels: list[tuple[int, bool, bool]] = []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] != "markdown":
            optional = any(o for _, o, _ in levels)
            skipped = any(s for _, _, s in levels)
            found.append(Part(index, "code", source, not optional, not optional and not skipped))
            continue
        # a heading inside a cell starts a part that runs past the cell's end
        pieces: list[tuple[str, bool, bool]] = []
        position = 0
        for match in _HEADING.finditer(source):
            pieces.append((source[position : match.start()], *_state(levels)))
            level, title = len(match.group(1)), match.group(2)
            levels = [entry for entry in levels if entry[0] < level]
            levels.append(
                (
                    level,
                    bool(_OPTIONAL_HEADING.search(title)),
                    title.rstrip("* ").endswith(SUPPORT_SKIP.rstrip(")")) or SUPPORT_SKIP in title,
                )
            )
            position = match.start()
        pieces.append((source[position:], *_state(levels)))
        for text, optional, skipped in pieces:
            for flag, piece in _split_leads(text):
                piece_optional = optional or flag == "optional"
                piece_skipped = skipped or flag == "skip"
                found.extend(_folds(index, piece, piece_optional, piece_skipped))
    return found


def _state(levels: list[tuple[int, bool, bool]]) -> tuple[bool, bool]:
    return any(o for _, o, _ in levels), any(s for _, _, s in levels)


def _folds(index: int, text: str, optional: bool, skipped: bool) -> Iterator[Part]:
    """A stretch of Markdown with its folds apart: an optional fold is on no path."""
    position = 0
    for match in _FOLD.finditer(text):
        yield _markdown(index, "markdown", text[position : match.start()], optional, skipped)
        summary = match.group(1)
        fold_optional = optional or bool(_OPTIONAL_FOLD.search(summary))
        fold_skipped = skipped or SUPPORT_SKIP in summary.lower()
        yield _markdown(index, "fold", match.group(0), fold_optional, fold_skipped)
        position = match.end()
    yield _markdown(index, "markdown", text[position:], optional, skipped)


def _markdown(index: int, kind: str, text: str, optional: bool, skipped: bool) -> Part:
    return Part(index, kind, text, not optional, not optional and not skipped)


# -- what the widgets show -----------------------------------------------------------------------


def _visible_units(widget: Any) -> list[str]:
    """Every sentence a widget tree shows now (what is hidden left out)."""
    import ipywidgets as widgets
    from answer_first import units
    from widget_helpers import walk

    found: list[str] = []
    hidden: set[int] = set()
    for node in walk(widget):
        layout = getattr(node, "layout", None)
        if id(node) in hidden or (layout is not None and layout.display == "none"):
            hidden.update(id(child) for child in walk(node))
            continue
        if isinstance(node, widgets.HTML | widgets.HTMLMath | widgets.Label):
            found += units(re.sub(r"<style.*?</style>", " ", str(node.value), flags=re.DOTALL))
        if isinstance(node, widgets.Button | widgets.Checkbox | widgets.Dropdown):
            found += units(str(node.description or ""))
        if isinstance(node, widgets.Textarea | widgets.Text):
            found += units(str(node.description or ""))
        if hasattr(node, "_options_labels"):
            found += [u for label in node._options_labels for u in units(str(label))]
        if isinstance(node, widgets.Output):
            for output in node.outputs:
                data = output.get("data", {})
                figure = data.get("application/vnd.plotly.v1+json")
                if figure is not None:
                    layout_data = figure.get("layout", {})
                    title = layout_data.get("title") or {}
                    found += units(str(title.get("text", "") if isinstance(title, dict) else title))
                    for note in layout_data.get("annotations") or ():
                        found += units(str(note.get("text", "")))
                elif "text/html" in data:
                    found += units(str(data["text/html"]))
    return found


def _key(unit: str) -> str:
    """A sentence as it is read once: a marker (▶ ◆), a status in brackets ("(decide
    first)"), a step's number ("3 of 7:") and the numbers in it do not make it new."""
    key = re.sub(r"[▶◀◆✔✘◐]", " ", unit.casefold())
    key = re.sub(r"\([^()]*\)", " ", key)
    key = re.sub(r"\d+", "#", key)
    key = re.sub(r"^\s*# of #:", " ", key)
    key = re.sub(r"\s+([,.;:!?])", r"\1", key)
    return re.sub(r"\s+", " ", key).strip(" .")


@dataclass
class Seen:
    """The distinct sentences a widget has shown, and their words."""

    keys: set[str] = field(default_factory=set)
    words: int = 0

    def add(self, found: Iterable[str]) -> None:
        for unit in found:
            key = _key(unit)
            if key and key not in self.keys:
                self.keys.add(key)
                self.words += words(unit)


@dataclass
class WidgetLoad:
    """What one widget adds to a lesson's core path."""

    name: str
    words: int
    quiz_questions: int = 0
    decide_first_items: int = 0
    written_response: bool = False
    exit_ticket: bool = False


def _quiz_raw(lesson: str) -> dict[str, dict[str, Any]]:
    import yaml

    from borderlines.data.loader import default_seeds_dir

    bank = yaml.safe_load(
        (default_seeds_dir() / "quizzes" / f"{lesson}.yaml").read_text(encoding="utf-8")
    )
    return {q["id"]: q for q in bank["questions"]}


def _step(widget: Any, control: Any, seen: Seen) -> None:
    """Show each choice of ``control`` in turn, as a student stepping through it does."""
    start = control.value
    for option in list(control.options):
        value = option[1] if isinstance(option, tuple) else option
        control.value = value
        seen.add(_visible_units(widget))
    control.value = start


def widget_load(widget: Any, lesson: str) -> WidgetLoad | None:
    """The words a widget shows on the core path, walked as a student walks it."""
    import ipywidgets as widgets

    name = type(widget).__name__
    if name == "LessonGlossary" or not isinstance(widget, widgets.Widget):
        return None  # the folded glossary: opened for a word the student needs
    seen = Seen()
    seen.add(_visible_units(widget))
    load = WidgetLoad(name, 0)
    predictor = getattr(widget, "predictor", None)
    if predictor is not None:
        from test_answer_first import _attempt, _go_to, _next_item

        from borderlines.data.activities import kind_of

        core = CORE_ITEMS.get((lesson, kind_of(widget.activity_id)))
        while (item := _next_item(widget)) is not None:
            _go_to(widget, item)
            if core is None or item in core:
                seen.add(_visible_units(widget))
            _attempt(widget)
            if core is None or item in core:
                seen.add(_visible_units(widget))
                load.decide_first_items += 1
    elif name == "Quiz":
        from quiz_helpers import answer_from_data

        raw = _quiz_raw(widget.bank.lesson)
        asked = min(len(widget.questions), CORE_QUIZ.get(lesson, len(widget.questions)))
        for number in range(asked):
            widget.go(number)
            seen.add(_visible_units(widget))
            answer_from_data(widget, raw[widget.current.id], right=True)
            widget.check_answer()
            seen.add(_visible_units(widget))
        load.quiz_questions = asked
    elif name == "TermExplorer":
        start = next(t for t in widget.terms if t.id == widget.picker.value)
        widget.kind_filter.value = start.kind
        _step(widget, widget.picker, seen)
    elif name == "CasualtyCharts":
        _step(widget, widget.view, seen)
    elif hasattr(widget, "picker"):
        _step(widget, widget.picker, seen)
    load.written_response = name == "WrittenResponse"
    load.exit_ticket = name == "ExitTicket"
    load.words = seen.words
    return load


# -- a lesson --------------------------------------------------------------------------------


@dataclass
class LessonLoad:
    """A lesson's core path and reading-support path, in words and minutes."""

    stem: str
    stated: int  # the minutes the notebook states
    markdown: int  # core Markdown words, folds that check included
    folds: int  # of which in self-check folds
    optional: int  # Markdown words off the core path (optional parts and folds)
    skipped: int  # core Markdown words a reader who needs more time may skip
    tasks: int  # Try this and Stop and think prompts on the core path
    support_tasks: int  # of which on the reading-support path
    widgets: list[WidgetLoad]
    support_widgets: list[WidgetLoad]

    @property
    def widget_words(self) -> int:
        return sum(w.words for w in self.widgets)

    @property
    def core_words(self) -> int:
        return self.markdown + self.widget_words

    @property
    def support_words(self) -> int:
        return self.markdown - self.skipped + sum(w.words for w in self.support_widgets)

    def doing(self, which: list[WidgetLoad], tasks: int, factor: float = 1.0) -> float:
        """Minutes of what the student does besides reading, on a path."""
        allow = ALLOWANCES
        minutes = allow["start_and_hand_in"] + tasks * allow["try_this"] * factor
        for widget in which:
            minutes += factor * (
                widget.quiz_questions * allow["quiz_question"]
                + widget.decide_first_items * allow["decide_first_item"]
                + allow["written_response"] * widget.written_response
                + allow["exit_ticket"] * widget.exit_ticket
            )
        return minutes

    def minutes(self, reader: str = "typical", path: str = "core") -> float:
        """Minutes for a reader on a path: words at the reader's rate, plus the doing."""
        factor = 1.0 if reader == "typical" else SLOWER_DOING
        if path == "core":
            count, which, tasks = self.core_words, self.widgets, self.tasks
        else:
            count, which, tasks = self.support_words, self.support_widgets, self.support_tasks
        return count / RATES[reader] + self.doing(which, tasks, factor)


def _restart() -> None:
    from borderlines.classroom import store as store_module

    store_module._stores.clear()
    store_module._current_lesson.clear()
    store_module._pending_saves.clear()


def measure(stem: str, notebook: dict[str, Any] | None = None) -> LessonLoad:
    """A lesson's load, running its cells as a kernel would (in this process).

    The caller sets ``BORDERLINES_WORK_DIR`` to an empty folder: the walk answers
    the quiz and the activities, and saves that work as a student's would be.
    """
    from answer_first import run_cell

    if notebook is None:
        notebook = json.loads((LESSONS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    _restart()
    lesson = stem[:2]
    found = parts(notebook["cells"])
    namespace: dict[str, Any] = {}
    loads: list[WidgetLoad] = []
    support: list[WidgetLoad] = []
    for part in found:
        if part.kind != "code":
            continue
        widget = run_cell(part.text, namespace)
        if widget is None or not part.core:
            continue
        load = widget_load(widget, lesson)
        if load is not None:
            loads.append(load)
            if part.support:
                support.append(load)
    _restart()
    prose = [p for p in found if p.kind != "code"]
    return LessonLoad(
        stem=stem,
        stated=int(notebook["metadata"]["borderlines"]["minutes"]),
        markdown=sum(p.words for p in prose if p.core),
        folds=sum(p.words for p in prose if p.core and p.kind == "fold"),
        optional=sum(p.words for p in prose if not p.core),
        skipped=sum(p.words for p in prose if p.core and not p.support),
        tasks=sum(len(_TASK.findall(p.text)) for p in prose if p.core),
        support_tasks=sum(len(_TASK.findall(p.text)) for p in prose if p.support),
        widgets=loads,
        support_widgets=support,
    )


def table(loads: list[LessonLoad]) -> str:
    """The teacher guide's table: words and minutes per lesson, core and reading-support path."""
    lines = [
        "| Lesson | Stated | Core path: words | Minutes at 150 wpm | Minutes at 100 wpm "
        "| Reading-support path: words | Minutes at 100 wpm |",
        "|---|---|---|---|---|---|---|",
    ]
    for load in loads:
        lines.append(
            f"| {load.stem[:2]} | {load.stated} | {load.core_words:,} "
            f"| {round(load.minutes('typical'))} | {round(load.minutes('slower'))} "
            f"| {load.support_words:,} | {round(load.minutes('slower', 'support'))} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import os
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("stems", nargs="*", help="lessons (default: all)")
    parser.add_argument("--detail", action="store_true", help="what each part adds")
    args = parser.parse_args(argv)
    os.environ["BORDERLINES_WORK_DIR"] = tempfile.mkdtemp(prefix="reading-load-")
    os.environ.pop("SERVER_SOFTWARE", None)
    loads = [measure(s) for s in (args.stems or STEMS)]
    print(table(loads))
    if args.detail:
        for load in loads:
            print(
                f"\n{load.stem}: Markdown {load.markdown} (folds that check {load.folds}; "
                f"optional, off the path {load.optional}; may skip {load.skipped}); "
                f"Try this {load.tasks}; widgets {load.widget_words}"
            )
            for widget in load.widgets:
                print(
                    f"  {widget.name}: {widget.words} words"
                    + (f", {widget.quiz_questions} questions" if widget.quiz_questions else "")
                    + (f", {widget.decide_first_items} items" if widget.decide_first_items else "")
                )
            print(
                f"  minutes: typical {load.minutes():.1f} (reading {load.core_words / 150:.1f}); "
                f"slower {load.minutes('slower'):.1f}; support path, slower "
                f"{load.minutes('slower', 'support'):.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
