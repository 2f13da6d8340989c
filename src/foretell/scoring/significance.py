"""Significance tests: Spiegelhalter's calibration test and paired forecaster comparison."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import numpy.typing as npt

from foretell.scoring._validation import as_float, binary_arrays, check_aligned, check_zero_one
from foretell.scoring.results import Comparison, SpiegelhalterTest
from foretell.scoring.scores import brier_scores_per_case

__all__ = ["compare", "spiegelhalter_test"]


def spiegelhalter_test(outcomes: npt.ArrayLike, probabilities: npt.ArrayLike) -> SpiegelhalterTest:
    r"""Spiegelhalter's z-test of calibration for binary forecasts.

    Parameters
    ----------
    outcomes : array_like
        1-D outcomes, each exactly 0 or 1 (the test's null variance assumes Bernoulli
        outcomes, so fractional outcomes are rejected).
    probabilities : array_like
        1-D probabilities of "yes" in [0, 1].

    Returns
    -------
    SpiegelhalterTest
        ``z`` and the two-sided normal ``p_value``. Both are NaN when the statistic is
        undefined: when every probability is 0, 0.5 or 1, the null variance below is 0.

    Raises
    ------
    ValueError
        On invalid input or outcomes other than 0 and 1.

    Notes
    -----
    .. math::

        Z = \frac{\sum_i (y_i - p_i)(1 - 2p_i)}{\sqrt{\sum_i (1 - 2p_i)^2\, p_i (1 - p_i)}}

    Z is the Brier score standardised by its mean and variance under the hypothesis that
    every :math:`y_i` is Bernoulli(:math:`p_i`), and is approximately N(0, 1) under that
    hypothesis. Large positive values mean the Brier score is worse than calibrated forecasts
    would score. Forecasts of exactly 0 or 1 add nothing to the variance, so a single such
    forecast that goes wrong inflates Z sharply.

    References
    ----------
    Spiegelhalter, D. J. (1986). Probabilistic prediction in patient management and clinical
    trials. *Statistics in Medicine* 5(5), 421-433.

    Examples
    --------
    >>> result = spiegelhalter_test([0, 1, 1, 0, 1], [0.1, 0.3, 0.8, 0.9, 0.9])
    >>> round(result.z, 4), round(result.p_value, 4)
    (1.4013, 0.1611)
    >>> spiegelhalter_test([0, 1], [0.5, 0.5])
    SpiegelhalterTest(z=nan, p_value=nan)
    """
    check_aligned(outcomes=outcomes, probabilities=probabilities)
    y, p = binary_arrays(outcomes, probabilities)
    check_zero_one(y)
    weight = 1.0 - 2.0 * p
    numerator = float(np.sum((y - p) * weight))
    variance = float(np.sum(weight * weight * p * (1.0 - p)))
    if variance == 0:
        return SpiegelhalterTest(z=math.nan, p_value=math.nan)
    z = numerator / math.sqrt(variance)
    return SpiegelhalterTest(z=z, p_value=math.erfc(abs(z) / math.sqrt(2.0)))


def compare(
    outcomes: npt.ArrayLike,
    probabilities_a: npt.ArrayLike,
    probabilities_b: npt.ArrayLike,
    *,
    scale: str = "auto",
    alpha: float = 0.05,
) -> Comparison:
    r"""Compare two forecasters' Brier scores on the same cases (Diebold-Mariano test).

    Parameters
    ----------
    outcomes : array_like
        Outcomes of the cases, as for :func:`~foretell.scoring.brier_score`.
    probabilities_a, probabilities_b : array_like
        The two forecasters' probabilities for the same cases, same shape (binary 1-D or
        multi-category 2-D).
    scale : {"auto", "0-1", "0-2"}, optional
        Brier scale of ``brier_a``, ``brier_b`` and ``mean_difference`` (as in
        :func:`~foretell.scoring.brier_score`); the statistic and p-value do not depend on it.
    alpha : float, optional
        Significance level for ``better`` (default 0.05).

    Returns
    -------
    Comparison
        ``n``, ``brier_a``, ``brier_b``, ``mean_difference`` (A - B: negative means A is
        better), ``statistic``, ``p_value`` and ``better``: ``"a"`` or ``"b"`` (the lower mean
        score) when ``p_value < alpha``, else None (also when the p-value is NaN).

    Raises
    ------
    ValueError
        On invalid input or when the two forecasters' arrays differ in shape.

    Notes
    -----
    With per-case differences :math:`d_i = \mathrm{BS}_i(A) - \mathrm{BS}_i(B)`,

    .. math:: \mathrm{DM} = \frac{\bar d}{s_d / \sqrt{n}}, \qquad
              s_d^2 = \frac{1}{n - 1}\sum_i (d_i - \bar d)^2,

    the Diebold-Mariano statistic with the variance of independent cases (no
    autocorrelation correction), which equals the paired t statistic; the two-sided p-value
    uses Student's t with n - 1 degrees of freedom, as ``scipy.stats.ttest_rel`` does. Use
    one case per question: daily scores of one question are strongly dependent.
    Degenerate cases: for n = 1, or when every difference is 0, the statistic and p-value are
    NaN; when every difference is the same non-zero number, the statistic is +/-inf and the
    p-value 0.

    References
    ----------
    Diebold, F. X. & Mariano, R. S. (1995). Comparing predictive accuracy. *Journal of
    Business & Economic Statistics* 13(3), 253-263.

    Examples
    --------
    >>> result = compare([1, 0, 1, 1], [0.9, 0.2, 0.7, 0.6], [0.5, 0.5, 0.5, 0.5])
    >>> round(result.mean_difference, 4), round(result.statistic, 3), result.better
    (-0.175, -5.337, 'a')
    """
    check_aligned(
        outcomes=outcomes, probabilities_a=probabilities_a, probabilities_b=probabilities_b
    )
    if not 0 < alpha < 1:
        msg = f"alpha must be strictly between 0 and 1: {alpha!r}"
        raise ValueError(msg)
    shape_a = np.shape(as_float(probabilities_a, "probabilities_a"))
    shape_b = np.shape(as_float(probabilities_b, "probabilities_b"))
    if shape_a != shape_b:
        msg = (
            f"probabilities_a and probabilities_b must have the same shape: {shape_a} != {shape_b}"
        )
        raise ValueError(msg)
    scores_a = brier_scores_per_case(
        outcomes, probabilities_a, scale=scale, prob_name="probabilities_a"
    )
    scores_b = brier_scores_per_case(
        outcomes, probabilities_b, scale=scale, prob_name="probabilities_b"
    )
    differences = scores_a - scores_b
    n = differences.shape[0]
    mean_difference = float(np.mean(differences))
    statistic, p_value = _paired_t(differences)
    better: Literal["a", "b"] | None = None
    if p_value < alpha:
        better = "a" if mean_difference < 0 else "b"
    return Comparison(
        n=n,
        brier_a=float(np.mean(scores_a)),
        brier_b=float(np.mean(scores_b)),
        mean_difference=mean_difference,
        statistic=statistic,
        p_value=p_value,
        better=better,
    )


def _paired_t(differences: npt.NDArray[np.float64]) -> tuple[float, float]:
    """Paired t statistic of the differences and its two-sided p-value (n - 1 df)."""
    n = differences.shape[0]
    mean = float(np.mean(differences))
    if n < 2:
        return math.nan, math.nan
    spread = float(np.std(differences, ddof=1))
    if spread == 0:
        if mean == 0:
            return math.nan, math.nan
        return math.copysign(math.inf, mean), 0.0
    statistic = mean / (spread / math.sqrt(n))
    from scipy.special import stdtr  # noqa: PLC0415 - keep import of foretell light

    return statistic, float(2.0 * stdtr(n - 1, -abs(statistic)))
