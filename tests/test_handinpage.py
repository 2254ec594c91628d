"""Is a hand-in's page the course's? (classroom/handinpage.py; the security review's row 10, M5):
a page with a script or a form around valid data is read, and named so the teacher does not open
it; the course's own page, or another version's, is not."""

from __future__ import annotations

import copy
import re

import pytest
from forging import genuine

from borderlines.classroom.handinpage import page_doubts
from borderlines.classroom.summary import summarise


@pytest.fixture(scope="module")
def bob(report):
    """Bob's genuine hand-in."""
    return genuine(report, "Bob", 3, text="Bob's essay.")


def test_the_courses_own_page_raises_no_doubt(report, bob):
    """The page the course writes for the data, and the same page after e-mail turned its line
    ends into Windows ones, are the course's."""
    payload, page = bob
    assert page_doubts(report, page, payload) == []
    assert page_doubts(report, page.replace("\n", "\r\n"), payload) == []


def test_a_page_with_a_script_and_a_password_form_is_named_and_not_to_be_opened(
    report, bob, tmp_path
):
    """Review row 10: the CSP removed, a script and a password form added, the data untouched:
    the file is read (its data is good) with a warning naming what is wrong."""
    _, page = bob
    hostile = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    hostile = hostile.replace(
        "<body>",
        "<body><script>alert('runs when the teacher opens it')</script>"
        "<form action='http://127.0.0.1:9/'>Session expired. Password: "
        "<input type=password></form>",
        1,
    )
    (tmp_path / "bob.html").write_text(hostile, encoding="utf-8")
    summary = summarise(report, tmp_path)
    assert [h.name for h in summary.handins] == ["Bob"]
    (warning,) = [n.reason for n in summary.warnings]
    for named in ("a script", "a password box", "a form", "not the course's security policy"):
        assert named in warning, warning
    assert "Do not open it in a browser" in warning


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda p: p.replace("</h1>", "</h1><img src=x>", 1), "an image"),
        (lambda p: p.replace("</h1>", "</h1><a href='http://x.test/'>more</a>", 1), "a link"),
        (lambda p: p.replace("<h1>", "<h1 onclick='steal()'>", 1), "event handlers"),
        (
            lambda p: p.replace("<head>", "<head><meta http-equiv='refresh' content='0;url=x'>"),
            "an automatic jump",
        ),
        (lambda p: p.replace("</h1>", "</h1><iframe src='x'></iframe>", 1), "a frame"),
        (lambda p: p.replace("default-src 'none'", "default-src *", 1), "security policy"),
    ],
    ids=["image", "link", "handler", "refresh", "iframe", "policy"],
)
def test_each_kind_of_foreign_content_is_named(report, bob, change, named):
    """An image, a link, an event handler, a redirect, a frame or a weaker policy is named."""
    payload, page = bob
    (doubt,) = page_doubts(report, change(page), payload)
    assert named in doubt


def test_text_changed_by_hand_in_the_same_version_is_noticed(report, bob):
    """The page's own words changed (a fake message), with nothing foreign added: the file's
    version is this course's, so the difference is named as a change by hand."""
    payload, page = bob
    changed = page.replace("Borderlines — work of", "Your session expired — log in again,", 1)
    (doubt,) = page_doubts(report, changed, payload)
    assert "differs from the one the course writes" in doubt


def test_another_versions_page_of_the_same_kind_raises_no_doubt(report, bob):
    """A hand-in made by another version of the course (other words, the same kind of page)
    is not doubted: only what no hand-in page holds is."""
    payload, page = bob
    older = copy.deepcopy(payload)
    older["course"] = "0.1.0"
    changed = page.replace("Borderlines — work of", "Borderlines: the work of", 1)
    assert page_doubts(report, changed, older) == []
