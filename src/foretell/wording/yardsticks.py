"""Yardsticks: published tables that give estimative words a probability.

Each yardstick is one TOML file in this package's ``yardsticks/`` folder, naming its source and
licence. A *term* is one of the yardstick's words with its range ``[low, high]`` and a point
value: the midpoint of the range for range yardsticks (ICD 203, IPCC, UK PHIA, NATO, EFSA),
Kent's stated centre, or a survey's median answer (whose range is then the interquartile range).
All probabilities are fractions in [0, 1].
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

import attrs

__all__ = ["KINDS", "Term", "Yardstick", "load_yardsticks"]

#: range: the point is the midpoint; centre: the point is the author's centre; survey: the
#: point is the median answer and the range the interquartile range.
KINDS: Final = ("range", "centre", "survey")


def _frozen(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Term:
    """One word of a yardstick.

    Attributes:
        term: the yardstick's own word, e.g. ``"likely"`` or ``"remote"``.
        point: the probability read for the word, in [0, 1].
        low: the low end of the word's range, in [0, 1].
        high: the high end of the word's range, in [0, 1].
        words: the canonical phrases (see :mod:`foretell.wording.phrases`) this term reads.
        row: for ICD 203, the row of the directive's table (1 or 2); ``None`` otherwise.
        answers: for survey yardsticks, how many answers the median is taken from.
    """

    term: str
    point: float
    low: float
    high: float
    words: tuple[str, ...]
    row: int | None = None
    answers: int | None = None


@attrs.frozen
class Yardstick:
    """A named, published table from estimative words to probabilities.

    Attributes:
        name: the short name used in books and on the command line, e.g. ``"icd203"``.
        title: what the table is.
        kind: ``"range"``, ``"centre"`` or ``"survey"`` (see :data:`KINDS`).
        source: the publication the figures come from.
        url: where the source can be found.
        licence: the licence of the source or of the figures.
        checked: how the figures were checked.
        terms: the yardstick's words, from the file.
        readings: phrases the yardstick has no word for, read through one of its terms by the
            documented modal rule: a mapping from phrase to term name.
        unreadable: phrases the yardstick deliberately does not read, with the reason.
        respondents: for surveys, the number of people who answered.
    """

    name: str
    title: str
    kind: str
    source: str
    url: str
    licence: str
    checked: str
    terms: tuple[Term, ...]
    readings: Mapping[str, str] = attrs.field(converter=_frozen, hash=False)
    unreadable: Mapping[str, str] = attrs.field(converter=_frozen, hash=False)
    respondents: int | None = None

    def term(self, name: str) -> Term:
        """The term called ``name`` (the first, for ICD 203's two rows)."""
        for term in self.terms:
            if term.term == name:
                return term
        raise KeyError(name)

    def term_for(self, phrase: str) -> tuple[Term, bool] | None:
        """The term that reads a canonical phrase, and whether it does so by the modal rule.

        Returns ``None`` when the yardstick has no word for the phrase.
        """
        for term in self.terms:
            if phrase in term.words:
                return term, False
        if phrase in self.readings:
            return self.term(self.readings[phrase]), True
        return None


def _term(data: Mapping[str, Any], kind: str) -> Term:
    low, high = float(data["low"]), float(data["high"])
    point = (low + high) / 2 if kind == "range" else float(data["point"])
    return Term(
        term=str(data["term"]),
        point=point,
        low=low,
        high=high,
        words=tuple(data["words"]),
        row=data.get("row"),
        answers=data.get("answers"),
    )


def _yardstick(data: Mapping[str, Any]) -> Yardstick:
    kind = str(data["kind"])
    if kind not in KINDS:  # pragma: no cover - guarded by the package's tests
        raise ValueError(f"yardstick {data['name']}: unknown kind {kind!r}")
    reason = str(data.get("unreadable_why", ""))
    unreadable: dict[str, str] = dict.fromkeys(data.get("unreadable", ()), reason)
    readings: dict[str, str] = {r["phrase"]: r["term"] for r in data.get("readings", ())}
    return Yardstick(
        name=str(data["name"]),
        title=str(data["title"]),
        kind=kind,
        source=str(data["source"]),
        url=str(data["url"]),
        licence=str(data["licence"]),
        checked=str(data["checked"]),
        terms=tuple(_term(t, kind) for t in data["terms"]),
        readings=readings,
        unreadable=unreadable,
        respondents=data.get("respondents"),
    )


@functools.cache
def load_yardsticks() -> Mapping[str, Yardstick]:
    """Every yardstick shipped with foretell, by name, in name order (read once, then cached)."""
    folder = resources.files("foretell.wording").joinpath("yardsticks")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            found.append(_yardstick(tomllib.loads(entry.read_text(encoding="utf-8"))))
    return MappingProxyType({y.name: y for y in sorted(found, key=lambda y: y.name)})
