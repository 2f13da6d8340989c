"""Reading one version of one file of a book into the entries the audit follows.

Historical versions are read exactly as the book is read today: the same safe YAML reader
(:mod:`foretell.yamlio`, which builds plain values and never constructs objects from tags) and
the same loader rules (file-level defaults, percentages, categories). Nothing in a file is ever
executed. Entries with errors are not guessed at: their ids are listed as unreadable so that
the audit carries their last valid version forward instead of calling them removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from foretell.audit.model import (
    EvidenceVersion,
    FileVersion,
    ForecastVersion,
    PredictionVersion,
    Probability,
)
from foretell.audit.seal import canonical_forecast, verify
from foretell.load.config import Config
from foretell.load.entries import read_entry_file
from foretell.load.evidence import EVIDENCE
from foretell.load.forecasts import FORECASTS
from foretell.model import Evidence, Forecast, Prediction
from foretell.yamlio import LocatedList, LocatedMap, parse_yaml

__all__ = [
    "EVIDENCE_FOLDER",
    "FORECASTS_FOLDER",
    "evidence_version",
    "forecast_entries",
    "forecast_version",
    "is_book_file",
    "read_version",
]

FORECASTS_FOLDER = "forecasts"
EVIDENCE_FOLDER = "evidence"
_SUFFIXES = (".yaml", ".yml")


def is_book_file(relative: str) -> bool:
    """Whether a path (relative to the book, forward slashes) is one the loader reads."""
    parts = relative.split("/")
    if len(parts) < 2 or parts[0] not in (FORECASTS_FOLDER, EVIDENCE_FOLDER):
        return False
    if any(part.startswith(".") for part in parts[1:]):
        return False
    return parts[-1].endswith(_SUFFIXES)


def read_version(raw: bytes, relative: str, config: Config) -> FileVersion:
    """The entries of one version of a forecast or evidence file.

    Args:
        raw: the file's bytes.
        relative: its path relative to the book (``forecasts/...`` or ``evidence/...``).
        config: the book's settings (its default forecaster names predictions that name none).
    """
    file = parse_yaml(raw, relative)
    if file.data is None:
        return FileVersion(unreadable=None)
    stem = relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if relative.startswith(EVIDENCE_FOLDER + "/"):
        reading = read_entry_file(file, stem, EVIDENCE, config)
        evidence: dict[str, EvidenceVersion] = {}
        for record in reading.evidence:
            evidence.setdefault(record.id, evidence_version(record))
        unreadable = frozenset(i for i, _ in reading.evidence_ids) - evidence.keys()
        return FileVersion(evidence=evidence, unreadable=unreadable)

    reading = read_entry_file(file, stem, FORECASTS, config)
    seals = _seal_fields(file.data, stem)
    forecasts: dict[str, ForecastVersion] = {}
    for forecast in reading.forecasts:
        revealed = seals.get(forecast.id)
        forecasts.setdefault(
            forecast.id,
            forecast_version(forecast, revealed if isinstance(revealed, tuple) else None),
        )
    for forecast_id, value in seals.items():
        if isinstance(value, str) and forecast_id not in forecasts:
            forecasts[forecast_id] = ForecastVersion(
                id=forecast_id,
                path=relative,
                line=_entry_line(file.data, forecast_id, stem),
                sealed=value,
            )
    unreadable = frozenset(i for i, _ in reading.forecast_ids) - forecasts.keys()
    return FileVersion(forecasts=forecasts, unreadable=unreadable)


def forecast_version(
    forecast: Forecast, revealed: tuple[str, str] | None = None
) -> ForecastVersion:
    """The followed fields of a forecast read by the loader."""
    location = forecast.location
    return ForecastVersion(
        id=forecast.id,
        path=location.path if location else "",
        line=location.line if location else 0,
        question=forecast.question,
        criteria=forecast.criteria,
        resolves=forecast.resolves,
        outcomes=forecast.outcomes,
        otherwise=forecast.otherwise,
        predictions=tuple(_prediction_version(p) for p in forecast.predictions),
        revealed=(
            (revealed[0], verify(revealed[0], revealed[1], canonical_forecast(forecast)))
            if revealed is not None
            else None
        ),
    )


def evidence_version(evidence: Evidence) -> EvidenceVersion:
    """The followed fields of an evidence record read by the loader."""
    location = evidence.location
    return EvidenceVersion(
        id=evidence.id,
        path=location.path if location else "",
        line=location.line if location else 0,
        observed=evidence.observed,
        resolves=tuple(sorted(evidence.resolves.items())),
    )


def _prediction_version(prediction: Prediction) -> PredictionVersion:
    probability: Probability
    if isinstance(prediction.probability, Mapping):
        probability = tuple(sorted(prediction.probability.items()))
    else:
        probability = prediction.probability
    return PredictionVersion(
        by=prediction.by,
        made=prediction.made,
        probability=probability,
        line=prediction.location.line if prediction.location else 0,
        column=prediction.location.column if prediction.location else 0,
    )


def forecast_entries(data: Any, stem: str) -> list[tuple[str, LocatedMap]]:
    """Every forecast entry of a file with the id it has (explicit, or the file's name)."""
    if not isinstance(data, LocatedMap):
        return []
    if "forecasts" not in data:
        entry_id = data.get("id", stem)
        return [(str(entry_id), data)]
    items = data["forecasts"]
    if not isinstance(items, LocatedList):
        return []
    return [
        (str(item["id"]), item)
        for item in items
        if isinstance(item, LocatedMap) and isinstance(item.get("id"), str | int)
    ]


def _seal_fields(data: Any, stem: str) -> dict[str, str | tuple[str, str]]:
    """For each sealed entry its commitment; for each revealed entry (commitment, salt)."""
    found: dict[str, str | tuple[str, str]] = {}
    for entry_id, entry in forecast_entries(data, stem):
        sealed = entry.get("sealed")
        revealed = entry.get("revealed")
        if isinstance(sealed, str):
            found.setdefault(entry_id, sealed.strip())
        elif isinstance(revealed, LocatedMap):
            commitment, salt = revealed.get("commitment"), revealed.get("salt")
            if isinstance(commitment, str) and isinstance(salt, str):
                found.setdefault(entry_id, (commitment.strip(), salt.strip()))
    return found


def _entry_line(data: Any, forecast_id: str, stem: str) -> int:
    for entry_id, entry in forecast_entries(data, stem):
        if entry_id == forecast_id:
            return entry.mark[0] + 1
    return 0
