"""Predictions: who said what probability on which day, for one forecast.

A forecast gives its predictions as a ``probability`` shorthand (by its forecaster, on its
``made`` date), as a ``predictions:`` list, or both. A probability is a number in [0, 1] (or a
percentage) for a yes/no question, and a mapping of category to probability summing to 1 for a
question with ``outcomes``. A yes/no prediction may give ``wording`` instead of (or beside) its
probability: the probability is then read from the words (:mod:`.wordings`).
"""

from __future__ import annotations

import math

import attrs
import pendulum

from foretell.dates import calendar_date, end_of_day, instant_of
from foretell.model import Prediction
from foretell.problems import Location
from foretell.safetext import describe
from foretell.suggest import did_you_mean
from foretell.yamlio import LocatedList, LocatedMap

from .fields import Entry
from .keys import PREDICTION_KEYS
from .values import SUM_TOLERANCE
from .wordings import YardstickChoice, read_wording, read_yardstick

__all__ = ["PredictionContext", "read_predictions"]


@attrs.frozen
class PredictionContext:
    """What the predictions of one forecast inherit from it."""

    what: str
    outcomes: tuple[str, ...]
    forecaster: str | None
    made: pendulum.Date | pendulum.DateTime | None
    made_location: Location | None
    deadline: pendulum.Date | None
    deadline_location: Location
    yardstick: YardstickChoice
    quote: str | None = None
    draft: bool = False
    timezone: str = "UTC"


def read_predictions(
    entry: Entry, context: PredictionContext, note: str | None
) -> list[Prediction]:
    """The forecast's ``probability`` shorthand and its ``predictions`` list."""
    data = entry.data
    predictions: list[Prediction] = []
    shorthand = "probability" in data or "wording" in data
    if shorthand:
        prediction = read_prediction(
            entry, context, by=context.forecaster, note=note, by_key="forecaster"
        )
        if prediction is not None:
            predictions.append(prediction)
    if "predictions" not in data:
        if not shorthand and not context.draft:
            entry.missing(
                "probability",
                context.what,
                "give 'probability: 0.7' (or 70%), 'wording' (the estimative words), "
                "or a 'predictions:' list",
            )
        return predictions
    items = data["predictions"]
    if not isinstance(items, LocatedList):
        entry.error(
            entry.value_location("predictions"),
            "F110",
            f"'predictions' must be a list, got {describe(items)}",
            "start each prediction with '- {by: ..., made: ..., probability: ...}'",
        )
        return predictions
    if not items and not shorthand:
        entry.error(
            entry.value_location("predictions"),
            "F111",
            "'predictions' is empty",
            "add at least one prediction",
        )
    for item, mark in zip(items, items.item_marks, strict=True):
        if not isinstance(item, LocatedMap):
            entry.error(
                entry.file.location(mark),
                "Y107",
                f"each prediction must be a mapping, got {describe(item)}",
            )
            continue
        sub = entry.part(item)
        sub.check_keys(PREDICTION_KEYS, "a prediction")
        own_yardstick = read_yardstick(sub)
        prediction = read_prediction(
            sub,
            attrs.evolve(context, yardstick=own_yardstick) if own_yardstick else context,
            by=sub.name("by") or context.forecaster,
            note=sub.text("note"),
            by_key="by",
        )
        if prediction is not None:
            predictions.append(prediction)
    return predictions


def read_prediction(
    entry: Entry,
    context: PredictionContext,
    *,
    by: str | None,
    note: str | None,
    by_key: str,
) -> Prediction | None:
    """A prediction from an entry's ``probability``, ``made`` and the given forecaster."""
    has_made = "made" in entry.data
    made = entry.instant("made") if has_made else context.made
    made_known = has_made or context.made_location is not None
    what = context.what
    ok = True
    made_at = instant_of(made, context.timezone) if made is not None else None
    if (
        made_at is not None
        and context.deadline is not None
        and made_at >= end_of_day(context.deadline, context.timezone)
    ):
        entry.error(
            entry.value_location("made") if has_made else context.deadline_location,
            "F109",
            f"a prediction on {what} is made on {made}, after the deadline "
            f"'resolves' ({context.deadline})",
            "a prediction must be made on or before the forecast's deadline",
        )
    probability = None
    given = "probability" in entry.data
    if given:
        probability = read_probability(entry, context.outcomes)
        ok = probability is not None
    wording = None
    if "wording" in entry.data:
        if context.outcomes:
            entry.error(
                entry.value_location("wording"),
                "W107",
                f"'wording' gives one probability, but {what} has several outcomes",
                "give a probability for each category instead",
            )
            ok = False
        else:
            given_number = probability if isinstance(probability, float) else None
            wording = read_wording(entry, context.yardstick, context.quote, given_number, what)
            if wording is None:
                ok = False
            elif not given:
                probability = wording.reading.point
    elif not given:
        entry.missing(
            "probability",
            f"a prediction on {what}",
            "add 'probability: 0.7' or 'wording' (the estimative words)",
        )
        ok = False
    if by is None:
        entry.missing(
            by_key,
            f"a prediction on {what}",
            "add 'forecaster:' at the top of the file or to the forecast, "
            "'by:' to the prediction, or set 'forecaster' in foretell.toml",
        )
        ok = False
    if not made_known:
        entry.missing(
            "made",
            f"a prediction on {what}",
            "add the date the prediction was made, e.g. 'made: 2026-01-21'",
        )
    if not ok or by is None or made is None or probability is None:
        return None
    locations = {"probability": entry.value_location("probability" if given else "wording")}
    if has_made:
        locations["made"] = entry.value_location("made")
    if wording is not None:
        locations["wording"] = entry.value_location("wording")
    return Prediction(
        by=by,
        made=calendar_date(made),
        probability=probability,
        note=note,
        wording=wording.text if wording is not None else None,
        yardstick=wording.reading.yardstick if wording is not None else None,
        derived=wording is not None and not given,
        made_at=made_at,
        location=entry.location,
        field_locations=locations,
    )


def read_probability(entry: Entry, outcomes: tuple[str, ...]) -> float | dict[str, float] | None:
    """A yes/no probability, or one probability per category when there are ``outcomes``."""
    value = entry.data["probability"]
    location = entry.value_location("probability")
    if not outcomes:
        if isinstance(value, LocatedMap):
            entry.error(
                location,
                "F110",
                "'probability' is a mapping of categories, but the forecast lists no 'outcomes'",
                "give a single number for a yes/no question, or list the "
                "categories under 'outcomes'",
            )
            return None
        return entry.probability(value, location, "probability")
    if not isinstance(value, LocatedMap):
        entry.error(
            location,
            "F110",
            f"'probability' must map each category to a probability, got {describe(value)}",
            "write e.g. {" + ", ".join(f"{o}: ..." for o in outcomes[:3]) + "}",
        )
        return None
    result: dict[str, float] = {}
    ok = True
    for category, raw in value.items():
        category_location = entry.file.location(value.key_marks[category])
        if category not in outcomes:
            entry.error(
                category_location,
                "F106",
                f"'probability' names a category that is not in 'outcomes': '{category}'",
                did_you_mean(category, outcomes) or "categories: " + ", ".join(outcomes),
            )
            ok = False
            continue
        number = entry.probability(
            raw, entry.file.location(value.value_marks[category]), f"probability of '{category}'"
        )
        if number is None:
            ok = False
        else:
            result[category] = number
    if not ok:
        return None
    total = math.fsum(result.values())
    if abs(total - 1.0) > SUM_TOLERANCE:
        entry.error(
            location,
            "F105",
            f"category probabilities must sum to 1, they sum to {total:.6g}",
            "adjust the numbers so that they add up to 1 (100%)",
        )
        return None
    return result
