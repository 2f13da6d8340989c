r"""Crowd figures: aggregate forecasts, and scores relative to the other forecasters.

Every function here works on *long* arrays: one element per (question, forecaster) pair, with an
integer ``questions`` array (0..Q-1) saying which question each element belongs to. Nothing loops
over questions in Python: groups are formed by sorting, so a crowd of 40 forecasters on a
thousand questions costs a few sorts.

* :func:`aggregate_forecasts` — the crowd's probability per question: median, mean, or the
  geometric mean of odds.
* :func:`relative_brier` — a forecaster's Brier score minus the median Brier score of everyone
  who forecast the question (Fatebook; Good Judgment Open's "median score").
* :func:`baseline_log_score` and :func:`peer_log_score` — Metaculus' Baseline and Peer scores
  for binary questions, at one moment (from each forecaster's standing forecast).
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from foretell.scoring._validation import FloatArray, IntArray, binary_arrays

__all__ = [
    "AGGREGATE_METHODS",
    "LOG_SCORE_CLIP",
    "AggregateMethod",
    "aggregate_forecasts",
    "baseline_log_score",
    "peer_log_score",
    "relative_brier",
]

AggregateMethod = Literal["median", "mean", "geometric-mean-of-odds"]
#: The aggregation methods, by the names the command line uses.
AGGREGATE_METHODS: Final[tuple[AggregateMethod, ...]] = (
    "median",
    "mean",
    "geometric-mean-of-odds",
)
#: Metaculus accepts binary forecasts in [0.001, 0.999]; log scores clip probabilities to it.
LOG_SCORE_CLIP: Final = 0.001


def _question_index(questions: npt.ArrayLike, n: int) -> tuple[IntArray, int]:
    index = np.asarray(questions)
    if index.ndim != 1 or index.shape[0] != n:
        msg = f"questions must be 1-D with one entry per forecast ({n}), got shape {index.shape}"
        raise ValueError(msg)
    if n and not np.issubdtype(index.dtype, np.integer):
        msg = f"questions must hold integer question numbers, got dtype {index.dtype}"
        raise ValueError(msg)
    index = index.astype(np.int64, copy=False)
    if n and index.min() < 0:
        msg = f"questions must be >= 0: questions[{int(np.argmin(index))}] = {index.min()}"
        raise ValueError(msg)
    return index, (int(index.max()) + 1 if n else 0)


def _probabilities(probabilities: npt.ArrayLike) -> FloatArray:
    # Reuse the binary validation: a dummy outcome array of zeros has the right shape.
    p = np.asarray(probabilities, dtype=np.float64)
    _, checked = binary_arrays(np.zeros(p.shape), p)
    return checked


def _group_medians(values: FloatArray, index: IntArray, n_groups: int) -> FloatArray:
    """Median of ``values`` within each group (mean of the two middle values for even sizes)."""
    counts = np.bincount(index, minlength=n_groups)
    order = np.lexsort((values, index))
    ordered = values[order]
    starts = np.cumsum(counts) - counts
    medians = np.full(n_groups, np.nan)
    present = counts > 0
    low = starts[present] + (counts[present] - 1) // 2
    high = starts[present] + counts[present] // 2
    medians[present] = (ordered[low] + ordered[high]) / 2
    return medians


def aggregate_forecasts(
    probabilities: npt.ArrayLike,
    questions: npt.ArrayLike,
    *,
    method: AggregateMethod = "median",
) -> FloatArray:
    r"""The crowd's probability of "yes" on each question.

    Parameters
    ----------
    probabilities : array_like
        1-D probabilities of "yes" in [0, 1], one per (question, forecaster).
    questions : array_like of int
        1-D question number (0..Q-1) of each probability.
    method : {"median", "mean", "geometric-mean-of-odds"}
        ``"median"``: the middle forecast (an even count gives the mean of the two middle
        ones, as ``numpy.median`` and ForecastBench's superforecaster median do).
        ``"mean"``: the arithmetic mean. ``"geometric-mean-of-odds"``: the probability whose
        odds are the geometric mean of the forecasters' odds,

        .. math:: \bar p = \operatorname{logistic}\Big(\frac1n \sum_i \ln\frac{p_i}{1-p_i}\Big).

        A forecast of exactly 0 or 1 has infinite log-odds and decides the aggregate (0 or
        1); when a question has both, the two cancel nothing, so its log-odds are computed
        from probabilities clipped to [0.001, 0.999] instead.

    Returns
    -------
    numpy.ndarray
        One probability per question number 0..Q-1 (Q = max + 1); NaN for a number with no
        forecast.

    Examples
    --------
    >>> aggregate_forecasts([0.1, 0.2, 0.4, 0.9], [0, 0, 0, 1]).tolist()
    [0.2, 0.9]
    >>> aggregate_forecasts([0.2, 0.3, 0.4, 0.7], [0, 0, 0, 0]).tolist()
    [0.35]
    >>> round(float(aggregate_forecasts([0.5, 0.9], [0, 0], method="geometric-mean-of-odds")[0]), 6)
    0.75
    """
    if method not in AGGREGATE_METHODS:
        msg = f"method must be one of {', '.join(AGGREGATE_METHODS)}: {method!r}"
        raise ValueError(msg)
    p = _probabilities(probabilities)
    index, n_groups = _question_index(questions, p.shape[0])
    if method == "median":
        return _group_medians(p, index, n_groups)
    counts = np.bincount(index, minlength=n_groups).astype(np.float64)
    # log(0) and exp(inf) are expected at probabilities of exactly 0 or 1 (odds of 0 or inf).
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if method == "mean":
            result: FloatArray = np.bincount(index, weights=p, minlength=n_groups) / counts
            return result
        if method == "geometric-mean-of-odds":
            logits = np.log(p) - np.log1p(-p)
            mean_logit = np.bincount(index, weights=logits, minlength=n_groups) / counts
            clipped = np.clip(p, LOG_SCORE_CLIP, 1 - LOG_SCORE_CLIP)
            clipped_logits = np.log(clipped) - np.log1p(-clipped)
            fallback = np.bincount(index, weights=clipped_logits, minlength=n_groups) / counts
            both_extremes = np.isnan(mean_logit) & (counts > 0)
            mean_logit = np.where(both_extremes, fallback, mean_logit)
            aggregated: FloatArray = 1.0 / (1.0 + np.exp(-mean_logit))
            return aggregated
    raise AssertionError(method)  # pragma: no cover - checked above


def relative_brier(
    outcomes: npt.ArrayLike, probabilities: npt.ArrayLike, questions: npt.ArrayLike
) -> FloatArray:
    r"""Each forecast's Brier score minus the median Brier score on its question.

    .. math:: \mathrm{rel}_{iq} = (p_{iq} - o_q)^2 - \operatorname{median}_j (p_{jq} - o_q)^2

    The median runs over every forecaster of question q, the forecaster included (Fatebook's
    relative score; Good Judgment Open compares with the same median forecaster). Negative is
    better than the crowd's median forecaster. On the 0–1 scale; double it for the 0–2 scale.

    Parameters
    ----------
    outcomes : array_like
        1-D outcome of each forecast's question: 0/1 or a fraction in [0, 1].
    probabilities : array_like
        1-D probabilities of "yes", one per (question, forecaster).
    questions : array_like of int
        1-D question number of each forecast.

    Returns
    -------
    numpy.ndarray
        One value per forecast; NaN where the question has a single forecaster (the relative
        score is undefined without a crowd).

    Examples
    --------
    >>> relative_brier([1, 1, 1, 0], [0.9, 0.6, 0.5, 0.2], [0, 0, 0, 1]).round(4).tolist()
    [-0.15, 0.0, 0.09, nan]
    """
    y, p = binary_arrays(outcomes, probabilities)
    index, n_groups = _question_index(questions, p.shape[0])
    scores = (p - y) ** 2
    medians = _group_medians(scores, index, n_groups)
    counts = np.bincount(index, minlength=n_groups)
    relative: FloatArray = np.where(counts[index] > 1, scores - medians[index], np.nan)
    return relative


def _log_probability_of_outcome(y: FloatArray, p: FloatArray, log: np.ufunc) -> FloatArray:
    # A fractional outcome o counts as o of a "yes" and 1 - o of a "no" (the expected score).
    clipped = np.clip(p, LOG_SCORE_CLIP, 1 - LOG_SCORE_CLIP)
    values: FloatArray = y * log(clipped) + (1 - y) * log(1 - clipped)
    return values


def baseline_log_score(outcomes: npt.ArrayLike, probabilities: npt.ArrayLike) -> FloatArray:
    r"""Metaculus' Baseline score of each binary forecast (higher is better).

    .. math:: \mathrm{Baseline} = 100\,\frac{\ln p - \ln 0.5}{\ln 2} = 100\,(\log_2 p + 1)

    where p is the probability given to what happened, clipped to [0.001, 0.999] as Metaculus
    bounds binary forecasts (so the range is -896.6 to +99.9). 0 is the score of always saying
    50%. A fractional outcome o gives :math:`o\,B(\text{yes}) + (1-o)\,B(\text{no})`.

    This is the score of one standing forecast ("spot" score); Metaculus' headline Baseline
    score also averages over the time the question was open.

    Returns
    -------
    numpy.ndarray
        One score per forecast.

    Examples
    --------
    >>> baseline_log_score([1, 1, 0], [0.9, 0.1, 0.5]).round(6).tolist()
    [84.799691, -232.192809, 0.0]
    """
    y, p = binary_arrays(outcomes, probabilities)
    scores: FloatArray = 100.0 * (_log_probability_of_outcome(y, p, np.log2) + 1.0)
    return scores


def peer_log_score(
    outcomes: npt.ArrayLike, probabilities: npt.ArrayLike, questions: npt.ArrayLike
) -> FloatArray:
    r"""Metaculus' Peer score of each binary forecast against the others on its question.

    .. math::
        \mathrm{Peer}_i = \frac{100}{N-1} \sum_{j \ne i} (\ln p_i - \ln p_j)
        = 100\,\frac{N}{N-1}\,\big(\ln p_i - \ln \mathrm{GM}(p_1..p_N)\big)

    with N the number of forecasters on the question, p the probability each gave to what
    happened (clipped to [0.001, 0.999]) and GM the geometric mean; Metaculus' spot Peer score.
    Peer scores of one question sum to zero; positive is better than the crowd.

    Returns
    -------
    numpy.ndarray
        One score per forecast; NaN where the question has a single forecaster.

    Examples
    --------
    >>> peer_log_score([1, 1], [0.8, 0.2], [0, 0]).round(4).tolist()
    [138.6294, -138.6294]
    """
    y, p = binary_arrays(outcomes, probabilities)
    index, n_groups = _question_index(questions, p.shape[0])
    log_p = _log_probability_of_outcome(y, p, np.log)
    counts = np.bincount(index, minlength=n_groups).astype(np.float64)
    totals = np.bincount(index, weights=log_p, minlength=n_groups)
    n = counts[index]
    with np.errstate(invalid="ignore", divide="ignore"):
        others_mean = (totals[index] - log_p) / (n - 1)
    peer: FloatArray = np.where(n > 1, 100.0 * (log_p - others_mean), np.nan)
    return peer
