"""foretell.dates: strict dates with messages fit for a user."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from foretell.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-21", pendulum.date(2026, 1, 21)),
        (" 2024-02-29 ", pendulum.date(2024, 2, 29)),
        ("2026-01-21T09:30:00+01:00", pendulum.date(2026, 1, 21)),
        ("2026-01-21T23:59:59-05:00", pendulum.date(2026, 1, 21)),  # the date as written
        ("2026-01-21 09:30Z", pendulum.date(2026, 1, 21)),
        ("2026-01-21T09:30:00.123+0100", pendulum.date(2026, 1, 21)),
    ],
)
def test_valid(text: str, expected: pendulum.Date) -> None:
    result = parse_date(text)
    assert result == expected
    assert type(result) is pendulum.Date


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "invalid date '2026-02-30': day is out of range for month"),
        ("2025-02-29", "day is out of range for month"),
        ("2026-13-01", "month must be in 1..12"),
        ("yesterday", "write it as YYYY-MM-DD"),
        ("2026-1-5", "write it as YYYY-MM-DD"),
        ("21/01/2026", "write it as YYYY-MM-DD"),
        ("2026-01-21T09:30:00", "needs a UTC offset"),
        ("2026-01-21T25:00:00Z", "time of day is out of range"),
        (20260121, "got the number 20260121"),
        (None, "got nothing"),
        (True, "got true"),
    ],
)
def test_invalid(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(value)


def test_python_dates_are_accepted() -> None:
    assert parse_date(dt.date(2026, 1, 2)) == pendulum.date(2026, 1, 2)
    aware = dt.datetime(2026, 1, 2, 10, tzinfo=dt.UTC)
    assert parse_date(aware) == pendulum.date(2026, 1, 2)
    with pytest.raises(ValueError, match="no UTC offset"):
        parse_date(dt.datetime(2026, 1, 2, 10))
