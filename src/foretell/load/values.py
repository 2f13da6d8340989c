"""Pure parsers of single values: probabilities, outcomes, slugs.

Each takes a value as YAML gave it and returns the parsed value or an :class:`Invalid` saying
what is wrong; none knows about files or locations (:mod:`foretell.load.fields` adds those).
"""

from __future__ import annotations

import math
import re
from typing import Any

import attrs

from foretell.model import AMBIGUOUS, ANNULLED, NO, YES, Outcome
from foretell.safetext import EXCERPT_LENGTH, describe, excerpt, format_number
from foretell.yamlio import LocatedList, LocatedMap

__all__ = [
    "SLUG",
    "SUM_TOLERANCE",
    "Invalid",
    "format_number",
    "is_number",
    "is_slug",
    "parse_outcome",
    "parse_probability",
]

#: An id: lowercase letters and digits in words joined by single hyphens.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PERCENT = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*%\s*")
#: Tolerance for category probabilities summing to 1.
SUM_TOLERANCE = 1e-6


@attrs.frozen
class Invalid:
    """Why a value could not be parsed: a problem code, a message and perhaps a hint."""

    code: str
    message: str
    hint: str | None = None


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id (see :data:`SLUG`)."""
    return SLUG.fullmatch(text) is not None


def parse_probability(value: Any, name: str) -> float | Invalid:
    """A probability in [0, 1] from a number or a percentage text such as ``'70%'``.

    Args:
        value: the value as YAML gave it.
        name: how the value is named in messages, e.g. ``probability of 'red'``.
    """
    number: float
    if isinstance(value, bool) or value is None or isinstance(value, LocatedMap | LocatedList):
        return Invalid(
            "F104",
            f"'{name}' must be a number, got {describe(value)}",
            "write a probability such as 0.7 or 70%",
        )
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        match = _PERCENT.fullmatch(value)
        if match is None:
            hint = "write a probability such as 0.7 or 70%"
            if is_number(value):
                hint = "remove the quotes around the number"
            elif value.strip().isalpha() or " " in value.strip():
                hint = (
                    "write a number; record the source's words (such as 'likely') in "
                    "'note' and the number you chose here"
                )
            return Invalid("F104", f"'{name}' must be a number, got {excerpt(value)}", hint)
        number = float(match.group(1)) / 100.0
    else:  # pragma: no cover - YAML gives no other scalar types
        return Invalid("F104", f"'{name}' must be a number, got {describe(value)}")
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        shown = _percentage(value) if isinstance(value, str) else format_number(value)
        return Invalid(
            "F103",
            f"'{name}' must be between 0 and 1: {shown}",
            "write 0.7 or 70% for a 70% chance" if number > 1 else None,
        )
    return number


def parse_outcome(value: Any) -> Outcome | Invalid:
    """An outcome: yes, no, annulled, ambiguous, a category name, or a fraction in [0, 1]."""
    if isinstance(value, bool):
        word = "yes" if value else "no"
        return Invalid("F110", f"write '{word}' instead of {str(value).lower()}")
    if value is None or (isinstance(value, str) and not value.strip()):
        return Invalid("F111", "the outcome is empty")
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number) or not 0.0 <= number <= 1.0:
            return Invalid(
                "F103", f"a fractional outcome must be between 0 and 1: {format_number(value)}"
            )
        return number
    if isinstance(value, str):
        text = value.strip()
        lowered = text.lower()
        for word in (YES, NO, ANNULLED, AMBIGUOUS):
            if lowered == word:
                return word  # the constant: one object however many outcomes say it
        match = _PERCENT.fullmatch(text)
        if match is not None:
            number = float(match.group(1)) / 100.0
            if number > 1.0:
                return Invalid(
                    "F103", f"a fractional outcome must be between 0 and 1: {_percentage(text)}"
                )
            return number
        return text
    return Invalid("F110", f"expected an outcome, got {describe(value)}")


def is_number(text: str) -> bool:
    """Whether ``text`` reads as a number (so that quotes around it are a mistake)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def _percentage(text: str) -> str:
    """A percentage as written (digits only: safe to show), or an excerpt of a very long one."""
    text = text.strip()
    return text if len(text) <= EXCERPT_LENGTH else excerpt(text)
