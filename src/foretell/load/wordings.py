"""Estimative words in the book: ``wording`` and ``yardstick``, and probabilities read from them.

A prediction (or a forecast's ``probability`` shorthand) may give ``wording``: the estimative
words exactly as the source wrote them ("is likely to"), which must occur in the forecast's
``quote`` when it has one. They are read through a yardstick (:mod:`foretell.wording`) named by
the prediction, the forecast, the file's top or ``foretell.toml`` (``yardstick = "..."``), in
that order, else :data:`foretell.wording.DEFAULT_YARDSTICK`. Without ``probability`` the
probability is the reading's point value; with both, a probability outside the reading's range
is a warning.
"""

from __future__ import annotations

import attrs

from foretell import wording as words
from foretell.problems import Location
from foretell.textmatch import normalise

from .fields import Entry

__all__ = ["Wording", "YardstickChoice", "read_wording", "read_yardstick"]


@attrs.frozen
class YardstickChoice:
    """A yardstick named somewhere in the book, and where (``None`` for the default)."""

    name: str
    location: Location | None = None


@attrs.frozen
class Wording:
    """A prediction's wording, read through its yardstick.

    Attributes:
        text: the words as written in the book.
        reading: the reading (phrase, term, point and range).
    """

    text: str
    reading: words.Reading


def read_yardstick(entry: Entry, key: str = "yardstick") -> YardstickChoice | None:
    """The yardstick an entry names, checked against those foretell ships (W101)."""
    if key not in entry.data:
        return None
    name = entry.name(key)
    if name is None:
        return None
    location = entry.value_location(key)
    try:
        words.yardstick(name)
    except words.UnknownYardstickError as error:
        entry.error(location, "W101", str(error).split(";")[0], _available_hint(error))
        return None
    return YardstickChoice(name, location)


def _available_hint(error: Exception) -> str:
    return str(error).split("; ", 1)[1] if "; " in str(error) else ""


def read_wording(
    entry: Entry,
    yardstick: YardstickChoice,
    quote: str | None,
    probability: float | None,
    what: str,
) -> Wording | None:
    """Read an entry's ``wording`` through ``yardstick``; problems go to the entry.

    Args:
        entry: the prediction (or forecast) holding ``wording``.
        yardstick: the yardstick that applies to it.
        quote: the forecast's quote, which must contain the wording.
        probability: the probability given beside the wording, if any.
        what: the forecast, for messages.
    """
    text = entry.text("wording")
    if text is None:
        return None
    location = entry.value_location("wording")
    if quote is not None and normalise(text).casefold() not in normalise(quote).casefold():
        entry.error(
            location,
            "W102",
            f"the wording '{text}' does not occur in the quote of {what}",
            "copy the estimative words exactly as the quote writes them",
        )
    try:
        reading = words.read(text, yardstick.name)
    except words.NoEstimativePhraseError:
        near = words.near_phrases(text)
        entry.error(
            location,
            "W103",
            f"no yardstick can read the wording '{text}': it holds no estimative phrase",
            ("near phrases: " + ", ".join(near) + "; " if near else "")
            + "or give a 'probability' and put the words in 'note'",
        )
        return None
    except words.NoReadingError as error:
        others = words.readers(text)
        if others:
            entry.error(
                location, "W104", str(error), "yardsticks that read it: " + ", ".join(others)
            )
            return None
        near = words.near_phrases(text)
        entry.error(
            location,
            "W103",
            f"no yardstick can read the wording '{text}'",
            ("near phrases: " + ", ".join(near) + "; " if near else "")
            + "or give a 'probability' and put the words in 'note'",
        )
        return None
    if probability is not None and not reading.low <= probability <= reading.high:
        entry.warn(
            entry.value_location("probability"),
            "W105",
            f"the probability {probability:g} is outside the {reading.yardstick} range for "
            f"'{reading.text}' ('{reading.term}', {reading.low:g} to {reading.high:g})",
            f"check the number, or leave 'probability' out to use the reading ({reading.point:g})",
        )
    return Wording(text, reading)
