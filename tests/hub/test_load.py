"""A small class pressing the course link at once, as programs instead of browsers: every
start gets through (server, pull, kernel, every cell of lesson 03), each student has a
server and kernel of their own, and a start that cannot sign in is recorded as failed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from browser.jupyter_pages import expected_plots, expected_widgets

from .hub_server import REPO, course_upstream, running_hub
from .load import LESSON, Start, arrivals, lesson_cells, start_class, start_student

pytestmark = pytest.mark.hub

#: Small and quick: the thirty-student run is benchmarks/hub_load.py's.
LESSON_STUDENTS = 3
EMPTY_STUDENTS = 2
WITHIN = 6.0  # s over which they press the link


@pytest.fixture(scope="module")
def small_class(hub_requirements: str, tmp_path_factory: pytest.TempPathFactory):
    """Five students press the link within six seconds: three open lesson 03, two a new
    notebook; measured while all are connected; then one more tries a wrong password."""
    tmp = tmp_path_factory.mktemp("load")
    upstream = course_upstream(tmp)
    plan = arrivals(LESSON_STUDENTS, EMPTY_STUDENTS)
    names = [name for name, _ in plan] + ["latecomer"]
    with running_hub(tmp / "hub", names) as hub:
        from .classroom import course_link

        link = course_link(hub.url, upstream.as_uri())
        started = start_class(hub, link, plan, WITHIN)
        wrong = Start("latecomer", "lesson")
        start_student(hub.url, link, "latecomer", "not-the-password", ["1 + 1"], wrong,
                      threading.Event())  # fmt: skip
    return started, wrong


def test_every_start_gets_through(small_class):
    """No failed start: every student reaches a ready notebook with every cell run."""
    started, _ = small_class
    failed = [
        f"{s.name} at {s.step!r}: {s.error} {s.cell_errors}" for s in started.starts if not s.ok
    ]
    assert failed == []
    for start in started.starts:
        times = start.times
        assert 0 < times["server"] < times["pulled"] < times["kernel"] < times["ready"], start


def test_lesson_students_run_lesson_03_whole(small_class):
    """A lesson student's kernel ran every code cell of lesson 03, opened its widgets and
    sent its figures; an empty notebook's kernel ran one cell and opened none."""
    started, _ = small_class
    lesson = REPO / LESSON
    widgets = sum(expected_widgets(lesson).values())
    for start in started.starts:
        if start.kind == "lesson":
            assert start.cells == len(lesson_cells())
            assert start.widgets >= widgets > 0
            assert start.figures >= expected_plots(lesson) > 0
        else:
            assert (start.cells, start.widgets, start.figures) == (1, 0, 0)


def test_each_student_has_a_server_and_kernel_of_their_own(small_class):
    """Measured with everyone connected: one server per student, each with its own kernel,
    and the memory read from /proc."""
    started, _ = small_class
    assert set(started.footprints) == {s.name for s in started.starts}
    for name, footprint in started.footprints.items():
        assert footprint.server_mib > 50, name
        assert len(footprint.kernels_mib) >= 1 and min(footprint.kernels_mib) > 20, name
        assert footprint.cpu_s > 0, name


def test_a_start_that_cannot_sign_in_is_a_failure(small_class):
    """A wrong password is a failed start at the sign-in step, with the hub's answer."""
    _, wrong = small_class
    assert not wrong.ok
    assert wrong.step.startswith("sign in")
    assert "403" in wrong.error or "Forbidden" in wrong.error, wrong.error


def test_arrivals_take_turns():
    """The two kinds of student press the link in turns, every name once."""
    plan = arrivals(3, 2)
    assert [kind for _, kind in plan] == ["lesson", "empty", "lesson", "empty", "lesson"]
    assert len({name for name, _ in plan}) == 5
    assert Path(LESSON).name.startswith("03")
