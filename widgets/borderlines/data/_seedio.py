"""Reading seed files and collecting problems, shared by the data layer.

Every check in the data layer reports a :class:`Problem` (file, entry, field,
reason) instead of raising at the first one, so that a teacher who edits a
seeds folder sees every mistake in one run.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._files import NotAFile, read_regular

__all__ = [
    "MAX_NOTEBOOK_BYTES",
    "MAX_SEED_BYTES",
    "NUMBER_WORDS",
    "Problem",
    "ProblemLog",
    "SeedsError",
    "numbers_in",
    "quoted_spans",
    "read_notebook",
]

#: The largest seed file read (the course's largest is about 30 KB): a bigger one is a
#: mistake, and reading it would make every lesson's first start slow.
MAX_SEED_BYTES = 1024 * 1024
#: The largest lesson notebook read for its text and metadata (the course's are under
#: 100 KB, committed without outputs).
MAX_NOTEBOOK_BYTES = 8 * 1024 * 1024
#: At most this many problems are shown in a notebook (``check`` lists every one).
_SHOWN_IN_A_LESSON = 10


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a seeds folder."""

    file: str
    entry: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.field}: {self.reason}"


class SeedsError(ValueError):
    """A seeds folder that does not validate; ``problems`` lists every reason."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def _render_traceback_(self) -> list[str]:
        """What IPython shows in a notebook instead of a traceback: the problems, one line
        each, and where to see all of them."""
        shown = [str(p) for p in self.problems[:_SHOWN_IN_A_LESSON]]
        more = len(self.problems) - len(shown)
        return [
            f"The course's data (the seeds folder) has {len(self.problems)} "
            f"problem{'' if len(self.problems) == 1 else 's'}:",
            *shown,
            *([f"... and {more} more."] if more else []),
            "Run `python -m borderlines check` in a terminal to see every problem, then fix "
            "the seed files (or ask whoever edited them).",
        ]


class ProblemLog:
    """Collects problems while one seeds folder is read."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, entry: str, field: str, reason: str) -> None:
        self.problems.append(Problem(file, entry, field, reason))

    def __len__(self) -> int:
        return len(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise SeedsError(self.problems)


def read_text(path: Path, name: str, log: ProblemLog) -> str | None:
    """Read a UTF-8 text file, logging why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            log.add(
                name,
                "(file)",
                "(file)",
                f"is {size / 1024 / 1024:.1f} MiB: a seed file is at most "
                f"{MAX_SEED_BYTES // 1024 // 1024} MiB",
            )
            return None
        # a plain file only: a link is never followed, a named pipe never opened (it would
        # wait for ever), a device never read (a link to /dev/zero would fill the memory)
        data = read_regular(path, MAX_SEED_BYTES, "a seed file")
    except FileNotFoundError:
        log.add(name, "(file)", "(file)", "missing")
        return None
    except NotAFile as exc:
        log.add(name, "(file)", "(file)", str(exc).removeprefix("it "))
        return None
    except OSError as exc:
        log.add(name, "(file)", "(file)", f"cannot be read ({exc.strerror or exc})")
        return None
    if b"\x00" in data:
        log.add(name, "(file)", "(file)", "is binary, not text (it contains NUL bytes)")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        log.add(name, "(file)", "(file)", f"is not UTF-8 text (bad byte on line {line})")
        return None


def read_notebook(path: Path, name: str, log: ProblemLog) -> dict[str, Any] | None:
    """A lesson notebook's JSON (a plain file of at most :data:`MAX_NOTEBOOK_BYTES`, holding
    a mapping), or ``None`` with the reason logged in plain words."""
    try:
        data = read_regular(path, MAX_NOTEBOOK_BYTES, "a lesson notebook")
        notebook = json.loads(data.decode("utf-8"))
    except NotAFile as exc:
        log.add(name, "(file)", "(file)", str(exc).removeprefix("it "))
        return None
    except OSError as exc:
        log.add(name, "(file)", "(file)", f"cannot be read ({exc.strerror or exc})")
        return None
    except (UnicodeDecodeError, ValueError, RecursionError):
        log.add(name, "(file)", "(file)", "cannot be read as a notebook (it is not JSON text)")
        return None
    if not isinstance(notebook, dict):
        log.add(name, "(file)", "(file)", "cannot be read as a notebook (not a notebook's JSON)")
        return None
    return notebook


def notebook_part(value: object, *keys: str) -> dict[str, Any]:
    """``value[keys[0]][keys[1]]…`` where each is a mapping; ``{}`` where one is not."""
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, dict) else {}


@functools.cache
def _seed_loader() -> type:
    """A safe YAML loader that leaves dates as text: the data layer parses them
    itself, so a bad date is a clear problem rather than a crash.

    Made on first use: a kernel that loads the dataset from its snapshot never
    imports PyYAML.
    """
    import yaml

    # libyaml's safe loader when PyYAML was built with it (about ten times faster).
    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for first, found in getattr(base, "yaml_implicit_resolvers", {}).items()
    }

    def construct_mapping(self: Any, node: Any, deep: bool = False) -> Any:
        # a key written twice is a mistake (a second "correct:" would silently win): name it
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                repeated = key in seen
            except TypeError:  # an unhashable key: the base constructor says so
                break
            if repeated:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key {key!r} is given twice",
                    key_node.start_mark,
                )
            seen.add(key)
        return base.construct_mapping(self, node, deep=deep)

    return type(
        "_SeedLoader",
        (base,),
        {
            "__doc__": _seed_loader.__doc__,
            "yaml_implicit_resolvers": resolvers,
            "construct_mapping": construct_mapping,
        },
    )


def read_yaml(path: Path, name: str, log: ProblemLog) -> Mapping[str, Any] | None:
    """Read a YAML file whose top level must be a mapping."""
    text = read_text(path, name, log)
    if text is None:
        return None
    import yaml

    try:
        data = yaml.load(text, Loader=_seed_loader())  # noqa: S506 (a SafeLoader subclass)
    except RecursionError:
        log.add(name, "(file)", "(syntax)", "is nested too deeply to read")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        log.add(name, "(file)", "(syntax)", f"YAML syntax error at {where}: {problem}")
        return None
    if data is None:
        log.add(name, "(file)", "(file)", "is empty")
        return None
    if not isinstance(data, dict):
        log.add(name, "(file)", "(top level)", f"must be a mapping of sections, not {_kind(data)}")
        return None
    return data


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, _dt.date):
        return "a date"
    return type(value).__name__


class Entry:
    """Typed access to one mapping entry of a seed file, logging every problem.

    A getter that finds a problem logs it and returns ``None``; the caller then
    skips the entry. Unknown keys are reported by :meth:`finish`.
    """

    def __init__(self, log: ProblemLog, file: str, entry: str, data: Any) -> None:
        self.log = log
        self.file = file
        self.entry = entry
        self.ok = True
        self._seen: set[str] = set()
        if not isinstance(data, dict):
            self.fail("(entry)", f"must be a mapping of fields, not {_kind(data)}")
            data = {}
        self.data: dict[str, Any] = data

    def fail(self, field: str, reason: str) -> None:
        self.ok = False
        self.log.add(self.file, self.entry, field, reason)

    def raw(self, key: str, required: bool = True) -> tuple[bool, Any]:
        self._seen.add(key)
        if key not in self.data:
            if required:
                self.fail(key, "missing")
            return False, None
        return True, self.data[key]

    def text(self, key: str, *, required: bool = True, nullable: bool = False) -> str | None:
        present, value = self.raw(key, required)
        if not present or (value is None and nullable):
            return None
        if not isinstance(value, str):
            self.fail(key, f"must be text, not {_kind(value)}")
            return None
        if not value.strip():
            self.fail(key, "must not be empty")
            return None
        return value

    def integer(self, key: str, *, required: bool = True) -> int | None:
        present, value = self.raw(key, required)
        if not present:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"must be a whole number, not {_kind(value)}")
            return None
        return value

    def number(self, key: str, *, required: bool = True) -> int | float | None:
        present, value = self.raw(key, required)
        if not present:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"must be a number, not {_kind(value)}")
            return None
        return value

    def boolean(self, key: str, *, required: bool = True, default: bool = False) -> bool:
        present, value = self.raw(key, required)
        if not present:
            return default
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false, not {_kind(value)}")
            return default
        return value

    def choice(self, key: str, allowed: Iterable[str], *, required: bool = True) -> str | None:
        allowed = tuple(allowed)
        value = self.text(key, required=required)
        if value is not None and value not in allowed:
            self.fail(key, f"{value!r} is not one of: {', '.join(allowed)}")
            return None
        return value

    def date(self, key: str) -> _dt.date | None:
        """A date written YYYY-MM-DD, or null; a missing key is a problem."""
        present, value = self.raw(key, True)
        if not present or value is None:
            return None
        if isinstance(value, _dt.datetime):
            self.fail(key, "must be a date (YYYY-MM-DD) without a time")
            return None
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(key, f"must be a date written YYYY-MM-DD, or null; got {value!r}")
        return None

    def items(self, key: str, *, required: bool = True) -> list[Any] | None:
        present, value = self.raw(key, required)
        if not present:
            return None if required else []
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, f"must be a list, not {_kind(value)}")
            return None
        return value

    def texts(self, key: str, *, required: bool = True) -> tuple[str, ...] | None:
        values = self.items(key, required=required)
        if values is None:
            return None
        out = []
        for index, value in enumerate(values, 1):
            if not isinstance(value, str) or not value.strip():
                self.fail(key, f"item {index} must be non-empty text, not {_kind(value)}")
                return None
            out.append(value)
        return tuple(out)

    def integers(self, key: str, *, required: bool = True) -> tuple[int, ...] | None:
        values = self.items(key, required=required)
        if values is None:
            return None
        out = []
        for index, value in enumerate(values, 1):
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(key, f"item {index} must be a whole number, not {_kind(value)}")
                return None
            out.append(value)
        if len(set(out)) != len(out):
            self.fail(key, "lists the same number twice")
            return None
        return tuple(out)

    def finish(self, allowed_extra: Iterable[str] = ()) -> None:
        """Report keys this entry does not know."""
        known = self._seen | set(allowed_extra)
        for key in self.data:
            if key not in known:
                self.fail(str(key), "unknown field (check its spelling)")


def section(
    log: ProblemLog,
    file: str,
    data: Mapping[str, Any],
    key: str,
    allowed: Iterable[str] | None = None,
) -> list[Any]:
    """The list under a top-level key; with ``allowed``, unknown sections are reported."""
    if allowed is not None:
        known = set(allowed)
        for other in data:
            if other not in known:
                log.add(file, "(top level)", str(other), "unknown section (check its spelling)")
    if key not in data:
        log.add(file, "(top level)", key, "missing section")
        return []
    value = data[key]
    if not isinstance(value, list):
        log.add(file, "(top level)", key, f"must be a list of entries, not {_kind(value)}")
        return []
    if not value:
        log.add(file, "(top level)", key, "is empty")
    return value


def entry_name(kind: str, index: int, raw: Any, *, key: str = "id") -> str:
    """How an entry is named in messages: its id (or other ``key``) when it has one."""
    if (
        isinstance(raw, dict)
        and isinstance(raw.get(key), (str, int))
        and not isinstance(raw.get(key), bool)
    ):
        return f"{kind} {raw[key]}"
    return f"{kind} #{index}"


NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "another": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
}

_NUMBER_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[A-Za-z]+")


def numbers_in(text: str) -> list[int | float]:
    """Every number written in ``text``, in digits ("6,500") or words ("four")."""
    found: list[int | float] = []
    for token in _NUMBER_TOKEN.findall(text):
        if token[0].isdigit():
            cleaned = token.rstrip(",").replace(",", "")
            found.append(float(cleaned) if "." in cleaned else int(cleaned))
        elif token.lower() in NUMBER_WORDS:
            found.append(NUMBER_WORDS[token.lower()])
    return found


_QUOTED = re.compile(r"\"([^\"\n]+)\"|“([^”\n]+)”")


def quoted_spans(text: str) -> list[str]:
    """Text between double quotation marks, straight or curly."""
    return [a or b for a, b in _QUOTED.findall(text)]
