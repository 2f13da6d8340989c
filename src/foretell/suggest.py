"""'Did you mean ...?' hints for misspelt keys, ids and categories."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["did_you_mean", "slugify"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, or ``None`` when nothing is close.

    Closeness is :func:`difflib.get_close_matches` with its default cutoff (0.6), tried first
    on the word as given and then case-insensitively.
    """
    pool = sorted(set(candidates))
    matches = difflib.get_close_matches(word, pool, n=1)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1)
        matches = [lowered[c] for c in close]
    return f"did you mean '{matches[0]}'?" if matches else None


def slugify(text: str) -> str:
    """The lowercase slug closest to ``text``.

    >>> slugify("Trilateral_Talks 2026")
    'trilateral-talks-2026'
    """
    return _NOT_SLUG.sub("-", text.lower()).strip("-")
