"""Guessing a deadline from the time expressions of a sentence.

A forward-looking sentence often says when: "by 2026", "next month", "by the end of the year",
"in March", "within two weeks", "mid-2027". :func:`guess_deadline` finds the first such
expression that points after the day the statement was made and turns it into the last day it
allows ("by 2026" is 2026-12-31; "before 2027" is 2026-12-31; "next month" is the last day of
the next month), through :func:`foretell.datephrases.parse_date_phrase`, the grammar the
authoring commands read dates with. Every result is a guess, and the draft says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import attrs
import pendulum

from foretell.datephrases import parse_date_phrase

__all__ = ["Deadline", "guess_deadline", "year_mentions"]

_MONTH = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
_YEAR = r"(?P<year>(?:19|20|21)\d\d)"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_COUNT = r"(?P<count>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_QUARTER = r"(?P<quarter>first|second|third|fourth|1st|2nd|3rd|4th|q1|q2|q3|q4)"
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}


@attrs.frozen
class Deadline:
    """A deadline guessed from a sentence.

    Attributes:
        date: the last day the expression allows.
        words: the expression as written, e.g. ``"By 2026"``.
    """

    date: pendulum.Date
    words: str


def _year_end(m: re.Match[str], made: pendulum.Date) -> str:
    year = int(m["year"])
    before = (m.groupdict().get("prep") or "").lower() == "before"
    return f"end of {year - 1 if before else year}"


def _mid_year(m: re.Match[str], made: pendulum.Date) -> str:
    return f"30 june {m['year']}"


def _early_year(m: re.Match[str], made: pendulum.Date) -> str:
    return f"30 april {m['year']}"


def _start_of_year(m: re.Match[str], made: pendulum.Date) -> str:
    return f"end of {int(m['year']) - 1}"


def _month_year(m: re.Match[str], made: pendulum.Date) -> str:
    month = m["month"].lower()
    if (m.groupdict().get("prep") or "").lower() == "before":
        first = parse_date_phrase(f"1 {month} {m['year']}", made)
        return first.subtract(days=1).to_date_string()
    return f"end of {month} {m['year']}"


def _month(m: re.Match[str], made: pendulum.Date) -> str:
    month = m["month"].lower()
    if (m.groupdict().get("prep") or "").lower() == "before":
        first = parse_date_phrase(f"end of {month}", made).start_of("month")
        return first.subtract(days=1).to_date_string()
    return f"end of {month}"


def _quarter(m: re.Match[str], made: pendulum.Date) -> str:
    quarter = m["quarter"].lower()
    number = int(quarter[1]) if quarter.startswith("q") else _QUARTERS[quarter]
    groups = m.groupdict()
    year = groups.get("year") or ""
    if groups.get("rel"):
        year = str(made.year + (1 if groups["rel"].lower() == "next" else 0))
    return f"end of q{number} {year}".strip()


def _relative_period(m: re.Match[str], made: pendulum.Date) -> str:
    which = "next" if m["which"].lower() in ("next", "coming") else "the"
    return f"end of {which} {m['period'].lower()}"


def _count(m: re.Match[str], made: pendulum.Date) -> str:
    count = m["count"].lower()
    number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
    return f"in {number} {m['unit'].lower()}s"


def _coming(m: re.Match[str], made: pendulum.Date) -> str:
    return {"days": "in 2 weeks", "weeks": "in 2 months", "months": "in 6 months"}.get(
        m["span"].lower(), "in 5 years"
    )


def _weekday(m: re.Match[str], made: pendulum.Date) -> str:
    return f"next {m['weekday'].lower()}"


def _tomorrow(m: re.Match[str], made: pendulum.Date) -> str:
    return "tomorrow"


_PREP = r"(?P<prep>by|before|until|till|through|in|during|for|within|throughout|from)\s+"
#: Patterns in order of preference at one position, each with its phrase maker.
_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], pendulum.Date], str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), make)
    for pattern, make in (
        (rf"(?:{_PREP})?(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?(?:year\s+)?{_YEAR}", _year_end),
        (rf"(?:{_PREP})?(?:the\s+)?(?:middle\s+of|mid-?\s?){_YEAR}", _mid_year),
        (rf"(?:{_PREP})?(?:early|the\s+first\s+half\s+of)\s+{_YEAR}", _early_year),
        (rf"(?:{_PREP})?(?:late|the\s+second\s+half\s+of)\s+{_YEAR}", _year_end),
        (rf"(?:{_PREP})?(?:the\s+)?(?:start|beginning)\s+of\s+{_YEAR}", _start_of_year),
        (rf"(?:{_PREP})?(?:the\s+)?{_QUARTER}\s+quarter(?:\s+of)?\s+{_YEAR}", _quarter),
        (
            rf"(?:{_PREP})?(?:the\s+)?{_QUARTER}\s+quarter\s+of\s+(?P<rel>this|next)\s+year",
            _quarter,
        ),
        (rf"(?:{_PREP})?{_QUARTER}\s+{_YEAR}", _quarter),
        (rf"(?:{_PREP})?{_MONTH}\s+(?:\d{{1,2}},?\s+)?{_YEAR}", _month_year),
        (rf"(?:{_PREP}){_YEAR}(?!\s*[-–]\d)", _year_end),
        (
            r"(?:by\s+|before\s+|until\s+)?(?:the\s+)?end\s+of\s+(?P<which>this|the|next)\s+"
            r"(?P<period>week|month|quarter|year)",
            _relative_period,
        ),
        (
            r"(?:later\s+)?(?P<which>this|next|coming)\s+(?P<period>week|month|quarter|year)",
            _relative_period,
        ),
        (rf"(?:within|in)\s+(?:the\s+next\s+)?{_COUNT}\s+{_UNIT}", _count),
        (rf"{_COUNT}\s+{_UNIT}\s+from\s+now", _count),
        (r"in\s+the\s+(?:coming|next\s+few|next)\s+(?P<span>days|weeks|months|years)", _coming),
        (rf"(?P<prep>by|before|until|in|from)\s+{_MONTH}(?!\s+\d)", _month),
        (
            r"(?:next|this\s+coming|on)\s+(?P<weekday>monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday)",
            _weekday,
        ),
        (r"tomorrow", _tomorrow),
    )
)
_YEAR_MENTION = re.compile(r"(?<![\d-])(19|20|21)\d\d(?![\d-])")


def _candidates(text: str, made: pendulum.Date) -> Iterator[Deadline]:
    found: list[tuple[int, int, Deadline]] = []
    for order, (pattern, make) in enumerate(_RULES):
        for match in pattern.finditer(text):
            if match.start() and text[match.start() - 1].isalnum():
                continue
            end = match.end()
            if end < len(text) and text[end].isalnum():
                continue
            try:
                date = parse_date_phrase(make(match, made), made)
            except (ValueError, KeyError, IndexError):
                continue
            found.append((match.start(), order, Deadline(date, match.group())))
    for _, _, deadline in sorted(found, key=lambda item: (item[0], item[1])):
        yield deadline


def guess_deadline(text: str, made: pendulum.Date) -> Deadline | None:
    """The first time expression of ``text`` that points after ``made``, as a deadline."""
    for deadline in _candidates(text, made):
        if deadline.date > made:
            return deadline
    return None


def year_mentions(text: str) -> tuple[int, ...]:
    """Every four-digit year written in ``text`` (1900-2199), in order."""
    return tuple(int(m.group()) for m in _YEAR_MENTION.finditer(text))
