"""Terms: every label the report uses for places, parties, groups, wars and agreements."""

from __future__ import annotations

import ipywidgets as widgets

from .._html import html, join, mark
from ..classroom.session import connect_activity
from ..data.loader import term_pattern
from ..data.model import Report, Term
from ..data.vocab import TERM_KINDS
from ._checks import require_report
from ._predict import Predictor
from ._ui import plain

__all__ = ["ALL_KINDS", "TermExplorer"]

#: The ``TermExplorer.kind_filter`` value that shows every kind.
ALL_KINDS = "all"
_KINDS = tuple(TERM_KINDS)


def _kind_order(kind: str) -> int:
    return _KINDS.index(kind) if kind in _KINDS else len(_KINDS)


class TermExplorer(widgets.VBox):
    """Pick a label the report uses and see every sentence that uses it.

    For the picked label: what it refers to in this report, whether the
    course flags it as charged (with the course's note), and every sentence
    that uses it, the label marked, with who speaks in that sentence.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    label
        A label to start on, exactly as the report writes it (e.g.
        ``"the breakaway region"``); by default the first place name.

    Attributes
    ----------
    kind_filter : ipywidgets.Dropdown
        ``ALL_KINDS`` or one kind (place, party, group, war, agreement).
    picker : ipywidgets.Dropdown
        The picked term's id; each option reads "kind: label".
    detail : ipywidgets.HTML
        The picked term and the sentences that use it.

    Examples
    --------
    >>> TermExplorer(report)                                # doctest: +SKIP
    >>> TermExplorer(report, label="the breakaway region")  # doctest: +SKIP
    """

    def __init__(self, report: Report, label: str | None = None, *, predict: bool = False) -> None:
        report = require_report(report, "TermExplorer")
        terms = tuple(
            sorted(
                report.terms,
                key=lambda t: (_kind_order(t.kind), t.sentences[:1] or (0,), t.label),
            )
        )
        if not terms:
            raise ValueError("the report has no terms to explore")
        labels = [t.label for t in terms]
        if label is not None and label not in labels:
            raise ValueError(
                f"label {label!r} is not a label the report uses; choose one of: "
                + ", ".join(repr(x) for x in labels)
            )
        self.report = report
        self.terms: tuple[Term, ...] = terms
        kinds = sorted({t.kind for t in terms}, key=_kind_order)
        self.kind_filter = plain(
            widgets.Dropdown,
            options=[
                (f"All kinds ({len(terms)})", ALL_KINDS),
                *(
                    (f"{TERM_KINDS.get(k, k)} ({sum(t.kind == k for t in terms)})", k)
                    for k in kinds
                ),
            ],
            value=ALL_KINDS,
            description="Kind",
        )
        start = next(t for t in terms if t.label == label) if label is not None else terms[0]
        self.picker = plain(
            widgets.Dropdown, options=self._options(), value=start.id, description="Label"
        )
        self.detail = plain(widgets.HTML)
        self.add_class("bl-term-explorer")
        self._quiet = False
        self.kind_filter.observe(lambda _: self._refilter(), names="value")
        self.picker.observe(lambda _: self._refresh(), names="value")
        self.predictor: Predictor | None = None
        children: list[widgets.Widget] = [plain(widgets.HBox, [self.kind_filter, self.picker])]
        if predict:
            self.predictor = Predictor(
                report, "terms", item_name=lambda t: f"“{self._label_of(t)}”"
            )
            self.predictor.on_change(self._refresh)
            children.append(self.predictor)
            self.add_class("bl-predict-mode")
        super().__init__([*children, self.detail])
        if self.predictor is not None:
            connect_activity(self.predictor)
        self._refresh()

    # -- the activity mode ------------------------------------------------------------

    @property
    def activity_id(self) -> str:
        return "terms"

    @property
    def choices(self) -> dict[str, str]:
        """Term id → what the student chose (names / takes a view), for every label checked."""
        return dict(self.predictor.choices) if self.predictor else {}

    def _label_of(self, term_id: str) -> str:
        return next(t.label for t in self.terms if t.id == term_id)

    def _revealed(self, term: Term) -> bool:
        return self.predictor is None or self.predictor.revealed(term.id)

    # -- state -----------------------------------------------------------------

    @property
    def visible(self) -> tuple[Term, ...]:
        """The terms the kind filter lets through, grouped by kind."""
        kind = self.kind_filter.value
        return tuple(t for t in self.terms if kind == ALL_KINDS or t.kind == kind)

    @property
    def selected(self) -> Term:
        """The picked term."""
        return next(t for t in self.terms if t.id == self.picker.value)

    def select(self, label: str) -> None:
        """Pick a label, clearing the kind filter if it hides it."""
        term = next((t for t in self.terms if t.label == label), None)
        if term is None:
            raise ValueError(
                f"label {label!r} is not a label the report uses; choose one of: "
                + ", ".join(repr(t.label) for t in self.terms)
            )
        if term not in self.visible:
            self.kind_filter.value = ALL_KINDS
        self.picker.value = term.id

    def _options(self) -> list[tuple[str, str]]:
        return [(f"{t.kind}: {t.label}", t.id) for t in self.visible]

    def _refilter(self) -> None:
        current = self.picker.value
        options = self._options()
        ids = [value for _, value in options]
        self._quiet = True
        try:
            self.picker.options = options
            self.picker.value = current if current in ids else ids[0]
        finally:
            self._quiet = False
        self._refresh()

    def _refresh(self) -> None:
        if self._quiet:
            return
        if self.predictor is not None:
            self.predictor.show(self.selected.id)
        self.detail.value = self._detail_html()

    # -- views -----------------------------------------------------------------

    def _who(self, sentence_id: int) -> str:
        voices = self.report.voices_in(sentence_id)
        return "; ".join(v.tag for v in voices) or "no voice recorded"

    def _charged(self, term: Term) -> str:
        if not self._revealed(term):
            return "decide first, above: does this label only name, or take a view?"
        if term.charged:
            return "yes: the course asks you to notice the judgement this label carries."
        return "not flagged by the course."

    def _detail_html(self) -> str:
        term = self.selected
        pattern = term_pattern(term.label)
        items = []
        for sid in term.sentences:
            text = self.report.sentence(sid).text
            spans = [m.span() for m in pattern.finditer(text)]
            items.append(
                html(
                    '<li data-sentence="{}" style="list-style:none;margin:4px 0">'
                    '<p class="bl-sentence" style="margin:0"><strong>[{}]</strong> {}</p>'
                    "<small>Who speaks here: {}</small></li>",
                    sid,
                    sid,
                    mark(text, spans),
                    self._who(sid),
                )
            )
        count = len(term.sentences)
        return html(
            '<div class="bl-term-detail" aria-live="polite" style="{}">'
            "<h3>“{}” <small>({})</small></h3>"
            "<p><strong>What it refers to in this report:</strong> {}</p>"
            "<p><strong>Charged label:</strong> {}</p>{}"
            "<p><strong>Used in {} sentence{}:</strong> {}</p>"
            '<ol class="bl-term-sentences" style="padding-left:0">{}</ol></div>',
            "border-left:6px solid #000000;padding-left:8px"
            if term.charged and self._revealed(term)
            else "",
            term.label,
            term.kind,
            term.refers_to,
            self._charged(term),
            html("<p><em>{}</em></p>", term.note) if term.note and self._revealed(term) else "",
            count,
            "s" if count != 1 else "",
            ", ".join(str(s) for s in term.sentences),
            join(items),
        )

    def text_alternative(self) -> str:
        """The picked term and its sentences as plain text."""
        term = self.selected
        kind = self.kind_filter.value
        scope = "all kinds" if kind == ALL_KINDS else TERM_KINDS.get(kind, kind).lower()
        lines = [
            f"Term explorer ({scope}, {len(self.visible)} labels): “{term.label}”, {term.kind}.",
            f"What it refers to in this report: {term.refers_to}.",
            f"Charged label: {self._charged(term)}",
        ]
        if self.predictor is not None:
            lines.append(self.predictor.text_alternative())
        if term.note and self._revealed(term):
            lines.append(f"Note: {term.note}")
        for sid in term.sentences:
            lines.append(f"[{sid}] ({self._who(sid)}) {self.report.sentence(sid).text}")
        return "\n".join(lines)
