"""Every bad input to foretell.scoring is a ValueError naming the problem (never another error)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from foretell import scoring

HUGE = 10**400


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: scoring.brier_score([1, 0], [HUGE, 0.5]), "too large for a double"),
        (lambda: scoring.brier_score([HUGE, 0], [0.5, 0.5]), "too large for a double"),
        (lambda: scoring.log_score([1, 0], [0.5, HUGE]), "too large for a double"),
        (lambda: scoring.calibration_table([1, 0], [0.5, 0.5], level="0.95"), "level"),
        (lambda: scoring.bootstrap_interval([1, 0], [0.5, 0.5], level="0.9"), "level"),
        (lambda: scoring.wilson_interval(3, math.inf), "n must be finite"),
        (lambda: scoring.wilson_interval(math.inf, 3), "successes must be finite"),
        (lambda: scoring.wilson_interval(3, 10, level=True), "level"),
        (lambda: scoring.brier_score([1, 0], [[0.5], [0.5, 0.5]]), "array of numbers"),
        (lambda: scoring.brier_score([1, 0], ["0.5", "0.5"]), "must be numbers"),
    ],
)
def test_bad_input_is_a_value_error(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_a_masked_array_with_masked_values_is_refused() -> None:
    masked = np.ma.masked_array([0.5, 7.0], mask=[False, True])
    with pytest.raises(ValueError, match="masked"):
        scoring.brier_score([1, 0], masked)
    with pytest.raises(ValueError, match="masked"):
        scoring.brier_score(np.ma.masked_array([1, 0], mask=[True, False]), [0.5, 0.5])


def test_a_masked_array_without_masked_values_is_its_data() -> None:
    plain = np.ma.masked_array([0.2, 0.9])
    assert scoring.brier_score([0, 1], plain) == pytest.approx((0.04 + 0.01) / 2)


def test_series_with_disagreeing_indexes_are_refused() -> None:
    outcomes = pd.Series([1, 0], index=["a", "b"])
    reversed_ = pd.Series([0.1, 0.8], index=["b", "a"])
    with pytest.raises(ValueError, match="different indexes"):
        scoring.brier_score(outcomes, reversed_)
    with pytest.raises(ValueError, match="different indexes"):
        scoring.compare(outcomes, reversed_, pd.Series([0.5, 0.5], index=["a", "b"]))
    aligned = reversed_.reindex(outcomes.index)
    assert scoring.brier_score(outcomes, aligned) == pytest.approx((0.2**2 + 0.1**2) / 2)


def test_series_and_arrays_pair_by_position() -> None:
    """A Series with a plain array: the documented convention is position."""
    outcomes = pd.Series([1, 0], index=["x", "y"])
    assert scoring.brier_score(outcomes, np.array([0.8, 0.1])) == pytest.approx(0.025)
