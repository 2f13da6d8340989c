"""Tests of brier_score, log_score and brier_skill_score against independent references."""

from __future__ import annotations

import warnings
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import xlogy
from sklearn.metrics import brier_score_loss, log_loss

from foretell.scoring import (
    brier_score,
    brier_skill_score,
    corp_decomposition,
    log_score,
)
from foretell.scoring._kernels import SUM_UNIT as CHUNK

PROPERTY = settings(max_examples=60, deadline=None)
probability = st.floats(0.0, 1.0)


class TestPublishedValues:
    """Numbers printed in scikit-learn and scoringrules documentation and test suites."""

    def test_sklearn_brier_docstring(self, published: dict[str, Any]) -> None:
        """brier_score_loss docstring: 0.0375, and 0.075 without halving."""
        case = published["sklearn_brier_docstring"]
        y, p = case["y_true"], case["y_proba"]
        assert brier_score(y, p) == pytest.approx(case["expected"]["default"], rel=1e-12)
        assert brier_score(y, p, scale="0-2") == pytest.approx(
            case["expected"]["scale_by_half_False"], rel=1e-12
        )

    def test_sklearn_multiclass(self, published: dict[str, Any]) -> None:
        """Multiclass Brier 0.41333333 on the 0-2 scale, half of it on the 0-1 scale (default)."""
        case = published["sklearn_brier_multiclass_test"]
        y, p = case["y_true"], case["y_proba"]
        assert brier_score(y, p) == pytest.approx(case["expected"] / 2, abs=5e-9)
        assert brier_score(y, p, scale="0-2") == pytest.approx(case["expected"], abs=5e-9)
        assert brier_score(y, p, scale="0-1") == pytest.approx(case["expected"] / 2, abs=5e-9)

    def test_sklearn_perfect_and_perfectly_wrong(self, published: dict[str, Any]) -> None:
        """Three classes: a perfect forecast scores 0, a certain wrong one 2 (0-2 scale)."""
        expected = published["sklearn_brier_multiclass_test"]["also_expected"]
        eye = np.eye(3)
        assert brier_score([0, 1, 2], eye, scale="0-2") == expected["perfect_3class"]
        assert brier_score([1, 2, 0], eye, scale="0-2") == expected["perfectly_wrong_3class"]
        assert brier_score([1, 2, 0], eye) == expected["perfectly_wrong_3class"] / 2

    def test_sklearn_log_loss(self, published: dict[str, Any]) -> None:
        """log_loss cases; string labels become category indices in sorted order."""
        cases = published["sklearn_log_loss_test"]["cases"]
        for case, tolerance in zip(cases, (5e-8, 5e-7, 5e-6), strict=True):
            labels = sorted(set(case["y_true"]))
            y = [labels.index(label) for label in case["y_true"]]
            assert log_score(y, case["y_proba"]) == pytest.approx(case["expected"], abs=tolerance)

    def test_scoringrules_single_values(self, published: dict[str, Any]) -> None:
        """scoringrules' unit tests: Brier(0, 0.271) and log score(0, 0.481)."""
        tests = published["scoringrules_tests"]
        brier, log = tests["brier"], tests["log"]
        assert brier_score([brier["obs"]], [brier["fct"]]) == pytest.approx(
            brier["expected"], abs=5e-7
        )
        assert log_score([log["obs"]], [log["fct"]]) == pytest.approx(log["expected"], abs=5e-8)


class TestAgainstScikitLearn:
    """Random (seeded) data scored by scikit-learn."""

    def test_binary_brier_both_scales(self) -> None:
        """0-1 scale equals brier_score_loss; 0-2 equals scale_by_half=False."""
        rng = np.random.default_rng(1)
        p = rng.random(500)
        y = (rng.random(500) < p).astype(int)
        assert brier_score(y, p) == pytest.approx(brier_score_loss(y, p), rel=1e-12)
        assert brier_score(y, p, scale="0-2") == pytest.approx(
            brier_score_loss(y, p, scale_by_half=False), rel=1e-12
        )

    @pytest.mark.parametrize("k", [2, 3, 5])
    def test_multiclass_brier_both_scales(self, k: int) -> None:
        """0-2 is Brier's sum over categories; 0-1, the default, halves it (scale_by_half)."""
        rng = np.random.default_rng(k)
        p = rng.dirichlet(np.ones(k), size=300)
        y = rng.integers(0, k, 300)
        labels = list(range(k))
        expected = brier_score_loss(y, p, labels=labels, scale_by_half=False)
        assert brier_score(y, p, scale="0-2") == pytest.approx(expected, rel=1e-12)
        assert brier_score(y, p) == pytest.approx(expected / 2, rel=1e-12)
        assert brier_score(y, p, scale="0-1") == pytest.approx(
            brier_score_loss(y, p, labels=labels, scale_by_half=True), rel=1e-12
        )

    def test_binary_log_score(self) -> None:
        """Binary log score equals log_loss away from 0 and 1 (where sklearn clips)."""
        rng = np.random.default_rng(2)
        p = rng.uniform(0.01, 0.99, 400)
        y = (rng.random(400) < p).astype(int)
        assert log_score(y, p) == pytest.approx(log_loss(y, p), rel=1e-12)

    def test_multiclass_log_score(self) -> None:
        """Multi-category log score equals log_loss with explicit labels."""
        rng = np.random.default_rng(3)
        p = rng.dirichlet(np.ones(4) * 2, size=300)
        y = rng.integers(0, 4, 300)
        assert log_score(y, p) == pytest.approx(log_loss(y, p, labels=[0, 1, 2, 3]), rel=1e-12)


class TestConventions:
    """Fractional outcomes, infinite log scores, exact small cases, long inputs."""

    def test_hand_worked_fractions(self) -> None:
        """A three-case example checked with exact rational arithmetic."""
        y = [Fraction(1), Fraction(0), Fraction(1)]
        p = [Fraction(7, 10), Fraction(1, 5), Fraction(1, 2)]
        expected = sum((a - b) ** 2 for a, b in zip(p, y, strict=True)) / 3
        assert expected == Fraction(19, 150)
        assert brier_score([1, 0, 1], [0.7, 0.2, 0.5]) == pytest.approx(float(expected), rel=1e-12)
        assert brier_score([1, 0, 1], [0.7, 0.2, 0.5], scale="0-2") == pytest.approx(
            float(2 * expected), rel=1e-12
        )

    def test_fractional_outcomes(self) -> None:
        """A fractional outcome o is scored (p - o)^2 and -(o ln p + (1 - o) ln(1 - p))."""
        y = np.array([0.25, 1.0, 0.0, 0.6])
        p = np.array([0.3, 0.9, 0.1, 0.6])
        assert brier_score(y, p) == pytest.approx(np.mean((p - y) ** 2), rel=1e-12)
        expected_log = -np.mean(xlogy(y, p) + xlogy(1 - y, 1 - p))
        assert log_score(y, p) == pytest.approx(expected_log, rel=1e-12)

    def test_log_score_zero_log_zero(self) -> None:
        """Certain forecasts that come true score 0, with no warning."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert log_score([1, 0], [1.0, 0.0]) == 0.0

    @pytest.mark.parametrize(
        ("outcomes", "probabilities"),
        [([1], [0.0]), ([0], [1.0]), ([0, 1], [0.5, 0.0]), ([2], [[0.5, 0.5, 0.0]])],
    )
    def test_log_score_infinite(self, outcomes: list[int], probabilities: list[Any]) -> None:
        """Probability 0 on what happened gives inf: not clipped, and no warning."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert log_score(outcomes, probabilities) == np.inf

    def test_outcome_dtypes(self) -> None:
        """Bool, integer and float outcomes give the same score."""
        p = [0.2, 0.9, 0.4]
        expected = brier_score([0.0, 1.0, 1.0], p)
        assert brier_score([False, True, True], p) == expected
        assert brier_score(np.array([0, 1, 1], dtype=np.int8), p) == expected

    def test_two_columns_count_as_multi_category(self) -> None:
        """A 2-column array is multi-category; on the default 0-1 scale (half the sum over
        categories) it scores exactly as the binary form, and '0-2' doubles it."""
        y = [0, 1, 1, 0]
        p1 = np.array([0.1, 0.9, 0.8, 0.3])
        p2 = np.column_stack([1 - p1, p1])
        assert brier_score(y, p2) == pytest.approx(brier_score([0, 1, 1, 0], p1), rel=1e-12)
        assert brier_score(y, p2, scale="0-1") == pytest.approx(brier_score(y, p2), rel=1e-12)
        assert brier_score(y, p2, scale="0-2") == pytest.approx(
            2 * brier_score([0, 1, 1, 0], p1), rel=1e-12
        )

    def test_long_input_spans_blocks(self) -> None:
        """Inputs longer than one block give the plain formula's value."""
        rng = np.random.default_rng(4)
        n = 2 * CHUNK + 17
        p = rng.random(n)
        y = (rng.random(n) < p).astype(np.float64)
        assert brier_score(y, p) == pytest.approx(np.mean((p - y) ** 2), rel=1e-12)

    def test_error_found_in_a_later_block(self) -> None:
        """An invalid value after the first block is reported with its own index."""
        p = np.full(CHUNK + 10, 0.5)
        p[CHUNK + 3] = 1.5
        with pytest.raises(ValueError, match=rf"probabilities\[{CHUNK + 3}\] .*: 1.5$"):
            brier_score(np.zeros(CHUNK + 10), p)


class TestProperties:
    """Hypothesis properties: ranges, invariance, propriety."""

    @PROPERTY
    @given(st.lists(st.tuples(st.integers(0, 1), probability), min_size=1, max_size=50))
    def test_binary_range_and_permutation(self, cases: list[tuple[int, float]]) -> None:
        """Binary Brier is in [0, 1], 0-2 is twice it, and order does not matter."""
        y = np.array([c[0] for c in cases])
        p = np.array([c[1] for c in cases])
        value = brier_score(y, p)
        assert 0.0 <= value <= 1.0
        assert brier_score(y, p, scale="0-2") == pytest.approx(2 * value, rel=1e-12, abs=0)
        order = np.random.default_rng(len(cases)).permutation(len(cases))
        assert brier_score(y[order], p[order]) == pytest.approx(value, rel=1e-12, abs=1e-15)

    @PROPERTY
    @given(st.integers(2, 5), st.integers(1, 30), st.integers(0, 2**32 - 1))
    def test_multi_category_range(self, k: int, n: int, seed: int) -> None:
        """Multi-category Brier is in [0, 2]."""
        rng = np.random.default_rng(seed)
        p = rng.dirichlet(np.full(k, 0.3), size=n)
        p /= p.sum(axis=1, keepdims=True)
        y = rng.integers(0, k, n)
        assert 0.0 <= brier_score(y, p) <= 2.0 + 1e-12

    @PROPERTY
    @given(st.floats(0.0, 1.0))
    def test_brier_is_proper(self, q: float) -> None:
        """Expected Brier q(1-p)^2 + (1-q)p^2 is smallest at p = q (over a fine grid)."""
        grid = np.unique(np.append(np.linspace(0, 1, 201), q))
        expected = [q * brier_score([1], [p]) + (1 - q) * brier_score([0], [p]) for p in grid]
        assert grid[int(np.argmin(expected))] == pytest.approx(q, abs=1e-12)

    @PROPERTY
    @given(st.floats(0.01, 0.99))
    def test_log_score_is_proper(self, q: float) -> None:
        """Expected log score is smallest at p = q (over a fine grid)."""
        grid = np.unique(np.append(np.linspace(0.001, 0.999, 199), q))
        expected = [q * log_score([1], [p]) + (1 - q) * log_score([0], [p]) for p in grid]
        assert grid[int(np.argmin(expected))] == pytest.approx(q, abs=1e-12)


class TestBrierSkillScore:
    """Skill against a constant, another forecaster, and in-sample climatology."""

    y = np.array([0, 1, 1, 0, 1, 1])
    p = np.array([0.2, 0.7, 0.6, 0.4, 0.9, 0.5])

    def test_constant_reference(self) -> None:
        """Against 0.5, BS_ref = 0.25."""
        expected = 1 - np.mean((self.p - self.y) ** 2) / 0.25
        assert brier_skill_score(self.y, self.p, 0.5) == pytest.approx(expected, rel=1e-12)

    def test_array_reference(self) -> None:
        """Against another forecaster's probabilities."""
        other = np.array([0.5, 0.5, 0.8, 0.1, 0.6, 0.7])
        expected = 1 - np.mean((self.p - self.y) ** 2) / np.mean((other - self.y) ** 2)
        assert brier_skill_score(self.y, self.p, other) == pytest.approx(expected, rel=1e-12)

    def test_base_rate_equals_corp_ratio(self) -> None:
        """In-sample climatology: BSS = (DSC - MCB) / UNC, and BS_ref = ybar (1 - ybar)."""
        corp = corp_decomposition(self.y, self.p)
        expected = (corp.discrimination - corp.miscalibration) / corp.uncertainty
        value = brier_skill_score(self.y, self.p, "base_rate")
        assert value == pytest.approx(expected, rel=1e-12)
        ybar = self.y.mean()
        manual = 1 - np.mean((self.p - self.y) ** 2) / (ybar * (1 - ybar))
        assert value == pytest.approx(manual, rel=1e-12)

    def test_multi_category(self) -> None:
        """Multi-category: base rate 1 - sum f_k^2, a constant vector, or an n-by-K array."""
        y = np.array([0, 2, 1, 2])
        p = np.array([[0.6, 0.2, 0.2], [0.1, 0.2, 0.7], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6]])
        onehot = np.eye(3)[y]
        score = np.mean(np.sum((p - onehot) ** 2, axis=1))
        frequencies = np.array([0.25, 0.25, 0.5])
        assert brier_skill_score(y, p, "base_rate") == pytest.approx(
            1 - score / (1 - np.sum(frequencies**2)), rel=1e-12
        )
        uniform = np.full(3, 1 / 3)
        uniform_score = np.mean(np.sum((uniform - onehot) ** 2, axis=1))
        assert brier_skill_score(y, p, uniform) == pytest.approx(
            1 - score / uniform_score, rel=1e-12
        )
        assert brier_skill_score(y, p, np.tile(uniform, (4, 1))) == pytest.approx(
            1 - score / uniform_score, rel=1e-12
        )

    def test_undefined_raises(self) -> None:
        """A perfect reference (BS_ref = 0) makes the skill score undefined."""
        with pytest.raises(ValueError, match=r"undefined.*every outcome is the same"):
            brier_skill_score([1, 1, 1], [0.5, 0.6, 0.7], "base_rate")
        with pytest.raises(ValueError, match="undefined"):
            brier_skill_score([1, 0], [0.5, 0.6], [1.0, 0.0])

    @pytest.mark.parametrize(
        ("reference", "message"),
        [
            ("climatology", r"reference must be a number, an array or 'base_rate'"),
            (1.5, r"reference must be between 0 and 1: 1.5"),
            ([0.5, 0.5], r"same length"),
            ([0.5, 0.5, 0.5, 0.5, 0.5, 1.2], r"reference\[5\] must be between 0 and 1: 1.2"),
        ],
    )
    def test_bad_reference(self, reference: Any, message: str) -> None:
        """Bad references are named in the error."""
        with pytest.raises(ValueError, match=message):
            brier_skill_score(self.y, self.p, reference)

    def test_number_reference_for_multi_category_raises(self) -> None:
        """A single number is not a multi-category forecast."""
        with pytest.raises(ValueError, match="vector of 2 category probabilities"):
            brier_skill_score([0, 1], [[0.5, 0.5], [0.2, 0.8]], 0.5)
