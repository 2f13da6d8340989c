"""Daily time-averaged Brier score of one question (Good Judgment Open style)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from foretell.scoring._validation import (
    IntArray,
    as_float,
    check_aligned,
    check_probability_ndim,
    show,
)
from foretell.scoring.scores import brier_scores_per_case

__all__ = ["time_averaged_brier"]

#: Day number of 1970-01-01 in :meth:`datetime.date.toordinal`, numpy's datetime64 epoch.
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()

DayLike = dt.date | np.datetime64 | int | np.integer[Any]


def time_averaged_brier(
    outcome: float,
    probabilities: npt.ArrayLike,
    *,
    made: Sequence[DayLike] | npt.NDArray[Any],
    resolved: DayLike,
    scale: str = "auto",
) -> float:
    r"""Brier score of one question averaged over days, the latest forecast carried forward.

    Parameters
    ----------
    outcome : float or int
        Binary question: 0 or 1 (or a fraction in [0, 1]). Multi-category question: the
        index of the category that happened.
    probabilities : array_like
        The forecasts in the order given in ``made``: binary, one probability of "yes" per
        forecast (1-D); multi-category, one row of K probabilities per forecast (2-D).
    made : sequence of dates
        Day of each forecast: :class:`datetime.date` (a :class:`datetime.datetime` counts by
        its date), :class:`numpy.datetime64`, or integer day numbers. Need not be sorted.
        Dates and day numbers cannot be mixed.
    resolved : date
        Day the question resolved, of the same kind as ``made``.
    scale : {"auto", "0-1", "0-2"}, optional
        Brier scale, as in :func:`~foretell.scoring.brier_score`: ``"auto"`` (default) is the
        0-1 scale (half the sum over categories for a multi-category question); Good Judgment
        Open reports ``"0-2"``.

    Returns
    -------
    float
        The mean over the scored days of the Brier score of the forecast standing that day.

    Raises
    ------
    ValueError
        On invalid probabilities or outcome, lengths that differ, dates of an unknown or
        mixed kind, or when no forecast was made before ``resolved``.

    Notes
    -----
    Day convention. The scored days run from the day of the first forecast (inclusive) to
    the resolution day (exclusive): D = resolved - first days. On each scored day the
    standing forecast is the latest one made on or before that day; when several were made on
    the same day, the one given last in the input wins. Forecasts made on or after the
    resolution day are ignored. With :math:`f_d` the standing forecast on day d,

    .. math:: \overline{\mathrm{BS}} = \frac{1}{D}\sum_{d = d_0}^{\text{resolved} - 1}
              \mathrm{BS}(f_d, \text{outcome}).

    Worked example: 0.6 on day 0 and 0.9 on day 3, resolved on day 10 as "yes". Days 0-2
    score (0.6 - 1)^2 = 0.16 and days 3-9 score (0.9 - 1)^2 = 0.01, so the average is
    (3 x 0.16 + 7 x 0.01) / 10 = 0.055 (0.11 on the 0-2 scale). Days before the first
    forecast are not scored; platforms differ on this (some fill them with the crowd's
    forecast), so compare only like with like.

    References
    ----------
    Brier (1950). Good Judgment Open, "FAQ: How are my forecasts scored?"; Cultivate Labs,
    "Forecasted but no score" (only full days are scored).

    Examples
    --------
    >>> round(time_averaged_brier(1, [0.6, 0.9], made=[0, 3], resolved=10), 12)
    0.055
    >>> import datetime as dt
    >>> days = [dt.date(2024, 3, 1), dt.date(2024, 3, 4)]
    >>> round(time_averaged_brier(1, [0.6, 0.9], made=days, resolved=dt.date(2024, 3, 11),
    ...                           scale="0-2"), 12)
    0.11
    """
    check_aligned(probabilities=probabilities, made=made)
    p = as_float(probabilities, "probabilities")
    check_probability_ndim(p, "probabilities")
    days, made_dates = _day_numbers(made, "made")
    if days.shape[0] != p.shape[0]:
        msg = f"made and probabilities must have the same length: {days.shape[0]} != {p.shape[0]}"
        raise ValueError(msg)
    if days.shape[0] == 0:
        msg = "made and probabilities must not be empty"
        raise ValueError(msg)
    resolved_days, resolved_date = _day_numbers([resolved], "resolved")
    if made_dates != resolved_date:
        msg = "made and resolved must both be dates or both be integer day numbers"
        raise ValueError(msg)
    end = int(resolved_days[0])
    outcomes = np.full(p.shape[0], _check_outcome(outcome, p))
    scores = brier_scores_per_case(outcomes, p, scale=scale)

    before = np.flatnonzero(days < end)
    if before.shape[0] == 0:
        msg = "no forecast was made before the resolution day: nothing to score"
        raise ValueError(msg)
    order = before[np.argsort(days[before], kind="stable")]
    days, scores = days[order], scores[order]
    last_of_day = np.append(days[1:] != days[:-1], True)
    days, scores = days[last_of_day], scores[last_of_day]
    durations = np.diff(np.append(days, end))
    return float(np.sum(durations * scores)) / float(end - days[0])


def _check_outcome(outcome: float, probabilities: npt.NDArray[np.float64]) -> float:
    value = as_float(outcome, "outcome")
    if value.ndim != 0:
        msg = f"outcome must be a single number: got shape {value.shape}"
        raise ValueError(msg)
    number = float(value)
    if probabilities.ndim == 1:
        if not 0 <= number <= 1:
            msg = f"outcome must be between 0 and 1: {show(number)}"
            raise ValueError(msg)
    elif not (0 <= number < probabilities.shape[1] and number.is_integer()):
        msg = (
            "outcome must be a category index (an integer from 0 to "
            f"{probabilities.shape[1] - 1}): {show(number)}"
        )
        raise ValueError(msg)
    return number


def _day_numbers(values: Sequence[DayLike] | npt.NDArray[Any], name: str) -> tuple[IntArray, bool]:
    """Day numbers (days since 1970-01-01) and whether the values were dates, not integers."""
    array = np.asarray(values)
    if array.ndim != 1:
        msg = f"{name} must be a 1-D sequence of dates: got {array.ndim}-D"
        raise ValueError(msg)
    if array.dtype.kind == "M":
        days = array.astype("datetime64[D]")
        if np.isnat(days).any():
            msg = f"{_where(name, int(np.argmax(np.isnat(days))))} must be a date: NaT"
            raise ValueError(msg)
        return days.astype(np.int64).astype(np.intp), True
    if array.dtype.kind in "iu":
        return array.astype(np.intp), False
    numbers = np.empty(array.shape[0], dtype=np.intp)
    kinds = set()
    for i, value in enumerate(array.tolist()):
        numbers[i], is_date = _day_number(value, _where(name, i))
        kinds.add(is_date)
    if len(kinds) > 1:
        msg = f"{name} must be all dates or all integer day numbers, not a mix"
        raise ValueError(msg)
    return numbers, kinds == {True}


def _where(name: str, index: int) -> str:
    return name if name == "resolved" else f"{name}[{index}]"


def _day_number(value: Any, where: str) -> tuple[int, bool]:
    if isinstance(value, dt.date):
        return value.toordinal() - _EPOCH_ORDINAL, True
    if isinstance(value, np.datetime64) and not np.isnat(value):
        return int(value.astype("datetime64[D]").astype(np.int64)), True
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value), False
    msg = f"{where} must be a date, a numpy datetime64 or an integer day number: {value!r}"
    raise ValueError(msg)
