"""From an article's words to probabilities, through named, published yardsticks.

>>> from foretell import wording
>>> r = wording.read("Moscow is likely to seek assurances", "icd203")
>>> (r.phrase, r.term, r.point, r.low, r.high)
('likely', 'likely', 0.675, 0.55, 0.8)
>>> [(m.phrase, m.start, m.end) for m in wording.find("It will very likely rain.")]
[('very likely', 3, 19)]
>>> "capphrase" in [y.name for y in wording.yardsticks()]
True

A phrase is read only by the yardstick asked for: when that yardstick has no word for it,
:func:`read` says so (:class:`NoReadingError`) rather than borrowing another yardstick's number.
docs/wording.md lists the yardsticks, their sources and every rule used here.
"""

from __future__ import annotations

import difflib
from typing import Final

import attrs

from foretell.problems import ForetellError
from foretell.wording.phrases import PHRASES, SAME_AS, Match, find_phrases
from foretell.wording.yardsticks import Term, Yardstick, load_yardsticks

__all__ = [
    "DEFAULT_YARDSTICK",
    "MODAL_PHRASES",
    "PHRASES",
    "Match",
    "NoEstimativePhraseError",
    "NoReadingError",
    "Reading",
    "Term",
    "UnknownYardstickError",
    "WordingError",
    "Yardstick",
    "find",
    "main_phrase",
    "near_phrases",
    "read",
    "readers",
    "yardstick",
    "yardsticks",
]

#: The yardstick used when neither a forecast, its file nor foretell.toml names one.
DEFAULT_YARDSTICK: Final = "icd203"

#: Phrases that are modal verbs or the plain future rather than estimative terms: when a text
#: holds both kinds, :func:`read` reads the estimative term ("is likely to ... will halt").
MODAL_PHRASES: Final = frozenset(
    {"will", "will not", "continues", "may", "might", "could", "may not", "might not", "could not"}
)


class WordingError(ForetellError, ValueError):
    """A wording that cannot be read; the message says why and what to do."""


class NoEstimativePhraseError(WordingError):
    """The text holds no estimative phrase."""


class NoReadingError(WordingError):
    """The yardstick has no word (and no documented rule) for the phrase."""


class UnknownYardstickError(WordingError, KeyError):
    """No yardstick of that name ships with foretell."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@attrs.frozen
class Reading:
    """A wording read through one yardstick.

    Attributes:
        phrase: the canonical phrase found, e.g. ``"likely"`` for "is likely to".
        text: the words as written in the text read.
        yardstick: the yardstick's name.
        term: the yardstick's word that gives the number, e.g. ``"almost certain"`` for "will"
            under ICD 203.
        point: the probability, in [0, 1]: the term's midpoint, centre or survey median.
        low: the low end of the term's range, in [0, 1].
        high: the high end of the term's range, in [0, 1].
        rule: how the term was chosen: ``"term"`` (the yardstick names the phrase),
            ``"modal"`` (the documented reading of a modal verb the yardstick has no word for)
            or ``"same as PHRASE"`` (the phrase is read as another, e.g. "expected" as
            "likely"); docs/wording.md explains each.
        start: index of the phrase's first character in the text read.
        end: index one past its last character.
    """

    phrase: str
    text: str
    yardstick: str
    term: str
    point: float
    low: float
    high: float
    rule: str
    start: int
    end: int

    @property
    def is_certain(self) -> bool:
        """Whether the point is exactly 0 or 1 (a miss then costs an infinite log score)."""
        return self.point in (0.0, 1.0)


def yardsticks() -> tuple[Yardstick, ...]:
    """Every yardstick shipped with foretell, in name order."""
    return tuple(load_yardsticks().values())


def yardstick(name: str) -> Yardstick:
    """The yardstick called ``name``.

    Raises:
        UnknownYardstickError: with the names available.
    """
    known = load_yardsticks()
    if name in known:
        return known[name]
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise UnknownYardstickError(f"unknown yardstick '{name}'; {hint}available: {', '.join(known)}")


def find(text: str) -> tuple[Match, ...]:
    """Every estimative phrase in ``text``, left to right, with its character span."""
    return find_phrases(text)


def read(text: str, yardstick_name: str = DEFAULT_YARDSTICK) -> Reading:
    """Read the estimative phrase of ``text`` through a yardstick.

    When the text holds several phrases, the first estimative term is read, or, if there is
    none, the first modal verb ("will", "may", ...).

    Raises:
        NoEstimativePhraseError: the text holds no estimative phrase.
        NoReadingError: the yardstick has no word for the phrase found.
        UnknownYardstickError: no yardstick has that name.
    """
    stick = yardstick(yardstick_name)
    match = main_phrase(text)
    return read_match(match, stick)


def read_match(match: Match, stick: Yardstick) -> Reading:
    """Read one found phrase through a yardstick (see :func:`read`)."""
    phrase, rule = match.phrase, "term"
    if phrase in SAME_AS:
        phrase, rule = SAME_AS[phrase], f"same as {SAME_AS[phrase]}"
    shown = f"'{match.text}'"
    if phrase != " ".join(match.text.lower().split()):
        shown += f" ({phrase})"
    if phrase in stick.unreadable:
        raise NoReadingError(
            f"the {stick.name} yardstick does not read {shown}: {stick.unreadable[phrase]}"
        )
    found = stick.term_for(phrase)
    if found is None:
        raise NoReadingError(f"the {stick.name} yardstick has no word for {shown}")
    term, by_modal_rule = found
    if by_modal_rule and rule == "term":
        rule = "modal"
    return Reading(
        phrase=match.phrase,
        text=match.text,
        yardstick=stick.name,
        term=term.term,
        point=term.point,
        low=term.low,
        high=term.high,
        rule=rule,
        start=match.start,
        end=match.end,
    )


def readers(text: str) -> tuple[str, ...]:
    """The names of the yardsticks that can read ``text`` (empty if none can)."""
    try:
        match = main_phrase(text)
    except NoEstimativePhraseError:
        return ()
    names = []
    for stick in yardsticks():
        try:
            read_match(match, stick)
        except NoReadingError:
            continue
        names.append(stick.name)
    return tuple(names)


def near_phrases(text: str, n: int = 5) -> tuple[str, ...]:
    """Phrases foretell can read that look like ``text``, for "did you mean" hints."""
    cleaned = " ".join(text.lower().split())
    vocabulary = sorted(
        {*PHRASES, *(t.term for y in yardsticks() for t in y.terms)} - {cleaned} - _UNREAD
    )
    close = difflib.get_close_matches(cleaned, vocabulary, n=n, cutoff=0.75)
    if len(close) < n:
        words = set(cleaned.split())
        close += [p for p in vocabulary if words & set(p.split()) and p not in close]
    return tuple(close[:n])


#: Phrases that no yardstick reads: never offered as "near phrases".
_UNREAD: Final = frozenset({"may not", "might not", "could not", "not unlikely"})


def main_phrase(text: str) -> Match:
    """The phrase :func:`read` reads: the first estimative term, else the first modal verb.

    Raises:
        NoEstimativePhraseError: the text holds none, with near phrases in the message.
    """
    matches = find_phrases(text)
    if not matches:
        hint = near_phrases(text)
        suggestion = f"; near phrases: {', '.join(hint)}" if hint else ""
        raise NoEstimativePhraseError(f"no estimative phrase found in '{text}'{suggestion}")
    for match in matches:
        if match.phrase not in MODAL_PHRASES:
            return match
    return matches[0]
