"""Forecast files: questions, their deadlines, criteria, outcomes and sources.

A forecast file holds one forecast, or a list under ``forecasts:`` with file-level defaults
(``source``, ``forecaster``, ``made``, ``resolves``, ``otherwise``, ``outcomes``, ``tags``,
``criteria``, ``yardstick``). The predictions of a forecast are read by :mod:`.predictions`.
A forecast marked ``draft: true`` (as ``foretell draft`` writes them) is checked and warned
about, but stays out of the book: nothing resolves or scores it until the mark is removed.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from foretell import wording
from foretell.model import UNSCORED_OUTCOMES, Forecast, Outcome, Source, outcome_fits, outcomes_hint
from foretell.problems import Location
from foretell.safetext import describe, excerpt

from .config import Config
from .entries import EntryKind
from .fields import Entry
from .keys import FILE_DEFAULT_KEYS, FORECAST_KEYS
from .predictions import PredictionContext, read_predictions
from .reading import Citation, FileReading
from .sealed import read_revealed, read_sealed
from .sources import read_source
from .wordings import YardstickChoice, read_yardstick

__all__ = ["FORECASTS", "FileDefaults", "read_forecast"]


@attrs.define
class FileDefaults:
    """What the forecasts of one file inherit from its top and from ``foretell.toml``."""

    source: Source | None = None
    forecaster: str | None = None
    made: pendulum.Date | pendulum.DateTime | None = None
    made_location: Location | None = None
    resolves: pendulum.Date | None = None
    resolves_location: Location | None = None
    otherwise: tuple[Any, Location] | None = None
    outcomes: tuple[str, ...] | None = ()
    tags: tuple[str, ...] = ()
    criteria: str | None = None
    yardstick: YardstickChoice = attrs.Factory(lambda: YardstickChoice(wording.DEFAULT_YARDSTICK))
    timezone: str = "UTC"


def read_defaults(top: Entry | None, config: Config) -> FileDefaults:
    """The defaults at the top of a forecast file (none when ``top`` is ``None``)."""
    defaults = FileDefaults(forecaster=config.forecaster, timezone=config.timezone)
    if config.yardstick is not None:
        defaults.yardstick = YardstickChoice(config.yardstick, config.yardstick_location)
    if top is None:
        return defaults
    defaults.yardstick = read_yardstick(top) or defaults.yardstick
    if "source" in top.data:
        defaults.source = read_source(top, "source")
    defaults.forecaster = top.name("forecaster") or config.forecaster
    if "made" in top.data:
        defaults.made = top.instant("made")
        defaults.made_location = top.value_location("made")
    if "resolves" in top.data:
        defaults.resolves = top.date("resolves")
        defaults.resolves_location = top.value_location("resolves")
    if "otherwise" in top.data:
        defaults.otherwise = (top.data["otherwise"], top.value_location("otherwise"))
    if "outcomes" in top.data:
        defaults.outcomes = read_outcomes(top)
    defaults.tags = top.names("tags") or ()
    defaults.criteria = top.text("criteria")
    return defaults


def read_forecast(
    entry: Entry, defaults: FileDefaults, default_id: str | None, reading: FileReading
) -> None:
    """Read one forecast; it joins ``reading.forecasts`` only when it has no errors."""
    data = entry.data
    forecast_id = entry.slug("id", "forecast", default_id)
    if forecast_id is not None:
        where = entry.value_location("id") if "id" in data else entry.location
        reading.forecast_ids.append((forecast_id, where))
    if "sealed" in data:
        read_sealed(entry, forecast_id, reading)
        return
    if "revealed" in data:
        read_revealed(entry)
    what = f"forecast '{forecast_id}'" if forecast_id else "this forecast"
    question = entry.text("question", required=what)
    criteria = entry.text("criteria") if "criteria" in data else defaults.criteria
    quote = entry.text("quote")
    note = entry.text("note")
    forecaster = entry.name("forecaster") or defaults.forecaster
    source = read_source(entry, "source") if "source" in data else defaults.source
    if source is not None and source.document is not None:
        reading.citations.append(
            Citation(
                forecast_id=forecast_id,
                document=source.document,
                document_location=source.field_locations.get("document") or entry.location,
                quote=quote,
                quote_location=entry.value_location("quote") if quote else None,
            )
        )

    resolves = entry.date("resolves")
    if "resolves" not in data:
        resolves = defaults.resolves
        if defaults.resolves_location is None:
            entry.missing("resolves", what, "add the deadline, e.g. 'resolves: 2026-12-31'")
    made_location: Location | None = None
    made: pendulum.Date | pendulum.DateTime | None
    if "made" in data:
        made, made_location = entry.instant("made"), entry.value_location("made")
    else:
        made, made_location = defaults.made, defaults.made_location

    outcomes = read_outcomes(entry) if "outcomes" in data else defaults.outcomes
    tags = defaults.tags + (entry.names("tags") or ())

    otherwise = read_otherwise(entry, defaults, outcomes, what)
    draft = read_draft(entry, what)
    yardstick = read_yardstick(entry) or defaults.yardstick
    predictions = []
    if outcomes is not None:
        context = PredictionContext(
            what=what,
            outcomes=outcomes,
            forecaster=forecaster,
            made=made,
            made_location=made_location,
            deadline=resolves,
            timezone=defaults.timezone,
            deadline_location=(
                entry.value_location("resolves") if "resolves" in data else entry.location
            ),
            yardstick=yardstick,
            quote=quote,
            draft=draft,
        )
        predictions = read_predictions(entry, context, note)

    origin = read_origin(entry) if "origin" in data else {}

    if criteria is None and "criteria" not in data and defaults.criteria is None:
        entry.warn(
            entry.location,
            "F113",
            f"{what} has no 'criteria'",
            "say how the question resolves, so that anyone can settle it",
        )

    if entry.has_errors or draft:
        return
    if forecast_id is None or question is None or resolves is None or outcomes is None:
        return  # pragma: no cover - each of these has been reported as an error
    locations = {"id": entry.value_location("id") if "id" in data else entry.location}
    for key in ("quote", "resolves", "question"):
        if key in data:
            locations[key] = entry.value_location(key)
    reading.forecasts.append(
        Forecast(
            id=forecast_id,
            question=question,
            resolves=resolves,
            predictions=tuple(predictions),
            criteria=criteria,
            quote=quote,
            source=source,
            otherwise=otherwise,
            outcomes=outcomes,
            tags=tuple(dict.fromkeys(tags)),
            origin=origin or {},
            location=entry.location,
            field_locations=locations,
        )
    )


def read_origin(entry: Entry) -> dict[str, str] | None:
    """Where an imported forecast came from: a mapping of names to short texts or numbers."""
    data = entry.mapping("origin")
    if data is None:
        return None
    origin: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            entry.error(
                entry.file.location(data.value_marks[key]),
                "F110",
                f"'origin.{key}' must be text or a number, got {describe(value)}",
            )
            continue
        origin[str(key)] = str(value)
    return origin


def read_draft(entry: Entry, what: str) -> bool:
    """Whether the forecast is a draft (``draft: true``); a draft is warned about (W106)."""
    if "draft" not in entry.data:
        return False
    value = entry.data["draft"]
    location = entry.value_location("draft")
    if not isinstance(value, bool):
        entry.error(
            location,
            "F110",
            f"'draft' must be true or false, got {describe(value)}",
            "write 'draft: true', or remove the key once the forecast is ready",
        )
        return False
    if value:
        entry.warn(
            location,
            "W106",
            f"{what} is a draft: it is not resolved or scored",
            "write the question and criteria, check the probability and deadline, "
            "then remove 'draft: true'",
        )
    return value


def read_otherwise(
    entry: Entry, defaults: FileDefaults, outcomes: tuple[str, ...] | None, what: str
) -> Outcome | None:
    """The outcome a forecast takes at its deadline when no evidence settles it."""
    raw: tuple[Any, Location] | None = defaults.otherwise
    if "otherwise" in entry.data:
        raw = (entry.data["otherwise"], entry.value_location("otherwise"))
    if raw is None or raw[0] is None or outcomes is None:
        return None  # 'otherwise: null' cancels a file-level default
    otherwise = entry.outcome(*raw, "otherwise")
    if otherwise is not None and not outcome_fits(otherwise, outcomes):
        entry.error(
            raw[1],
            "F112",
            f"'otherwise' is not a valid outcome for {what}: "
            + (excerpt(otherwise) if isinstance(otherwise, str) else repr(otherwise)),
            outcomes_hint(outcomes),
        )
        return None
    return otherwise


def read_outcomes(entry: Entry) -> tuple[str, ...] | None:
    """The categories of a multiple-choice question (empty for a yes/no question)."""
    names = entry.names("outcomes")
    if names is None:
        return None
    location = entry.value_location("outcomes")
    if len(names) == 1:
        entry.error(
            location,
            "F116",
            "'outcomes' must list at least two categories",
            "leave 'outcomes' out for a yes/no question",
        )
        return None
    seen: set[str] = set()
    for name in names:
        if name in seen:
            entry.error(location, "F116", f"'outcomes' lists '{name}' twice")
            return None
        if name.lower() in UNSCORED_OUTCOMES:
            entry.error(
                location,
                "F116",
                f"'{name}' cannot be a category: it is reserved for questions "
                "that end without a score",
            )
            return None
        seen.add(name)
    return names


#: Files under ``forecasts/``.
FORECASTS = EntryKind(
    entry="a forecast",
    file="a forecast file",
    list_key="forecasts",
    list_of="forecasts",
    list_hint="start each forecast with '- id: ...' under 'forecasts:'",
    keys=FORECAST_KEYS,
    default_keys=FILE_DEFAULT_KEYS,
    read_defaults=read_defaults,
    read_entry=read_forecast,
)
