"""Issue 28's "done when": a class summary over 30 genuine hand-ins and every hostile case of the
security review, from a folder and from a zip, is made in seconds, names each bad file with its
reason on the teacher's terminal and on the page, and runs no script in chromium."""

from __future__ import annotations

import copy
import json
import os
import struct
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from forging import MADE, forge, genuine
from helpers import run_cli
from needs import missing

from borderlines.classroom.classfiles import MAX_FILE_BYTES

GENUINE = 30
PWNED = "window.__pwned"


def _case(payload: dict[str, Any], change: Any, key: str) -> dict[str, Any]:
    forged = copy.deepcopy(payload)
    forged["student"]["key"] = key
    change(forged)
    return forged


def _response(p: dict[str, Any]) -> dict[str, Any]:
    return p["lessons"]["00"]["responses"]["00-written"]


def _record(p: dict[str, Any]) -> dict[str, Any]:
    return next(iter(p["lessons"]["03"]["quiz"].values()))


#: file → (how the payload is changed, what the teacher is told: "refused: …" or "warned: …")
FORGED: dict[str, tuple[Any, str]] = {
    "r1-response-at.html": (
        lambda p: _response(p).update(at="0001-01-01T00:00:00+23:59"),
        "warned: not possible (not a time)",
    ),
    "r2-created-max.html": (
        lambda p: p.update(created="9999-12-31T23:59:59-23:59"),
        "refused: is not a time",
    ),
    "r2-created-min.html": (
        lambda p: p.update(created="0001-01-01T00:00:00+23:59"),
        "refused: is not a time",
    ),
    "r2-started-max.html": (
        lambda p: _response(p).update(started="9999-12-31T23:59:59-12:00"),
        "warned: not possible",
    ),
    "r9-future.html": (lambda p: p.update(created="2099-01-01T00:00:00+00:00"), "warned: future"),
    "r12-lone-surrogate.html": (
        lambda p: p["student"].update(name="Ana \ud83d"),
        "refused: half of a character",
    ),
    "r19-rtl.html": (
        lambda p: p["student"].update(name="Carol\u202e)lirpA :mroftalp eht no("),
        "warned: direction-changing",
    ),
    "r26-heavy.html": (
        lambda p: _record(p).update(
            attempts=[
                {"answer": str(n), "correct": False, "at": MADE.format(0)} for n in range(20_000)
            ]
        ),
        "warned: more than the quiz records",
    ),
    "r29-nan.html": (
        lambda p: _record(p).update(attempts=[{"answer": float("nan"), "correct": True}]),
        "warned: not a possible answer",
    ),
    "r29-deep.html": (
        lambda p: _record(p).update(attempts=[{"answer": json.loads("[" * 900 + "]" * 900)}]),
        "warned: not a possible answer",
    ),
    "r30-unknown-lessons.html": (
        lambda p: p["lessons"].update(
            {
                "99": {"format": "borderlines-work", "version": 1, "lesson": "99"},
                "../../etc": {"format": "borderlines-work", "version": 1, "lesson": "../../etc"},
            }
        ),
        "warned: not a lesson of this course",
    ),
    "r30-version-2.html": (lambda p: p.update(version=2), "refused: hand-in version 2"),
    "r30-name-list.html": (lambda p: p["student"].update(name=["Ada"]), "refused: not text"),
    "r30-lessons-list.html": (lambda p: p.update(lessons=[]), "refused: lacks the student"),
    "r30-record-list.html": (
        lambda p: p["lessons"]["03"]["quiz"].update(x=[1, 2]),
        "refused: a quiz record is damaged",
    ),
    "r31-forged-right.html": (
        lambda p: [
            a.update(correct=True)
            for w in p["lessons"].values()
            for r in w["quiz"].values()
            for a in r["attempts"]
        ],
        "warned: counted as wrong",
    ),
    "r43-checked-numbers.html": (lambda p: _response(p).update(checked=[1, 2]), "read"),
}


def _crc_members(archive: zipfile.ZipFile, count: int) -> None:
    """Members whose stored checksum is wrong: each unpacks, then fails (review A12)."""
    for n in range(count):
        info = zipfile.ZipInfo(f"crc/m{n}.html")
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, b"\0" * (256 * 1024))
    # the checksums are patched in the finished file (see _break_crcs)


def _break_crcs(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        at = data.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 4] == b"crc/":
                data[at + offset : at + offset + 4] = struct.pack("<L", 0xDEADBEEF)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def hostile_class(report, tmp_path_factory) -> dict[str, Any]:
    """The class: 30 genuine hand-ins, then every hostile case, in a folder and in a zip."""
    root = tmp_path_factory.mktemp("hostile-class")
    folder = root / "class"
    folder.mkdir()
    expected: dict[str, str] = {}
    pages: dict[str, str] = {}
    for n in range(GENUINE):
        name = {
            3: "<script>window.__pwned='name'</script>",
            4: "<img src=x onerror=\"window.__pwned='img'\">",
            5: '=HYPERLINK("http://127.0.0.1:9/","x")',
            6: " =1+1",
            7: "Ada Lovelace",
            8: "\u0410da Lovelace",
            9: "Bob Jones",
        }.get(n, f"Student {n:02d}")
        text = (
            "</textarea></script><script>window.__pwned='resp'</script> <!-- <svg onload="
            "window.__pwned='svg'> {{7*7}} $(touch PWNED) evidence evidence"
            if n in (3, 4)
            else ""
        )
        payload, page = genuine(report, name, n, text=text)
        pages[name] = page
        file = f"{name[:20].replace('/', '-')}_{1000 + n}_assignsubmission_file_/hand-in.html"
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(page, encoding="utf-8")
        expected[file] = "warned: looks like another student's" if n in (7, 8) else "read"
        if n == 7:
            ada = payload, page, file
        if n == 9:
            bob = payload, page, file
    ada_payload, ada_page, ada_file = ada
    # r8: Zoe hands in Ada's file from her own account; r9: Mallory with Bob's key, dated 2099
    zoe = "Zoe Copier_1099_assignsubmission_file_/hand-in.html"
    (folder / zoe).parent.mkdir()
    (folder / zoe).write_text(ada_page, encoding="utf-8")
    expected[zoe] = "warned: the same hand-in (copied?)"
    expected[ada_file] = "warned: the same hand-in (copied?)"
    mallory = _case(ada_payload, lambda p: p.update(created="2099-01-01T00:00:00+00:00"), "x")
    mallory["student"] = dict(bob[0]["student"])
    mal_file = "Mallory_1098_assignsubmission_file_/hand-in.html"
    (folder / mal_file).parent.mkdir()
    (folder / mal_file).write_text(forge(ada_page, mallory), encoding="utf-8")
    expected[mal_file] = "warned: in the future"
    for number, (file, (change, outcome)) in enumerate(FORGED.items()):
        forged = _case(ada_payload, change, f"forged{number:010d}")
        (folder / file).write_bytes(forge(ada_page, forged).encode("utf-8", "surrogatepass"))
        expected[file] = outcome
    # r10: a page with a script and a password form around untouched data
    script_page = ada_page.replace(
        "<body>",
        f"<body><script>{PWNED}='page'</script><form action='http://127.0.0.1:9/'>Password: "
        "<input type=password></form>",
        1,
    )
    (folder / "r10-page.html").write_text(
        forge(script_page, _case(ada_payload, lambda p: None, "page0000000000")), encoding="utf-8"
    )
    expected["r10-page.html"] = "warned: a script, a password box"
    (folder / "r31-checksum.html").write_text(forge(ada_page, ada_payload, "0" * 64), "utf-8")
    expected["r31-checksum.html"] = "refused: checksum does not match"
    # r28, r39: a 50 MB file, a named pipe, a link to /dev/zero and to a classmate's file
    with open(folder / "r28-big.html", "wb") as big:
        big.truncate(50 * 1024 * 1024)
    expected["r28-big.html"] = "refused: more than a hand-in can be"
    os.mkfifo(folder / "r39-pipe.html")
    expected["r39-pipe.html"] = "refused: not a regular file"
    (folder / "r39-zero.html").symlink_to("/dev/zero")
    expected["r39-zero.html"] = "refused: a link"
    (folder / "r4-link.html").symlink_to(folder / ada_file)
    expected["r4-link.html"] = "refused: a link"
    # the zip: the same files (but links, pipes and the sparse file), and the zip's own cases
    archive_path = root / "submissions.zip"
    zip_expected = {f: o for f, o in expected.items() if not f.startswith(("r39", "r4-", "r28"))}
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in zip_expected:
            archive.write(folder / file, file)
        for name, reason in (
            ("../../evil.html", "refused: no Borderlines hand-in data"),
            ("/etc/cron.d/evil.html", "refused: no Borderlines hand-in data"),
            ("C:\\Windows\\evil.html", "refused: no Borderlines hand-in data"),
            ("evil\u009b2J\u202e.html", "refused: no Borderlines hand-in data"),
        ):
            archive.writestr(name, b"<html><body>not a hand-in</body></html>")
            zip_expected[name] = reason
        archive.writestr("nested.zip", b"PK\x03\x04" + b"\0" * 100)
        zip_expected["nested.zip"] = "refused: it is a zip file"
        link = zipfile.ZipInfo("symlink.html")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        zip_expected["symlink.html"] = "refused: no Borderlines hand-in data"
        archive.writestr("bomb.html", b"\0" * (MAX_FILE_BYTES * 3))
        zip_expected["bomb.html"] = "refused: more than a hand-in can be"
        _crc_members(archive, 4)
        for n in range(4):
            zip_expected[f"crc/m{n}.html"] = "refused: damaged in the zip"
    _break_crcs(archive_path)
    return {
        "folder": folder,
        "zip": archive_path,
        "expected": {"folder": expected, "zip": zip_expected},
        "out": root,
    }


def _shown(name: str) -> str:
    return "".join(
        "?" if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c == "\u202e") else c for c in name
    )


@pytest.mark.parametrize("source", ["folder", "zip"])
def test_the_summary_of_a_hostile_class_names_every_bad_file(hostile_class, source):
    """The command writes the summary (exit 0) in seconds; every genuine hand-in is read;
    every hostile file is named on the teacher's terminal with its reason; no traceback."""
    out = hostile_class["out"] / f"summary-{source}"
    started = time.perf_counter()
    result = run_cli("class-summary", str(hostile_class[source]), "-o", str(out))
    seconds = time.perf_counter() - started
    expected = hostile_class["expected"][source]
    print(f"\nclass summary of {len(expected)} files ({source}), command included: {seconds:.1f} s")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for file, outcome in expected.items():
        kind, _, reason = outcome.partition(": ")
        said = [line for line in lines if line.startswith(_shown(file) + ":")]
        if kind == "read":
            assert not [s for s in said if "not read" in s], said
            continue
        verb = "not read" if kind == "refused" else "read, but"
        assert any(verb in s and reason in s for s in said), (file, outcome, said)
    assert (out / "summary.html").is_file() and (out / "responses.csv").is_file()


@pytest.mark.browser
def test_no_script_of_a_hostile_class_runs_in_chromium(hostile_class, playwright_driver, tmp_path):
    """Both summaries open in chromium: no script runs, nothing but the page is requested, no
    dialog opens; the hostile names are on the page as text. A control page shows the
    detector works."""
    if not Path("/usr/bin/chromium").exists():
        missing("chromium is not at /usr/bin/chromium (apt-get install chromium)")
    from borderlines.publish.chromium import ARGS

    control = tmp_path / "control.html"
    control.write_text(f"<p>control</p><img src=x onerror=\"{PWNED}='control'\">", "utf-8")
    browser = playwright_driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    try:
        context = browser.new_context()
        asked: list[str] = []

        def guard(route: Any) -> None:
            asked.append(route.request.url)
            route.continue_() if route.request.url.startswith("file:") else route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(control.as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        assert page.evaluate(f"() => {PWNED}") == "control"
        for source in ("folder", "zip"):
            out = hostile_class["out"] / f"summary-{source}"
            if not (out / "summary.html").exists():
                run_cli("class-summary", str(hostile_class[source]), "-o", str(out))
            asked.clear()
            page.goto((out / "summary.html").as_uri(), wait_until="load")
            page.wait_for_timeout(300)
            assert page.evaluate(f"() => {PWNED} === undefined"), source
            assert asked == [(out / "summary.html").as_uri()], asked
            for selector in ("script", "img", "svg", "iframe", "form", "a[href^='javascript']"):
                assert page.locator(selector).count() == 0, (source, selector)
            body = page.inner_text("body")
            assert "<script>window.__pwned='name'</script>" in body
        assert dialogs == []
    finally:
        browser.close()
