"""The course's content rules as one reusable function: ``rules(text, cited, where)``.

Every text the course shows goes through the same rules, whoever adds it: the
seeds' notes, the glossary, the worksheets, the quiz banks, and texts added
later (retellings, a new lesson's data, a teacher's annotations). To hold a new
text to them::

    from borderlines.checks.rules import ContentRules

    rules = ContentRules.for_report(report)          # reads seeds/wording.yaml once
    problems = rules(
        "A headline the course wrote",               # the text a student or teacher sees
        [3, 4],                                       # the sentences its entry cites
        ("retellings.yaml", "retelling r3", "headline"),  # file, entry, field
    )

``problems`` is empty when the text keeps every rule; otherwise each
:class:`~borderlines.data._seedio.Problem` names the file, the entry, the field
and the reason, as ``python -m borderlines check`` prints them. The rules:

- **Wording** (``seeds/wording.yaml``): outside knowledge, loaded words, the
  report's charged labels outside quotation marks (with the labels
  ``terms.yaml`` marks ``charged``), "Karabakh" alone, qualifiers changed
  ("at least 6,500", "6,500 or more"), and names the report does not use.
- **Quotes**: words in quotation marks are the report's, word for word, and
  come from a cited sentence (or, unless ``strict_cites``, one the text names).
- **Whose words**: words presented as a speaker's ("X's words", ``X said … "…"``,
  ``"…", said X``) come from a direct quotation of X or the reporter's own
  writing; words given "according to X" come from a sentence where X speaks.

This module imports no UI library.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..data._seedio import Problem, SeedsError
from ..data.model import Report
from .textscan import Context, Scan
from .wording import Wording, read_wording

__all__ = ["ContentRules", "Where"]

#: Where a text lives, for the problems' messages: (file, entry, field).
Where = tuple[str, str, str]


class ContentRules:
    """The content rules, ready to run on any text: call it with ``(text, cited, where)``.

    Parameters
    ----------
    report
        The dataset the texts are about; quotations are checked against it.
    wording
        The wording rules, from :func:`~borderlines.checks.wording.load_wording`.
    """

    def __init__(self, report: Report, wording: Wording) -> None:
        self.report = report
        self.wording = wording
        self.context = Context.build(report, wording)

    @classmethod
    def for_report(cls, report: Report, seeds_dir: str | Path | None = None) -> ContentRules:
        """The rules with ``wording.yaml`` from ``seeds_dir`` (by default the report's seeds).

        Raises
        ------
        SeedsError
            When ``wording.yaml`` is missing or a rule does not validate.
        """
        rules, problems = cls.read(report, seeds_dir)
        if rules is None:
            raise SeedsError(problems)
        return rules

    @classmethod
    def read(
        cls, report: Report, seeds_dir: str | Path | None = None
    ) -> tuple[ContentRules | None, list[Problem]]:
        """The rules, or ``None`` and the problems of ``wording.yaml``."""
        folder = seeds_dir if seeds_dir is not None else (report.seeds_dir or None)
        wording, problems = read_wording(folder)
        if problems:
            return None, problems
        return cls(report, wording), []

    def __call__(
        self,
        text: str,
        cited: Sequence[int] | None,
        where: Where,
        *,
        strict_cites: bool = False,
        whole_quote: bool = False,
        names: bool = True,
    ) -> list[Problem]:
        """Check one text; every problem names ``where``.

        Parameters
        ----------
        text
            The text a student or teacher sees (plain text, not Markdown).
        cited
            The sentences the text's entry cites: a quotation must come from one
            of them (or from one the text names, unless ``strict_cites``).
            ``None`` checks only that quotations are the report's words.
        where
            ``(file, entry, field)``, e.g. ``("glossary.yaml", "word drones",
            "definition")``.
        strict_cites
            Only ``cited`` counts (quiz items: the feedback shows those sentences).
        whole_quote
            The whole text is the report's words (a quoted option or statement).
        names
            Refuse names the report does not use (``outside_name`` rules).

        Returns
        -------
        list of Problem
            Empty when the text keeps every rule.
        """
        file, entry, field = where
        findings = self.findings(
            text, cited=cited, strict_cites=strict_cites, whole_quote=whole_quote, names=names
        )
        return list(dict.fromkeys(Problem(file, entry, field, reason) for _, reason in findings))

    def findings(
        self,
        text: str,
        *,
        cited: Sequence[int] | None = None,
        strict_cites: bool = True,
        markdown: bool = False,
        note: bool = False,
        whole_quote: bool = False,
        names: bool = False,
    ) -> list[tuple[int, str]]:
        """Every broken rule in ``text`` as ``(offset, reason)``, in text order."""
        scan = Scan(
            self.context,
            text,
            cited=cited,
            strict_cites=strict_cites,
            markdown=markdown,
            note=note,
            whole_quote=whole_quote,
            names=names,
        )
        return sorted(scan.findings, key=lambda f: f[0])
