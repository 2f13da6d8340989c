"""Numerical kernels shared by the scoring modules (no input checking beyond what is stated)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from foretell.scoring._validation import FloatArray, IntArray, check_unit_interval

#: Cases per block of the block-wise kernels, at most: large enough to amortise the Python
#: loop, small enough (256 KiB per float64 array) for the few arrays a block touches to stay
#: in a core's L2 cache between its checks and sums.
BLOCK: Final = 1 << 15
#: Cases per summation unit. A sum over n cases is numpy's pairwise sum over each unit of
#: 2**18 cases, the units' sums added in order; see :func:`units` and :func:`unit_sum`.
SUM_UNIT: Final = 1 << 18
#: Adding 1.5 * 2**52 to -2**51 <= t < 2**51 rounds t to the nearest integer, which is then
#: held in the low mantissa bits: subtracting ``ROUNDER_BITS`` from the bit pattern gives it as
#: an int64 (faster than a float-to-int conversion without AVX-512).
ROUNDER: Final = 1.5 * 2.0**52
ROUNDER_BITS: Final = int(np.array(ROUNDER).view(np.int64))


Span = tuple[int, int]


@lru_cache(maxsize=32)
def units(n: int) -> tuple[tuple[Span, tuple[Span, ...]], ...]:
    """Cut n cases into summation units and each unit into blocks: ``((unit, blocks), ...)``.

    Each ``(start, stop)`` span is half-open. A unit is halved as numpy's pairwise summation
    halves an array (the first half a multiple of 8 long) until the pieces have at most
    :data:`BLOCK` cases, so that :func:`unit_sum` can rebuild ``np.sum`` of the unit from the
    blocks' own ``np.sum``: sums come out the same, bit for bit, whatever the block size.
    """
    result: list[tuple[Span, tuple[Span, ...]]] = []
    for start in range(0, n, SUM_UNIT):
        stop = min(start + SUM_UNIT, n)
        pieces: list[Span] = []
        _halve(start, stop - start, pieces)
        result.append(((start, stop), tuple(pieces)))
    return tuple(result)


def _halve(start: int, size: int, pieces: list[Span]) -> None:
    if size <= BLOCK:
        pieces.append((start, start + size))
        return
    half = size // 2
    half -= half % 8
    _halve(start, half, pieces)
    _halve(start + half, size - half, pieces)


def unit_sum(size: int, block_sums: Iterator[float]) -> float:
    """``np.sum`` over a unit of ``size`` cases, from its blocks' sums, in numpy's pairwise order.

    ``block_sums`` yields the sum of each block of the unit in order (as cut by :func:`units`).
    numpy adds the two halves of an array of more than 128 values after summing each
    recursively; a block is summed by numpy itself, so the result is identical to one
    ``np.sum`` over the unit (for numpy's pairwise summation of contiguous float64 arrays).
    """
    if size <= BLOCK:
        return next(block_sums)
    half = size // 2
    half -= half % 8
    first = unit_sum(half, block_sums)
    return first + unit_sum(size - half, block_sums)


def total(n: int, block_sums: list[float]) -> float:
    """The sum over n cases from the sums of the blocks of :func:`units` (n), in order."""
    sums = iter(block_sums)
    result = 0.0
    for (start, stop), _ in units(n):
        result += unit_sum(stop - start, sums)
    return result


def check_block(
    y_block: npt.NDArray[Any],
    p_block: FloatArray,
    outcomes: npt.NDArray[Any],
    probabilities: FloatArray,
    prob_name: str,
    *,
    p_checked: bool = False,
) -> None:
    """Range-check one block with min/max; on failure, check the whole arrays (which raises).

    ``p_checked`` skips the probabilities when the caller already knows they are valid.
    """
    valid_p = p_checked or (p_block.min() >= 0 and p_block.max() <= 1)
    if not (valid_p and y_block.min() >= 0 and y_block.max() <= 1):
        check_unit_interval(outcomes, "outcomes")
        check_unit_interval(probabilities, prob_name)


def squared_error_sum(
    outcomes: npt.NDArray[Any], probabilities: FloatArray, prob_name: str
) -> float:
    """Return sum_i (p_i - y_i)^2, checking that every value is in [0, 1] on the way.

    The arrays (1-D, same length) are read once, block by block: each block is range-checked
    with min/max and then reduced while it is still in cache; the blocks' sums are combined by
    :func:`total`. On a failed check the whole
    arrays go through :func:`check_unit_interval`, which names the first offending element.
    (No ``@``/``np.dot`` here: BLAS may start threads for long vectors, and on a busy machine
    waiting for them costs more than the sum.)
    """
    n = probabilities.shape[0]
    work = np.empty(min(n, BLOCK))
    block_sums: list[float] = []
    for _, blocks in units(n):
        for start, stop in blocks:
            p = probabilities[start:stop]
            y = outcomes[start:stop]
            check_block(y, p, outcomes, probabilities, prob_name)
            squares = np.square(
                np.subtract(p, y, out=work[: stop - start]), out=work[: stop - start]
            )
            block_sums.append(float(squares.sum()))
    return total(n, block_sums)


def xlogy(x: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """Elementwise x * ln(y) with the convention 0 * ln(0) = 0 (and x * ln(0) = -inf for x > 0)."""
    xa = np.asarray(x, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        product = xa * np.log(ya)
    return np.asarray(np.where(xa == 0, 0.0, product), dtype=np.float64)


def binary_brier_per_case(outcomes: FloatArray, probabilities: FloatArray) -> FloatArray:
    """Per-case (p - y)^2 on the 0-1 scale."""
    difference = probabilities - outcomes
    return np.asarray(difference * difference, dtype=np.float64)


def categorical_brier_per_case(categories: IntArray, probabilities: FloatArray) -> FloatArray:
    """Per-case sum_k (p_k - o_k)^2 (Brier 1950, 0-2 scale)."""
    difference = probabilities.copy()
    difference[np.arange(categories.shape[0]), categories] -= 1.0
    return np.asarray(np.einsum("ij,ij->i", difference, difference), dtype=np.float64)


def binary_log_per_case(outcomes: FloatArray, probabilities: FloatArray) -> FloatArray:
    """Per-case -(y ln p + (1 - y) ln(1 - p)), with 0 ln 0 = 0; +inf for p = 0 on an event."""
    return -(xlogy(outcomes, probabilities) + xlogy(1.0 - outcomes, 1.0 - probabilities))


def categorical_log_per_case(categories: IntArray, probabilities: FloatArray) -> FloatArray:
    """Per-case -ln p(outcome); +inf when the realised category had probability 0."""
    realised = probabilities[np.arange(categories.shape[0]), categories]
    with np.errstate(divide="ignore"):
        return np.asarray(-np.log(realised), dtype=np.float64)
