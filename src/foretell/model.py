"""The data model: frozen attrs classes for sources, predictions, forecasts, evidence and books.

Everything here is an immutable value. Dates are :class:`pendulum.Date`. Collections are tuples
and read-only mappings. Classes that come from a file carry the :class:`~foretell.problems.Location`
of their entry and of their fields, so that later checks can point at the right line; locations
take no part in equality.

An **outcome** is one of

* ``"yes"`` or ``"no"`` for a binary question,
* a category name for a multi-category question,
* a number in [0, 1] for a fractional resolution (scored like a probability, e.g. a market's
  final price), or
* ``"annulled"`` (the question turned out to be unanswerable) or ``"ambiguous"`` (the answer is
  unclear); neither is ever scored.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import attrs
import pendulum

from foretell.dates import start_of_day
from foretell.locationmap import NO_LOCATIONS, LocationMap
from foretell.problems import Location
from foretell.sharedtext import share_number

__all__ = [
    "AMBIGUOUS",
    "ANNULLED",
    "NO",
    "UNSCORED_OUTCOMES",
    "YES",
    "Book",
    "Evidence",
    "Forecast",
    "Outcome",
    "Prediction",
    "Resolution",
    "SealedForecast",
    "Source",
    "Status",
    "outcome_fits",
    "outcome_value",
    "outcomes_hint",
]

#: An outcome: "yes", "no", "annulled", "ambiguous", a category name, or a fraction in [0, 1].
Outcome = str | float

YES: Final = "yes"
NO: Final = "no"
ANNULLED: Final = "annulled"
AMBIGUOUS: Final = "ambiguous"
#: Outcomes that end a question without a score.
UNSCORED_OUTCOMES: Final = frozenset({ANNULLED, AMBIGUOUS})


_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    if not value:
        return _EMPTY  # one object for every empty mapping (most forecasts have no origin)
    return MappingProxyType(dict(value))


def _frozen_probability(value: float | Mapping[str, float]) -> float | Mapping[str, float]:
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return share_number(float(value))  # a book repeats its probabilities: one object each


def _located_fields(value: Mapping[str, Location], instance: Any) -> Mapping[str, Location]:
    """``field_locations`` of a :class:`_Located` class, compact, with the entry's location.

    Runs as the constructor sets ``field_locations``, ``_location`` being set already: when
    the map takes the entry's location, ``_location`` is cleared (the map is then the one
    place that holds it).
    """
    location = instance._location
    if location is None:
        return LocationMap.of(value)
    packed = LocationMap.of(value, location)
    if type(packed) is LocationMap and packed.holds_entry():
        object.__setattr__(instance, "_location", None)
    return packed


def _no_locations() -> Mapping[str, Location]:
    return NO_LOCATIONS


def _no_origin() -> Mapping[str, str]:
    return _EMPTY


class _Located:
    """The entry location of a model class with ``_location`` and ``field_locations`` fields.

    The constructor takes ``location=``; the entry's own location is then kept inside its
    :class:`LocationMap` when it can be (same file, at least one field located), and
    :attr:`location` reads it from there. Replacing ``field_locations`` with
    :func:`attrs.evolve` therefore also needs ``location=`` to keep the entry's location.
    """

    __slots__ = ()
    _location: Location | None
    field_locations: Mapping[str, Location]

    @property
    def location(self) -> Location | None:
        """Where the entry is written in its file, if it comes from one."""
        if self._location is not None:
            return self._location
        locations = self.field_locations
        return locations.entry if type(locations) is LocationMap else None

    def where(self, field: str) -> Location | None:
        """The location of a field's value in the file, or of the entry if not known."""
        return self.field_locations.get(field, self.location)


@attrs.frozen
class Source(_Located):
    """Where a statement or a fact comes from.

    Attributes:
        url: web address of the source.
        title: title of the article, report or document.
        publisher: who published it (outlet, agency, institution).
        author: who wrote or said it.
        published: publication date.
        document: path of a local copy, relative to the book's folder (for example a seed
            article in ``seeds/``); forecast quotes are checked against it.
        note: free text about the source (what it re-publishes, how sure its date is, ...).
    """

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: pendulum.Date | None = None
    document: str | None = None
    note: str | None = None
    _location: Location | None = attrs.field(default=None, eq=False, repr=False, alias="location")
    field_locations: Mapping[str, Location] = attrs.field(
        factory=_no_locations,
        converter=attrs.Converter(_located_fields, takes_self=True),  # type: ignore[misc]
        eq=False,
        hash=False,
        repr=False,
    )


@attrs.frozen(weakref_slot=False)  # 112 bytes, not 128: a book holds one per prediction
class Prediction(_Located):
    """One probability given by one forecaster on one date.

    Attributes:
        by: the forecaster's name.
        made: the date the prediction was made.
        probability: for a binary question, the probability of "yes" in [0, 1]; for a
            multi-category question, a read-only mapping from category to probability (summing
            to 1; categories not listed have probability 0).
        note: free text (the reasoning, the words the number came from, ...).
        wording: the estimative words of the source the probability was read from ("is likely
            to"), as written; ``None`` when the forecaster gave a number.
        yardstick: the name of the yardstick the wording was read through (see
            :mod:`foretell.wording`); ``None`` without wording.
        derived: whether the probability is the yardstick's reading of the wording (rather
            than a number given beside it).
        made_at: the instant the prediction was made: the time of day written with its offset
            (``made: 2026-01-21T10:00:00+01:00``), or the start of the ``made`` day in the
            book's time zone for a bare date. ``made`` stays the calendar date as written.
            Equality compares ``made``, not this field; :attr:`instant` never is ``None``.
    """

    by: str
    made: pendulum.Date
    probability: float | Mapping[str, float] = attrs.field(
        converter=_frozen_probability, hash=False
    )
    note: str | None = None
    wording: str | None = None
    yardstick: str | None = None
    derived: bool = False
    made_at: pendulum.DateTime | None = attrs.field(default=None, eq=False, repr=False)
    _location: Location | None = attrs.field(default=None, eq=False, repr=False, alias="location")
    field_locations: Mapping[str, Location] = attrs.field(
        factory=_no_locations,
        converter=attrs.Converter(_located_fields, takes_self=True),  # type: ignore[misc]
        eq=False,
        hash=False,
        repr=False,
    )

    @property
    def instant(self) -> pendulum.DateTime:
        """When the prediction was made (:attr:`made_at`, else the start of ``made`` in UTC)."""
        return self.made_at if self.made_at is not None else start_of_day(self.made, "UTC")

    def probability_of(self, outcome: str) -> float:
        """The probability this prediction gives to one category (or to "yes"/"no")."""
        if isinstance(self.probability, Mapping):
            return float(self.probability.get(outcome, 0.0))
        if outcome == YES:
            return self.probability
        if outcome == NO:
            return 1.0 - self.probability
        raise KeyError(outcome)


@attrs.frozen
class Forecast(_Located):
    """A question with a deadline, and the predictions made about it.

    Attributes:
        id: unique in the book; a lowercase slug (``a-z``, ``0-9`` and ``-``).
        question: the question, crisp enough for an outsider to resolve.
        resolves: the deadline: the question is settled on or before this date.
        predictions: the probabilities given, in the order of the file.
        criteria: how the question resolves, in words.
        quote: the exact words of the source the forecast was taken from.
        source: where the statement comes from.
        otherwise: the outcome if no evidence has settled the question by the deadline
            (typically ``"no"`` for "will X happen by ..." questions).
        outcomes: the categories of a multi-category question; empty for a binary question.
        tags: labels for breaking scores down by topic.
        origin: where an imported forecast came from: the format and the record's ids in it
            (for example ``{"format": "predictionbook", "id": "1279"}``); empty otherwise.
    """

    id: str
    question: str
    resolves: pendulum.Date
    predictions: tuple[Prediction, ...]
    criteria: str | None = None
    quote: str | None = None
    source: Source | None = None
    otherwise: Outcome | None = None
    outcomes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    origin: Mapping[str, str] = attrs.field(
        factory=_no_origin, converter=_frozen_mapping, hash=False
    )
    _location: Location | None = attrs.field(default=None, eq=False, repr=False, alias="location")
    field_locations: Mapping[str, Location] = attrs.field(
        factory=_no_locations,
        converter=attrs.Converter(_located_fields, takes_self=True),  # type: ignore[misc]
        eq=False,
        hash=False,
        repr=False,
    )

    @property
    def is_binary(self) -> bool:
        """True for a yes/no question, False for a multi-category one."""
        return not self.outcomes


@attrs.frozen
class Evidence(_Located):
    """A dated, cited fact that settles one or more forecasts.

    Attributes:
        id: unique among the book's evidence; defaults to the file's name.
        observed: the date the fact occurred or the outcome was determined.
        resolves: read-only mapping from forecast id to the outcome this fact establishes.
        sources: every source that reports the fact.
        summary: the fact in the book's own words.
        supersedes: ids of earlier evidence records this one corrects or replaces.
        observed_at: the instant of the fact: the time of day written with its offset, or the
            start of the ``observed`` day in the book's time zone for a bare date (``observed``
            stays the calendar date as written; equality compares ``observed``).
    """

    id: str
    observed: pendulum.Date
    resolves: Mapping[str, Outcome] = attrs.field(converter=_frozen_mapping, hash=False)
    sources: tuple[Source, ...] = ()
    summary: str | None = None
    supersedes: tuple[str, ...] = ()
    observed_at: pendulum.DateTime | None = attrs.field(default=None, eq=False, repr=False)
    _location: Location | None = attrs.field(default=None, eq=False, repr=False, alias="location")
    field_locations: Mapping[str, Location] = attrs.field(
        factory=_no_locations,
        converter=attrs.Converter(_located_fields, takes_self=True),  # type: ignore[misc]
        eq=False,
        hash=False,
        repr=False,
    )

    @property
    def instant(self) -> pendulum.DateTime:
        """When the fact occurred (:attr:`observed_at`, else the start of ``observed`` in UTC)."""
        if self.observed_at is not None:
            return self.observed_at
        return start_of_day(self.observed, "UTC")


@attrs.frozen
class SealedForecast:
    """A forecast published as a commitment only (``foretell seal``); not scored until revealed.

    Attributes:
        id: the forecast's id.
        commitment: ``sha256:`` and the 64 hex digits of the salted hash of the forecast.
    """

    id: str
    commitment: str
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Book:
    """A folder of forecasts and the evidence that resolves them.

    Attributes:
        root: the book's folder.
        forecasts: every valid forecast, ordered by file and position in the file.
        evidence: every valid evidence record, ordered by file and position.
        sealed: the sealed forecasts, not scored until revealed (``docs/audit.md``).
        evidence_checked_through: the last day up to which the search for evidence is complete
            (``foretell.toml``); an ``otherwise`` outcome whose deadline falls after it is only
            provisional. ``None``: not stated, every ``otherwise`` outcome stands.
        evidence_checked_by_folder: the same per evidence folder: folder path relative to the
            book (``"evidence/economy"``) → day. A folder's day applies to the forecasts in the
            forecast folder of the same name (``forecasts/economy``) and below it.
        timezone: the IANA name of the book's time zone (``foretell.toml``, default ``UTC``):
            a deadline is the whole of its day there, a bare date the start of its day.
    """

    root: Path
    forecasts: tuple[Forecast, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    sealed: tuple[SealedForecast, ...] = ()
    evidence_checked_through: pendulum.Date | None = None
    evidence_checked_by_folder: Mapping[str, pendulum.Date] = attrs.field(
        factory=dict, converter=_frozen_mapping, hash=False
    )
    timezone: str = "UTC"
    _forecast_index: Mapping[str, Forecast] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        index: dict[str, Forecast] = {}
        for forecast in self.forecasts:
            index.setdefault(forecast.id, forecast)
        object.__setattr__(self, "_forecast_index", MappingProxyType(index))

    def forecast(self, forecast_id: str) -> Forecast:
        """The forecast with this id (the first one, if the id is used twice)."""
        return self._forecast_index[forecast_id]

    def has_forecast(self, forecast_id: str) -> bool:
        """Whether a forecast with this id exists."""
        return forecast_id in self._forecast_index

    @property
    def forecasters(self) -> tuple[str, ...]:
        """Every forecaster's name, sorted."""
        return tuple(sorted({p.by for f in self.forecasts for p in f.predictions}))

    def evidence_checked_for(self, forecast: Forecast) -> pendulum.Date | None:
        """How far the evidence for this forecast has been checked, if the book says.

        The most specific evidence folder whose forecast folder holds the forecast's file wins
        (``evidence/economy/europe`` over ``evidence/economy`` over ``evidence``); otherwise the
        book-wide ``evidence_checked_through``.
        """
        if self.evidence_checked_by_folder and forecast.location is not None:
            path = forecast.location.path
            best: tuple[int, pendulum.Date] | None = None
            for folder, day in self.evidence_checked_by_folder.items():
                below = folder.split("/", 1)[1] if "/" in folder else ""
                prefix = "forecasts/" + below + "/" if below else "forecasts/"
                if path.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), day)
            if best is not None:
                return best[1]
        return self.evidence_checked_through


class Status(enum.Enum):
    """Where a forecast stands on a given date."""

    OPEN = "open"
    RESOLVED = "resolved"
    OVERDUE = "overdue"
    CONFLICT = "conflict"
    PROVISIONAL = "provisional"
    ANNULLED = "annulled"
    AMBIGUOUS = "ambiguous"


@attrs.frozen(weakref_slot=False)  # 96 bytes, not 112: a report holds one per forecast
class Resolution:
    """The state of one forecast as of a date.

    Attributes:
        forecast: the forecast.
        status: open, resolved, overdue, conflict, provisional, annulled or ambiguous.
        outcome: the outcome for resolved, annulled and ambiguous forecasts, and the
            ``otherwise`` outcome of a provisional one; ``None`` otherwise.
        resolved_on: the date the outcome was established; ``None`` while unresolved.
        resolved_at: the instant it was established: that of the earliest agreeing evidence,
            or the start of the deadline's day (book time zone) for an ``otherwise`` outcome.
            A prediction is scored only if made strictly before it.
        evidence: ids of the evidence records behind the status (for a conflict, the records
            that disagree).
        method: ``"evidence"`` or ``"otherwise"`` (the deadline passed with no evidence and the
            forecast's ``otherwise`` outcome applies); ``None`` while unresolved.
        evidence_checked_through: for a provisional forecast, the day the search for evidence
            stopped (before the deadline); ``None`` otherwise.
    """

    forecast: Forecast
    status: Status
    outcome: Outcome | None = None
    resolved_on: pendulum.Date | None = None
    evidence: tuple[str, ...] = ()
    method: str | None = None
    evidence_checked_through: pendulum.Date | None = None
    resolved_at: pendulum.DateTime | None = attrs.field(default=None, eq=False)

    @property
    def is_scored(self) -> bool:
        """Whether predictions on this forecast get a score."""
        return self.status is Status.RESOLVED


def outcome_value(outcome: Outcome) -> float:
    """The number a binary or fractional outcome is scored against: yes → 1, no → 0.

    Raises:
        ValueError: for category names and unscored outcomes.
    """
    if isinstance(outcome, float | int) and not isinstance(outcome, bool):
        return float(outcome)
    if outcome == YES:
        return 1.0
    if outcome == NO:
        return 0.0
    raise ValueError(f"outcome {outcome!r} has no binary value")


def outcome_fits(outcome: Outcome, categories: tuple[str, ...]) -> bool:
    """Whether an outcome suits a forecast with these categories (empty for yes/no questions).

    Any question can end annulled or ambiguous; a yes/no question also takes yes, no or a
    fraction in [0, 1]; a multi-category question takes one of its categories.
    """
    if isinstance(outcome, str) and outcome in UNSCORED_OUTCOMES:
        return True
    if not categories:
        return isinstance(outcome, float) or outcome in (YES, NO)
    return isinstance(outcome, str) and outcome in categories


def outcomes_hint(categories: tuple[str, ...]) -> str:
    """The valid outcomes of a question, in words, for error messages."""
    if not categories:
        return "a yes/no question resolves to yes, no, annulled, ambiguous or a number in [0, 1]"
    return "this question resolves to one of: " + ", ".join((*categories, ANNULLED, AMBIGUOUS))
