"""The snapshot of the validated dataset: used when every seed file is unchanged, never otherwise."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from helpers import run_cli

from borderlines import SeedsError
from borderlines.data import loader, snapshot
from borderlines.data.loader import default_seeds_dir, load_report

SEED_FILES = sorted(
    p.relative_to(default_seeds_dir()).as_posix()
    for p in default_seeds_dir().rglob("*")
    if p.is_file() and ".ipynb_checkpoints" not in p.parts
)
# the libraries a lesson's first cell must not pay for
HEAVY = (
    "yaml",
    "ipywidgets",
    "traitlets",
    "plotly",
    "IPython",
    "nbformat",
    "markupsafe",
    "mistune",
)


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test here has its own, empty snapshot folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BORDERLINES_CACHE_DIR", str(folder))
    monkeypatch.delenv("BORDERLINES_SNAPSHOT", raising=False)
    return folder


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The seeds folders validated in full while the test runs, in order."""
    calls: list[Path] = []
    original = loader._Loader.load

    def counting(self: Any) -> Any:
        calls.append(self.root)
        return original(self)

    monkeypatch.setattr(loader._Loader, "load", counting)
    return calls


def load(folder: Path) -> Any:
    """``load_report`` as a new kernel calls it: nothing kept from an earlier call."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_report(folder, reload=True)


def snapshots(cache: Path) -> list[Path]:
    folder = cache / "snapshots"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _same(a: Any, b: Any, where: str = "report") -> None:
    """Equal values of exactly the same types, every dataclass field included."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if dataclasses.is_dataclass(a):
        for item in dataclasses.fields(a):
            _same(getattr(a, item.name), getattr(b, item.name), f"{where}.{item.name}")
    elif isinstance(a, tuple):
        assert len(a) == len(b), where
        for number, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{number}]")
    else:
        assert a == b, where


# -- the course's own seeds ------------------------------------------------------------------


def test_the_snapshot_reproduces_the_validated_report(cache, validations, monkeypatch):
    """For the course's seeds, the report read from the snapshot equals (==) the validated one."""
    seeds = default_seeds_dir().resolve()
    monkeypatch.setenv("BORDERLINES_SNAPSHOT", "off")
    validated = load(seeds)
    assert snapshots(cache) == []
    monkeypatch.delenv("BORDERLINES_SNAPSHOT")
    load(seeds)  # validates again and writes the snapshot
    assert len(snapshots(cache)) == 1
    from_snapshot = load(seeds)
    assert validations == [seeds, seeds]
    assert snapshot.LAST_LOAD["source"] == "snapshot"
    assert from_snapshot is not validated
    assert from_snapshot == validated
    _same(from_snapshot, validated)
    assert isinstance(from_snapshot.events[0].earliest, _dt.date)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_unchanged_seeds_load_from_the_snapshot(seeds_copy, cache, validations):
    """The first load validates and writes a snapshot (in the cache folder, never beside the
    seeds); the next one reads it, validating nothing."""
    before = _tree(seeds_copy)
    first = load(seeds_copy)
    assert _tree(seeds_copy) == before
    assert validations == [seeds_copy]
    (written,) = snapshots(cache)
    assert snapshot.LAST_LOAD["source"] == "validated"
    assert snapshot.LAST_LOAD["snapshot"] == str(written)
    second = load(seeds_copy)
    assert validations == [seeds_copy]
    assert snapshot.LAST_LOAD["source"] == "snapshot"
    assert second == first
    assert second.seeds_dir == str(seeds_copy)


def test_a_copied_folder_is_validated_the_first_time(seeds_copy, tmp_path, cache, validations):
    """A copy of a folder that has a snapshot is still validated in full when first loaded."""
    load(seeds_copy)
    other = tmp_path / "other-seeds"
    shutil.copytree(seeds_copy, other)
    load(other)
    assert validations == [seeds_copy, other]


# -- a changed seed file is always validated -------------------------------------------------


@pytest.mark.parametrize("name", SEED_FILES)
def test_one_byte_changed_in_any_seed_file_means_full_validation(
    name, seeds_copy, cache, validations
):
    """Changing one byte of any file (same size, same modification time) validates again."""
    load(seeds_copy)
    path = seeds_copy / name
    data = bytearray(path.read_bytes())
    status = path.stat()
    middle = len(data) // 2
    position = next(i for i in range(middle, len(data)) if chr(data[i]).isalpha())
    data[position] ^= 0x20  # an ASCII letter's case
    path.write_bytes(bytes(data))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    # what the edit broke (if anything) is reported: the point is that it was checked
    with contextlib.suppress(SeedsError):
        load(seeds_copy)
    assert validations == [seeds_copy, seeds_copy]
    assert snapshot.LAST_LOAD["source"] == "validated"


def test_a_bad_edit_is_refused_although_a_snapshot_exists(seeds_copy, cache, validations):
    """A teacher's wrong edit after a snapshot is refused with its file, entry and field."""
    load(seeds_copy)
    figures = seeds_copy / "figures.yaml"
    good = figures.read_text(encoding="utf-8")
    assert "value: 4\n" in good
    figures.write_text(good.replace("value: 4\n", "value: 5\n", 1), encoding="utf-8")
    with pytest.raises(SeedsError) as caught:
        load(seeds_copy)
    assert [str(p) for p in caught.value.problems] == [
        "figures.yaml: figure armenia-troops-killed: value: is 5, but the report writes 'four'"
    ]
    assert len(snapshots(cache)) == 1  # nothing is written for seeds that do not validate
    figures.write_text(good, encoding="utf-8")  # undone: the snapshot of the good seeds again
    load(seeds_copy)
    assert validations == [seeds_copy, seeds_copy]
    assert snapshot.LAST_LOAD["source"] == "snapshot"


def test_a_new_file_in_the_seeds_folder_is_validated(seeds_copy, cache, validations):
    """A file added to the folder (a new quiz bank) is a change: it is read and checked."""
    load(seeds_copy)
    shutil.copy(seeds_copy / "quizzes" / "07.yaml", seeds_copy / "quizzes" / "08.yaml")
    with pytest.raises(SeedsError, match=r"quizzes/08\.yaml: \(bank\): lesson: is '07'"):
        load(seeds_copy)
    assert len(validations) == 2


def test_a_new_hidden_file_is_validated_too(seeds_copy, cache, validations):
    """A hidden quiz bank (quizzes/*.yaml matches it, so the loader reads it) is a change."""
    load(seeds_copy)
    shutil.copy(seeds_copy / "quizzes" / "07.yaml", seeds_copy / "quizzes" / ".draft.yaml")
    with pytest.raises(SeedsError, match=r"quizzes/\.draft\.yaml: \(bank\): lesson: is '07'"):
        load(seeds_copy)
    assert len(validations) == 2


def test_every_file_the_loader_reads_is_in_the_key(seeds_copy, monkeypatch):
    """Every file a full validation opens is one whose sha256 the snapshot's key holds."""
    opened: list[str] = []
    recording = [False]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if recording[0] and event == "open" and isinstance(args[0], (str, Path)):
            opened.append(os.path.realpath(args[0]))

    sys.addaudithook(hook)  # stays for the process; records only inside this test
    monkeypatch.setenv("BORDERLINES_SNAPSHOT", "off")
    recording[0] = True
    try:
        load(seeds_copy)
    finally:
        recording[0] = False
    code = (".py", ".pyc", ".so")
    read = {path for path in opened if not path.endswith(code)}
    root = str(seeds_copy.resolve())
    assert read, "the audit hook saw no file opened: this test would prove nothing"
    assert {p for p in read if not p.startswith(root + os.sep)} == set()
    key = snapshot.seeds_key(seeds_copy.resolve())
    assert key is not None
    assert {os.path.relpath(p, root).replace(os.sep, "/") for p in read} <= set(key["files"])
    assert "quizzes/03.yaml" in key["files"] and "glossary.yaml" in key["files"]


# -- a snapshot that cannot be trusted is ignored --------------------------------------------


def _rewrite_body(data: bytes, change: Any) -> bytes:
    """A snapshot whose body is changed by ``change`` and whose checksum is made to match."""
    head, _, body = data.partition(b"\n")
    payload = json.loads(body)
    change(payload)
    body = json.dumps(payload, ensure_ascii=False).encode()
    header = json.loads(head)
    header["body"] = hashlib.sha256(body).hexdigest()
    return json.dumps(header).encode() + b"\n" + body


def _flip_body_byte(data: bytes) -> bytes:
    at = data.index(b"\n") + len(data) // 3
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _figure(change: Any) -> Any:
    return lambda data: _rewrite_body(data, lambda payload: change(payload["figures"][0]))


CORRUPTIONS = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "binary-garbage": lambda data: bytes(range(256)) * 64,
    "header-only": lambda data: data.partition(b"\n")[0],
    "header-not-json": lambda data: b"{not json" + data[data.index(b"\n") :],
    "body-byte-changed": _flip_body_byte,
    # still valid JSON of the right shape: only the checksum tells
    "body-words-changed": lambda data: data.replace(b"four of its troops", b"five of its troops"),
    "value-of-another-type": _figure(lambda figure: figure.update(value="4")),
    "bool-for-a-number": _figure(lambda figure: figure.update(value=True)),
    "field-missing": _figure(lambda figure: figure.pop("unit")),
    "field-unknown": _figure(lambda figure: figure.update(colour="red")),
    "bad-date": lambda data: _rewrite_body(
        data, lambda payload: payload["events"][0].update(earliest="1991-13-45")
    ),
    "list-for-a-text": _figure(lambda figure: figure.update(claimant=["armenia"])),
}


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_a_corrupt_snapshot_means_full_validation(how, seeds_copy, cache, validations):
    """A truncated, corrupt or wrongly shaped snapshot is ignored, without a traceback or a warning,
    and a good one replaces it."""
    good = load(seeds_copy)
    (path,) = snapshots(cache)
    path.write_bytes(CORRUPTIONS[how](path.read_bytes()))
    again = load(seeds_copy)
    assert validations == [seeds_copy, seeds_copy]
    assert again == good
    assert snapshot.LAST_LOAD["source"] == "validated"
    load(seeds_copy)  # the good snapshot was written again
    assert len(validations) == 2


def test_a_seed_changed_while_it_is_validated_leaves_no_snapshot(
    seeds_copy, cache, validations, monkeypatch
):
    """A file edited between hashing and reading gives no snapshot that could later pass for
    the unedited files."""
    terms = seeds_copy / "terms.yaml"
    original = terms.read_text(encoding="utf-8")
    validate = loader._Loader.load

    def edited_meanwhile(self: Any) -> Any:
        terms.write_text(original.replace("refers_to: a mediator\n", "refers_to: an edit\n"))
        return validate(self)

    monkeypatch.setattr(loader._Loader, "load", edited_meanwhile)
    assert any(t.refers_to == "an edit" for t in load(seeds_copy).terms)
    assert snapshots(cache) == []
    monkeypatch.undo()
    terms.write_text(original, encoding="utf-8")
    assert not any(t.refers_to == "an edit" for t in load(seeds_copy).terms)


def test_only_a_snapshot_that_reads_back_equal_is_written(seeds_copy, cache, monkeypatch):
    """A snapshot that would not rebuild the very same report is not written."""
    export = snapshot.export

    def lossy(report: Any) -> Any:
        data = export(report)
        data["figures"][0]["value_text"] = "five"
        return data

    monkeypatch.setattr(snapshot, "export", lossy)
    load(seeds_copy)
    assert snapshots(cache) == []


def test_a_snapshot_others_may_write_is_ignored(seeds_copy, cache, validations):
    """A snapshot file that other users may write is not trusted."""
    load(seeds_copy)
    (path,) = snapshots(cache)
    path.chmod(0o666)
    load(seeds_copy)
    assert len(validations) == 2
    assert "another user" in str(snapshot.LAST_LOAD["reason"])


def test_a_folder_where_the_snapshot_belongs_is_ignored(seeds_copy, cache, validations):
    """Something other than a file under the snapshot's name is ignored, and left alone."""
    load(seeds_copy)
    (path,) = snapshots(cache)
    path.unlink()
    path.mkdir()
    report = load(seeds_copy)
    load(seeds_copy)
    assert len(validations) == 3
    assert report.sentences and path.is_dir()


@pytest.mark.parametrize(
    "field, value",
    [
        ("course", "0.0.1"),
        ("version", 0),
        ("code", "0" * 64),
        ("python", "2.7.18"),
        ("seeds", "/somewhere/else/seeds"),
        ("settings", {"check_spread": True}),
        ("files", {"report.txt": "0" * 64}),
    ],
)
def test_a_snapshot_of_another_version_or_schema_is_ignored(
    field, value, seeds_copy, cache, validations
):
    """A snapshot whose stored key differs in anything (course version, snapshot format, code,
    Python, folder, settings, files) is ignored, even under the expected file name."""
    load(seeds_copy)
    (path,) = snapshots(cache)
    head, _, body = path.read_bytes().partition(b"\n")
    header = json.loads(head)
    assert field in header
    header[field] = value
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    load(seeds_copy)
    assert len(validations) == 2
    assert (
        snapshot.LAST_LOAD["reason"] == "the snapshot was written for other seeds, code or versions"
    )


def test_a_new_course_version_or_format_needs_a_new_snapshot(
    seeds_copy, cache, validations, monkeypatch
):
    """After an upgrade (course version or snapshot format), the old snapshot is not read."""
    load(seeds_copy)
    monkeypatch.setattr(snapshot, "FORMAT_VERSION", snapshot.FORMAT_VERSION + 1)
    load(seeds_copy)
    monkeypatch.setattr(sys.modules["borderlines"], "__version__", "99.0")
    load(seeds_copy)
    assert len(validations) == 3
    assert len(snapshots(cache)) == 3


# -- where snapshots live, and when there is nowhere to put them ------------------------------


def test_without_the_package_source_no_snapshot_is_used(
    seeds_copy, cache, validations, monkeypatch
):
    """Where the package's source cannot be hashed (so a code change could not be told),
    every load is a full validation."""
    load(seeds_copy)
    monkeypatch.setattr(snapshot, "_code_digest", lambda: None)
    load(seeds_copy)
    load(seeds_copy)
    assert len(validations) == 3
    assert len(snapshots(cache)) == 1


def test_a_change_to_the_package_code_means_full_validation(
    seeds_copy, tmp_path, cache, validations, monkeypatch, request
):
    """A snapshot made by other checks is not read: editing any .py file of the package
    (here a copy of it, whose source the key is read from) changes the key."""

    def load_in_a_new_kernel() -> None:
        snapshot._code_digest.cache_clear()  # a kernel hashes its package once
        load(seeds_copy)

    request.addfinalizer(snapshot._code_digest.cache_clear)
    package = tmp_path / "borderlines"
    shutil.copytree(
        Path(snapshot.__file__).resolve().parents[1],
        package,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    monkeypatch.setattr(snapshot, "__file__", str(package / "data" / "snapshot.py"))
    load_in_a_new_kernel()
    load_in_a_new_kernel()
    assert len(validations) == 1, "unchanged code and seeds: the snapshot is read"
    for changed in ("data/loader.py", "questions/numeric.py"):
        path = package / changed
        path.write_text(path.read_text(encoding="utf-8") + "\n# a changed check\n", "utf-8")
        load_in_a_new_kernel()
    assert len(validations) == 3
    assert len(snapshots(cache)) == 3


def test_snapshots_off_validates_every_time_and_writes_nothing(
    seeds_copy, cache, validations, monkeypatch
):
    """BORDERLINES_SNAPSHOT=off: every load is a full validation; no folder is made."""
    monkeypatch.setenv("BORDERLINES_SNAPSHOT", "off")
    load(seeds_copy)
    load(seeds_copy)
    assert len(validations) == 2
    assert not cache.exists()


def test_an_unwritable_cache_folder_is_no_error(seeds_copy, tmp_path, validations, monkeypatch):
    """Where the cache folder cannot be made, lessons still load (validated), without a warning."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BORDERLINES_CACHE_DIR", str(blocker / "cache"))
    first = load(seeds_copy)
    second = load(seeds_copy)
    assert len(validations) == 2
    assert first == second
    assert snapshot.LAST_LOAD["snapshot"] is None


def test_a_failed_write_leaves_no_file_behind(seeds_copy, cache, validations, monkeypatch):
    """When the final rename fails, neither a snapshot nor its temporary file is left."""

    def refuse(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshot.os, "replace", refuse)
    report = load(seeds_copy)
    assert report.sentences
    assert list((cache / "snapshots").iterdir()) == []


def test_the_cache_folder_follows_the_xdg_rules(tmp_path, monkeypatch):
    """$BORDERLINES_CACHE_DIR, else an absolute $XDG_CACHE_HOME/borderlines, else ~/.cache."""
    if sys.platform in ("win32", "darwin"):
        pytest.skip("the XDG rules are the Linux (and JupyterLite) ones")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BORDERLINES_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert snapshot.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("BORDERLINES_CACHE_DIR")
    assert snapshot.cache_dir() == tmp_path / "xdg" / "borderlines"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the spec: ignore a relative path
    assert snapshot.cache_dir() == tmp_path / "home" / ".cache" / "borderlines"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert snapshot.cache_dir() == tmp_path / "home" / ".cache" / "borderlines"
    monkeypatch.setenv("BORDERLINES_SNAPSHOT", "off")
    assert snapshot.cache_dir() is None


def test_no_home_folder_means_no_snapshot(seeds_copy, validations, monkeypatch):
    """Without a home folder (and no cache folder set), lessons load, validated every time."""
    monkeypatch.delenv("BORDERLINES_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", homeless)
    assert snapshot.cache_dir() is None
    load(seeds_copy)
    load(seeds_copy)
    assert len(validations) == 2


def test_snapshots_work_where_files_have_no_owner(seeds_copy, cache, validations, monkeypatch):
    """In Pyodide (JupyterLite), which has no users, the snapshot is written and read."""
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.delattr(os, "geteuid", raising=False)
    load(seeds_copy)
    load(seeds_copy)
    assert len(validations) == 1
    assert snapshot.LAST_LOAD["source"] == "snapshot"


def test_the_folder_keeps_only_the_newest_snapshots(seeds_copy, cache):
    """Writing a snapshot removes all but the newest KEEP, and temporary files over an hour old;
    the rest of the cache folder is left alone."""
    folder = cache / "snapshots"
    folder.mkdir(parents=True)
    other = cache / "notes.json"
    other.write_text("{}")
    os.utime(other, (1_000_000, 1_000_000))
    for number in range(snapshot.KEEP + 4):
        old = folder / f"{number:040d}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + number, 1_000_000 + number))
    stale = folder / ".left-by-a-crash.tmp"
    stale.write_text("")
    os.utime(stale, (1_000_000, 1_000_000))
    load(seeds_copy)
    kept = snapshots(cache)
    assert len(kept) == snapshot.KEEP
    assert snapshot.LAST_LOAD["snapshot"] in {str(p) for p in kept}
    assert folder / f"{snapshot.KEEP + 3:040d}.json" in kept  # the newest old one
    assert folder / f"{0:040d}.json" not in kept
    assert not stale.exists()
    assert other.exists()


# -- in a fresh process, as in a lesson's kernel ---------------------------------------------

PROBE = (
    "import json, sys, borderlines; borderlines.load_report();"
    "from borderlines.data import snapshot;"
    f"print(json.dumps([snapshot.LAST_LOAD['source'], [m for m in {HEAVY!r} if m in sys.modules]]))"
)


def _fresh_kernel(cache: Path) -> list[Any]:
    env = {**os.environ, "BORDERLINES_CACHE_DIR": str(cache)}
    env.pop("BORDERLINES_SNAPSHOT", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env
    )
    assert out.stderr == ""
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_a_snapshot_load_imports_neither_yaml_nor_a_ui_library(cache):
    """Loading from the snapshot imports no PyYAML, widget, plotting or HTML library;
    validating imports PyYAML (so the check can tell)."""
    assert _fresh_kernel(cache) == ["validated", ["yaml"]]
    assert _fresh_kernel(cache) == ["snapshot", []]


def test_the_check_command_writes_the_snapshot(seeds_copy, cache, validations):
    """`python -m borderlines check SEEDS` leaves a snapshot that the next load uses."""
    done = run_cli("check", str(seeds_copy))
    assert done.returncode == 0, done.stderr
    assert len(snapshots(cache)) == 1
    load(seeds_copy)
    assert validations == []
    assert snapshot.LAST_LOAD["source"] == "snapshot"
