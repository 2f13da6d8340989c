"""CORP decomposition of the Brier and log scores (Dimitriadis, Gneiting & Jordan 2021).

The forecasts are recalibrated by isotonic (PAV) regression of the outcomes on the
probabilities; comparing the scores of the original forecasts, the recalibrated forecasts and
the base rate splits the mean score into miscalibration, discrimination and uncertainty.

Two exact computation paths give the same numbers:

* a **counting path**, O(n), used when every probability is a whole percent (exactly the
  float64 value k/100 for an integer k, which is what ``0.07``, ``7 / 100`` or a parsed
  ``"7%"`` give): cases are counted per percent with :func:`numpy.bincount`, block by block
  while the block is in cache (see :mod:`foretell.scoring._corp_scan`), and PAV runs on at
  most 101 points;
* a **sorting path** for arbitrary probabilities: the cases are sorted by probability (for
  0/1 outcomes as packed integer keys, without :func:`numpy.argsort`; see
  :mod:`foretell.scoring._corp_sorting`), tied probabilities are pooled and PAV runs on the
  distinct values.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from foretell.scoring import _kernels
from foretell.scoring._corp_scan import PERCENTS, scan_cases
from foretell.scoring._corp_sorting import sort_atoms
from foretell.scoring._validation import FloatArray, IntArray, as_float, as_numeric, check_aligned
from foretell.scoring._validation import check_binary_shape as _check_shape
from foretell.scoring.results import CorpDecomposition

__all__ = ["corp_decomposition"]

_SCORES: Final = ("brier", "log")
#: Up to this many atoms PAV runs in pure Python: importing scipy.optimize costs more.
_SMALL_PAV: Final = 512


def corp_decomposition(
    outcomes: npt.ArrayLike, probabilities: npt.ArrayLike, *, score: str = "brier"
) -> CorpDecomposition:
    r"""CORP decomposition of the mean Brier or log score of binary forecasts.

    Parameters
    ----------
    outcomes : array_like
        1-D outcomes, 0/1 or fractions in [0, 1].
    probabilities : array_like
        1-D probabilities of "yes" in [0, 1].
    score : {"brier", "log"}, optional
        The proper score to decompose: the Brier score on the 0-1 scale (default) or the log
        score in nats, with :math:`0 \ln 0 = 0`.

    Returns
    -------
    CorpDecomposition
        ``score``, ``miscalibration``, ``discrimination``, ``uncertainty`` and
        ``recalibrated`` (the PAV-recalibrated probability of each case, input order,
        read-only).

    Raises
    ------
    ValueError
        On invalid input (see :func:`foretell.scoring.brier_score`), 2-D probabilities, or an
        unknown ``score``.

    Notes
    -----
    Let :math:`\bar S(f)` be the mean score of forecasts f, :math:`r` the isotonic (PAV)
    regression of the outcomes on the probabilities, in which cases with equal probabilities
    share one recalibrated value, and :math:`\bar y` the base rate. Then

    .. math::

        \mathrm{MCB} = \bar S(p) - \bar S(r), \quad
        \mathrm{DSC} = \bar S(\bar y) - \bar S(r), \quad
        \mathrm{UNC} = \bar S(\bar y),

    so that :math:`\bar S(p) = \mathrm{MCB} - \mathrm{DSC} + \mathrm{UNC}` exactly, with
    MCB >= 0 and DSC >= 0 up to rounding: they are differences of sums computed in different
    orders, so either can come out a few times 1e-16 below zero when it is zero or nearly so
    (for scores and outcomes of order 1). For the Brier score
    :math:`\mathrm{DSC} = \frac{1}{n}\sum_i (r_i - \bar y)^2` and UNC is the variance of the
    outcomes, :math:`\bar y (1 - \bar y)` for 0/1 outcomes. For the log score MCB is ``inf``
    when a probability of 0 was given to something that happened (or 1 to something that
    did not); DSC and UNC stay finite.

    References
    ----------
    Dimitriadis, T., Gneiting, T. & Jordan, A. I. (2021). Stable reliability diagrams for
    probabilistic classifiers. *PNAS* 118(8), e2016191118.
    Ayer, M., Brunk, H. D., Ewing, G. M., Reid, W. T. & Silverman, E. (1955). An empirical
    distribution function for sampling with incomplete information. *Ann. Math. Statist.* 26,
    641-647 (the pool-adjacent-violators algorithm).

    Examples
    --------
    >>> d = corp_decomposition([0, 0, 0, 1, 1, 1], [0.4, 0.3, 0.2, 0.1, 0.5, 0.9])
    >>> round(d.score, 7), round(d.miscalibration, 7), d.discrimination, d.uncertainty
    (0.2266667, 0.1016667, 0.125, 0.25)
    >>> d.recalibrated.tolist()
    [0.25, 0.25, 0.25, 0.25, 1.0, 1.0]
    """
    check_aligned(outcomes=outcomes, probabilities=probabilities)
    if score not in _SCORES:
        msg = f"score must be 'brier' or 'log': {score!r}"
        raise ValueError(msg)
    raw = as_numeric(outcomes, "outcomes")
    p = as_float(probabilities, "probabilities")
    n = _check_shape(raw, p, "probabilities")
    y = np.asarray(raw, dtype=np.float64)
    scan = scan_cases(y, p)
    if scan.cell_counts is None or scan.cell_sums is None:
        atoms = sort_atoms(y, p)
        starts, block_counts, block_sums, fitted = _pool_adjacent_violators(
            atoms.counts, atoms.sums
        )
        recalibrated = atoms.recalibrated(starts, block_counts, fitted)
    else:
        occupied = np.flatnonzero(scan.cell_counts)
        starts, block_counts, block_sums, fitted = _pool_adjacent_violators(
            scan.cell_counts[occupied], scan.cell_sums[occupied]
        )
        by_percent = np.zeros(PERCENTS.shape[0])
        by_percent[occupied] = np.repeat(fitted, np.diff(np.append(starts, occupied.shape[0])))
        recalibrated = scan.recalibrated(by_percent)
    recalibrated.flags.writeable = False

    base_rate = scan.outcome_sum / n
    if score == "brier":
        mean_score = scan.squared_error_sum / n
        # Variance of the outcomes: (sum y^2 - ybar sum y) / n, i.e. ybar (1 - ybar) for 0/1.
        uncertainty = max((scan.outcome_square_sum - base_rate * scan.outcome_sum) / n, 0.0)
        discrimination = float(np.sum(block_counts * np.square(fitted - base_rate))) / n
        recalibrated_score = uncertainty - discrimination
    else:
        mean_score = float(np.mean(_kernels.binary_log_per_case(y, p)))
        # 0.0 - x rather than -x: an uncertainty of zero is +0.0, not -0.0.
        uncertainty = 0.0 - float(
            _kernels.xlogy(base_rate, base_rate) + _kernels.xlogy(1 - base_rate, 1 - base_rate)
        )
        terms = _kernels.xlogy(block_sums, fitted) + _kernels.xlogy(
            block_counts - block_sums, 1 - fitted
        )
        _fix_underflowed_blocks(terms, block_counts, block_sums)
        recalibrated_score = -float(np.sum(terms)) / n
        discrimination = uncertainty - recalibrated_score
    return CorpDecomposition(
        score=mean_score,
        miscalibration=mean_score - recalibrated_score,
        discrimination=discrimination,
        uncertainty=uncertainty,
        recalibrated=recalibrated,
    )


def _fix_underflowed_blocks(terms: FloatArray, counts: FloatArray, sums: FloatArray) -> None:
    """Recompute, in place, the log-score terms of blocks whose mean outcome rounded to 0 or 1.

    A block of fractional outcomes such as ``[0, 5e-324]`` has a mean below the smallest float:
    its recalibrated value rounds to 0 while its outcomes do not, and ``s log(s / c)`` would be
    ``-inf``. Written as ``s (log s - log c)`` it is finite (and about 0); only such blocks are
    recomputed, so every other figure stays bit for bit as before.
    """
    broken = ~np.isfinite(terms)
    if not broken.any():
        return
    c = counts[broken]
    s = sums[broken]
    rest = c - s
    with np.errstate(divide="ignore", invalid="ignore"):
        terms[broken] = (
            _kernels.xlogy(s, s) - _kernels.xlogy(s, c) + _kernels.xlogy(rest, rest)
            - _kernels.xlogy(rest, c)
        )  # fmt: skip


def _pool_adjacent_violators(
    counts: FloatArray, sums: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """Weighted PAV on ordered atoms; return the blocks in a canonical form.

    Returns ``(starts, block_counts, block_sums, fitted)``: the index of each block's first
    atom, the number of cases and the outcome sum of each block, and the fitted value
    ``block_sum / block_count``. Neighbouring blocks with the same fitted value are merged, so
    the blocks (and hence every derived number) do not depend on how the atoms were formed.
    """
    if counts.shape[0] <= _SMALL_PAV:
        starts = np.asarray(_pav_starts(counts.tolist(), sums.tolist()), dtype=np.intp)
    else:
        from scipy.optimize import isotonic_regression  # noqa: PLC0415 - a slow import (0.3 s)

        result = isotonic_regression(sums / counts, weights=counts)
        starts = np.asarray(result.blocks[:-1], dtype=np.intp)
    block_counts = np.add.reduceat(counts, starts)
    block_sums = np.add.reduceat(sums, starts)
    fitted = block_sums / block_counts
    keep = np.flatnonzero(np.concatenate(([True], fitted[1:] != fitted[:-1])))
    if keep.shape[0] < fitted.shape[0]:
        starts = starts[keep]
        block_counts = np.add.reduceat(block_counts, keep)
        block_sums = np.add.reduceat(block_sums, keep)
        fitted = fitted[keep]
    return starts, block_counts, block_sums, fitted


def _pav_starts(counts: list[float], sums: list[float]) -> list[int]:
    """The first atom of each PAV block, for few atoms (pure Python, no scipy import).

    The usual stack form of pool-adjacent-violators (Ayer et al. 1955): each atom starts a
    block, and while a block's mean is below the previous one's the two are pooled. The blocks
    of a weighted isotonic fit are unique, so this agrees with :func:`scipy.optimize.
    isotonic_regression`, which is used for many atoms; pooled blocks of equal mean are merged
    afterwards by :func:`_pool_adjacent_violators` either way.
    """
    starts: list[int] = []
    weights: list[float] = []
    totals: list[float] = []
    for index, (count, outcome_sum) in enumerate(zip(counts, sums, strict=True)):
        starts.append(index)
        weights.append(count)
        totals.append(outcome_sum)
        while len(starts) > 1 and totals[-2] / weights[-2] > totals[-1] / weights[-1]:
            starts.pop()
            weight, total = weights.pop(), totals.pop()
            weights[-1] += weight
            totals[-1] += total
    return starts
