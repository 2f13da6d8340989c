"""Tests of calibration_table (against scikit-learn) and wilson_interval (closed forms)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm
from sklearn.calibration import calibration_curve

from foretell.scoring import CalibrationTable, calibration_table, wilson_interval

PROPERTY = settings(max_examples=80, deadline=None)
Z95 = float(norm.ppf(0.975))


def frequencies(table: CalibrationTable) -> tuple[list[float], list[float]]:
    return (
        [row.observed_frequency for row in table.rows],
        [row.mean_probability for row in table.rows],
    )


class TestCalibrationTable:
    """Binning, empty bins, intervals."""

    def test_sklearn_published_cases(self, published: dict[str, Any]) -> None:
        """scikit-learn's calibration_curve examples (uniform and quantile bins)."""
        for case in published["sklearn_calibration_curve"]["cases"]:
            y, p = np.array(case["y_true"]), np.array(case["y_prob"], dtype=float)
            if case["strategy"] == "quantile":
                bins: Any = np.percentile(p, np.linspace(0, 100, case["n_bins"] + 1))
                bins[0], bins[-1] = 0.0, 1.0
            else:
                bins = case["n_bins"]
            observed, predicted = frequencies(calibration_table(y, p, bins=bins))
            np.testing.assert_allclose(observed, case["expected_prob_true"], rtol=1e-12)
            if case["expected_prob_pred"] is not None:
                np.testing.assert_allclose(predicted, case["expected_prob_pred"], rtol=1e-12)

    @pytest.mark.parametrize("n_bins", [2, 5, 10, 17])
    def test_matches_sklearn_on_random_data(self, n_bins: int) -> None:
        """Same (a, b] bins, same empty-bin omission as calibration_curve."""
        rng = np.random.default_rng(n_bins)
        p = rng.beta(0.7, 0.7, 400)
        y = (rng.random(400) < p).astype(int)
        expected_true, expected_pred = calibration_curve(y, p, n_bins=n_bins)
        observed, predicted = frequencies(calibration_table(y, p, bins=n_bins))
        np.testing.assert_allclose(observed, expected_true, rtol=1e-12)
        np.testing.assert_allclose(predicted, expected_pred, rtol=1e-12)

    def test_rows(self) -> None:
        """Edges, counts and empty bins: only occupied bins appear, counts add up."""
        y = [0, 0, 1, 1, 1, 0]
        p = [0.0, 0.3, 0.3, 0.31, 0.95, 1.0]
        table = calibration_table(y, p)
        assert [(row.lower, row.upper, row.n) for row in table.rows] == [
            (0.0, 0.1, 1),
            (0.2, 0.3, 2),
            (0.3, 0.4, 1),
            (0.9, 1.0, 2),
        ]
        assert sum(row.n for row in table.rows) == len(y)
        assert table.rows[1].observed_frequency == 0.5
        assert table.level == 0.95

    def test_fractional_outcomes(self) -> None:
        """The observed frequency of fractional outcomes is their mean."""
        table = calibration_table([0.2, 0.6, 1.0], [0.4, 0.45, 0.9], bins=2)
        assert table.rows[0].observed_frequency == pytest.approx(0.4, rel=1e-12)
        assert table.rows[1].observed_frequency == 1.0

    def test_intervals_are_wilson(self) -> None:
        """Each row's interval is wilson_interval(successes, n) at the table's level."""
        rng = np.random.default_rng(3)
        p = rng.random(200)
        y = (rng.random(200) < p).astype(int)
        table = calibration_table(y, p, bins=5, level=0.9)
        for row in table.rows:
            k = round(row.observed_frequency * row.n)
            low, high = wilson_interval(k, row.n, level=0.9)
            assert (row.ci_low, row.ci_high) == pytest.approx((low, high), rel=1e-12, abs=1e-15)
            assert row.ci_low <= row.observed_frequency <= row.ci_high

    def test_bad_level(self) -> None:
        """The level must be strictly between 0 and 1."""
        with pytest.raises(ValueError, match=r"^level must be strictly between 0 and 1: 95$"):
            calibration_table([1], [0.5], level=95)


class TestWilson:
    """The Wilson score interval against closed forms evaluated here."""

    def test_zero_of_two(self) -> None:
        """k = 0, n = 2: low is exactly 0 and high is z^2 / (2 + z^2)."""
        low, high = wilson_interval(0, 2)
        assert low == 0.0
        assert high == pytest.approx(Z95**2 / (2 + Z95**2), rel=1e-12)

    def test_all_successes(self) -> None:
        """k = n: high is exactly 1 and low is n / (n + z^2)."""
        for n in (1, 3, 10):
            low, high = wilson_interval(n, n)
            assert high == 1.0
            assert low == pytest.approx(n / (n + Z95**2), rel=1e-12)

    @pytest.mark.parametrize(("k", "n"), [(1, 2), (3, 10), (7, 9), (250, 1000), (2.5, 4)])
    def test_textbook_form(self, k: float, n: float) -> None:
        """(k + z^2/2) / (n + z^2) +/- z sqrt(n) / (n + z^2) sqrt(p(1 - p) + z^2 / 4n)."""
        share = k / n
        centre = (k + Z95**2 / 2) / (n + Z95**2)
        half = Z95 * math.sqrt(n) / (n + Z95**2) * math.sqrt(share * (1 - share) + Z95**2 / (4 * n))
        low, high = wilson_interval(k, n)
        assert (low, high) == pytest.approx((centre - half, centre + half), rel=1e-12)

    @pytest.mark.parametrize("level", [0.5, 0.8, 0.95, 0.99])
    def test_bounds_invert_the_score_test(self, level: float) -> None:
        """At each bound pi the score statistic |k/n - pi| / sqrt(pi (1 - pi) / n) equals z."""
        z = float(norm.ppf(0.5 + level / 2))
        k, n = 13, 40
        for bound in wilson_interval(k, n, level=level):
            statistic = abs(k / n - bound) / math.sqrt(bound * (1 - bound) / n)
            assert statistic == pytest.approx(z, rel=1e-10)

    def test_vectorised(self) -> None:
        """Arrays in, arrays out (broadcast), equal to the scalar results."""
        k = np.array([0, 3, 10])
        interval = wilson_interval(k, 10)
        assert isinstance(interval.low, np.ndarray)
        assert interval.low.shape == (3,)
        for i, successes in enumerate(k):
            low, high = wilson_interval(int(successes), 10)
            assert interval.low[i] == low
            assert interval.high[i] == high
        assert isinstance(wilson_interval(3, 10).low, float)

    @pytest.mark.parametrize(
        ("k", "n", "message"),
        [
            (1, 0, r"^n must be at least 1: 0$"),
            (-1, 5, r"^successes must be at least 0: -1$"),
            ([1, 6], 5, r"^successes\[1\] must not exceed n: 6$"),
            ([2, 3], [4, 0], r"^n\[1\] must be at least 1: 0$"),
            (float("nan"), 5, r"^successes must not be NaN$"),
        ],
    )
    def test_bad_counts(self, k: Any, n: Any, message: str) -> None:
        """Impossible counts are refused."""
        with pytest.raises(ValueError, match=message):
            wilson_interval(k, n)

    @PROPERTY
    @given(st.integers(1, 10_000), st.floats(0, 1), st.floats(0.5, 0.999))
    def test_properties(self, n: int, share: float, level: float) -> None:
        """0 <= low <= k/n <= high <= 1, and a higher level gives a wider interval."""
        k = round(share * n)
        low, high = wilson_interval(k, n, level=level)
        assert 0.0 <= low <= k / n <= high <= 1.0
        wider_low, wider_high = wilson_interval(k, n, level=min(0.9999, level + 0.0005))
        assert wider_low <= low + 1e-15
        assert wider_high >= high - 1e-15
