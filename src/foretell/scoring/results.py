"""Result records returned by the scoring functions.

Every result is an immutable ``attrs`` class with named fields, never a bare tuple. Numbers are
plain Python ``float``/``int`` values; the only array field (``CorpDecomposition.recalibrated``)
is a read-only float64 array, compared with :func:`numpy.array_equal` and left out of the hash.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Literal, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

__all__ = [
    "BootstrapInterval",
    "CalibrationBin",
    "CalibrationTable",
    "Comparison",
    "CorpDecomposition",
    "MurphyDecomposition",
    "SpiegelhalterTest",
    "WilsonInterval",
]

T = TypeVar("T", float, npt.NDArray[np.float64])


def _short_array_repr(values: npt.NDArray[np.float64]) -> str:
    if values.size <= 6:
        return repr(values)
    return f"<array of {values.size} values>"


@attrs.frozen
class CorpDecomposition:
    """CORP decomposition: ``score = miscalibration - discrimination + uncertainty``.

    Attributes
    ----------
    score : float
        Mean score of the forecasts, S(p) (Brier on the 0-1 scale, or log score in nats).
    miscalibration : float
        MCB = S(p) - S(r), where r are the PAV-recalibrated probabilities; >= 0, 0 when the
        forecasts are already isotonically calibrated.
    discrimination : float
        DSC = S(ybar) - S(r); >= 0, 0 when recalibration leaves only the base rate.
    uncertainty : float
        UNC = S(ybar), the score of the constant base-rate forecast.
    recalibrated : numpy.ndarray
        The PAV-recalibrated probabilities r, one per case, in the input order (read-only).
    """

    score: float
    miscalibration: float
    discrimination: float
    uncertainty: float
    recalibrated: npt.NDArray[np.float64] = attrs.field(
        eq=attrs.cmp_using(eq=np.array_equal), hash=False, repr=_short_array_repr
    )


@attrs.frozen
class MurphyDecomposition:
    """Binned decomposition of the Brier score (Murphy 1973; Stephenson et al. 2008).

    The identity ``score = reliability - resolution + uncertainty + within_bin_variance -
    within_bin_covariance`` holds exactly (to floating point).

    Attributes
    ----------
    score : float
        Brier score on the 0-1 scale.
    reliability : float
        REL = (1/n) sum_k n_k (pbar_k - obar_k)^2; lower is better.
    resolution : float
        RES = (1/n) sum_k n_k (obar_k - ybar)^2; higher is better.
    uncertainty : float
        UNC = (1/n) sum_i (y_i - ybar)^2, which is ybar (1 - ybar) for 0/1 outcomes.
    within_bin_variance : float
        WBV = (1/n) sum_i (p_i - pbar_k(i))^2.
    within_bin_covariance : float
        WBC = (2/n) sum_i (p_i - pbar_k(i)) (y_i - obar_k(i)).
    """

    score: float
    reliability: float
    resolution: float
    uncertainty: float
    within_bin_variance: float
    within_bin_covariance: float


@attrs.frozen
class CalibrationBin:
    """One occupied probability bin of a calibration table.

    Attributes
    ----------
    lower, upper : float
        Bin edges; the bin holds probabilities p with lower < p <= upper (the first bin also
        holds p = lower = 0).
    n : int
        Number of forecasts in the bin (always >= 1: empty bins are omitted).
    mean_probability : float
        Mean forecast probability in the bin.
    observed_frequency : float
        Mean outcome in the bin (the share of "yes" for 0/1 outcomes).
    ci_low, ci_high : float
        Wilson score interval for the observed frequency at the table's level.
    """

    lower: float
    upper: float
    n: int
    mean_probability: float
    observed_frequency: float
    ci_low: float
    ci_high: float


@attrs.frozen
class CalibrationTable:
    """Binned calibration table: one :class:`CalibrationBin` per occupied bin, in order.

    Attributes
    ----------
    rows : tuple of CalibrationBin
        Occupied bins from low to high probability.
    level : float
        Confidence level of the Wilson intervals (e.g. 0.95).
    """

    rows: tuple[CalibrationBin, ...]
    level: float


@attrs.frozen
class WilsonInterval(Generic[T]):
    """Wilson score interval(s) for binomial proportions.

    Unpacks like a pair: ``low, high = wilson_interval(3, 10)``.

    Attributes
    ----------
    low, high : float or numpy.ndarray
        Interval bounds in [0, 1]; floats for scalar input, arrays for array input.
    level : float
        Confidence level.
    """

    low: T = attrs.field(eq=attrs.cmp_using(eq=np.array_equal), hash=False)
    high: T = attrs.field(eq=attrs.cmp_using(eq=np.array_equal), hash=False)
    level: float

    def __iter__(self) -> Iterator[T]:
        """Yield ``low`` then ``high``."""
        yield self.low
        yield self.high


@attrs.frozen
class SpiegelhalterTest:
    """Spiegelhalter's (1986) calibration test.

    Attributes
    ----------
    z : float
        Standardised statistic, approximately N(0, 1) when the forecasts are calibrated; NaN when
        undefined (every probability is 0, 0.5 or 1).
    p_value : float
        Two-sided p-value from the normal distribution; NaN when ``z`` is NaN.
    """

    z: float
    p_value: float


@attrs.frozen
class BootstrapInterval:
    """Percentile bootstrap confidence interval of a statistic.

    Attributes
    ----------
    estimate : float
        The statistic on the full data.
    low, high : float
        Percentile interval bounds.
    level : float
        Confidence level.
    n_resamples : int
        Number of bootstrap resamples.
    """

    estimate: float
    low: float
    high: float
    level: float
    n_resamples: int


@attrs.frozen
class Comparison:
    """Paired comparison of two forecasters' Brier scores on the same cases.

    Attributes
    ----------
    n : int
        Number of cases.
    brier_a, brier_b : float
        Mean Brier scores of A and B.
    mean_difference : float
        Mean of the per-case differences A - B; negative means A scored better (lower).
    statistic : float
        Diebold-Mariano statistic with the iid variance (ddof = 1), equal to the paired t
        statistic; NaN when undefined.
    p_value : float
        Two-sided p-value from Student's t with n - 1 degrees of freedom; NaN when undefined.
    better : {"a", "b", None}
        The forecaster with the lower mean score when ``p_value < alpha`` (default 0.05),
        otherwise None.
    """

    n: int
    brier_a: float
    brier_b: float
    mean_difference: float
    statistic: float
    p_value: float
    better: Literal["a", "b"] | None
