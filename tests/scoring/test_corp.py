"""Tests of corp_decomposition against R reliabilitydiag figures and scikit-learn's PAV."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import isotonic_regression
from sklearn.isotonic import IsotonicRegression

from foretell.scoring import CorpDecomposition, brier_score, corp_decomposition, log_score
from foretell.scoring import corp as corp_module
from foretell.scoring._kernels import SUM_UNIT as CHUNK

PROPERTY = settings(max_examples=80, deadline=None)

#: R reliabilitydiag, Brier CORP summaries of the Niamey forecasts (research notes, table in
#: scoring.md section 6; EMOS matches the package README's 0.232 / 0.0183 / 0.0305 / 0.244).
NIAMEY_BRIER = {
    "EMOS": (0.2320252, 0.0182829, 0.0304685, 0.2442108),
    "Logistic": (0.2057462, 0.0170761, 0.0555407, 0.2442108),
    "ENS": (0.2661677, 0.0660722, 0.0441153, 0.2442108),
    "EPC": (0.2342818, 0.0223497, 0.0322788, 0.2442108),
}


@contextmanager
def sorting_path_only() -> Iterator[None]:
    """Make corp_decomposition take the sorting path even for whole-percent forecasts."""
    original = corp_module.scan_cases

    def scan_without_cells(y: np.ndarray, p: np.ndarray) -> Any:
        scan = original(y, p)
        scan.cell_counts = scan.cell_sums = None
        return scan

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(corp_module, "scan_cases", scan_without_cells)
        yield


def isotonic_reference(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    """scikit-learn's isotonic regression (it pools tied x values before PAV)."""
    return np.asarray(IsotonicRegression(out_of_bounds="clip").fit(p, y).predict(p))


def as_tuple(d: CorpDecomposition) -> tuple[float, float, float, float]:
    return d.score, d.miscalibration, d.discrimination, d.uncertainty


class TestPublishedValues:
    """R reliabilitydiag's examples."""

    def test_six_observations_brier_exact(self, published: dict[str, Any]) -> None:
        """Brier CORP of the 6-case example equals 34/150, 61/600, 1/8, 1/4."""
        case = published["reliabilitydiag_6obs"]
        d = corp_decomposition(case["y"], case["p"])
        exact = (Fraction(34, 150), Fraction(61, 600), Fraction(1, 8), Fraction(1, 4))
        for value, fraction in zip(as_tuple(d), exact, strict=True):
            assert value == pytest.approx(float(fraction), rel=1e-12)
        np.testing.assert_array_equal(d.recalibrated, case["pav_recalibrated"])
        expected = case["expected_brier"]
        assert as_tuple(d) == pytest.approx(
            (expected["score"], expected["MCB"], expected["DSC"], expected["UNC"]), abs=5e-8
        )

    def test_six_observations_log(self, published: dict[str, Any]) -> None:
        """Log-score CORP of the 6-case example (R prints 7 digits)."""
        case = published["reliabilitydiag_6obs"]
        d = corp_decomposition(case["y"], case["p"], score="log")
        expected = case["expected_logloss"]
        assert as_tuple(d) == pytest.approx(
            (expected["score"], expected["MCB"], expected["DSC"], expected["UNC"]), abs=5e-8
        )
        assert d.uncertainty == pytest.approx(np.log(2), rel=1e-12)

    @pytest.mark.parametrize("name", NIAMEY_BRIER)
    def test_niamey(self, niamey: dict[str, np.ndarray], name: str) -> None:
        """The four Niamey forecasts (ENS has ties and forecasts of exactly 0 and 1)."""
        d = corp_decomposition(niamey["obs"], niamey[name])
        assert as_tuple(d) == pytest.approx(NIAMEY_BRIER[name], abs=5e-8)

    def test_niamey_readme(self, niamey: dict[str, np.ndarray], published: dict[str, Any]) -> None:
        """The README's rounded EMOS figures."""
        expected = published["reliabilitydiag_niamey"]["expected_EMOS_rounded_3sf"]
        d = corp_decomposition(niamey["obs"], niamey["EMOS"])
        assert d.score == pytest.approx(expected["score"], abs=5e-4)
        assert d.miscalibration == pytest.approx(expected["MCB"], abs=5e-5)
        assert d.discrimination == pytest.approx(expected["DSC"], abs=5e-5)
        assert d.uncertainty == pytest.approx(expected["UNC"], abs=5e-4)


class TestRecalibration:
    """The recalibrated probabilities are scikit-learn's isotonic fit, in input order."""

    @pytest.mark.parametrize("ties", [False, True])
    def test_matches_sklearn(self, ties: bool) -> None:
        """Random data with and without tied forecasts."""
        rng = np.random.default_rng(7)
        p = rng.random(2000)
        if ties:
            p = np.round(p * 20) / 20
        y = (rng.random(2000) < p).astype(np.float64)
        d = corp_decomposition(y, p)
        np.testing.assert_allclose(d.recalibrated, isotonic_reference(y, p), rtol=0, atol=1e-12)

    def test_fractional_outcomes_match_sklearn(self) -> None:
        """Fractional outcomes are regressed like any numbers."""
        rng = np.random.default_rng(8)
        p = rng.random(500)
        y = np.clip(p + rng.normal(0, 0.2, 500), 0, 1)
        d = corp_decomposition(y, p)
        np.testing.assert_allclose(d.recalibrated, isotonic_reference(y, p), rtol=0, atol=1e-12)

    def test_input_order_and_read_only(self) -> None:
        """Shuffling the cases shuffles the recalibrated values; the array is read-only."""
        rng = np.random.default_rng(9)
        p = rng.random(300)
        y = (rng.random(300) < p).astype(np.float64)
        order = rng.permutation(300)
        d = corp_decomposition(y, p)
        shuffled = corp_decomposition(y[order], p[order])
        np.testing.assert_array_equal(shuffled.recalibrated, d.recalibrated[order])
        assert not d.recalibrated.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            d.recalibrated[0] = 0.5

    def test_ties_share_one_value(self) -> None:
        """Tied forecasts with different outcomes are pooled, whatever their order."""
        d = corp_decomposition([1, 0, 0, 1], [0.5, 0.5, 0.2, 0.8])
        np.testing.assert_array_equal(d.recalibrated, [0.5, 0.5, 0.0, 1.0])

    def test_scores_consistent_with_score_functions(self) -> None:
        """score is the Brier (or log) score, and UNC the score of the base rate."""
        rng = np.random.default_rng(10)
        p = rng.uniform(0.01, 0.99, 400)
        y = (rng.random(400) < p).astype(np.float64)
        ybar = y.mean()
        brier = corp_decomposition(y, p)
        assert brier.score == pytest.approx(brier_score(y, p), rel=1e-12)
        assert brier.uncertainty == pytest.approx(ybar * (1 - ybar), rel=1e-12)
        assert brier.score - brier.miscalibration == pytest.approx(
            brier_score(y, brier.recalibrated), rel=1e-12
        )
        log = corp_decomposition(y, p, score="log")
        assert log.score == pytest.approx(log_score(y, p), rel=1e-12)
        assert log.uncertainty == pytest.approx(log_score(y, np.full(400, ybar)), rel=1e-12)
        assert log.score - log.miscalibration == pytest.approx(
            log_score(y, log.recalibrated), rel=1e-12
        )

    def test_log_score_infinite_miscalibration(self) -> None:
        """A certain forecast that fails makes log MCB infinite; DSC and UNC stay finite."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            d = corp_decomposition([1, 0, 1, 0], [0.0, 0.3, 0.7, 0.2], score="log")
        assert d.score == np.inf
        assert d.miscalibration == np.inf
        assert np.isfinite(d.discrimination)
        assert d.uncertainty == pytest.approx(np.log(2), rel=1e-12)

    def test_constant_outcomes(self) -> None:
        """With a single outcome value, UNC = DSC = 0 and MCB is the whole score."""
        d = corp_decomposition([1, 1, 1], [0.2, 0.5, 0.9])
        assert d.uncertainty == 0.0
        assert d.discrimination == 0.0
        assert d.miscalibration == pytest.approx(d.score, rel=1e-12)
        np.testing.assert_array_equal(d.recalibrated, [1.0, 1.0, 1.0])


class TestPaths:
    """The whole-percent counting path and the sorting path give identical results."""

    @pytest.mark.parametrize("score", ["brier", "log"])
    @pytest.mark.parametrize("n", [1, 7, 1000, CHUNK + 5])
    def test_identical_on_whole_percents(self, n: int, score: str) -> None:
        """Bit-for-bit equality on 0/1 outcomes, including across block boundaries."""
        rng = np.random.default_rng(n)
        p = rng.integers(0, 101, n) / 100
        y = (rng.random(n) < p).astype(np.float64)
        counted = corp_decomposition(y, p, score=score)
        with sorting_path_only():
            sorted_ = corp_decomposition(y, p, score=score)
        assert counted == sorted_
        assert as_tuple(counted) == as_tuple(sorted_)
        np.testing.assert_array_equal(counted.recalibrated, sorted_.recalibrated)

    @PROPERTY
    @given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 100)), min_size=1, max_size=60))
    def test_identical_property(self, cases: list[tuple[int, int]]) -> None:
        """Any whole-percent data, any 0/1 outcomes."""
        y = np.array([c[0] for c in cases], dtype=np.float64)
        p = np.array([c[1] for c in cases]) / 100
        counted = corp_decomposition(y, p)
        with sorting_path_only():
            sorted_ = corp_decomposition(y, p)
        assert counted == sorted_

    def test_fractional_outcomes_agree(self) -> None:
        """With fractional outcomes the paths agree up to rounding."""
        rng = np.random.default_rng(11)
        p = rng.integers(0, 101, 3000) / 100
        y = rng.random(3000)
        counted = corp_decomposition(y, p)
        with sorting_path_only():
            sorted_ = corp_decomposition(y, p)
        assert as_tuple(counted) == pytest.approx(as_tuple(sorted_), rel=1e-12, abs=1e-15)
        np.testing.assert_allclose(counted.recalibrated, sorted_.recalibrated, atol=1e-12)

    def test_counting_path_is_used_for_whole_percents(self) -> None:
        """Whole percents never sort; other values do (checked by spying on the sort step)."""
        calls: list[int] = []
        original = corp_module.sort_atoms

        def spy(y: np.ndarray, p: np.ndarray) -> Any:
            calls.append(len(p))
            return original(y, p)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(corp_module, "sort_atoms", spy)
            corp_decomposition([0, 1, 1], [0.07, 0.85, 0.5])
            assert calls == []
            corp_decomposition([0, 1, 1], [0.07, 0.855, 0.5])
            assert calls == [3]

    def test_off_grid_value_in_a_later_block(self) -> None:
        """One non-percent probability after the first block switches to sorting correctly."""
        rng = np.random.default_rng(12)
        n = CHUNK + 100
        p = rng.integers(0, 101, n) / 100
        p[CHUNK + 50] = 0.123
        y = (rng.random(n) < p).astype(np.float64)
        d = corp_decomposition(y, p)
        np.testing.assert_allclose(d.recalibrated, isotonic_reference(y, p), atol=1e-12)


class TestProperties:
    """The decomposition identity and the signs of its terms, on arbitrary data."""

    @PROPERTY
    @given(
        st.lists(
            st.tuples(st.floats(0, 1), st.one_of(st.floats(0, 1), st.integers(0, 100))),
            min_size=1,
            max_size=60,
        ),
        st.booleans(),
    )
    def test_identity_and_signs(self, cases: list[tuple[float, float]], binary: bool) -> None:
        """score = MCB - DSC + UNC to 1e-12; MCB >= 0 and DSC >= 0 up to rounding."""
        y = np.array([c[0] for c in cases])
        if binary:
            y = (y > 0.5).astype(np.float64)
        p = np.array([c[1] / 100 if isinstance(c[1], int) else c[1] for c in cases])
        for score in ("brier", "log"):
            d = corp_decomposition(y, p, score=score)
            if not np.isfinite(d.score):
                continue
            total = d.miscalibration - d.discrimination + d.uncertainty
            assert abs(total - d.score) <= 1e-12
            assert d.miscalibration >= -1e-12
            assert d.discrimination >= -1e-12
            assert np.all(np.diff(d.recalibrated[np.argsort(p, kind="stable")]) >= -1e-15)


@pytest.mark.parametrize(
    ("outcomes", "probabilities"),
    [
        ([0.0, 5e-324], [0.5, 0.5]),  # the block's mean outcome rounds to 0
        ([0.0, 5e-324, 1.0], [0.2, 0.2, 0.9]),
        ([5e-324, 0.0, 0.0, 1.0, 0.3], [0.1, 0.1, 0.1, 0.8, 0.8]),
    ],
)
def test_a_block_mean_that_rounds_to_0_keeps_the_log_decomposition_finite(
    outcomes: list[float], probabilities: list[float]
) -> None:
    """Found by the property test: the log terms are finite and the identity holds."""
    d = corp_decomposition(outcomes, probabilities, score="log")
    assert np.isfinite([d.score, d.miscalibration, d.discrimination, d.uncertainty]).all()
    assert abs(d.miscalibration - d.discrimination + d.uncertainty - d.score) <= 1e-12
    assert d.miscalibration >= -1e-12
    assert d.discrimination >= -1e-12


def test_small_and_large_pav_paths_agree() -> None:
    """The pure-Python PAV for few atoms gives scipy's blocks (the fit is unique)."""
    rng = np.random.default_rng(7)
    for size in (1, 2, 3, 10, 101, 500):
        for _ in range(20):
            counts = rng.integers(1, 5, size).astype(float)
            sums = np.floor(rng.random(size) * (counts + 1))
            means = sums / counts
            expected = isotonic_regression(means, weights=counts)
            starts = corp_module._pav_starts(counts.tolist(), sums.tolist())
            fitted = np.repeat(
                np.add.reduceat(sums, starts) / np.add.reduceat(counts, starts),
                np.diff([*starts, size]),
            )
            np.testing.assert_allclose(fitted, expected.x, rtol=0, atol=1e-12)


def test_a_zero_uncertainty_is_positive_zero() -> None:
    """All outcomes equal: the log score's uncertainty is 0.0, not -0.0."""
    d = corp_decomposition([1, 1, 1, 1], [0.1, 0.5, 0.3, 0.9], score="log")
    assert d.uncertainty == 0.0
    assert math.copysign(1.0, d.uncertainty) == 1.0
