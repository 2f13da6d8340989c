"""Proper scores of probability forecasts: Brier score, log score and Brier skill score.

Input conventions (shared by every function in :mod:`foretell.scoring`):

* **Binary** questions: ``probabilities`` is 1-D, the probability of "yes" for each case;
  ``outcomes`` is 1-D of the same length with values 0 (no) or 1 (yes), or a fraction in [0, 1]
  (for example a market's final price), which is scored with the same formula.
* **Multi-category** questions: ``probabilities`` is 2-D, n rows by K >= 2 columns, each row
  summing to 1 (within 1e-6); ``outcomes`` holds the index 0..K-1 of the category that happened.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from foretell.scoring import _kernels
from foretell.scoring._validation import (
    FloatArray,
    as_float,
    as_numeric,
    binary_arrays,
    categorical_arrays,
    check_aligned,
    check_binary_shape,
    check_categorical_probabilities,
    check_probability_ndim,
    check_scale,
    show,
)

__all__ = [
    "brier_score",
    "brier_scores_per_case",
    "brier_skill_score",
    "log_score",
    "log_scores_per_case",
]


def brier_score(
    outcomes: npt.ArrayLike, probabilities: npt.ArrayLike, *, scale: str = "auto"
) -> float:
    r"""Mean Brier score of probability forecasts (lower is better).

    Parameters
    ----------
    outcomes : array_like
        Binary input: 1-D array of 0/1 outcomes, or fractions in [0, 1].
        Multi-category input: 1-D array of realised category indices 0..K-1.
    probabilities : array_like
        Binary input: 1-D array of probabilities of "yes" in [0, 1].
        Multi-category input: 2-D n-by-K array whose rows sum to 1.
    scale : {"auto", "0-1", "0-2"}, optional
        ``"0-1"``: the 0-1 scale: the mean squared error for binary input, half of Brier's
        sum over categories for multi-category input (so a yes/no question written as two
        categories scores the same as the binary form). ``"0-2"``: Brier's (1950) sum over all
        categories, on the 0-2 scale; for a binary question exactly twice the 0-1 value (the
        convention of Good Judgment Open and Fatebook). ``"auto"`` (default) is ``"0-1"`` for
        binary and multi-category input alike, the scale ``foretell report`` uses by default.

    Returns
    -------
    float
        The mean Brier score, in [0, 1] or [0, 2] depending on ``scale``.

    Raises
    ------
    ValueError
        On empty input, mismatched lengths, wrong dimensions, NaN, probabilities or binary
        outcomes outside [0, 1], invalid category indices, rows not summing to 1, or an unknown
        ``scale``. The message names the first offending element.

    Notes
    -----
    Binary, 0-1 scale (the mean squared error):

    .. math:: \mathrm{BS} = \frac{1}{n} \sum_{i=1}^n (p_i - y_i)^2

    Multi-category, 0-2 scale (Brier 1950), with :math:`o_{ik} = 1` if case i fell in
    category k and 0 otherwise:

    .. math:: \mathrm{BS} = \frac{1}{n} \sum_{i=1}^n \sum_{k=1}^K (p_{ik} - o_{ik})^2

    A fractional outcome o is scored as :math:`(p - o)^2`.

    References
    ----------
    Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
    *Monthly Weather Review* 78(1), 1-3.

    Examples
    --------
    >>> round(brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 10)
    0.0375
    >>> round(brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3], scale="0-2"), 10)
    0.075
    >>> round(brier_score([1, 0, 2], [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3]]), 8)
    0.20666667
    >>> round(brier_score([1, 0, 2], [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3]],
    ...                   scale="0-2"), 8)
    0.41333333
    """
    check_aligned(outcomes=outcomes, probabilities=probabilities)
    check_scale(scale)
    p = as_float(probabilities, "probabilities")
    check_probability_ndim(p, "probabilities")
    if p.ndim == 2:
        categories, p = categorical_arrays(outcomes, p)
        value = float(_kernels.categorical_brier_per_case(categories, p).sum()) / len(p)
        return value if scale == "0-2" else value / 2
    y = as_numeric(outcomes, "outcomes")
    n = check_binary_shape(y, p, "probabilities")
    value = _kernels.squared_error_sum(y, p, "probabilities") / n
    return value * 2 if scale == "0-2" else value


def log_score(outcomes: npt.ArrayLike, probabilities: npt.ArrayLike) -> float:
    r"""Mean logarithmic score (log loss) in nats (lower is better).

    Parameters
    ----------
    outcomes : array_like
        Binary: 1-D 0/1 outcomes or fractions in [0, 1]. Multi-category: category indices.
    probabilities : array_like
        Binary: 1-D probabilities of "yes". Multi-category: 2-D n-by-K rows summing to 1.

    Returns
    -------
    float
        Mean of :math:`-\ln p(\text{outcome})`, in [0, inf]. A probability of exactly 0 on
        what happened gives ``inf``: the log score is unbounded, and it is reported as such
        rather than clipped (no warning is emitted).

    Raises
    ------
    ValueError
        On invalid input, as for :func:`brier_score`.

    Notes
    -----
    Binary, with the convention :math:`0 \ln 0 = 0` (so a fractional outcome o is scored
    :math:`-(o \ln p + (1 - o) \ln(1 - p))`):

    .. math:: \mathrm{LS} = -\frac{1}{n} \sum_i \left[ y_i \ln p_i + (1 - y_i) \ln(1 - p_i) \right]

    Multi-category: :math:`\mathrm{LS} = -\frac{1}{n} \sum_i \ln p_{i, c_i}` where
    :math:`c_i` is the realised category. Divide by :math:`\ln 2` for bits ("ignorance").
    Unlike scikit-learn's ``log_loss`` no clipping is applied.

    References
    ----------
    Good, I. J. (1952). Rational decisions. *JRSS B* 14(1), 107-114.
    Gneiting, T. & Raftery, A. E. (2007). Strictly proper scoring rules, prediction, and
    estimation. *JASA* 102(477), 359-378.

    Examples
    --------
    >>> round(log_score([1, 0], [0.8, 0.4]), 6)
    0.366985
    >>> log_score([1], [0.0])
    inf
    >>> round(log_score([1, 0, 2], [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3]]), 7)
    0.6904911
    """
    check_aligned(outcomes=outcomes, probabilities=probabilities)
    return float(np.mean(log_scores_per_case(outcomes, probabilities)))


def brier_skill_score(
    outcomes: npt.ArrayLike,
    probabilities: npt.ArrayLike,
    reference: npt.ArrayLike | str,
) -> float:
    r"""Brier skill score relative to a reference forecast: 1 - BS / BS_ref.

    Parameters
    ----------
    outcomes, probabilities : array_like
        As for :func:`brier_score` (binary or multi-category).
    reference : float, array_like or "base_rate"
        The reference forecast:

        * a number c in [0, 1] (binary only): the constant forecast c for every case, e.g. 0.5;
        * an array shaped like ``probabilities``: another forecaster's probabilities;
        * multi-category only: a length-K probability vector used for every case;
        * ``"base_rate"``: in-sample climatology, i.e. the constant forecast equal to the
          observed frequency (binary: BS_ref = ybar (1 - ybar) for 0/1 outcomes; multi-category:
          BS_ref = 1 - sum_k f_k^2 with f_k the category frequencies). It uses the outcomes
          twice and equals (DSC - MCB) / UNC of the CORP decomposition.

    Returns
    -------
    float
        Skill in (-inf, 1]: 1 is perfect, 0 no better than the reference, negative worse. The
        ratio is scale-free, so it is the same on the 0-1 and 0-2 Brier scales.

    Raises
    ------
    ValueError
        On invalid input, an unknown string reference, or when BS_ref = 0: the skill score is
        then undefined (for ``"base_rate"`` this happens when every outcome is the same).

    References
    ----------
    Brier (1950); Murphy, A. H. (1973). A new vector partition of the probability score.
    *Journal of Applied Meteorology* 12, 595-600.

    Examples
    --------
    >>> round(brier_skill_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3], 0.5), 6)
    0.85
    >>> round(brier_skill_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3], "base_rate"), 6)
    0.85
    """
    check_aligned(outcomes=outcomes, probabilities=probabilities, reference=reference)
    p = as_float(probabilities, "probabilities")
    check_probability_ndim(p, "probabilities")
    if p.ndim == 1:
        y, p = binary_arrays(outcomes, p)
        score = float(np.mean(_kernels.binary_brier_per_case(y, p)))
        reference_score = _binary_reference_score(y, reference)
    else:
        categories, p = categorical_arrays(outcomes, p)
        score = float(np.mean(_kernels.categorical_brier_per_case(categories, p)))
        reference_score = _categorical_reference_score(categories, p.shape[1], reference)
    if reference_score == 0:
        why = (
            " (every outcome is the same, so the base rate forecasts them perfectly)"
            if isinstance(reference, str)
            else ""
        )
        msg = f"brier_skill_score is undefined: the reference forecast's Brier score is 0{why}"
        raise ValueError(msg)
    return 1.0 - score / reference_score


def _check_reference_name(reference: str) -> None:
    if reference != "base_rate":
        msg = f"reference must be a number, an array or 'base_rate': {reference!r}"
        raise ValueError(msg)


def _binary_reference_score(y: FloatArray, reference: npt.ArrayLike | str) -> float:
    if isinstance(reference, str):
        _check_reference_name(reference)
        deviation = y - y.mean()
        return float(np.sum(deviation * deviation)) / len(y)
    r = as_float(reference, "reference")
    if r.ndim == 0:
        if not 0 <= r <= 1:
            msg = f"reference must be between 0 and 1: {show(r)}"
            raise ValueError(msg)
        r = np.full_like(y, float(r))
    else:
        y, r = binary_arrays(y, r, prob_name="reference")
    return float(np.mean(_kernels.binary_brier_per_case(y, r)))


def _categorical_reference_score(
    categories: npt.NDArray[np.intp], n_categories: int, reference: npt.ArrayLike | str
) -> float:
    n = categories.shape[0]
    if isinstance(reference, str):
        _check_reference_name(reference)
        frequencies = np.bincount(categories, minlength=n_categories) / n
        r = np.broadcast_to(frequencies, (n, n_categories))
    else:
        r = as_float(reference, "reference")
        if r.ndim == 1 and r.shape[0] == n_categories:
            check_categorical_probabilities(r.reshape(1, -1), "reference")
            r = np.broadcast_to(r, (n, n_categories))
        elif r.ndim == 2:
            categories, r = categorical_arrays(categories, r, prob_name="reference")
            if r.shape[1] != n_categories:
                msg = (
                    f"reference must have {n_categories} columns like probabilities: "
                    f"got {r.shape[1]}"
                )
                raise ValueError(msg)
        else:
            msg = (
                "reference for multi-category forecasts must be 'base_rate', a vector of "
                f"{n_categories} category probabilities or an n-by-{n_categories} array: "
                f"got shape {r.shape}"
            )
            raise ValueError(msg)
    return float(np.mean(_kernels.categorical_brier_per_case(categories, r)))


def brier_scores_per_case(
    outcomes: npt.ArrayLike,
    probabilities: npt.ArrayLike,
    *,
    scale: str = "auto",
    prob_name: str = "probabilities",
) -> FloatArray:
    """One Brier score per case: the terms whose mean is :func:`brier_score`.

    Parameters
    ----------
    outcomes, probabilities : array_like
        As for :func:`brier_score` (binary 1-D, or multi-category n-by-K with category indices).
    scale : {"auto", "0-1", "0-2"}, optional
        As for :func:`brier_score`: binary cases give (p - y)^2 on "0-1" (and "auto") and
        twice that on "0-2"; multi-category cases give half the sum over categories on "0-1"
        (and "auto") and the sum on "0-2".
    prob_name : str, optional
        Name of the probabilities in error messages.

    Returns
    -------
    numpy.ndarray
        Float64 array of length n, each value in [0, 1] or [0, 2] depending on ``scale``.

    Raises
    ------
    ValueError
        On invalid input, as for :func:`brier_score`.

    Examples
    --------
    >>> brier_scores_per_case([1, 0], [0.8, 0.4]).round(10).tolist()
    [0.04, 0.16]
    >>> brier_scores_per_case([1], [[0.2, 0.5, 0.3]]).round(10).tolist()
    [0.19]
    """
    check_scale(scale)
    p = as_float(probabilities, prob_name)
    check_probability_ndim(p, prob_name)
    if p.ndim == 2:
        categories, p = categorical_arrays(outcomes, p, prob_name=prob_name)
        scores = _kernels.categorical_brier_per_case(categories, p)
        return scores if scale == "0-2" else scores / 2
    y, p = binary_arrays(outcomes, p, prob_name=prob_name)
    scores = _kernels.binary_brier_per_case(y, p)
    return scores * 2 if scale == "0-2" else scores


def log_scores_per_case(
    outcomes: npt.ArrayLike, probabilities: npt.ArrayLike, *, prob_name: str = "probabilities"
) -> FloatArray:
    """One log score per case, −ln p(outcome) in nats: the terms whose mean is :func:`log_score`.

    Parameters
    ----------
    outcomes, probabilities : array_like
        As for :func:`log_score` (binary 1-D, or multi-category n-by-K with category indices).
    prob_name : str, optional
        Name of the probabilities in error messages.

    Returns
    -------
    numpy.ndarray
        Float64 array of length n with values in [0, inf]: ``inf`` where the probability given
        to what happened was 0.

    Raises
    ------
    ValueError
        On invalid input, as for :func:`brier_score`.

    Examples
    --------
    >>> log_scores_per_case([1, 0], [0.5, 0.25]).round(6).tolist()
    [0.693147, 0.287682]
    >>> log_scores_per_case([1], [0.0]).tolist()
    [inf]
    """
    p = as_float(probabilities, prob_name)
    check_probability_ndim(p, prob_name)
    if p.ndim == 2:
        categories, p = categorical_arrays(outcomes, p, prob_name=prob_name)
        return _kernels.categorical_log_per_case(categories, p)
    y, p = binary_arrays(outcomes, p, prob_name=prob_name)
    return _kernels.binary_log_per_case(y, p)
