"""Strict calendar dates.

foretell works in whole days: a forecast is made on a date, resolves by a date, and evidence is
observed on a date. Dates are :class:`pendulum.Date` values written as ``YYYY-MM-DD``. A
datetime with an explicit UTC offset (``2026-01-21T09:30:00+01:00`` or ``...Z``) is accepted too
and stands for its calendar date as written (the offset is not used to move it to another day).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re

import pendulum

from foretell.yamlio import describe

__all__ = ["parse_date", "today"]

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?"
)


def parse_date(value: object) -> pendulum.Date:
    """Parse a ``YYYY-MM-DD`` date, or a datetime with an explicit offset, into a date.

    Args:
        value: text as read from YAML (dates are not converted by the YAML reader), or a
            :class:`datetime.date` already.

    Returns:
        The calendar date.

    Raises:
        ValueError: with a message fit for a user, e.g. ``invalid date '2026-02-30': day is
            out of range for month``.
    """
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise ValueError(f"datetime {value.isoformat()} has no UTC offset")
        return pendulum.date(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return pendulum.date(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 2026-01-21, got {describe(value)}")
    return _parse_text(value)


@functools.lru_cache(maxsize=8192)
def _parse_text(value: str) -> pendulum.Date:
    # A book repeats the same few hundred dates thousands of times: parse each once.
    text = value.strip()
    match = _DATE.fullmatch(text)
    if match is None:
        match = _DATETIME.fullmatch(text)
        if match is None:
            raise ValueError(f"invalid date {value!r}: write it as YYYY-MM-DD, e.g. 2026-01-21")
        if match.group(7) is None:
            raise ValueError(
                f"invalid date {value!r}: a time of day needs a UTC offset such as +00:00 or Z"
            )
        hour, minute = int(match.group(4)), int(match.group(5))
        second = int(match.group(6) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"invalid date {value!r}: the time of day is out of range")
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    try:
        return pendulum.date(year, month, day)
    except ValueError as error:
        raise ValueError(f"invalid date {value!r}: {error}") from None


def today() -> pendulum.Date:
    """Today's date in UTC, the default ``as_of`` of the command line."""
    return pendulum.today("UTC").date()
