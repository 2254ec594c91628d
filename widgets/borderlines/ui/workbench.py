"""Workbench: read any report sentence by sentence, with no answers behind it.

The student steps through the numbered sentences of the course's report or of a
report the teacher added (``second_report()``) and records, for each: whose
voice it is, every date with how exact it is, every figure with who gives it and
its qualifier, the labels that take a view, and the questions it leaves open.
Every word recorded must be the sentence's own. In a lesson (``start_lesson``)
each change is saved and comes back when the lesson runs again; the hand-in
carries it and the class summary sets the class's readings side by side.

On the course's report, *I have finished* keeps the reading as it is and only
then shows the course's annotations beside it, kind by kind, with how far they
agree. A teacher's report has no answers: finishing marks the reading done.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import ipywidgets as widgets

from .._html import html
from ..classroom.readingwork import reading_of, save_finished, save_reading
from ..classroom.store import current_lesson, current_store
from ..data import workbench
from ..data.model import Report
from ..data.teacherreports import ReportText, course_text
from ..data.vocab import PRECISIONS, QUALIFIERS
from ..data.workbench import (
    LIMITS,
    MAX_NAME,
    MAX_QUESTION,
    MAX_WORDS,
    WAYS,
    DateNote,
    FigureNote,
    SentenceReading,
    VoiceNote,
    compare,
    words_in,
)
from . import _workbenchhtml as show
from ._checks import require_report
from ._saving import save_note
from ._ui import plain

__all__ = ["Workbench"]

_NONE = ""
_WIDE = {"description_width": "initial"}


def _menu(
    label: str, choices: dict[str, str], css: str, prompt: str = "Choose…"
) -> widgets.Dropdown:
    return plain(
        widgets.Dropdown,
        options=[(prompt, _NONE), *((words, key) for key, words in choices.items())],
        value=_NONE,
        description=label,
        style=_WIDE,
        layout={"width": "auto"},
        _dom_classes=(css,),
    )


def _box(label: str, placeholder: str, css: str) -> widgets.Text:
    return plain(
        widgets.Text,
        value="",
        description=label,
        placeholder=placeholder,
        style=_WIDE,
        continuous_update=False,
        layout={"width": "auto"},
        _dom_classes=(css,),
    )


def _button(label: str, tooltip: str, css: str) -> widgets.Button:
    return plain(widgets.Button, description=label, tooltip=tooltip, _dom_classes=(css,))


def _row(*children: widgets.Widget) -> widgets.HBox:
    return plain(widgets.HBox, list(children), layout={"flex_flow": "row wrap"})


def _heading(text: str) -> widgets.HTML:
    return plain(widgets.HTML, html('<p style="margin:6px 0 0"><strong>{}</strong></p>', text))


class Workbench(widgets.VBox):
    """Read a report sentence by sentence and record your own reading of it.

    Parameters
    ----------
    report
        The course's data, from ``start_lesson()``.
    text
        A report your teacher added (``second_report()``); ``None`` (the default)
        reads the course's own report.

    Attributes
    ----------
    picker : ipywidgets.Dropdown
        The sentence being read.
    readings : dict
        Sentence number → :class:`~borderlines.data.workbench.SentenceReading`.
    finished : bool
        Whether the student has finished (on the course's report, the comparison is shown).
    message : ipywidgets.HTML
        What the last action did, or what it needs.
    """

    def __init__(self, report: Report, text: ReportText | None = None) -> None:
        report = require_report(report, "Workbench")
        if text is not None and not isinstance(text, ReportText):
            raise ValueError(
                "Workbench reads the course's report, or a report from second_report(): "
                f"not {text!r}"
            )
        self.report = report
        self.text = text if text is not None else course_text(report)
        self.readings: dict[int, SentenceReading] = {}
        self.finished = False
        self._asked = False
        self._lesson = current_lesson()
        numbers = [s.number for s in self.text.sentences]
        self.picker = plain(
            widgets.Dropdown,
            options=[(f"Sentence {n}", n) for n in numbers],
            value=numbers[0],
            description="Sentence",
            _dom_classes=("bl-wb-sentence",),
        )
        self.previous = _button(
            "◀ Previous", "Go to the sentence before this one", "bl-wb-previous"
        )
        self.next = _button("Next ▶", "Go to the sentence after this one", "bl-wb-next")
        self.current = plain(widgets.HTML)
        self.way = _menu("Whose voice? The way", WAYS, "bl-wb-way")
        self.speaker = _box("Speaker", "who speaks, as the sentence names them", "bl-wb-speaker")
        self.way2 = _menu("A second voice, if you hear one", WAYS, "bl-wb-way2", "No second voice")
        self.speaker2 = _box("Speaker", "who speaks", "bl-wb-speaker2")
        self.keep_voice = _button(
            "Keep the voice", "Keep whose voice this sentence is", "bl-wb-keep-voice"
        )
        self.date_words = _box("Date: the words", "copy them from the sentence", "bl-wb-date")
        self.precision = _menu("How exact", PRECISIONS, "bl-wb-precision")
        self.add_date = _button(
            "Add the date", "Record this date and how exact it is", "bl-wb-add-date"
        )
        self.figure_words = _box("Figure: the words", "copy them from the sentence", "bl-wb-figure")
        self.claimant = _box("Given by", "who gives the figure", "bl-wb-claimant")
        self.qualifier = _menu("Qualifier", QUALIFIERS, "bl-wb-qualifier")
        self.add_figure = _button(
            "Add the figure", "Record this figure, who gives it, and how", "bl-wb-add-figure"
        )
        self.label_words = _box(
            "Label that takes a view", "copy it from the sentence", "bl-wb-label"
        )
        self.add_label = _button("Add the label", "Record this label", "bl-wb-add-label")
        self.question = _box("Question it leaves open", "your question", "bl-wb-question")
        self.add_question = _button(
            "Add the question", "Record this question", "bl-wb-add-question"
        )
        self.remove_which = plain(
            widgets.Dropdown,
            options=[("Nothing to remove", _NONE)],
            description="Remove from this sentence",
            style=_WIDE,
            layout={"width": "auto"},
        )
        self.remove = _button(
            "Remove", "Remove the item chosen from this sentence's reading", "bl-wb-remove"
        )
        self.message = plain(widgets.HTML, _dom_classes=("bl-wb-message",))
        self.finish = plain(
            widgets.Button,
            description="I have finished",
            tooltip="Keep your reading as it is"
            + (" and see the course's reading beside it" if self.text.course else ""),
            _dom_classes=("bl-workbench-finish",),
        )
        self.result = plain(widgets.HTML, _dom_classes=("bl-wb-result",))
        self.overview = plain(widgets.HTML)
        self.add_class("bl-workbench")
        self._wire()
        super().__init__(
            [
                plain(widgets.HTML, show.about(self.text)),
                _row(self.previous, self.picker, self.next),
                self.current,
                _heading("Whose voice is it?"),
                _row(self.way, self.speaker),
                _row(self.way2, self.speaker2, self.keep_voice),
                _heading("Dates, figures and labels (in the sentence's own words)"),
                _row(self.date_words, self.precision, self.add_date),
                _row(self.figure_words, self.claimant, self.qualifier, self.add_figure),
                _row(self.label_words, self.add_label),
                _heading("What does it leave open?"),
                _row(self.question, self.add_question),
                _row(self.remove_which, self.remove),
                self.message,
                _row(self.finish),
                self.result,
                self.overview,
            ]
        )
        self._restore()
        self._show()

    # -- wiring -----------------------------------------------------------------------

    def _wire(self) -> None:
        actions: list[tuple[widgets.Button, Callable[[], None]]] = [
            (self.previous, lambda: self._step(-1)),
            (self.next, lambda: self._step(1)),
            (self.keep_voice, self.keep_the_voice),
            (self.add_date, self.record_date),
            (self.add_figure, self.record_figure),
            (self.add_label, self.record_label),
            (self.add_question, self.record_question),
            (self.remove, self.remove_item),
            (self.finish, self.mark_finished),
        ]
        for button, action in actions:
            button.on_click(lambda _, act=action: act())
        self.picker.observe(lambda _: self._show(), names="value")
        self.way.observe(lambda _: self._speaker_needed(), names="value")
        self.way2.observe(lambda _: self._speaker_needed(), names="value")

    def _restore(self) -> None:
        if self._lesson is None:
            return
        store = current_store()
        saved = store.lesson(self._lesson).activities.get(workbench.activity_id(self.text.key))
        if not saved:
            return
        work = reading_of(self.text.key, saved, self.text)
        self.readings, self.finished = work.readings, work.finished
        if work.problems:
            self._say(
                "Part of your saved reading could not be used: " + "; ".join(work.problems[:3])
            )

    # -- the current sentence ----------------------------------------------------------

    @property
    def number(self) -> int:
        """The number of the sentence being read."""
        return int(self.picker.value)

    @property
    def reading(self) -> SentenceReading:
        """The current sentence's reading so far."""
        return self.readings.get(self.number, SentenceReading())

    def _step(self, delta: int) -> None:
        last = len(self.text.sentences)
        self.picker.value = min(max(self.number + delta, 1), last)

    def _show(self) -> None:
        sentence = self.text.sentence(self.number)
        reading = self.reading
        self.previous.disabled = self.number == 1
        self.next.disabled = self.number == len(self.text.sentences)
        self.current.value = html(
            '<div class="bl-workbench-sentence" aria-live="polite"><h3 style="margin:4px 0">'
            "Sentence {} of {}</h3><p class='bl-sentence'><strong>[{}]</strong> {}</p>"
            "<p style='margin:2px 0'><strong>Your reading of it:</strong></p>{}</div>",
            sentence.number,
            len(self.text.sentences),
            sentence.number,
            sentence.text,
            show.reading_html(reading),
        )
        voices = [*reading.voices, VoiceNote(_NONE), VoiceNote(_NONE)]
        self.way.value, self.speaker.value = voices[0].way, voices[0].speaker
        self.way2.value, self.speaker2.value = voices[1].way, voices[1].speaker
        self._speaker_needed()
        items = self._items(reading)
        self.remove_which.options = (
            [("Choose an item to remove", _NONE), *items]
            if items
            else [("Nothing to remove", _NONE)]
        )
        self.remove_which.value = _NONE
        self.overview.value = show.sentence_list(self.text, self.readings, self.number)
        self._lock()

    def _items(self, reading: SentenceReading) -> list[tuple[str, str]]:
        found = []
        for kind in ("dates", "figures", "labels", "questions"):
            for index, _ in enumerate(getattr(reading, kind)):
                found.append((kind, index))
        lines = show.reading_lines(reading)[len(reading.voices) :]
        return [(line, f"{kind}:{index}") for line, (kind, index) in zip(lines, found, strict=True)]

    def _speaker_needed(self) -> None:
        self.speaker.disabled = self._locked or self.way.value in (_NONE, "own_voice")
        self.speaker2.disabled = self._locked or self.way2.value in (_NONE, "own_voice")

    @property
    def _locked(self) -> bool:
        """A finished reading of the course's report is kept as it was compared."""
        return self.finished and self.text.course

    def _lock(self) -> None:
        for control in (
            self.way, self.way2, self.keep_voice, self.date_words, self.precision,
            self.add_date, self.figure_words, self.claimant, self.qualifier, self.add_figure,
            self.label_words, self.add_label, self.question, self.add_question,
            self.remove_which, self.remove,
        ):  # fmt: skip
            control.disabled = self._locked
        self._speaker_needed()
        self.finish.disabled = self._locked
        if self.finished:
            self.result.value = self._finished_html()

    # -- recording ---------------------------------------------------------------------

    def _say(self, text: str, saved: bool = False) -> None:
        """Say ``text``; after a save, with what went wrong saving it, if anything did."""
        self.message.value = html(
            '<p role="status" aria-live="polite">{}</p>{}', text, save_note() if saved else ""
        )

    def _keep(self, reading: SentenceReading, done: str) -> None:
        self.readings[self.number] = reading
        if self._lesson is not None:
            save_reading(current_store(), self._lesson, self.text, self.number, reading)
        self._show()
        self._say(done, saved=True)

    def _sentence_words(self, box: widgets.Text, what: str) -> str | None:
        words = " ".join(str(box.value).split())
        if not words:
            self._say(f"Type the {what} as the sentence writes them first.")
            return None
        if len(words) > MAX_WORDS:
            self._say(f"That is too long for a {what}: copy only the words that give it.")
            return None
        if not words_in(words, self.text.sentence(self.number).text):
            self._say(
                f"Those words are not in sentence {self.number}: copy them as the sentence "
                "writes them."
            )
            return None
        return words

    def _full(self, kind: str) -> bool:
        if len(getattr(self.reading, kind)) >= LIMITS[kind]:
            self._say(f"A sentence holds at most {LIMITS[kind]} {kind}: remove one first.")
            return True
        return False

    def keep_the_voice(self) -> None:
        """Keep the voice (and the second voice) chosen for this sentence."""
        chosen = []
        for way, speaker in ((self.way, self.speaker), (self.way2, self.speaker2)):
            if way.value == _NONE:
                continue
            name = " ".join(str(speaker.value).split())[:MAX_NAME]
            if way.value != "own_voice" and not name:
                self._say("Type who speaks, as the sentence names them.")
                return
            chosen.append(VoiceNote(str(way.value), "" if way.value == "own_voice" else name))
        if not chosen:
            self._say("Choose the way first: whose voice is this sentence?")
            return
        reading = self.reading
        voices = tuple(dict.fromkeys(chosen))
        self._keep(
            dataclasses.replace(reading, voices=voices), f"Voice kept for sentence {self.number}."
        )

    def record_date(self) -> None:
        """Add the date typed, with how exact it is."""
        if self._full("dates"):
            return
        words = self._sentence_words(self.date_words, "date")
        if words is None:
            return
        if self.precision.value == _NONE:
            self._say("Choose how exact the date is.")
            return
        note = DateNote(words, str(self.precision.value))
        self.date_words.value, self.precision.value = "", _NONE
        dates = tuple(dict.fromkeys((*self.reading.dates, note)))
        self._keep(
            dataclasses.replace(self.reading, dates=dates), f"Date added to sentence {self.number}."
        )

    def record_figure(self) -> None:
        """Add the figure typed, who gives it, and its qualifier."""
        if self._full("figures"):
            return
        words = self._sentence_words(self.figure_words, "figure")
        if words is None:
            return
        claimant = " ".join(str(self.claimant.value).split())[:MAX_NAME]
        if not claimant:
            self._say("Type who gives the figure (the reporter, or a speaker).")
            return
        if self.qualifier.value == _NONE:
            self._say("Choose the figure's qualifier.")
            return
        note = FigureNote(words, claimant, str(self.qualifier.value))
        self.figure_words.value, self.claimant.value, self.qualifier.value = "", "", _NONE
        figures = tuple(dict.fromkeys((*self.reading.figures, note)))
        self._keep(
            dataclasses.replace(self.reading, figures=figures),
            f"Figure added to sentence {self.number}.",
        )

    def record_label(self) -> None:
        """Add the label typed as one that takes a view."""
        if self._full("labels"):
            return
        words = self._sentence_words(self.label_words, "label")
        if words is None:
            return
        self.label_words.value = ""
        labels = tuple(dict.fromkeys((*self.reading.labels, words)))
        self._keep(
            dataclasses.replace(self.reading, labels=labels),
            f"Label added to sentence {self.number}.",
        )

    def record_question(self) -> None:
        """Add the question typed."""
        if self._full("questions"):
            return
        text = " ".join(str(self.question.value).split())
        if not text:
            self._say("Type the question first.")
            return
        self.question.value = ""
        questions = tuple(dict.fromkeys((*self.reading.questions, text[:MAX_QUESTION])))
        self._keep(
            dataclasses.replace(self.reading, questions=questions),
            f"Question added to sentence {self.number}.",
        )

    def remove_item(self) -> None:
        """Remove the item chosen in the menu from this sentence's reading."""
        chosen = str(self.remove_which.value)
        if not chosen:
            self._say("Choose what to remove first.")
            return
        kind, index = chosen.split(":")
        items = list(getattr(self.reading, kind))
        del items[int(index)]
        self._keep(dataclasses.replace(self.reading, **{kind: tuple(items)}), "Removed.")

    def mark_finished(self) -> None:
        """Finish: on the course's report, keep the reading and show the course's beside it.

        On the course's report, with a sentence still without a voice, the first press
        only says so: the reading cannot change once the course's is shown.
        """
        if self._locked:
            return
        voiced = sum(1 for r in self.readings.values() if r.voices)
        total = len(self.text.sentences)
        if self.text.course and voiced < total and not self._asked:
            self._asked = True
            self._say(
                f"You have recorded whose voice it is for {voiced} of {total} sentences. Once "
                "you finish, your reading is kept as it is and the course's appears beside it. "
                "Press I have finished again to finish now."
            )
            return
        self.finished = True
        if self._lesson is not None:
            save_finished(current_store(), self._lesson, self.text)
        self._show()
        self._say(
            "Your reading is kept as it is: compare it with the course's below."
            if self.text.course
            else "Marked as finished. You can still change your reading.",
            saved=True,
        )

    def _finished_html(self) -> str:
        if not self.text.course:
            read = sum(1 for r in self.readings.values() if not r.empty)
            return html(
                "<p class='bl-workbench-done'>You have read {} of {} sentences. There is no "
                "answer key for a report your teacher adds: your teacher sets the class's "
                "readings side by side, and where readers differ is what the class discusses."
                "</p>",
                read,
                len(self.text.sentences),
            )
        questions = [q for r in self.readings.values() for q in r.questions]
        return show.comparison_html(compare(self.report, self.readings), questions)

    def text_alternative(self) -> str:
        """The current sentence and its reading as plain text."""
        sentence = self.text.sentence(self.number)
        lines = [f"Workbench: sentence {sentence.number} of {len(self.text.sentences)}."]
        lines.append(f"[{sentence.number}] {sentence.text}")
        lines.extend(show.reading_lines(self.reading) or ["Nothing recorded yet."])
        return "\n".join(lines)
