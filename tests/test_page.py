"""The one page shell: every page self-contained, its title escaped, nothing run unless asked."""

from __future__ import annotations

import json
import re

import pytest

from borderlines._html import html
from borderlines._page import STYLES, page

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_a_page_runs_nothing_and_loads_nothing():
    """The policy allows only the page's own styles: no script, no request, no form, no base."""
    shown = page("<b>a title</b>", html("<p>{}</p>", "<i>body</i>"), style="summary")
    (policy,) = POLICY.findall(shown)
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules == {
        "default-src": "'none'",
        "style-src": "'unsafe-inline'",
        "form-action": "'none'",
        "base-uri": "'none'",
    }
    assert "<title>&lt;b&gt;a title&lt;/b&gt;</title>" in shown
    assert "<p>&lt;i&gt;body&lt;/i&gt;</p>" in shown
    assert "<script" not in shown and "no-referrer" in shown


def test_only_a_page_with_its_own_scripts_lets_inline_scripts_run():
    """Scripts given to the shell run from one element each, and the policy lets only them run."""
    shown = page("charts", html("<div id='c'></div>"), style="pack", scripts=("let a = 1;", "a++;"))
    (policy,) = POLICY.findall(shown)
    assert "script-src 'unsafe-inline'" in policy
    assert shown.count("<script>") == 2 and "<script>let a = 1;</script>" in shown


def test_each_style_sheet_is_in_its_page():
    """Every kind of page carries its own style sheet from the package, as written."""
    sheets = {style: page("t", html(""), style=style).split("<style>")[1] for style in STYLES}
    assert len(set(sheets.values())) == len(STYLES)
    assert all("{" in sheet and "</style>" in sheet for sheet in sheets.values())
    with pytest.raises(ValueError, match="pack"):
        page("t", html(""), style="print")


def test_data_in_a_page_cannot_end_its_element():
    """JSON carried in the page keeps < > & as escapes, never run, and reads back unchanged."""
    value = {"text": "</script><script>alert(1)</script> & <b>"}
    shown = page("t", html(""), style="hand-in", data=("the-data", value))
    (body,) = re.findall(
        r'<script type="application/json" id="the-data">(.*?)</script>', shown, re.S
    )
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == value
