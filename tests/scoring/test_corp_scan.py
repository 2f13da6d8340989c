"""Tests of the CORP scan: the fast scan of 0/1 outcomes on whole percents and the general one."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foretell.scoring import _corp_scan, corp_decomposition
from foretell.scoring._corp_scan import PERCENTS, scan_cases
from foretell.scoring._kernels import BLOCK, SUM_UNIT

wide = pytest.mark.skipif(not _corp_scan._WIDE_INTP, reason="the fast scan needs a 64-bit intp")


def reference_sums(y: np.ndarray, p: np.ndarray) -> tuple[float, float, float]:
    """Squared-error, outcome and squared-outcome sums as np.sum per unit of 2**18 cases."""
    sums = [0.0, 0.0, 0.0]
    for start in range(0, p.shape[0], SUM_UNIT):
        p_unit, y_unit = p[start : start + SUM_UNIT], y[start : start + SUM_UNIT]
        sums[0] += float(np.sum((p_unit - y_unit) ** 2))
        sums[1] += float(np.sum(y_unit))
        sums[2] += float(np.sum(y_unit**2))
    return sums[0], sums[1], sums[2]


def percent_cases(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.integers(0, 101, n) / 100
    return (rng.random(n) < p).astype(np.float64), p


@wide
class TestFastScan:
    """0/1 outcomes on whole percents: counted per percent, with the general scan's sums."""

    @pytest.mark.parametrize("n", [1, 3, BLOCK + 1, SUM_UNIT + 7, 2 * SUM_UNIT + BLOCK + 3])
    def test_same_as_general_scan(self, n: int) -> None:
        y, p = percent_cases(n, n)
        fast = _corp_scan._scan_binary_percents(y, p)
        general = _corp_scan._scan_general(y, p)
        assert fast is not None
        assert fast.cell_counts is not None
        assert general.cell_counts is not None
        assert fast.cell_sums is not None
        assert general.cell_sums is not None
        np.testing.assert_array_equal(fast.cell_counts, general.cell_counts)
        np.testing.assert_array_equal(fast.cell_sums, general.cell_sums)
        for name in ("squared_error_sum", "outcome_sum", "outcome_square_sum"):
            assert getattr(fast, name) == getattr(general, name), name
        by_percent = np.random.default_rng(1).random(PERCENTS.shape[0])
        expected = by_percent[np.rint(p * 100).astype(int)]
        np.testing.assert_array_equal(fast.recalibrated(by_percent), expected)
        np.testing.assert_array_equal(general.recalibrated(by_percent), expected)

    def test_counts_by_hand(self) -> None:
        y = np.array([1.0, 0.0, 0.0, 1.0, -0.0])
        p = np.array([0.07, 0.07, 1.0, 0.0, -0.0])
        scan = _corp_scan._scan_binary_percents(y, p)
        assert scan is not None
        assert scan.cell_counts is not None
        assert scan.cell_sums is not None
        assert scan.cell_counts[[0, 7, 100]].tolist() == [2.0, 2.0, 1.0]
        assert scan.cell_sums[[0, 7, 100]].tolist() == [1.0, 1.0, 0.0]
        assert scan.cell_counts.sum() == 5
        assert scan.outcome_sum == scan.outcome_square_sum == 2.0
        assert scan.squared_error_sum == pytest.approx(0.93**2 + 0.07**2 + 1.0 + 1.0, rel=1e-15)

    @pytest.mark.parametrize("position", [0, 4, BLOCK + 2, SUM_UNIT + 1])
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("y", 0.5),
            ("y", 2.0),
            ("y", np.nan),
            ("y", np.inf),
            ("y", 1e-300),
            ("p", 0.123),
            ("p", np.nan),
            ("p", 1.01),
            ("p", -0.01),
            ("p", 1e308),
            ("p", np.inf),
            ("p", float(np.nextafter(0.07, 1.0))),
        ],
    )
    def test_anything_else_is_left_to_the_general_scan(
        self, position: int, field: str, value: float
    ) -> None:
        y, p = percent_cases(SUM_UNIT + 10, position)
        (y if field == "y" else p)[position] = value
        assert _corp_scan._scan_binary_percents(y, p) is None


class TestGeneralScan:
    """Sums as np.sum per unit, and per-percent counts only while every probability is one."""

    @pytest.mark.parametrize("off_grid_at", [None, 0, 5, BLOCK + 9, SUM_UNIT + 3])
    def test_fractional_outcomes(self, off_grid_at: int | None) -> None:
        rng = np.random.default_rng(8)
        n = 2 * SUM_UNIT + 100
        p = rng.integers(0, 101, n) / 100
        y = rng.random(n)
        if off_grid_at is not None:
            p[off_grid_at] = 0.123
        scan = scan_cases(y, p)
        squared, outcomes, squares = reference_sums(y, p)
        assert scan.squared_error_sum == squared
        assert scan.outcome_square_sum == squares
        if off_grid_at is None:
            assert scan.cell_counts is not None
            assert scan.cell_sums is not None
            assert scan.cell_counts.sum() == n
            assert scan.outcome_sum == pytest.approx(outcomes, rel=1e-12)
        else:
            assert scan.cell_counts is None
            assert scan.cell_sums is None
            if off_grid_at < SUM_UNIT:  # nothing was counted per percent: plain unit sums
                assert scan.outcome_sum == outcomes
            else:  # the first unit's outcomes were summed per percent
                assert scan.outcome_sum == pytest.approx(outcomes, rel=1e-12)

    def test_floats(self) -> None:
        rng = np.random.default_rng(2)
        p = rng.random(SUM_UNIT + 5)
        y = (rng.random(p.shape[0]) < p).astype(np.float64)
        scan = scan_cases(y, p)
        assert scan.cell_counts is None
        assert (scan.squared_error_sum, scan.outcome_sum, scan.outcome_square_sum) == (
            reference_sums(y, p)
        )


@pytest.mark.parametrize("p", [1e308, -1e308, np.inf])
def test_huge_probabilities_raise_without_warnings(p: float) -> None:
    """An out-of-range value is a ValueError naming it, with no overflow warning on the way."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"probabilities\[1\] must be between 0 and 1"):
            corp_decomposition([0.0, 1.0], [0.5, p])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([0.0, 1.0, -0.0]), st.integers(0, 100)), min_size=1, max_size=50
    )
)
def test_fast_and_general_decompositions_agree(cases: list[tuple[float, int]]) -> None:
    """Whole-percent data with 0/1 outcomes: identical results with or without the fast scan."""
    y = np.array([c[0] for c in cases])
    p = np.array([c[1] for c in cases]) / 100
    fast = corp_decomposition(y, p)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_corp_scan, "_scan_binary_percents", lambda y, p: None)
        general = corp_decomposition(y, p)
    assert fast == general
    np.testing.assert_array_equal(fast.recalibrated, general.recalibrated)


def test_fractional_outcome_sums_by_percent_stay_accurate_at_a_million_cases() -> None:
    """Every outcome is 0.1 at p = 0.3: the recalibrated value is 0.1 and the outcomes have no
    variance. Summed one after another, 10^6 outcomes of 0.1 drift by about 3e-12 relative;
    summed in parts, by about 1e-14 (the off-grid twin, on the sorting path, agrees)."""
    n = 10**6
    y = np.full(n, 0.1)
    on_grid = corp_decomposition(y, np.full(n, 0.3))
    off_grid = corp_decomposition(y, np.full(n, np.nextafter(0.3, 1.0)))
    assert on_grid.recalibrated[0] == pytest.approx(0.1, rel=1e-13)
    assert on_grid.uncertainty == pytest.approx(0.0, abs=1e-15)
    assert on_grid.miscalibration == pytest.approx(0.04, rel=1e-13)
    assert on_grid.recalibrated[0] == pytest.approx(off_grid.recalibrated[0], rel=1e-13)


def test_outcome_sums_by_percent_in_parts_equal_bincount_for_whole_numbers() -> None:
    """For 0/1 outcomes the parts change nothing: whole-number sums are exact in any order."""
    rng = np.random.default_rng(5)
    for n in (1, 4095, 4096, 4097, SUM_UNIT):
        cells = rng.integers(0, 101, n).astype(np.intp)
        y = (rng.random(n) < 0.4).astype(np.float64)
        expected = np.bincount(cells, weights=y, minlength=101)
        assert np.array_equal(_corp_scan._outcome_sums_by_cell(cells, y), expected)
