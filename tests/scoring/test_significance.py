"""Tests of spiegelhalter_test and compare against independent formulas and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm, ttest_rel

from foretell.scoring import compare, spiegelhalter_test

PROPERTY = settings(max_examples=60, deadline=None)


class TestSpiegelhalter:
    """Spiegelhalter's Z as the standardised Brier score."""

    @staticmethod
    def standardised_brier(y: np.ndarray, p: np.ndarray) -> float:
        """(sum (y - p)^2 - E0) / sd0 with E0 = sum p(1-p), Var0 = sum (1-2p)^2 p(1-p)."""
        observed = np.sum((y - p) ** 2)
        expected = np.sum(p * (1 - p))
        variance = np.sum((1 - 2 * p) ** 2 * p * (1 - p))
        return float((observed - expected) / np.sqrt(variance))

    def test_hand_worked(self) -> None:
        """Five cases: numerator 0.72, variance 0.264."""
        result = spiegelhalter_test([0, 1, 1, 0, 1], [0.1, 0.3, 0.8, 0.9, 0.9])
        assert result.z == pytest.approx(0.72 / math.sqrt(0.264), rel=1e-12)
        assert result.p_value == pytest.approx(2 * norm.sf(abs(result.z)), rel=1e-12)

    def test_niamey(self, niamey: dict[str, np.ndarray]) -> None:
        """Every Niamey forecast: Z equals the standardised Brier score."""
        y = niamey["obs"]
        for name in ("EMOS", "Logistic", "ENS", "EPC"):
            result = spiegelhalter_test(y, niamey[name])
            assert result.z == pytest.approx(self.standardised_brier(y, niamey[name]), rel=1e-10)
            assert result.p_value == pytest.approx(2 * norm.sf(abs(result.z)), rel=1e-10)

    @PROPERTY
    @given(st.integers(2, 200), st.integers(0, 2**32 - 1))
    def test_property(self, n: int, seed: int) -> None:
        """On random data, Z = standardised Brier and 0 <= p <= 1."""
        rng = np.random.default_rng(seed)
        p = rng.uniform(0.01, 0.99, n)
        y = (rng.random(n) < p).astype(np.float64)
        result = spiegelhalter_test(y, p)
        assert result.z == pytest.approx(self.standardised_brier(y, p), rel=1e-9, abs=1e-12)
        assert 0.0 <= result.p_value <= 1.0

    @pytest.mark.parametrize("p", [[0.5, 0.5], [0.0, 1.0], [0.0, 0.5, 1.0]])
    def test_undefined(self, p: list[float]) -> None:
        """Probabilities of only 0, 0.5 and 1 leave no variance: z and p are NaN."""
        result = spiegelhalter_test([0, 1, 1][: len(p)], p)
        assert math.isnan(result.z)
        assert math.isnan(result.p_value)

    def test_fractional_outcomes_refused(self) -> None:
        """The test's null distribution needs 0/1 outcomes."""
        with pytest.raises(ValueError, match=r"^outcomes\[1\] must be 0 or 1: 0.5$"):
            spiegelhalter_test([1, 0.5], [0.3, 0.4])


class TestCompare:
    """Diebold-Mariano with iid variance = paired t-test."""

    def test_niamey_emos_against_ens(self, niamey: dict[str, np.ndarray]) -> None:
        """Published oracle: mean difference -0.0341425, DM (ddof 1) -1.05546."""
        result = compare(niamey["obs"], niamey["EMOS"], niamey["ENS"])
        assert result.n == 92
        assert result.mean_difference == pytest.approx(-0.0341425, abs=5e-8)
        assert result.statistic == pytest.approx(-1.05546, abs=5e-6)
        assert result.brier_a == pytest.approx(0.2320252, abs=5e-8)
        assert result.brier_b == pytest.approx(0.2661677, abs=5e-8)
        reference = ttest_rel(
            (niamey["EMOS"] - niamey["obs"]) ** 2, (niamey["ENS"] - niamey["obs"]) ** 2
        )
        assert result.statistic == pytest.approx(reference.statistic, rel=1e-10)
        assert result.p_value == pytest.approx(reference.pvalue, rel=1e-10)
        assert result.better is None

    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_matches_ttest_rel(self, seed: int) -> None:
        """Random forecasters: statistic and p-value equal scipy's paired t-test."""
        rng = np.random.default_rng(seed)
        truth = rng.random(150)
        y = (rng.random(150) < truth).astype(np.float64)
        a = np.clip(truth + rng.normal(0, 0.05, 150), 0, 1)
        b = np.clip(truth + rng.normal(0, 0.25, 150), 0, 1)
        result = compare(y, a, b)
        reference = ttest_rel((a - y) ** 2, (b - y) ** 2)
        assert result.statistic == pytest.approx(reference.statistic, rel=1e-10)
        assert result.p_value == pytest.approx(reference.pvalue, rel=1e-10)
        expected = (
            None if reference.pvalue >= 0.05 else ("a" if result.mean_difference < 0 else "b")
        )
        assert result.better == expected

    def test_better(self) -> None:
        """A clearly better forecaster is named; swapping A and B flips the sign and name."""
        rng = np.random.default_rng(4)
        truth = rng.random(400)
        y = (rng.random(400) < truth).astype(np.float64)
        good, bad = truth, np.full(400, 0.5)
        forward = compare(y, good, bad)
        backward = compare(y, bad, good)
        assert forward.better == "a"
        assert backward.better == "b"
        assert forward.mean_difference == pytest.approx(-backward.mean_difference, rel=1e-12)
        assert forward.statistic == pytest.approx(-backward.statistic, rel=1e-12)
        assert compare(y, good, bad, alpha=1e-300).better is None

    def test_scale_changes_means_not_the_test(self) -> None:
        """On the 0-2 scale the means double; statistic and p-value stay."""
        y, a, b = [1, 0, 1, 1, 0], [0.9, 0.2, 0.6, 0.7, 0.4], [0.6, 0.5, 0.5, 0.8, 0.3]
        one, two = compare(y, a, b), compare(y, a, b, scale="0-2")
        assert two.brier_a == pytest.approx(2 * one.brier_a, rel=1e-12)
        assert two.mean_difference == pytest.approx(2 * one.mean_difference, rel=1e-12)
        assert two.statistic == pytest.approx(one.statistic, rel=1e-12)
        assert two.p_value == pytest.approx(one.p_value, rel=1e-12)

    def test_multi_category(self) -> None:
        """Multi-category forecasters are compared on the Brier score (0-1 by default)."""
        rng = np.random.default_rng(5)
        y = rng.integers(0, 3, 60)
        a = rng.dirichlet(np.ones(3), 60)
        b = rng.dirichlet(np.ones(3), 60)
        onehot = np.eye(3)[y]
        scores_a = np.sum((a - onehot) ** 2, axis=1)
        scores_b = np.sum((b - onehot) ** 2, axis=1)
        result = compare(y, a, b, scale="0-2")
        assert result.brier_a == pytest.approx(scores_a.mean(), rel=1e-12)
        assert compare(y, a, b).brier_a == pytest.approx(scores_a.mean() / 2, rel=1e-12)
        assert result.statistic == pytest.approx(ttest_rel(scores_a, scores_b).statistic, rel=1e-10)

    def test_degenerate_cases(self) -> None:
        """n = 1 and identical forecasters give NaN; a constant gap gives +/-inf and p = 0."""
        single = compare([1], [0.9], [0.5])
        assert math.isnan(single.statistic)
        assert math.isnan(single.p_value)
        assert single.better is None
        same = compare([1, 0], [0.7, 0.2], [0.7, 0.2])
        assert math.isnan(same.statistic)
        assert same.better is None
        gap = compare([1, 1], [1.0, 1.0], [0.5, 0.5])
        assert gap.statistic == -math.inf
        assert gap.p_value == 0.0
        assert gap.better == "a"

    def test_shape_mismatch(self) -> None:
        """The two forecasters must give the same shape of probabilities."""
        with pytest.raises(ValueError, match=r"^probabilities_a and probabilities_b must have"):
            compare([0, 1], [0.2, 0.8], [[0.8, 0.2], [0.2, 0.8]])
        with pytest.raises(ValueError, match=r"^probabilities_b\[1\] must be between 0 and 1"):
            compare([0, 1], [0.2, 0.8], [0.2, 1.8])

    def test_bad_alpha(self) -> None:
        """alpha must be a probability."""
        with pytest.raises(ValueError, match=r"^alpha must be strictly between 0 and 1: 5$"):
            compare([0, 1], [0.2, 0.8], [0.3, 0.7], alpha=5)
