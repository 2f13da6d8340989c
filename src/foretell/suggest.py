"""'Did you mean ...?' hints for misspelt keys, ids and categories."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["Suggestions", "did_you_mean", "slugify"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

#: Up to this many candidates, every one is compared with the word (difflib's own search).
#: Above it, a trigram index picks the few that share the most trigrams with the word.
EXHAUSTIVE_LIMIT = 2_000
# How many candidates the trigram index hands to difflib, and how many index entries one
# look-up may visit (the rarest trigrams of the word first).
_SHORTLIST = 64
_VISIT_LIMIT = 50_000


class Suggestions:
    """An index of candidates, built once, that answers 'did you mean' for many words.

    Closeness is :func:`difflib.get_close_matches` with its default cutoff (0.6), tried first on
    the word as given and then case-insensitively. For more than :data:`EXHAUSTIVE_LIMIT`
    candidates (the ids of a large book) the comparison is limited to the candidates that share
    the most character trigrams with the word, so a look-up costs milliseconds rather than a
    scan of every candidate.
    """

    __slots__ = ("_lowered", "_pool", "_postings")

    def __init__(self, candidates: Iterable[str]) -> None:
        self._pool = sorted(set(candidates))
        self._lowered: dict[str, str] = {}
        for candidate in self._pool:
            self._lowered.setdefault(candidate.lower(), candidate)
        self._postings: dict[str, list[int]] | None = None

    def hint(self, word: str) -> str | None:
        """``did you mean 'x'?`` for the closest candidate, or ``None`` when nothing is close."""
        match = self.closest(word)
        return f"did you mean '{match}'?" if match is not None else None

    def closest(self, word: str) -> str | None:
        """The closest candidate to ``word``, or ``None``."""
        pool = self._shortlist(word)
        matches = difflib.get_close_matches(word, pool, n=1)
        if matches:
            return matches[0]
        lowered = {c.lower(): self._lowered[c.lower()] for c in pool}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1)
        return lowered[close[0]] if close else None

    def _shortlist(self, word: str) -> list[str]:
        if len(self._pool) <= EXHAUSTIVE_LIMIT:
            return self._pool
        postings = self._index()
        lists = sorted(
            (postings[gram] for gram in _trigrams(word.lower()) if gram in postings), key=len
        )
        counts: Counter[int] = Counter()
        visited = 0
        for position, entries in enumerate(lists):
            if position >= 3 and visited + len(entries) > _VISIT_LIMIT:
                break
            counts.update(entries)
            visited += len(entries)
        exact = self._lowered.get(word.lower())
        chosen = [self._pool[i] for i, _ in counts.most_common(_SHORTLIST)]
        if exact is not None:
            chosen.append(exact)
        return sorted(set(chosen))

    def _index(self) -> dict[str, list[int]]:
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            for number, candidate in enumerate(self._pool):
                for gram in _trigrams(candidate.lower()):
                    postings.setdefault(gram, []).append(number)
            self._postings = postings
        return self._postings


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def did_you_mean(word: str, candidates: Iterable[str] | Suggestions) -> str | None:
    """A hint naming the closest candidate, or ``None`` when nothing is close.

    Pass a :class:`Suggestions` index when asking about many words against the same large set
    of candidates: building it sorts the candidates once.
    """
    index = candidates if isinstance(candidates, Suggestions) else Suggestions(candidates)
    return index.hint(word)


def slugify(text: str) -> str:
    """The lowercase slug closest to ``text``.

    >>> slugify("Trilateral_Talks 2026")
    'trilateral-talks-2026'
    """
    return _NOT_SLUG.sub("-", text.lower()).strip("-")
