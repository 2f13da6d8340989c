"""The one pass of the CORP decomposition over its input: checks, sums and whole-percent cells.

:func:`scan_cases` reads the outcomes and probabilities block by block (see
:func:`foretell.scoring._kernels.units`), checks them, and gathers every sum the decomposition
needs. While every probability is a whole percent (exactly the float64 value k/100), it also
counts the cases and outcomes per percent, which lets the decomposition skip sorting.

There are two scans. The usual data, 0/1 outcomes on whole percents, is read by the faster
one: each case gets the cell 2k + y, and one table lookup per value both checks the case and
counts it. Anything else (fractional outcomes, other probabilities, invalid values) is read
by the general scan, which also reports invalid values. Both give the same sums, bit for bit.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from foretell.scoring import _kernels
from foretell.scoring._validation import FloatArray, IntArray

#: The whole percents as float64: k / 100 for k = 0..100.
PERCENTS: Final = np.arange(101) / 100.0
#: Probability and outcome of cell 2k + y (whole percent k, outcome y in {0, 1}).
_PAIR_PERCENT: Final = np.repeat(PERCENTS, 2)
_PAIR_OUTCOME: Final = np.tile(np.array([0.0, 1.0]), PERCENTS.shape[0])
#: (p - y)**2 of cell 2k + y, computed as for each case.
_PAIR_SQUARED_ERROR: Final = np.square(_PAIR_PERCENT - _PAIR_OUTCOME)
#: Whether intp is 64 bits wide, so that int64 cells can share memory with float64 arrays.
_WIDE_INTP: Final = np.dtype(np.intp).itemsize == 8


class Scan:
    """Sums gathered in one pass over the data, and the whole-percent cells if there are any.

    ``cell_counts`` and ``cell_sums`` (cases and outcome sum per whole percent, as floats) are
    None unless every probability is a whole percent.
    """

    def __init__(
        self,
        *,
        squared_error_sum: float,
        outcome_sum: float,
        outcome_square_sum: float,
        cell_counts: FloatArray | None,
        cell_sums: FloatArray | None,
        cells: IntArray,
        cells_per_percent: int,
        store: FloatArray,
    ) -> None:
        self.squared_error_sum = squared_error_sum
        self.outcome_sum = outcome_sum
        self.outcome_square_sum = outcome_square_sum
        self.cell_counts = cell_counts
        self.cell_sums = cell_sums
        self._cells = cells
        self._cells_per_percent = cells_per_percent
        self._store = store

    def recalibrated(self, by_percent: FloatArray) -> FloatArray:
        """``by_percent[k]`` for each case, k its whole percent, in input order.

        Only for whole-percent data (``cell_counts`` not None). The cells are then spent: their
        memory holds the result.
        """
        table = np.repeat(by_percent, self._cells_per_percent)
        if not _WIDE_INTP:  # pragma: no cover - 32-bit platforms keep the cells apart
            return np.take(table, self._cells, mode="clip")
        n = self._store.shape[0]
        work = np.empty(min(n, _kernels.BLOCK))
        for _, blocks in _kernels.units(n):
            for start, stop in blocks:
                block = work[: stop - start]
                np.take(table, self._cells[start:stop], out=block, mode="clip")
                self._store[start:stop] = block
        return self._store


def scan_cases(y: FloatArray, p: FloatArray) -> Scan:
    """Check 1-D outcomes and probabilities (same length n >= 1) and gather their sums.

    Raises:
        ValueError: naming the first value that is NaN or outside [0, 1].
    """
    if _WIDE_INTP:
        scan = _scan_binary_percents(y, p)
        if scan is not None:
            return scan
    return _scan_general(y, p)


@np.errstate(all="ignore")  # invalid values only fail a check, then the general scan raises
def _scan_binary_percents(y: FloatArray, p: FloatArray) -> Scan | None:
    """The scan for 0/1 outcomes on whole percents; None as soon as a case is anything else.

    Once y is known to be 0 or 1, ``round(200 p + y)`` is 2k + y for such a case: looking the
    cell's probability up and comparing it with the case's own checks p exactly (NaN never
    compares equal), and one :func:`numpy.bincount` of the cells then counts cases and
    outcomes per percent.
    """
    n = p.shape[0]
    store = np.empty(n)
    cells = store.view(np.intp)
    work = np.empty(min(n, _kernels.BLOCK))
    same = np.empty(work.shape[0], dtype=np.bool_)
    is_zero = np.empty(work.shape[0], dtype=np.bool_)
    pair_counts = np.zeros(_PAIR_PERCENT.shape[0], dtype=np.intp)
    square_sums: list[float] = []
    for _, blocks in _kernels.units(n):
        for start, stop in blocks:
            p_block = p[start:stop]
            y_block = y[start:stop]
            block = work[: stop - start]
            matches = same[: stop - start]
            # y is 0 or 1 (either zero; NaN is neither) ...
            np.equal(y_block, 0.0, out=is_zero[: stop - start])
            np.equal(y_block, 1.0, out=matches)
            if not np.logical_or(matches, is_zero[: stop - start], out=matches).all():
                return None
            # ... and p is the whole percent k of cell 2k + y (which implies p in [0, 1]).
            np.multiply(p_block, 200.0, out=store[start:stop])
            cell = _round(np.add(store[start:stop], y_block, out=store[start:stop]))
            np.take(_PAIR_PERCENT, cell, out=block, mode="clip")
            if not np.equal(block, p_block, out=matches).all():
                return None
            pair_counts += np.bincount(cell, minlength=_PAIR_PERCENT.shape[0])
            # The case's own (p - y)**2, looked up: the same values, so the same sum.
            np.take(_PAIR_SQUARED_ERROR, cell, out=block, mode="clip")
            square_sums.append(float(block.sum()))
    outcome_counts = pair_counts[1::2].astype(np.float64)
    outcome_sum = float(outcome_counts.sum())
    return Scan(
        squared_error_sum=_kernels.total(n, square_sums),
        outcome_sum=outcome_sum,
        # Every outcome is 0 or 1, so the sum of squares is the sum (exactly: whole numbers).
        outcome_square_sum=outcome_sum,
        cell_counts=(pair_counts[0::2] + pair_counts[1::2]).astype(np.float64),
        cell_sums=outcome_counts,
        cells=cells,
        cells_per_percent=2,
        store=store,
    )


#: Cases per partial sum of outcomes by percent (see :func:`_outcome_sums_by_cell`).
_PARTIAL_CASES = 1 << 12


def _outcome_sums_by_cell(cells: IntArray, y: FloatArray) -> FloatArray:
    """The sum of the outcomes of each percent (cell), for one summation unit.

    ``np.bincount`` with weights adds the outcomes one after another, whose rounding error
    grows with the number of cases (about 1e-12 relative for a constant fractional outcome at
    10^6 cases): the unit is counted in parts of :data:`_PARTIAL_CASES` cases, and the parts'
    sums added, which bounds the error by about (4,096 + parts) units of rounding rather than
    2^18. Sums of 0/1 outcomes are whole numbers, exact in any order.
    """
    size = PERCENTS.shape[0]
    if cells.shape[0] <= _PARTIAL_CASES:
        whole = np.bincount(cells, weights=y, minlength=size)
        return whole.astype(np.float64, copy=False)
    parts = np.empty(((cells.shape[0] + _PARTIAL_CASES - 1) // _PARTIAL_CASES, size))
    for part, start in enumerate(range(0, cells.shape[0], _PARTIAL_CASES)):
        stop = start + _PARTIAL_CASES
        parts[part] = np.bincount(cells[start:stop], weights=y[start:stop], minlength=size)
    total: FloatArray = parts.sum(axis=0)
    return total


def _scan_general(y: FloatArray, p: FloatArray) -> Scan:
    """The scan for any input: range checks, the sums, and per-percent counts while possible.

    Probabilities are tested for whole percents block by block until one is not; a summation
    unit is counted only when all its blocks are (with one :func:`numpy.bincount` per unit, so
    that fractional outcome sums per percent are added in the same order whatever the block
    size).
    """
    n = p.shape[0]
    store = np.empty(n)
    cells = store.view(np.intp) if _WIDE_INTP else np.empty(n, dtype=np.intp)
    work = np.empty(min(n, _kernels.BLOCK))
    cell_counts = np.zeros(PERCENTS.shape[0])
    cell_sums = np.zeros(PERCENTS.shape[0])
    off_grid_unit: int | None = None  # the first unit with a probability off the grid
    square_sums: list[float] = []
    outcome_square_sums: list[float] = []
    outcome_sums: list[float] = []
    for index, ((unit_start, unit_stop), blocks) in enumerate(_kernels.units(n)):
        unit_on_grid = off_grid_unit is None
        for start, stop in blocks:
            p_block = p[start:stop]
            y_block = y[start:stop]
            block = work[: stop - start]
            block_on_grid = False
            if unit_on_grid:
                with np.errstate(all="ignore"):  # invalid values are reported just below
                    cell = _round(np.multiply(p_block, 100.0, out=store[start:stop]))
                if not _WIDE_INTP:  # pragma: no cover - 32-bit platforms
                    cells[start:stop] = cell
                # Equal to a whole percent implies in [0, 1] (NaN never compares equal).
                np.take(PERCENTS, cell, out=block, mode="clip")
                block_on_grid = unit_on_grid = np.array_equal(block, p_block)
            _kernels.check_block(y_block, p_block, y, p, "probabilities", p_checked=block_on_grid)
            np.subtract(p_block, y_block, out=block)
            square_sums.append(float(np.square(block, out=block).sum()))
            outcome_square_sums.append(float(np.square(y_block, out=block).sum()))
            outcome_sums.append(float(y_block.sum()))
        if off_grid_unit is None:
            if unit_on_grid:
                unit_cells = cells[unit_start:unit_stop]
                cell_counts += np.bincount(unit_cells, minlength=PERCENTS.shape[0])
                cell_sums += _outcome_sums_by_cell(unit_cells, y[unit_start:unit_stop])
            else:
                off_grid_unit = index
    if off_grid_unit is None:
        outcome_sum = float(cell_sums.sum())
    else:
        # The counted units' outcomes as summed per percent, then every later unit's sum.
        outcome_sum = float(cell_sums.sum())
        sums = iter(outcome_sums)
        for index, ((unit_start, unit_stop), _) in enumerate(_kernels.units(n)):
            unit_total = _kernels.unit_sum(unit_stop - unit_start, sums)
            if index >= off_grid_unit:
                outcome_sum += unit_total
    on_grid = off_grid_unit is None
    return Scan(
        squared_error_sum=_kernels.total(n, square_sums),
        outcome_sum=outcome_sum,
        outcome_square_sum=_kernels.total(n, outcome_square_sums),
        cell_counts=cell_counts if on_grid else None,
        cell_sums=cell_sums if on_grid else None,
        cells=cells,
        cells_per_percent=1,
        store=store,
    )


def _round(values: FloatArray) -> IntArray:
    """round(v) for -2**51 <= v < 2**51, computed in place, returned as intp (see ROUNDER).

    Outside that range (or for NaN) the result is meaningless but harmless: the callers
    compare the value looked up through it with the input.
    """
    if not _WIDE_INTP:  # pragma: no cover - 32-bit platforms
        return np.rint(values).astype(np.intp)
    values += _kernels.ROUNDER
    cells = values.view(np.intp)
    cells -= _kernels.ROUNDER_BITS
    return cells
