"""Resolution: turning a book and a date into the state of every forecast.

The rules (``docs/resolution.md`` explains them with examples):

1. Evidence counts only when it was observed on or before ``as_of``.
2. A counting record that ``supersedes`` another replaces it entirely, and through it every record
   that one superseded in turn (chains work). Superseded records no longer count.
3. A forecast with no counting evidence is **open** up to and including its deadline. After the
   deadline it resolves to its ``otherwise`` outcome, dated the deadline, if it has one, and is
   **overdue** (it needs evidence) if not. When the book says its evidence has been checked only
   up to a day before the deadline (``evidence_checked_through``), the ``otherwise`` outcome is
   **provisional**: shown, never scored, until the search for evidence reaches the deadline.
4. When all counting evidence agrees, the forecast is **resolved** on the earliest ``observed``
   date among it (or **annulled** / **ambiguous** when that is the outcome).
5. When counting evidence disagrees, the forecast is in **conflict** and is not scored until a
   record superseding the wrong one settles it.
6. Only predictions made before the resolution date are scored: a prediction made on or after it
   already knew the answer (:func:`scored_predictions`).

:func:`book_as_of` gives the book as it stood on a day (what ``--as-of`` shows): predictions
made later and evidence observed later are left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs
import pendulum

from foretell.dates import parse_date
from foretell.model import (
    AMBIGUOUS,
    ANNULLED,
    Book,
    Evidence,
    Forecast,
    Outcome,
    Prediction,
    Resolution,
    Status,
)

__all__ = [
    "END_OF_TIME",
    "as_date",
    "book_as_of",
    "late_predictions",
    "resolve",
    "resolve_forecast",
    "scored_predictions",
    "superseded_ids",
]

#: A date later than any a book holds: resolving "as of" it applies every record of the book.
END_OF_TIME = pendulum.date(9999, 12, 31)


def resolve(book: Book, as_of: pendulum.Date | dt.date | str) -> tuple[Resolution, ...]:
    """The state of every forecast of ``book`` as of a date, in the book's order.

    Args:
        book: the book.
        as_of: the day to resolve on; evidence observed after it is ignored. A
            :class:`datetime.date` (pendulum's included) or ``YYYY-MM-DD`` text.

    Returns:
        One :class:`~foretell.model.Resolution` per forecast.

    Raises:
        ValueError: ``as_of`` is text that is not a valid date.
        TypeError: ``as_of`` is neither a date nor text.
    """
    as_of = as_date(as_of)
    counting = [e for e in book.evidence if e.observed <= as_of]
    superseded = superseded_ids(counting)
    by_forecast: dict[str, list[Evidence]] = defaultdict(list)
    for evidence in counting:
        if evidence.id in superseded:
            continue
        for forecast_id in evidence.resolves:
            by_forecast[forecast_id].append(evidence)
    return tuple(
        resolve_forecast(
            forecast,
            by_forecast.get(forecast.id, ()),
            as_of,
            evidence_checked_through=book.evidence_checked_for(forecast),
        )
        for forecast in book.forecasts
    )


def as_date(value: pendulum.Date | dt.date | str) -> pendulum.Date:
    """A day given as a date, a datetime with an offset, or ``YYYY-MM-DD`` text, as a date.

    Raises:
        ValueError: text that is not a valid date, or a datetime without an offset.
        TypeError: anything else.
    """
    if isinstance(value, str | dt.date):
        return parse_date(value)
    msg = f"as_of must be a date or YYYY-MM-DD text, got {type(value).__name__}"
    raise TypeError(msg)


def book_as_of(book: Book, as_of: pendulum.Date) -> Book:
    """The book as it stood on a day: nothing it could not have known then.

    Predictions made after ``as_of`` and evidence observed after it are left out, and so is a
    forecast all of whose predictions were made after it (it was written later). A forecast
    with no prediction at all is kept. Settings (``evidence_checked_through``) are kept.
    """
    forecasts = []
    for forecast in book.forecasts:
        known = tuple(p for p in forecast.predictions if p.made <= as_of)
        if forecast.predictions and not known:
            continue
        forecasts.append(
            forecast
            if len(known) == len(forecast.predictions)
            else attrs.evolve(forecast, predictions=known)
        )
    return attrs.evolve(
        book,
        forecasts=tuple(forecasts),
        evidence=tuple(e for e in book.evidence if e.observed <= as_of),
    )


def superseded_ids(evidence: Iterable[Evidence]) -> frozenset[str]:
    """Ids of records superseded by the given records, directly or through a chain."""
    records = list(evidence)
    edges: dict[str, tuple[str, ...]] = {e.id: e.supersedes for e in records}
    superseded: set[str] = set()
    pending = [target for e in records for target in e.supersedes]
    while pending:
        target = pending.pop()
        if target in superseded:
            continue
        superseded.add(target)
        pending.extend(edges.get(target, ()))
    return frozenset(superseded)


def resolve_forecast(
    forecast: Forecast,
    evidence: Sequence[Evidence],
    as_of: pendulum.Date,
    *,
    evidence_checked_through: pendulum.Date | None = None,
) -> Resolution:
    """The state of one forecast, given the counting, non-superseded evidence that names it.

    Args:
        forecast: the forecast.
        evidence: records observed on or before ``as_of``, none of them superseded, each naming
            this forecast in its ``resolves``.
        as_of: the day to resolve on.
        evidence_checked_through: the last day the search for evidence covers, if the book
            says; an ``otherwise`` outcome with a later deadline is provisional.
    """
    if not evidence:
        if as_of <= forecast.resolves:
            return Resolution(forecast, Status.OPEN)
        if forecast.otherwise is None:
            return Resolution(forecast, Status.OVERDUE)
        provisional = (
            evidence_checked_through is not None and evidence_checked_through < forecast.resolves
        )
        return Resolution(
            forecast,
            Status.PROVISIONAL if provisional else _status_of(forecast.otherwise),
            evidence_checked_through=evidence_checked_through if provisional else None,
            outcome=forecast.otherwise,
            resolved_on=forecast.resolves,
            method="otherwise",
        )
    ordered = sorted(evidence, key=lambda e: (e.observed, e.id))
    outcomes = {_comparable(e.resolves[forecast.id]) for e in ordered}
    ids = tuple(e.id for e in ordered)
    if len(outcomes) > 1:
        return Resolution(forecast, Status.CONFLICT, evidence=ids)
    outcome = ordered[0].resolves[forecast.id]
    return Resolution(
        forecast,
        _status_of(outcome),
        outcome=outcome,
        resolved_on=ordered[0].observed,
        evidence=ids,
        method="evidence",
    )


def scored_predictions(resolution: Resolution) -> Mapping[str, Prediction]:
    """Each forecaster's scored prediction on a resolved forecast.

    A forecaster's scored prediction is their latest one made *before* the resolution date (on
    the same day, the later one in the file). Predictions made on or after the resolution date
    knew the answer and are not scored. Unresolved forecasts score nothing.

    Returns:
        A mapping from forecaster name to prediction, in the order forecasters first appear.
    """
    if resolution.status is not Status.RESOLVED or resolution.resolved_on is None:
        return {}
    latest: dict[str, Prediction] = {}
    for prediction in resolution.forecast.predictions:
        if prediction.made >= resolution.resolved_on:
            continue
        current = latest.get(prediction.by)
        if current is None or prediction.made >= current.made:
            latest[prediction.by] = prediction
    return latest


def late_predictions(resolution: Resolution) -> tuple[Prediction, ...]:
    """Predictions made on or after the forecast's resolution date (they are not scored)."""
    if resolution.resolved_on is None:
        return ()
    return tuple(p for p in resolution.forecast.predictions if p.made >= resolution.resolved_on)


def _status_of(outcome: Outcome) -> Status:
    if outcome == ANNULLED:
        return Status.ANNULLED
    if outcome == AMBIGUOUS:
        return Status.AMBIGUOUS
    return Status.RESOLVED


def _comparable(outcome: Outcome) -> Outcome:
    # 1 and 1.0 (and "yes" written as 100%) are the same outcome.
    if isinstance(outcome, float) and outcome in (0.0, 1.0):
        return "yes" if outcome == 1.0 else "no"
    return outcome
