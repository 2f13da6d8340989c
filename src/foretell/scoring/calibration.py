"""Binned calibration table with Wilson score intervals."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from foretell.scoring._binning import assign_bins, bin_edges
from foretell.scoring._validation import (
    FloatArray,
    as_float,
    binary_arrays,
    check_aligned,
    check_level,
    show,
)
from foretell.scoring.results import CalibrationBin, CalibrationTable, WilsonInterval

__all__ = ["calibration_table", "wilson_interval"]


def calibration_table(
    outcomes: npt.ArrayLike,
    probabilities: npt.ArrayLike,
    *,
    bins: int | npt.ArrayLike = 10,
    level: float = 0.95,
    closed: str = "right",
) -> CalibrationTable:
    r"""Observed frequency against mean forecast per probability bin, with Wilson intervals.

    Parameters
    ----------
    outcomes : array_like
        1-D outcomes, 0/1 or fractions in [0, 1] (a fraction counts as that share of a "yes").
    probabilities : array_like
        1-D probabilities of "yes" in [0, 1].
    bins : int or array_like, optional
        Number of equal-width bins (default 10) or explicit edges from 0 to 1, with the same
        rule as :func:`~foretell.scoring.murphy_decomposition`: right-closed bins (a, b], the
        first [0, b], and a probability within 1e-9 above an edge counts as on it.
    level : float, optional
        Confidence level of the Wilson intervals (default 0.95).
    closed : {"right", "left"}, optional
        ``"right"`` (default): bins (a, b], the first [0, b]. ``"left"``: bins [a, b), the
        last [a, 1], as in PredictionBook-style tables.

    Returns
    -------
    CalibrationTable
        ``rows``: one :class:`~foretell.scoring.CalibrationBin` per **occupied** bin, in
        increasing order (empty bins are omitted, as in scikit-learn's ``calibration_curve``:
        a bin without forecasts has no observed frequency); ``level``.

    Raises
    ------
    ValueError
        On invalid input, invalid ``bins`` or a ``level`` outside (0, 1).

    Notes
    -----
    For bin k with :math:`n_k` forecasts, ``mean_probability`` is :math:`\bar p_k`,
    ``observed_frequency`` is :math:`\bar o_k = k_k / n_k` with :math:`k_k` the sum of the
    outcomes, and ``ci_low``/``ci_high`` is the Wilson score interval for :math:`\bar o_k`
    (see :func:`wilson_interval`). A calibrated forecaster's observed frequencies scatter
    around the mean forecasts within the intervals.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA* 22(158), 209-212.

    Examples
    --------
    >>> table = calibration_table([0, 0, 1, 1, 1], [0.1, 0.2, 0.7, 0.8, 0.8], bins=2)
    >>> [(row.lower, row.upper, row.n, row.observed_frequency) for row in table.rows]
    [(0.0, 0.5, 2, 0.0), (0.5, 1.0, 3, 1.0)]
    >>> round(table.rows[1].ci_low, 4), table.rows[1].ci_high
    (0.4385, 1.0)
    >>> left = calibration_table([0, 1, 1], [0.5, 0.5, 1.0], bins=[0, 0.5, 1], closed="left")
    >>> [(row.lower, row.n) for row in left.rows]
    [(0.5, 3)]
    """
    check_aligned(outcomes=outcomes, probabilities=probabilities)
    check_level(level)
    y, p = binary_arrays(outcomes, probabilities)
    edges = bin_edges(bins)
    index = assign_bins(p, edges, closed)
    n_bins = edges.shape[0] - 1
    counts = np.bincount(index, minlength=n_bins)
    p_sums = np.bincount(index, weights=p, minlength=n_bins)
    y_sums = np.bincount(index, weights=y, minlength=n_bins)
    return table_from_bin_sums(edges, counts, p_sums, y_sums, level=level)


def table_from_bin_sums(
    edges: npt.NDArray[np.float64],
    counts: npt.ArrayLike,
    p_sums: npt.ArrayLike,
    y_sums: npt.ArrayLike,
    *,
    level: float,
) -> CalibrationTable:
    """The calibration table from per-bin sums: the one step shared by the table of a sample
    and the table of mergeable summaries.

    ``edges`` has one more entry than the bins; ``counts``, ``p_sums`` and ``y_sums`` give per
    bin the number of cases, the sum of their probabilities and the sum of their outcomes.
    Empty bins are left out; each row carries its Wilson interval at ``level``.
    """
    n = np.asarray(counts, dtype=np.float64)
    p_total = np.asarray(p_sums, dtype=np.float64)
    y_total = np.asarray(y_sums, dtype=np.float64)
    occupied = np.flatnonzero(n)
    intervals = wilson_interval(y_total[occupied], n[occupied], level=level)
    rows = tuple(
        CalibrationBin(
            lower=float(edges[k]),
            upper=float(edges[k + 1]),
            n=int(n[k]),
            mean_probability=float(p_total[k] / n[k]),
            observed_frequency=float(y_total[k] / n[k]),
            ci_low=float(low),
            ci_high=float(high),
        )
        for k, low, high in zip(occupied, intervals.low, intervals.high, strict=True)
    )
    return CalibrationTable(rows=rows, level=level)


@overload
def wilson_interval(
    successes: float, n: float, *, level: float = 0.95
) -> WilsonInterval[float]: ...


@overload
def wilson_interval(
    successes: npt.NDArray[Any] | Sequence[float],
    n: npt.NDArray[Any] | Sequence[float] | float,
    *,
    level: float = 0.95,
) -> WilsonInterval[FloatArray]: ...


def wilson_interval(
    successes: npt.ArrayLike, n: npt.ArrayLike, *, level: float = 0.95
) -> WilsonInterval[float] | WilsonInterval[FloatArray]:
    r"""Wilson score interval for a binomial proportion (vectorised).

    Parameters
    ----------
    successes : float or array_like
        Number of successes k, with 0 <= k <= n. Non-integer values are accepted (the sum of
        fractional outcomes).
    n : float or array_like
        Number of trials, at least 1; broadcast against ``successes``.
    level : float, optional
        Confidence level in (0, 1), default 0.95.

    Returns
    -------
    WilsonInterval
        ``low``, ``high`` (floats for scalar input, arrays otherwise) and ``level``; it
        unpacks as a pair: ``low, high = wilson_interval(k, n)``.

    Raises
    ------
    ValueError
        When n < 1, k < 0, k > n, a value is NaN, or ``level`` is outside (0, 1).

    Notes
    -----
    With :math:`\hat p = k/n` and :math:`z` the :math:`(1 + \text{level})/2` normal quantile
    (1.959964 for 95%):

    .. math::

        \frac{\hat p + \frac{z^2}{2n} \pm z \sqrt{\frac{\hat p(1 - \hat p)}{n}
        + \frac{z^2}{4n^2}}}{1 + \frac{z^2}{n}}

    The bounds always lie in [0, 1]; the lower bound is exactly 0 when k = 0 and the upper
    bound exactly 1 when k = n (rounding would otherwise leave values like 5.6e-17).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA* 22(158), 209-212.
    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial
    proportion. *Statistical Science* 16(2), 101-133.

    Examples
    --------
    >>> low, high = wilson_interval(0, 2)
    >>> low, round(high, 6)
    (0.0, 0.65762)
    >>> interval = wilson_interval([3, 10], [10, 10])
    >>> interval.low.round(4).tolist(), interval.high.round(4).tolist()
    ([0.1078, 0.7225], [0.6032, 1.0])
    """
    check_level(level)
    k = as_float(successes, "successes")
    trials = as_float(n, "n")
    scalar = k.ndim == 0 and trials.ndim == 0
    k, trials = np.broadcast_arrays(np.atleast_1d(k), np.atleast_1d(trials))
    _check_counts(k, trials, scalar=scalar)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    z2 = z * z
    share = k / trials
    denominator = 1.0 + z2 / trials
    centre = (share + z2 / (2 * trials)) / denominator
    half_width = z * np.sqrt(share * (1 - share) / trials + z2 / (4 * trials**2)) / denominator
    low = np.where(k == 0, 0.0, np.clip(centre - half_width, 0.0, 1.0))
    high = np.where(k == trials, 1.0, np.clip(centre + half_width, 0.0, 1.0))
    if scalar:
        return WilsonInterval(low=float(low[0]), high=float(high[0]), level=level)
    return WilsonInterval(low=low, high=high, level=level)


def _check_counts(k: FloatArray, trials: FloatArray, *, scalar: bool) -> None:
    checks = (
        (trials, ~np.isfinite(trials), "n", "must be finite"),
        (k, ~np.isfinite(k) & ~np.isnan(k), "successes", "must be finite"),
        (trials, ~(trials >= 1), "n", "must be at least 1"),
        (k, ~(k >= 0), "successes", "must be at least 0"),
        (k, ~(k <= trials), "successes", "must not exceed n"),
    )
    for values, bad, name, rule in checks:
        if bad.any():
            i = int(np.argmax(bad.ravel()))
            value = values.ravel()[i]
            what = "must not be NaN" if np.isnan(value) else f"{rule}: {show(value)}"
            msg = f"{name} {what}" if scalar else f"{name}[{i}] {what}"
            raise ValueError(msg)
