"""Exporters: a book as of a day, written as csv, Fatebook's import CSV, or JSON lines.

* ``csv``: one row per prediction, with the resolution and the prediction's Brier contribution
  (0–1 scale, for the prediction the report scores: the forecaster's latest before the question
  resolved). Its columns are the default columns of ``foretell import csv``, so that importing an
  export gives back a book with the same report figures.
* ``fatebook``: the columns Fatebook's spreadsheet import reads (``questionTitle``,
  ``forecast`` in percent, ``qCreatedAt``, ``resolution`` YES/NO/AMBIGUOUS, ``resolvedAt``,
  ``resolveBy``, ``fCreatedAt``, ``tags``, ``notes``). Fatebook gives every imported forecast to
  the importing user, so one forecaster's predictions are exported.
* ``jsonl``: one JSON object per forecast with its predictions and resolution.

Multi-category forecasts have no place in the two CSV formats: they are left out (and counted);
``jsonl`` keeps them. The output is deterministic: the book's order, fixed columns.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any, Final

import attrs
import pendulum

from foretell.model import AMBIGUOUS, ANNULLED, NO, YES, Book, Resolution, Status
from foretell.resolution import resolve, scored_predictions

__all__ = ["CSV_COLUMNS", "EXPORT_FORMATS", "FATEBOOK_COLUMNS", "Export", "export_book"]

EXPORT_FORMATS: Final = ("csv", "fatebook", "jsonl")
CSV_COLUMNS: Final = (
    "id",
    "question",
    "forecaster",
    "made",
    "probability",
    "resolves",
    "outcome",
    "observed",
    "status",
    "scored",
    "brier",
    "tags",
    "criteria",
    "url",
)
FATEBOOK_COLUMNS: Final = (
    "questionTitle",
    "forecast",
    "qCreatedAt",
    "resolution",
    "resolvedAt",
    "resolveBy",
    "fCreatedAt",
    "tags",
    "notes",
)


@attrs.frozen
class Export:
    """An export's text and what it had to leave out.

    Attributes:
        text: the file's content.
        rows: number of rows (csv, fatebook) or lines (jsonl) written.
        skipped: (forecast id, reason) for every forecast left out.
    """

    text: str
    rows: int
    skipped: tuple[tuple[str, str], ...] = ()


def export_book(
    book: Book, format_name: str, *, as_of: pendulum.Date, forecaster: str | None = None
) -> Export:
    """Export ``book`` resolved as of ``as_of`` (see the module docstring).

    Raises:
        ValueError: an unknown format, or a Fatebook export of a book with several
            forecasters and no ``forecaster`` chosen.
    """
    resolutions = resolve(book, as_of)
    if format_name == "csv":
        return _csv(resolutions, forecaster)
    if format_name == "fatebook":
        if forecaster is None:
            if len(book.forecasters) > 1:
                raise ValueError(
                    "Fatebook gives every imported forecast to you: choose whose predictions to "
                    "export with --forecaster (" + ", ".join(book.forecasters) + ")"
                )
            forecaster = book.forecasters[0] if book.forecasters else None
        return _fatebook(resolutions, forecaster)
    if format_name == "jsonl":
        return _jsonl(resolutions, forecaster)
    raise ValueError(f"unknown format {format_name!r}; formats: {', '.join(EXPORT_FORMATS)}")


def _outcome_text(resolution: Resolution) -> str:
    outcome = resolution.outcome
    if outcome is None or resolution.status in (Status.OPEN, Status.OVERDUE, Status.CONFLICT):
        return ""
    if isinstance(outcome, float):
        return repr(outcome)
    return str(outcome)


def _table(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue()


def _csv(resolutions: tuple[Resolution, ...], forecaster: str | None) -> Export:
    rows: list[dict[str, str]] = []
    skipped: list[tuple[str, str]] = []
    for resolution in resolutions:
        forecast = resolution.forecast
        if not forecast.is_binary:
            skipped.append((forecast.id, "multi-category"))
            continue
        scored = {id(p) for p in scored_predictions(resolution).values()}
        outcome = _outcome_text(resolution)
        for prediction in forecast.predictions:
            if forecaster is not None and prediction.by != forecaster:
                continue
            assert isinstance(prediction.probability, float)
            is_scored = id(prediction) in scored
            brier = ""
            if is_scored and resolution.outcome is not None:
                value = 1.0 if resolution.outcome == YES else 0.0
                if isinstance(resolution.outcome, float):
                    value = resolution.outcome
                brier = repr((prediction.probability - value) ** 2)
            rows.append(
                {
                    "id": forecast.id,
                    "question": forecast.question,
                    "forecaster": prediction.by,
                    "made": prediction.made.isoformat(),
                    "probability": repr(prediction.probability),
                    "resolves": forecast.resolves.isoformat(),
                    "outcome": outcome,
                    "observed": (
                        resolution.resolved_on.isoformat()
                        if outcome and resolution.resolved_on
                        else ""
                    ),
                    "status": resolution.status.value,
                    "scored": "true" if is_scored else "false",
                    "brier": brier,
                    "tags": "; ".join(forecast.tags),
                    "criteria": forecast.criteria or "",
                    "url": forecast.source.url if forecast.source and forecast.source.url else "",
                }
            )
    return Export(_table(rows, CSV_COLUMNS), len(rows), tuple(skipped))


_FATEBOOK_RESOLUTION: Final[Mapping[str, str]] = {
    YES: "YES",
    NO: "NO",
    AMBIGUOUS: "AMBIGUOUS",
    ANNULLED: "AMBIGUOUS",
}


def _fatebook(resolutions: tuple[Resolution, ...], forecaster: str | None) -> Export:
    rows: list[dict[str, str]] = []
    skipped: list[tuple[str, str]] = []
    for resolution in resolutions:
        forecast = resolution.forecast
        mine = [p for p in forecast.predictions if p.by == forecaster]
        if not mine:
            continue
        if not forecast.is_binary:
            skipped.append((forecast.id, "multi-category"))
            continue
        outcome = _outcome_text(resolution)
        if outcome and outcome not in _FATEBOOK_RESOLUTION:
            skipped.append((forecast.id, f"fractional outcome {outcome}: Fatebook has none"))
            continue
        created = min(p.made for p in forecast.predictions).isoformat()
        notes = forecast.criteria or ""
        if forecast.source is not None and forecast.source.url:
            notes = f"{notes} {forecast.source.url}".strip()
        for prediction in mine:
            assert isinstance(prediction.probability, float)
            rows.append(
                {
                    "questionTitle": forecast.question,
                    "forecast": f"{prediction.probability * 100:g}%",
                    "qCreatedAt": created,
                    "resolution": _FATEBOOK_RESOLUTION.get(outcome, ""),
                    "resolvedAt": (
                        resolution.resolved_on.isoformat()
                        if outcome and resolution.resolved_on
                        else ""
                    ),
                    "resolveBy": forecast.resolves.isoformat(),
                    "fCreatedAt": prediction.made.isoformat(),
                    "tags": ", ".join(forecast.tags),
                    "notes": notes,
                }
            )
    return Export(_table(rows, FATEBOOK_COLUMNS), len(rows), tuple(skipped))


def _jsonl(resolutions: tuple[Resolution, ...], forecaster: str | None) -> Export:
    lines = []
    for resolution in resolutions:
        forecast = resolution.forecast
        predictions = [p for p in forecast.predictions if forecaster is None or p.by == forecaster]
        if not predictions:
            continue
        record: dict[str, Any] = {
            "id": forecast.id,
            "question": forecast.question,
            "resolves": forecast.resolves.isoformat(),
            "criteria": forecast.criteria,
            "outcomes": list(forecast.outcomes) or None,
            "otherwise": forecast.otherwise,
            "tags": list(forecast.tags),
            "source": (
                {
                    k: (v.isoformat() if isinstance(v, pendulum.Date) else v)
                    for k, v in attrs.asdict(
                        forecast.source,
                        filter=lambda a, v: a.name not in ("_location", "field_locations"),
                    ).items()
                    if v is not None
                }
                if forecast.source
                else None
            ),
            "origin": dict(forecast.origin) or None,
            "predictions": [
                {
                    "by": p.by,
                    "made": p.made.isoformat(),
                    "probability": (
                        dict(p.probability) if isinstance(p.probability, Mapping) else p.probability
                    ),
                    "note": p.note,
                }
                for p in predictions
            ],
            "resolution": {
                "status": resolution.status.value,
                "outcome": resolution.outcome,
                "resolved_on": (
                    resolution.resolved_on.isoformat() if resolution.resolved_on else None
                ),
                "evidence": list(resolution.evidence),
            },
        }
        lines.append(json.dumps(record, ensure_ascii=False, allow_nan=False))
    return Export("".join(line + "\n" for line in lines), len(lines))
