"""Resolution: turning a book and a date into the state of every forecast.

The rules (``docs/resolution.md`` explains them with examples). Times are instants: ``made``
and ``observed`` may carry a time of day with its offset; a bare date stands for the start of
that day in the book's time zone; a deadline lasts to the end of its day there.

1. Evidence counts only when it was observed on or before ``as_of`` (a day: up to its end; an
   instant: up to and including it).
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
6. Only predictions made strictly before the instant of the resolution are scored: a
   prediction made at or after it already knew the answer (:func:`scored_predictions`).

:func:`book_as_of` gives the book as it stood on a day or at an instant (what ``--as-of``
shows): predictions made later and evidence observed later are left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs
import pendulum

from foretell.dates import end_of_day, parse_date, parse_instant, start_of_day
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
    "as_of_limit",
    "book_as_of",
    "late_predictions",
    "resolution_instant",
    "resolve",
    "resolve_forecast",
    "scored_predictions",
    "superseded_ids",
]

#: A date later than any a book holds: resolving "as of" it applies every record of the book.
END_OF_TIME = pendulum.date(9999, 12, 31)


def resolve(
    book: Book, as_of: pendulum.Date | dt.date | dt.datetime | str
) -> tuple[Resolution, ...]:
    """The state of every forecast of ``book`` as of a day or an instant, in the book's order.

    Args:
        book: the book.
        as_of: a day (evidence observed up to the end of that day, in the book's time zone,
            counts) or an instant (evidence observed up to and including it counts). A
            :class:`datetime.date`, an aware :class:`datetime.datetime` (pendulum's included), or
            text: ``YYYY-MM-DD`` or a date-time with its offset.

    Returns:
        One :class:`~foretell.model.Resolution` per forecast.

    Raises:
        ValueError: ``as_of`` is text that is not a valid date, or a datetime without an offset.
        TypeError: ``as_of`` is neither a date nor text.
    """
    limit = as_of_limit(as_of, book.timezone)
    counting = [e for e in book.evidence if e.instant < limit]
    superseded = superseded_ids(counting)
    by_forecast: dict[str, list[Evidence]] = defaultdict(list)
    for evidence in counting:
        if evidence.id in superseded:
            continue
        for forecast_id in evidence.resolves:
            by_forecast[forecast_id].append(evidence)
    # A record that settles ten forecasts gives each the same ids: one tuple for all ten.
    shared_ids: dict[tuple[str, ...], tuple[str, ...]] = {}
    return tuple(
        _resolve_forecast(
            forecast,
            by_forecast.get(forecast.id, ()),
            as_of,
            evidence_checked_through=book.evidence_checked_for(forecast),
            timezone=book.timezone,
            shared_ids=shared_ids,
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


def book_as_of(book: Book, as_of: pendulum.Date | dt.date | dt.datetime | str) -> Book:
    """The book as it stood on a day (up to its end) or at an instant: nothing it could not know.

    Predictions made after ``as_of`` and evidence observed after it are left out, and so is a
    forecast all of whose predictions were made after it (it was written later). A forecast
    with no prediction at all is kept. Settings (``evidence_checked_through``) are kept.
    """
    limit = as_of_limit(as_of, book.timezone)
    forecasts = []
    for forecast in book.forecasts:
        known = tuple(p for p in forecast.predictions if p.instant < limit)
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
        evidence=tuple(e for e in book.evidence if e.instant < limit),
    )


def as_of_limit(
    value: pendulum.Date | dt.date | dt.datetime | str, timezone: str = "UTC"
) -> pendulum.DateTime:
    """The first instant that ``as_of`` no longer covers (evidence counts strictly before it).

    A day covers everything up to its end in ``timezone``; an instant covers itself.

    Raises:
        ValueError: text that is not a valid date, or a datetime without an offset.
        TypeError: anything else.
    """
    if isinstance(value, str):
        value = parse_instant(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(f"as_of {value.isoformat()} has no UTC offset")
        return pendulum.instance(value).add(microseconds=1)
    if isinstance(value, dt.date):
        return end_of_day(value, timezone)
    msg = f"as_of must be a date or YYYY-MM-DD text, got {type(value).__name__}"
    raise TypeError(msg)


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
    as_of: pendulum.Date | dt.date | dt.datetime | str,
    *,
    evidence_checked_through: pendulum.Date | None = None,
    timezone: str = "UTC",
) -> Resolution:
    """The state of one forecast, given the counting, non-superseded evidence that names it.

    Args:
        forecast: the forecast.
        evidence: records observed within ``as_of``, none of them superseded, each naming this
            forecast in its ``resolves``.
        as_of: the day or instant to resolve on (see :func:`resolve`).
        evidence_checked_through: the last day the search for evidence covers, if the book
            says; an ``otherwise`` outcome with a later deadline is provisional.
        timezone: the book's time zone: the deadline lasts until the end of its day there.
    """
    return _resolve_forecast(
        forecast,
        evidence,
        as_of,
        evidence_checked_through=evidence_checked_through,
        timezone=timezone,
        shared_ids={},
    )


def _resolve_forecast(
    forecast: Forecast,
    evidence: Sequence[Evidence],
    as_of: pendulum.Date | dt.date | dt.datetime | str,
    *,
    evidence_checked_through: pendulum.Date | None,
    timezone: str,
    shared_ids: dict[tuple[str, ...], tuple[str, ...]],
) -> Resolution:
    """:func:`resolve_forecast`, with equal tuples of evidence ids made one object through
    ``shared_ids`` (shared by every forecast of a book)."""
    if not evidence:
        if as_of_limit(as_of, timezone) <= end_of_day(forecast.resolves, timezone):
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
            resolved_at=start_of_day(forecast.resolves, timezone),
        )
    ordered = sorted(evidence, key=lambda e: (e.instant, e.id))
    outcomes = {_comparable(e.resolves[forecast.id]) for e in ordered}
    ids = tuple(e.id for e in ordered)
    ids = shared_ids.setdefault(ids, ids)
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
        resolved_at=ordered[0].instant,
    )


def resolution_instant(resolution: Resolution) -> pendulum.DateTime | None:
    """When the outcome became known: ``resolved_at``, else the start of ``resolved_on`` (UTC)."""
    if resolution.resolved_at is not None:
        return resolution.resolved_at
    if resolution.resolved_on is None:
        return None
    return start_of_day(resolution.resolved_on, "UTC")


def scored_predictions(resolution: Resolution) -> Mapping[str, Prediction]:
    """Each forecaster's scored prediction on a resolved forecast.

    A forecaster's scored prediction is their latest one made strictly *before* the instant the
    outcome became known (:attr:`~foretell.model.Resolution.resolved_at`; of two made at the
    same instant, the later one in the file). A bare date stands for the start of its day in
    the book's time zone, so a bare-date prediction on the day of a bare-date resolution is
    late, while one made at 10:00 counts against evidence observed at 13:34 that day.
    Predictions made at or after that instant knew the answer and are not scored. Unresolved
    forecasts score nothing.

    Returns:
        A mapping from forecaster name to prediction, in the order forecasters first appear.
    """
    cutoff = resolution_instant(resolution)
    if resolution.status is not Status.RESOLVED or cutoff is None:
        return {}
    latest: dict[str, Prediction] = {}
    for prediction in resolution.forecast.predictions:
        made = prediction.instant
        if made >= cutoff:
            continue
        current = latest.get(prediction.by)
        if current is None or made >= current.instant:
            latest[prediction.by] = prediction
    return latest


def late_predictions(resolution: Resolution) -> tuple[Prediction, ...]:
    """Predictions made at or after the instant the forecast resolved (they are not scored)."""
    cutoff = resolution_instant(resolution)
    if cutoff is None:
        return ()
    return tuple(p for p in resolution.forecast.predictions if p.instant >= cutoff)


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
