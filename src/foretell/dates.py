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

from foretell.safetext import describe, excerpt

__all__ = [
    "calendar_date",
    "end_of_day",
    "instant_of",
    "parse_date",
    "parse_instant",
    "start_of_day",
    "today",
]

# ASCII digits only: '\d' would also take Arabic-Indic and other Unicode digits.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?"
    r" *(Z|z|[+-][0-9]{2}:?[0-9]{2})?"
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
    shown = excerpt(value)
    match = _DATE.fullmatch(text)
    if match is None:
        match = _DATETIME.fullmatch(text)
        if match is None:
            raise ValueError(f"invalid date {shown}: write it as YYYY-MM-DD, e.g. 2026-01-21")
        if match.group(7) is None:
            raise ValueError(
                f"invalid date {shown}: a time of day needs a UTC offset such as +00:00 or Z"
            )
        hour, minute = int(match.group(4)), int(match.group(5))
        second = int(match.group(6) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"invalid date {shown}: the time of day is out of range")
        offset = match.group(7).replace(":", "")
        if offset not in "Zz" and (int(offset[1:3]) > 23 or int(offset[3:5]) > 59):
            raise ValueError(f"invalid date {shown}: the UTC offset is out of range")
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    try:
        return pendulum.date(year, month, day)
    except ValueError as error:
        raise ValueError(f"invalid date {shown}: {error}") from None


def parse_instant(value: object) -> pendulum.Date | pendulum.DateTime:
    """Parse a date, or a date-time with its UTC offset kept (``made``, ``observed``).

    Returns:
        A :class:`pendulum.Date` for ``YYYY-MM-DD``; an aware :class:`pendulum.DateTime` in the
        offset as written for ``2026-01-21T10:00:00+01:00`` or ``...Z``.

    Raises:
        ValueError: as :func:`parse_date` does (a time of day without an offset included).
    """
    if isinstance(value, _dt.datetime):
        parse_date(value)  # the same checks
        return pendulum.instance(value)
    if isinstance(value, _dt.date) or not isinstance(value, str):
        return parse_date(value)
    day = _parse_text(value)
    if len(value.strip()) == 10:
        return day
    return _parse_datetime_text(value.strip())


@functools.lru_cache(maxsize=8192)
def _parse_datetime_text(text: str) -> pendulum.DateTime:
    match = _DATETIME.fullmatch(text)
    assert match is not None  # checked by _parse_text
    offset = match.group(7)
    if offset in ("Z", "z"):
        minutes = 0
    else:
        digits = offset[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        if offset[0] == "-":
            minutes = -minutes
    if abs(minutes) >= 24 * 60:
        raise ValueError(f"invalid date {excerpt(text)}: the UTC offset is out of range")
    fraction = re.search(r"\.(\d+)", text[16:])
    microsecond = int((fraction.group(1) + "000000")[:6]) if fraction else 0
    return pendulum.datetime(
        int(match.group(1)),
        int(match.group(2)),
        int(match.group(3)),
        int(match.group(4)),
        int(match.group(5)),
        int(match.group(6) or 0),
        microsecond,
        tz=pendulum.FixedTimezone(minutes * 60),
    )


def instant_of(value: pendulum.Date | pendulum.DateTime, timezone: str) -> pendulum.DateTime:
    """The instant a ``made`` or ``observed`` value stands for.

    A date-time is its own instant; a bare date is the start of that day in the book's time
    zone (``foretell.toml`` ``timezone``, an IANA name such as ``Europe/Brussels``).
    """
    if isinstance(value, _dt.datetime):
        return value if isinstance(value, pendulum.DateTime) else pendulum.instance(value)
    return start_of_day(value, timezone)


def start_of_day(day: _dt.date, timezone: str) -> pendulum.DateTime:
    """Midnight at the start of ``day`` in ``timezone`` (an IANA name)."""
    return _start_of_day(day.toordinal(), timezone)


def end_of_day(day: _dt.date, timezone: str) -> pendulum.DateTime:
    """The start of the next day in ``timezone``: the first instant after ``day`` is over."""
    return _start_of_day(day.toordinal() + 1, timezone)


@functools.lru_cache(maxsize=16384)
def _start_of_day(ordinal: int, timezone: str) -> pendulum.DateTime:
    # Books repeat a few hundred dates thousands of times: build each midnight once.
    if ordinal > _LAST_SAFE_DAY:  # the last days of year 9999: past any offset's reach
        return _END_OF_TIME
    day = _dt.date.fromordinal(ordinal)
    return pendulum.datetime(day.year, day.month, day.day, tz=timezone)


#: Midnights later than this could not be compared with times in other offsets (year 10000).
_LAST_SAFE_DAY = _dt.date(9999, 12, 30).toordinal()
_END_OF_TIME = pendulum.datetime(9999, 12, 30, 12, tz="UTC")


def calendar_date(value: _dt.date) -> pendulum.Date:
    """The calendar date of a date, or of a date-time as written (in its own offset)."""
    if type(value) is pendulum.Date:
        return value  # kept: a book shares one object per day (see _parse_text)
    return pendulum.date(value.year, value.month, value.day)


def today() -> pendulum.Date:
    """Today's date in UTC, the default ``as_of`` of the command line."""
    return pendulum.today("UTC").date()
