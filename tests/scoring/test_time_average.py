"""Tests of time_averaged_brier: hand-worked examples and a day-by-day reference loop."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foretell.scoring import time_averaged_brier

PROPERTY = settings(max_examples=80, deadline=None)


def day_by_day(outcome: int, forecasts: list[tuple[int, float]], resolved: int) -> float:
    """Walk the calendar: score the standing forecast of each day (the brute-force reading)."""
    standing = [(day, i, p) for i, (day, p) in enumerate(forecasts) if day < resolved]
    first = min(day for day, _, _ in standing)
    total = 0.0
    for today in range(first, resolved):
        latest = max((day, i) for day, i, _ in standing if day <= today)
        p = next(q for day, i, q in standing if (day, i) == latest)
        total += (p - outcome) ** 2
    return total / (resolved - first)


def test_worked_example() -> None:
    """0.6 on day 0, 0.9 on day 3, resolved yes on day 10: (3 x 0.16 + 7 x 0.01) / 10."""
    value = time_averaged_brier(1, [0.6, 0.9], made=[0, 3], resolved=10)
    assert value == pytest.approx((3 * 0.16 + 7 * 0.01) / 10, rel=1e-12)
    assert time_averaged_brier(1, [0.6, 0.9], made=[0, 3], resolved=10, scale="0-2") == (
        pytest.approx(2 * value, rel=1e-12)
    )


@pytest.mark.parametrize(
    ("made", "resolved"),
    [
        ([dt.date(2024, 2, 27), dt.date(2024, 3, 1)], dt.date(2024, 3, 8)),
        ([dt.datetime(2024, 2, 27, 23, 59), dt.datetime(2024, 3, 1, 0, 1)], dt.date(2024, 3, 8)),
        (
            np.array(["2024-02-27", "2024-03-01"], dtype="datetime64[D]"),
            np.datetime64("2024-03-08"),
        ),
        (
            [np.datetime64("2024-02-27T10:00"), np.datetime64("2024-03-01")],
            np.datetime64("2024-03-08"),
        ),
    ],
)
def test_calendar_dates(made: Any, resolved: Any) -> None:
    """Dates, datetimes (by their date) and datetime64 (a leap day included: 3 + 7 days)."""
    value = time_averaged_brier(0, [0.2, 0.5], made=made, resolved=resolved)
    assert value == pytest.approx((3 * 0.04 + 7 * 0.25) / 10, rel=1e-12)


def test_unsorted_same_day_and_late_forecasts() -> None:
    """Order does not matter; on one day the later input wins; late forecasts are ignored."""
    value = time_averaged_brier(
        0,
        [0.9, 0.3, 0.1, 0.5, 0.7],
        made=[5, 2, 2, 10, 12],
        resolved=10,
    )
    # Days 2-4 stand at 0.1 (the later of the two day-2 forecasts), days 5-9 at 0.9.
    assert value == pytest.approx((3 * 0.01 + 5 * 0.81) / 8, rel=1e-12)


def test_single_forecast_is_its_brier_score() -> None:
    """One forecast stands every day."""
    assert time_averaged_brier(1, [0.7], made=[3], resolved=4) == pytest.approx(0.09, rel=1e-12)


def test_multi_category() -> None:
    """Rows of category probabilities; 'auto' is the 0-1 scale, half Brier's 0-2 sum."""
    p = [[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]]
    first = 0.5**2 + 0.3**2 + 0.8**2
    second = 0.1**2 + 0.1**2 + 0.2**2
    value = time_averaged_brier(2, p, made=[0, 4], resolved=6, scale="0-2")
    assert value == pytest.approx((4 * first + 2 * second) / 6, rel=1e-12)
    assert time_averaged_brier(2, p, made=[0, 4], resolved=6) == pytest.approx(value / 2, rel=1e-12)


@PROPERTY
@given(
    st.integers(0, 1),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 100)), min_size=1, max_size=12),
    st.integers(1, 45),
)
def test_matches_day_by_day_loop(outcome: int, raw: list[tuple[int, int]], resolved: int) -> None:
    """Equal to walking the calendar one day at a time."""
    forecasts = [(day, percent / 100) for day, percent in raw]
    if all(day >= resolved for day, _ in forecasts):
        with pytest.raises(ValueError, match="no forecast was made before the resolution day"):
            time_averaged_brier(
                outcome,
                [p for _, p in forecasts],
                made=[d for d, _ in forecasts],
                resolved=resolved,
            )
        return
    value = time_averaged_brier(
        outcome, [p for _, p in forecasts], made=[d for d, _ in forecasts], resolved=resolved
    )
    assert value == pytest.approx(day_by_day(outcome, forecasts, resolved), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"made": [0, 1], "probabilities": [0.5]}, r"^made and probabilities must have the same"),
        ({"made": [], "probabilities": []}, r"^made and probabilities must not be empty$"),
        ({"made": [12], "resolved": 12}, r"^no forecast was made before the resolution day"),
        ({"made": [dt.date(2024, 1, 1)]}, r"^made and resolved must both be dates or both"),
        ({"made": [dt.date(2024, 1, 1), 3], "probabilities": [0.1, 0.2]}, r"all dates or all"),
        ({"made": ["2024-01-01"]}, r"^made\[0\] must be a date, a numpy datetime64 or an integer"),
        ({"made": [1.5]}, r"^made\[0\] must be a date"),
        ({"outcome": 2}, r"^outcome must be between 0 and 1: 2$"),
        ({"outcome": [1, 0]}, r"^outcome must be a single number"),
        ({"probabilities": [1.5]}, r"^probabilities\[0\] must be between 0 and 1: 1.5$"),
        (
            {"probabilities": [[0.5, 0.5]], "outcome": 2},
            r"^outcome must be a category index \(an integer from 0 to 1\): 2$",
        ),
        ({"made": np.array(["NaT"], dtype="datetime64[D]")}, r"^made\[0\] must be a date: NaT$"),
    ],
)
def test_bad_input(arguments: dict[str, Any], message: str) -> None:
    """Inconsistent or invalid input is refused with a message."""
    call: dict[str, Any] = {"outcome": 1, "probabilities": [0.5], "made": [0], "resolved": 10}
    call.update(arguments)
    if isinstance(call["made"], np.ndarray) and call["made"].dtype.kind == "M":
        call["resolved"] = np.datetime64("2024-01-10")
    with pytest.raises(ValueError, match=message):
        time_averaged_brier(
            call["outcome"], call["probabilities"], made=call["made"], resolved=call["resolved"]
        )
