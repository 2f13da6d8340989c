"""Tests of the sorting path of the CORP decomposition: both orderings, and the step lookup."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foretell.scoring import _corp_sorting
from foretell.scoring._corp_sorting import sort_atoms, step_values
from foretell.scoring.corp import _pool_adjacent_violators

PROPERTY = settings(max_examples=150, deadline=None)
unit_floats = st.floats(0, 1)


def reference_steps(x: np.ndarray, thresholds: np.ndarray, values: np.ndarray) -> np.ndarray:
    """values[#{thresholds <= x}] by binary search."""
    return values[np.searchsorted(thresholds, x, side="right")]


class TestStepValues:
    """step_values agrees with a binary search, including where it falls back to one."""

    @PROPERTY
    @given(st.lists(unit_floats, max_size=40), st.lists(unit_floats, min_size=1, max_size=60))
    def test_matches_binary_search(self, steps: list[float], cases: list[float]) -> None:
        thresholds = np.unique(np.array(steps, dtype=np.float64))
        values = np.arange(thresholds.shape[0] + 1, dtype=np.float64)
        # The thresholds themselves and their neighbours are the cases most easily got wrong.
        x = np.concatenate(
            [
                np.array(cases),
                thresholds,
                np.nextafter(thresholds, 0.0),
                np.nextafter(thresholds, 1.0),
            ]
        )
        np.testing.assert_array_equal(
            step_values(x, thresholds, values), reference_steps(x, thresholds, values)
        )

    def test_many_thresholds_in_one_bucket(self) -> None:
        """Most thresholds packed into a sliver between two far ones: binary-search fallback."""
        rng = np.random.default_rng(3)
        thresholds = np.unique(np.concatenate([[0.0, 1.0], 0.5 + rng.random(1000) * 1e-9]))
        values = rng.random(thresholds.shape[0] + 1)
        x = np.concatenate([rng.random(5000), 0.5 + rng.random(5000) * 1e-9, thresholds])
        np.testing.assert_array_equal(
            step_values(x, thresholds, values), reference_steps(x, thresholds, values)
        )

    def test_thresholds_closer_than_the_bucket_arithmetic_resolves(self) -> None:
        """Two thresholds a few ulps apart (scale above 2**50): binary-search fallback."""
        low = 0.3
        thresholds = np.array([low, np.nextafter(low, 1.0), np.nextafter(np.nextafter(low, 1), 1)])
        values = np.array([10.0, 20.0, 30.0, 40.0])
        x = np.concatenate([thresholds, [0.0, 1.0, 0.29, 0.31, -0.0]])
        np.testing.assert_array_equal(
            step_values(x, thresholds, values), [20, 30, 40, 10, 40, 10, 40, 10]
        )

    def test_no_threshold(self) -> None:
        np.testing.assert_array_equal(
            step_values(np.array([0.0, 0.5, 1.0]), np.empty(0), np.array([7.0])), [7.0] * 3
        )

    def test_negative_zero_is_zero(self) -> None:
        """-0.0 equals a threshold of 0.0, so it is at or above it."""
        got = step_values(
            np.array([-0.0, 0.0, 0.5]), np.array([0.0, 0.5]), np.array([1.0, 2.0, 3.0])
        )
        np.testing.assert_array_equal(got, [2.0, 2.0, 3.0])


binary_cases = st.lists(
    st.tuples(
        st.sampled_from([0.0, 1.0]),
        st.one_of(unit_floats, st.integers(0, 20).map(lambda k: k / 20)),
    ),
    min_size=1,
    max_size=80,
)


class TestOrderings:
    """Packed-key sorting (0/1 outcomes) and argsort give the same atoms and the same values."""

    @PROPERTY
    @given(binary_cases)
    def test_key_sort_equals_argsort(self, cases: list[tuple[float, float]]) -> None:
        y = np.array([c[0] for c in cases])
        p = np.array([c[1] for c in cases])
        keyed = sort_atoms(y, p)
        assert isinstance(keyed, _corp_sorting._KeySorted)
        argsorted = _corp_sorting._ArgSorted(y, p)
        np.testing.assert_array_equal(keyed.counts, argsorted.counts)
        np.testing.assert_array_equal(keyed.sums, argsorted.sums)
        starts, block_counts, _, fitted = _pool_adjacent_violators(keyed.counts, keyed.sums)
        from_keys = keyed.recalibrated(starts, block_counts, fitted)
        from_order = argsorted.recalibrated(starts, block_counts, fitted)
        np.testing.assert_array_equal(from_keys, from_order)
        # Each case gets the mean outcome of the cases sharing its block: check one by hand.
        for value in np.unique(from_keys):
            members = from_keys == value
            assert y[members].mean() == pytest.approx(value, rel=1e-12)

    def test_fractional_outcomes_use_argsort(self) -> None:
        y = np.array([0.0, 0.5, 1.0])
        p = np.array([0.2, 0.4, 0.6])
        assert isinstance(sort_atoms(y, p), _corp_sorting._ArgSorted)

    def test_signed_zero_probabilities_are_one_value(self) -> None:
        """-0.0 and 0.0 are tied: one atom of two cases, as argsort's comparison has it."""
        y = np.array([1.0, 0.0, 1.0])
        p = np.array([-0.0, 0.0, 0.4])
        atoms = sort_atoms(y, p)
        np.testing.assert_array_equal(atoms.counts, [2.0, 1.0])
        np.testing.assert_array_equal(atoms.sums, [1.0, 1.0])
