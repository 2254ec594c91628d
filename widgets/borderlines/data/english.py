"""Small pieces of English the course's messages share: plurals and possessives.

>>> count(1, "student"), count(3, "student"), count(2, "try", "tries")
('1 student', '3 students', '2 tries')
>>> possessive("Charles Michel"), possessive("Azerbaijan's authorities")
("Charles Michel's", "Azerbaijan's authorities'")
"""

from __future__ import annotations

__all__ = ["count", "plural", "possessive"]


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``noun`` for one, ``many`` (by default ``noun`` + "s") for any other number."""
    return noun if n == 1 else (many or f"{noun}s")


def count(n: int, noun: str, many: str | None = None) -> str:
    """A number and its noun: ``1 answer``, ``0 answers``, ``2 tries``."""
    return f"{n} {plural(n, noun, many)}"


def possessive(name: str) -> str:
    """``name`` owning something: "Charles Michel's", "Azerbaijan's authorities'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
