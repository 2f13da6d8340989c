"""The sorting path of the CORP decomposition: atoms in increasing probability, and back.

:func:`sort_atoms` orders the cases by probability and pools them into *atoms* for PAV: runs
of cases, in increasing probability, whose mean outcome is constant (tied probabilities are
pooled first, and neighbouring values with the same mean outcome always end in the same PAV
block). After PAV, :meth:`SortedAtoms.recalibrated` gives each case its block's fitted value,
in input order.

Two orderings give identical atoms (the counts and outcome sums are whole numbers or the same
float sums), so every figure is the same bit for bit whichever is used:

* **0/1 outcomes** (the usual case): each outcome is packed into the lowest bit of its
  probability's bit pattern and the packed keys are sorted as integers. Sorting values is
  several times faster than :func:`numpy.argsort`, and the outcomes come out of the keys, so
  nothing is gathered. Without the permutation, each case's recalibrated value is read from
  the step function of the PAV blocks (:func:`step_values`).
* **Fractional outcomes**: one :func:`numpy.argsort`, the outcomes gathered into that order,
  and the fitted values scattered back through it.
"""

from __future__ import annotations

from typing import Final, Protocol

import numpy as np

from foretell.scoring._kernels import ROUNDER, ROUNDER_BITS
from foretell.scoring._validation import FloatArray, IntArray

#: Largest table of buckets used by :func:`step_values` (8 MiB of int64).
_MAX_BUCKETS: Final = 1 << 20
#: Above this many steps in one bucket, :func:`step_values` falls back to a binary search.
_MAX_STEPS_PER_BUCKET: Final = 4


class SortedAtoms(Protocol):
    """Atoms in increasing probability, and the way back to the cases in input order."""

    #: Number of cases in each atom (whole numbers, as floats).
    counts: FloatArray
    #: Sum of the outcomes of each atom.
    sums: FloatArray

    def recalibrated(
        self, starts: IntArray, block_counts: FloatArray, fitted: FloatArray
    ) -> FloatArray:
        """Each case's fitted value, in input order, for the PAV blocks of the atoms.

        ``starts`` is the first atom of each block, ``block_counts`` its number of cases and
        ``fitted`` its value. The result may reuse memory of the atoms, which are then spent.
        """
        ...


def sort_atoms(y: FloatArray, p: FloatArray) -> SortedAtoms:
    """Sort the cases by probability and pool them into atoms.

    ``y`` and ``p`` are 1-D float64 arrays of the same length n >= 1 whose values have been
    checked to lie in [0, 1] (no NaN).
    """
    if bool(np.logical_or(y == 0, y == 1).all()):
        return _KeySorted(y, p)
    return _ArgSorted(y, p)


def _runs(
    means: FloatArray | IntArray, atom_counts: FloatArray | None, atom_sums: FloatArray | IntArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Merge neighbouring atoms of equal mean; return (first atom of each run, counts, sums).

    ``atom_counts`` None means one case per atom (no ties), where the sums are the means.
    """
    n = means.shape[0]
    run_starts = np.flatnonzero(np.concatenate(([True], means[1:] != means[:-1])))
    if atom_counts is None:
        counts = np.diff(np.append(run_starts, n)).astype(np.float64)
        sums = means[run_starts] * counts
    else:
        counts = np.add.reduceat(atom_counts, run_starts)
        sums = np.add.reduceat(atom_sums, run_starts).astype(np.float64)
    return run_starts, counts, sums


class _KeySorted:
    """Atoms of 0/1 outcomes, from one integer sort of (probability bits, outcome) keys.

    Probabilities in [0, 1] are non-negative doubles, whose bit patterns (as unsigned
    integers) sort like the values and stay below 2**62; shifted left by one they leave the
    lowest bit free for the outcome. ``-0.0`` loses its sign bit in the shift and becomes
    ``0.0``, to which it is equal.
    """

    def __init__(self, y: FloatArray, p: FloatArray) -> None:
        n = p.shape[0]
        keys = np.left_shift(p.view(np.uint64), np.uint64(1))
        np.bitwise_or(keys, y, out=keys, casting="unsafe", dtype=np.uint64)
        keys.sort()
        outcomes = np.bitwise_and(keys, np.uint64(1)).view(np.int64)
        keys >>= np.uint64(1)  # now the bit patterns of the sorted probabilities
        new_value = keys[1:] != keys[:-1]
        if new_value.all():  # no ties: every case is its own atom
            run_starts, self.counts, self.sums = _runs(outcomes, None, outcomes)
            self._run_first_case = run_starts
        else:
            atom_starts = np.flatnonzero(np.concatenate(([True], new_value)))
            atom_counts = np.diff(np.append(atom_starts, n)).astype(np.float64)
            atom_sums = np.add.reduceat(outcomes, atom_starts).astype(np.float64)
            run_starts, self.counts, self.sums = _runs(
                atom_sums / atom_counts, atom_counts, atom_sums
            )
            self._run_first_case = atom_starts[run_starts]
        self._p = p
        self._sorted_bits = keys
        self._scratch = outcomes

    def recalibrated(
        self, starts: IntArray, block_counts: FloatArray, fitted: FloatArray
    ) -> FloatArray:
        """Each case's fitted value, read from the step function of the blocks."""
        del block_counts  # the step function needs only where each block starts
        first_cases = self._run_first_case[starts[1:]]
        thresholds = self._sorted_bits[first_cases].view(np.float64)
        work = self._sorted_bits.view(np.float64)  # the sorted keys are no longer needed
        return step_values(self._p, thresholds, fitted, work=work, index=self._scratch)


class _ArgSorted:
    """Atoms of any outcomes in [0, 1], from one :func:`numpy.argsort` of the probabilities."""

    def __init__(self, y: FloatArray, p: FloatArray) -> None:
        n = p.shape[0]
        order = np.argsort(p)
        sorted_p = np.take(p, order)
        sorted_y = np.take(y, order)
        new_value = sorted_p[1:] != sorted_p[:-1]
        if new_value.all():
            _, self.counts, self.sums = _runs(sorted_y, None, sorted_y)
        else:
            atom_starts = np.flatnonzero(np.concatenate(([True], new_value)))
            atom_counts = np.diff(np.append(atom_starts, n)).astype(np.float64)
            atom_sums = np.add.reduceat(sorted_y, atom_starts)
            _, self.counts, self.sums = _runs(atom_sums / atom_counts, atom_counts, atom_sums)
        self._order = order
        self._scratch = sorted_p

    def recalibrated(
        self, starts: IntArray, block_counts: FloatArray, fitted: FloatArray
    ) -> FloatArray:
        """Each case's fitted value, scattered back to input order through the permutation."""
        del starts  # the blocks are consecutive in sorted order: their sizes suffice
        out = self._scratch
        out[self._order] = np.repeat(fitted, block_counts.astype(np.intp))
        return out


def step_values(
    x: FloatArray,
    thresholds: FloatArray,
    values: FloatArray,
    *,
    work: FloatArray | None = None,
    index: IntArray | None = None,
) -> FloatArray:
    """``values[k]`` for each x, where k is the number of thresholds <= x.

    ``x`` and ``thresholds`` (length m >= 0) must lie in [0, 1], the thresholds strictly
    increasing, and ``values`` must have length m + 1. ``work`` (float64) and ``index``
    (int64), each as long as ``x``, are overwritten if given. Returns a new array.

    A binary search per case costs more than the sort this replaces, so the thresholds are
    first put into equal-width buckets between the first and the last threshold: a case's
    bucket tells how many thresholds lie in the buckets below, and only the few thresholds in
    its own bucket remain to be compared. The bucket of a value is computed by the same
    monotone float operations for the cases and the thresholds, so a threshold in a lower
    bucket is always below the case and one in a higher bucket always above it.
    """
    n = x.shape[0]
    m = thresholds.shape[0]
    if m == 0:
        return np.full(n, values[0])
    buckets = min(max(8 * m, 64), _MAX_BUCKETS)
    span = float(thresholds[-1] - thresholds[0])
    scale = buckets / span if span > 0 else 1.0
    if not scale <= 2.0**50:  # the rounding trick needs |x scale| <= 2**50, with x <= 1
        return np.take(values, np.searchsorted(thresholds, x, side="right"))
    offset = ROUNDER - float(thresholds[0]) * scale
    threshold_buckets = _bucket(thresholds, scale, offset, buckets, np.empty(m))
    per_bucket = np.bincount(threshold_buckets, minlength=buckets + 1)
    steps = int(per_bucket.max())
    if steps > _MAX_STEPS_PER_BUCKET:
        return np.take(values, np.searchsorted(thresholds, x, side="right"))
    below = np.concatenate(([0], np.cumsum(per_bucket)[:-1]))
    work = np.empty(n) if work is None else work
    index = np.empty(n, dtype=np.int64) if index is None else index
    np.take(below, _bucket(x, scale, offset, buckets, work), out=index, mode="clip")
    extended = np.append(thresholds, np.inf)
    passed = np.empty(n, dtype=np.bool_)
    for _ in range(steps):
        np.greater_equal(x, np.take(extended, index, out=work, mode="clip"), out=passed)
        np.add(index, passed, out=index)
    return np.take(values, index, mode="clip")


def _bucket(x: FloatArray, scale: float, offset: float, buckets: int, work: FloatArray) -> IntArray:
    """clip(round(x * scale + offset - ROUNDER), 0, buckets) as int64, computed in ``work``.

    Monotone in x: a product and a sum rounded to nearest are, and for x in [0, 1] and
    ``scale`` <= 2**50 every sum lands in [2**52, 2**53), where the bit patterns of the
    doubles count up by one per integer.
    """
    np.multiply(x, scale, out=work)
    work += offset
    cells = work.view(np.int64)
    cells -= ROUNDER_BITS
    np.clip(cells, 0, buckets, out=cells)
    return cells
