"""Dates as people type them: ``2026-12-31``, ``end of 2026``, ``in 3 months``, ``next friday``.

:func:`parse_date_phrase` reads a date given on the command line relative to a reference day
(the day the forecast was made, for ``foretell add``). The grammar is small and fixed, so that a
phrase means one thing only and the command can echo the date it chose; anything else is an
error listing the accepted forms. Phrases are case-insensitive; ``by`` in front is ignored.

===============================  ==========================================================
phrase                           date (reference day: Wednesday 2026-01-21)
===============================  ==========================================================
``2026-12-31``                   2026-12-31
``today``, ``tomorrow``          2026-01-21, 2026-01-22
``in 3 days`` / ``weeks`` /      2026-01-24, ...; months and years are calendar months and
``months`` / ``years``           years (2026-01-31 + 1 month = 2026-02-28); ``a``, ``an``
                                 and the words one to twelve count too (``in a month``)
``next friday``, ``friday``      the first Friday after the reference day: 2026-01-23
``next week`` / ``month`` /      one week, month or year after the reference day
``year``
``end of 2026``                  2026-12-31
``end of june``                  the last day of the next June that has not ended: 2026-06-30
``end of june 2027``             2027-06-30
``end of q3``, ``end of q3 2027``  the last day of that quarter: 2026-09-30, 2027-09-30
``end of the week`` / ``month``  the Sunday ending the reference day's week, the last day of
/ ``quarter`` / ``year``         its month, quarter or year (``this`` for ``the`` works too)
``end of next week`` / ...       the same for the following week, month, quarter or year
``30 june 2026``, ``june 30``,   that day; without a year, the next one on or after the
``june 30, 2026``                reference day
===============================  ==========================================================
"""

from __future__ import annotations

import re

import pendulum

from foretell.dates import parse_date

__all__ = ["ACCEPTED_FORMS", "parse_date_phrase"]

ACCEPTED_FORMS = (
    "YYYY-MM-DD, today, tomorrow, 'in 3 months', 'next friday', 'end of 2026', "
    "'end of june', 'end of q3', 'end of next month', '30 june 2026'"
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
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
}
_UNIT = r"(day|week|month|year)s?"
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))

_IN = re.compile(rf"in (\d+|{'|'.join(_NUMBERS)}) {_UNIT}")
_NEXT_UNIT = re.compile(rf"next {_UNIT}")
_WEEKDAY_RE = re.compile(rf"(?:next |this |on )?({_WEEKDAY})")
_END_YEAR = re.compile(r"end of (\d{4})")
_END_MONTH = re.compile(rf"end of ({_MONTH})(?: (\d{{4}}))?")
_END_QUARTER = re.compile(r"end of q([1-4])(?: (\d{4}))?")
_END_PERIOD = re.compile(r"end of (?:(the|this|next) )?(week|month|quarter|year)")
_DAY_MONTH = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH})(?: (\d{{4}}))?")
_MONTH_DAY = re.compile(rf"({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?")


def parse_date_phrase(text: str, reference: pendulum.Date) -> pendulum.Date:
    """The date a phrase stands for, counted from ``reference``.

    Args:
        text: a ``YYYY-MM-DD`` date or one of the phrases in the module's table.
        reference: the day the phrase is relative to.

    Raises:
        ValueError: the text is neither, with the accepted forms in the message.
    """
    phrase = " ".join(text.strip().lower().replace(",", ", ").split()).replace(" ,", ",")
    phrase = phrase.removeprefix("by ").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase):
        return parse_date(phrase)
    try:
        found = _parse(phrase, reference)
    except ValueError as error:
        raise ValueError(f"invalid date {text!r}: {error}") from None
    if found is None:
        raise ValueError(f"cannot read {text!r} as a date; write one of: {ACCEPTED_FORMS}")
    return found


def _parse(phrase: str, reference: pendulum.Date) -> pendulum.Date | None:
    simple = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if phrase in simple:
        return reference.add(days=simple[phrase])
    if match := _IN.fullmatch(phrase):
        amount = _NUMBERS.get(match.group(1)) or int(match.group(1))
        return _add(reference, match.group(2), amount)
    if match := _NEXT_UNIT.fullmatch(phrase):
        return _add(reference, match.group(1), 1)
    if match := _WEEKDAY_RE.fullmatch(phrase):
        ahead = (_WEEKDAYS[match.group(1)] - reference.weekday()) % 7 or 7
        return reference.add(days=ahead)
    if match := _END_YEAR.fullmatch(phrase):
        return pendulum.date(int(match.group(1)), 12, 31)
    if match := _END_MONTH.fullmatch(phrase):
        month = _MONTHS[match.group(1)]
        if match.group(2):
            return _month_end(int(match.group(2)), month)
        end = _month_end(reference.year, month)
        return end if end >= reference else _month_end(reference.year + 1, month)
    if match := _END_QUARTER.fullmatch(phrase):
        month = 3 * int(match.group(1))
        if match.group(2):
            return _month_end(int(match.group(2)), month)
        end = _month_end(reference.year, month)
        return end if end >= reference else _month_end(reference.year + 1, month)
    if match := _END_PERIOD.fullmatch(phrase):
        return _end_of_period(reference, match.group(2), next_one=match.group(1) == "next")
    if match := _DAY_MONTH.fullmatch(phrase):
        return _day(reference, match.group(3), _MONTHS[match.group(2)], int(match.group(1)))
    if match := _MONTH_DAY.fullmatch(phrase):
        return _day(reference, match.group(3), _MONTHS[match.group(1)], int(match.group(2)))
    return None


def _add(day: pendulum.Date, unit: str, amount: int) -> pendulum.Date:
    if amount > 10_000:
        raise ValueError("the distance is too large")
    if unit == "day":
        return day.add(days=amount)
    if unit == "week":
        return day.add(weeks=amount)
    if unit == "month":
        return day.add(months=amount)
    return day.add(years=amount)


def _month_end(year: int, month: int) -> pendulum.Date:
    return pendulum.date(year, month, 1).end_of("month")


def _end_of_period(day: pendulum.Date, unit: str, *, next_one: bool) -> pendulum.Date:
    if unit == "week":
        return day.add(weeks=int(next_one)).end_of("week")
    if unit == "month":
        return day.add(months=int(next_one)).end_of("month")
    if unit == "quarter":
        quarter_end = 3 * ((day.month - 1) // 3 + 1)
        end = _month_end(day.year, quarter_end)
        return _month_end(end.add(months=3).year, end.add(months=3).month) if next_one else end
    return pendulum.date(day.year + int(next_one), 12, 31)


def _day(reference: pendulum.Date, year: str | None, month: int, day: int) -> pendulum.Date:
    try:
        if year:
            return pendulum.date(int(year), month, day)
        found = pendulum.date(reference.year, month, day)
        return found if found >= reference else pendulum.date(reference.year + 1, month, day)
    except ValueError as error:
        raise ValueError(str(error)) from None
