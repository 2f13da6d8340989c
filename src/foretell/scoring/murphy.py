"""Binned (Murphy) decomposition of the Brier score, with the Stephenson et al. terms."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from foretell.scoring._binning import assign_bins, bin_edges
from foretell.scoring._validation import binary_arrays, check_aligned
from foretell.scoring.results import MurphyDecomposition

__all__ = ["murphy_decomposition"]


def murphy_decomposition(
    outcomes: npt.ArrayLike, probabilities: npt.ArrayLike, *, bins: int | npt.ArrayLike = 10
) -> MurphyDecomposition:
    r"""Decompose the Brier score of binary forecasts over probability bins.

    Parameters
    ----------
    outcomes : array_like
        1-D outcomes, 0/1 or fractions in [0, 1].
    probabilities : array_like
        1-D probabilities of "yes" in [0, 1].
    bins : int or array_like, optional
        Number of equal-width bins (default 10), or explicit edges: a strictly increasing
        array from 0 to 1. Bins are right-closed, (a, b], the first one [0, b]; a probability
        within 1e-9 above an edge counts as on the edge (so 0.3 is in (0.2, 0.3]).

    Returns
    -------
    MurphyDecomposition
        ``score`` (Brier, 0-1 scale), ``reliability``, ``resolution``, ``uncertainty``,
        ``within_bin_variance`` and ``within_bin_covariance``.

    Raises
    ------
    ValueError
        On invalid input or invalid ``bins``.

    Notes
    -----
    With bins k holding :math:`n_k` cases, mean forecast :math:`\bar p_k`, mean outcome
    :math:`\bar o_k`, and base rate :math:`\bar y`:

    .. math::

        \mathrm{REL} = \tfrac{1}{n}\sum_k n_k (\bar p_k - \bar o_k)^2, \quad
        \mathrm{RES} = \tfrac{1}{n}\sum_k n_k (\bar o_k - \bar y)^2, \quad
        \mathrm{UNC} = \tfrac{1}{n}\sum_i (y_i - \bar y)^2,

        \mathrm{WBV} = \tfrac{1}{n}\sum_i (p_i - \bar p_{k(i)})^2, \quad
        \mathrm{WBC} = \tfrac{2}{n}\sum_i (p_i - \bar p_{k(i)})(y_i - \bar o_{k(i)}),

    and :math:`\mathrm{BS} = \mathrm{REL} - \mathrm{RES} + \mathrm{UNC} + \mathrm{WBV} -
    \mathrm{WBC}` exactly. Murphy's three-term form REL - RES + UNC is exact only when the
    forecasts are constant within each bin (then WBV = WBC = 0). For 0/1 outcomes UNC is
    :math:`\bar y(1 - \bar y)`. Empty bins contribute nothing. REL and RES are biased upward
    in small samples; prefer :func:`~foretell.scoring.corp_decomposition`, which needs no bins.

    References
    ----------
    Murphy, A. H. (1973). A new vector partition of the probability score. *Journal of
    Applied Meteorology* 12, 595-600.
    Stephenson, D. B., Coelho, C. A. S. & Jolliffe, I. T. (2008). Two extra components in the
    Brier score decomposition. *Weather and Forecasting* 23, 752-757.

    Examples
    --------
    >>> d = murphy_decomposition([0, 1, 1, 0, 1], [0.1, 0.3, 0.8, 0.9, 0.9], bins=2)
    >>> round(d.score, 6), round(d.reliability, 6), round(d.resolution, 6)
    (0.272, 0.06, 0.006667)
    >>> total = (d.reliability - d.resolution + d.uncertainty
    ...          + d.within_bin_variance - d.within_bin_covariance)
    >>> abs(total - d.score) < 1e-15
    True
    """
    check_aligned(outcomes=outcomes, probabilities=probabilities)
    y, p = binary_arrays(outcomes, probabilities)
    edges = bin_edges(bins)
    index = assign_bins(p, edges)
    n_bins = edges.shape[0] - 1
    n = y.shape[0]

    counts = np.bincount(index, minlength=n_bins).astype(np.float64)
    occupied = counts > 0
    safe_counts = np.where(occupied, counts, 1.0)
    mean_p = np.bincount(index, weights=p, minlength=n_bins) / safe_counts
    mean_y = np.bincount(index, weights=y, minlength=n_bins) / safe_counts
    base_rate = float(np.mean(y))

    p_deviation = p - mean_p[index]
    y_deviation = y - mean_y[index]
    errors = p - y
    return MurphyDecomposition(
        score=float(np.sum(errors * errors)) / n,
        reliability=float(np.sum(counts * np.square(mean_p - mean_y))) / n,
        resolution=float(np.sum(counts * np.square(mean_y - base_rate))) / n,
        uncertainty=float(np.sum(np.square(y - base_rate))) / n,
        within_bin_variance=float(np.sum(p_deviation * p_deviation)) / n,
        within_bin_covariance=2.0 * float(np.sum(p_deviation * y_deviation)) / n,
    )
