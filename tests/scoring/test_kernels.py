"""Tests of the block-wise summation: blocks small enough for the cache, sums as np.sum's."""

from __future__ import annotations

import numpy as np
import pytest

from foretell.scoring import _kernels
from foretell.scoring._kernels import BLOCK, SUM_UNIT, total, units

SIZES = [1, 7, 128, 129, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 5, SUM_UNIT, SUM_UNIT + 1]
SIZES += [2 * SUM_UNIT + 12_345, 1_000_000]


@pytest.mark.parametrize("n", SIZES)
def test_blocks_cover_the_cases_in_order(n: int) -> None:
    """Units of SUM_UNIT cases, cut into consecutive blocks of at most BLOCK cases."""
    position = 0
    for (unit_start, unit_stop), blocks in units(n):
        assert unit_start == position
        assert unit_stop - unit_start <= SUM_UNIT
        for start, stop in blocks:
            assert start == position
            assert 0 < stop - start <= BLOCK
            position = stop
        assert position == unit_stop
    assert position == n


@pytest.mark.parametrize("n", SIZES)
def test_total_equals_numpy_sum_per_unit(n: int) -> None:
    """Bit for bit: np.sum of each unit of 2**18 values, added in order from 0.0."""
    rng = np.random.default_rng(n)
    values = rng.random(n) ** 3 * 1e3 - 100.0
    block_sums = [
        float(values[start:stop].sum()) for _, blocks in units(n) for start, stop in blocks
    ]
    expected = 0.0
    for start in range(0, n, SUM_UNIT):
        expected += float(values[start : start + SUM_UNIT].sum())
    assert total(n, block_sums).hex() == expected.hex()


def test_squared_error_sum_is_the_sum_of_squares() -> None:
    """The kernel behind brier_score against the same sums written out with np.sum."""
    rng = np.random.default_rng(5)
    n = 2 * SUM_UNIT + 999
    p = rng.random(n)
    y = (rng.random(n) < p).astype(np.float64)
    expected = 0.0
    for start in range(0, n, SUM_UNIT):
        expected += float(np.sum((p[start : start + SUM_UNIT] - y[start : start + SUM_UNIT]) ** 2))
    assert _kernels.squared_error_sum(y, p, "probabilities") == expected
