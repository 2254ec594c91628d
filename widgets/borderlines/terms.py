"""Terms: every label the report uses for places, parties, groups, wars and agreements."""

from __future__ import annotations

import ipywidgets as widgets

from ._ui import esc, mark_html
from .report import TERM_KINDS, Report, Term, term_pattern

__all__ = ["ALL_KINDS", "KIND_NAMES", "TermExplorer"]

#: The ``TermExplorer.kind_filter`` value that shows every kind.
ALL_KINDS = "all"
#: Each kind of label, with the name a student sees in the kind filter.
KIND_NAMES: dict[str, str] = {
    "place": "Places",
    "party": "Parties",
    "group": "Groups",
    "war": "Wars",
    "agreement": "Agreements",
}


def _kind_order(kind: str) -> int:
    return TERM_KINDS.index(kind) if kind in TERM_KINDS else len(TERM_KINDS)


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

    def __init__(self, report: Report, label: str | None = None) -> None:
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
        self.kind_filter = widgets.Dropdown(
            options=[
                (f"All kinds ({len(terms)})", ALL_KINDS),
                *(
                    (f"{KIND_NAMES.get(k, k)} ({sum(t.kind == k for t in terms)})", k)
                    for k in kinds
                ),
            ],
            value=ALL_KINDS,
            description="Kind",
        )
        start = next(t for t in terms if t.label == label) if label is not None else terms[0]
        self.picker = widgets.Dropdown(options=self._options(), value=start.id, description="Label")
        self.detail = widgets.HTML()
        self.add_class("bl-term-explorer")
        self._quiet = False
        self.kind_filter.observe(lambda _: self._refilter(), names="value")
        self.picker.observe(lambda _: self._refresh(), names="value")
        super().__init__([widgets.HBox([self.kind_filter, self.picker]), self.detail])
        self._refresh()

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
            raise ValueError(f"label {label!r} is not a label the report uses")
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
        self.detail.value = self._detail_html()

    # -- views -----------------------------------------------------------------

    def _who(self, sentence_id: int) -> str:
        voices = self.report.voices_in(sentence_id)
        return "; ".join(f"{v.name} — {v.mode_label}" for v in voices) or "no voice recorded"

    def _charged(self, term: Term) -> str:
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
                f'<li data-sentence="{sid}" style="list-style:none;margin:4px 0">'
                f'<p class="bl-sentence" style="margin:0"><strong>[{sid}]</strong> '
                f"{mark_html(text, spans)}</p>"
                f"<small>Who speaks here: {esc(self._who(sid))}</small></li>"
            )
        count = len(term.sentences)
        numbers = ", ".join(str(s) for s in term.sentences)
        note = f"<p><em>{esc(term.note)}</em></p>" if term.note else ""
        border = "border-left:6px solid #000000;padding-left:8px" if term.charged else ""
        return (
            f'<div class="bl-term-detail" aria-live="polite" style="{border}">'
            f"<h4>“{esc(term.label)}” <small>({esc(term.kind)})</small></h4>"
            f"<p><strong>What it refers to in this report:</strong> {esc(term.refers_to)}</p>"
            f"<p><strong>Charged label:</strong> {esc(self._charged(term))}</p>{note}"
            f"<p><strong>Used in {count} sentence{'s' if count != 1 else ''}:</strong> "
            f"{esc(numbers)}</p>"
            f'<ol class="bl-term-sentences" style="padding-left:0">{"".join(items)}</ol></div>'
        )

    def text_alternative(self) -> str:
        """The picked term and its sentences as plain text."""
        term = self.selected
        kind = self.kind_filter.value
        scope = "all kinds" if kind == ALL_KINDS else KIND_NAMES.get(kind, kind).lower()
        lines = [
            f"Term explorer ({scope}, {len(self.visible)} labels): “{term.label}”, {term.kind}.",
            f"What it refers to in this report: {term.refers_to}.",
            f"Charged label: {self._charged(term)}",
        ]
        if term.note:
            lines.append(f"Note: {term.note}")
        for sid in term.sentences:
            lines.append(f"[{sid}] ({self._who(sid)}) {self.report.sentence(sid).text}")
        return "\n".join(lines)
