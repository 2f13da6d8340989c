"""An import as files of a book: plan them, and merge a newer export into them.

An import named NAME (the format's name by default) owns three files:

* ``forecasts/NAME.yaml``: the forecasts, under ``forecasts:``, with the values every forecast
  shares (``forecaster``, ``made``, ``criteria``) given once at the top;
* ``evidence/NAME.yaml``: the evidence records, under ``evidence:``;
* ``imports/NAME.yaml``: the note of where the data came from (format, files with their SHA-256,
  options, how the data was mapped) and a fingerprint of every entry as written, by which
  ``--update`` tells an entry edited by hand from one the source changed.

Everything is deterministic: the same input gives the same bytes, so importing twice changes
nothing. The note holds no date or path of the machine.

:func:`plan_update` merges a newer export: new forecasts are added; a forecast the source changed
is rewritten unless it was edited by hand (then it is kept, and reported); a changed resolution
becomes a new evidence record that supersedes the old one; a resolution the source withdrew
becomes an ``annulled`` record superseding it, dated the latest resolution date of the newer
export. Entries deleted by hand are not brought back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import pendulum
import yaml

from foretell.importers._common import ImportResult
from foretell.model import ANNULLED, Evidence, Forecast, Outcome, Prediction, Source

__all__ = [
    "NOTE_FOLDER",
    "ImportFiles",
    "UpdatePlan",
    "evidence_data",
    "fingerprint",
    "forecast_data",
    "plan_files",
    "plan_update",
]

NOTE_FOLDER: Final = "imports"
NOTE_HEADER: Final = (
    "# Written by 'foretell import'. 'foretell import --update' compares the fingerprints below\n"
    "# with the book to tell entries edited by hand from entries the source changed.\n"
)


@attrs.frozen
class ImportFiles:
    """The files of one import: path (relative to the book) → document (plain data)."""

    forecasts_path: str
    evidence_path: str
    note_path: str
    forecasts: Mapping[str, Any]
    evidence: Mapping[str, Any] | None
    note: Mapping[str, Any]


def paths(name: str) -> tuple[str, str, str]:
    """The forecast, evidence and note files of the import called ``name``."""
    return (f"forecasts/{name}.yaml", f"evidence/{name}.yaml", f"{NOTE_FOLDER}/{name}.yaml")


# -- entries as plain data ---------------------------------------------------------------------


def _source_data(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in ("url", "title", "publisher", "author", "published", "document", "note"):
        value = getattr(source, key)
        if value is not None:
            data[key] = value if not isinstance(value, pendulum.Date) else _date(value)
    return data


def _date(value: pendulum.Date) -> Any:
    import datetime as _dt  # noqa: PLC0415 - the writer takes standard dates

    return _dt.date(value.year, value.month, value.day)


def _probability(value: float | Mapping[str, float]) -> Any:
    return dict(value) if isinstance(value, Mapping) else float(value)


def forecast_data(forecast: Forecast, defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A forecast as a YAML entry, leaving out what the file-level ``defaults`` give."""
    defaults = defaults or {}
    data: dict[str, Any] = {"id": forecast.id, "question": forecast.question}
    data["resolves"] = _date(forecast.resolves)
    if forecast.criteria is not None and forecast.criteria != defaults.get("criteria"):
        data["criteria"] = forecast.criteria
    if forecast.source is not None:
        data["source"] = _source_data(forecast.source)
    if forecast.otherwise is not None:
        data["otherwise"] = forecast.otherwise
    if forecast.outcomes:
        data["outcomes"] = list(forecast.outcomes)
    if forecast.tags:
        data["tags"] = list(forecast.tags)
    if forecast.origin:
        data["origin"] = dict(forecast.origin)
    by, made = defaults.get("forecaster"), defaults.get("made")
    predictions = forecast.predictions
    if (
        len(predictions) == 1
        and predictions[0].by == by
        and made is not None
        and predictions[0].made == made
        and predictions[0].note is None
    ):
        data["probability"] = _probability(predictions[0].probability)
        return data
    data["predictions"] = [_prediction_data(p, by, made) for p in predictions]
    return data


def _prediction_data(prediction: Prediction, by: Any, made: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if prediction.by != by:
        data["by"] = prediction.by
    if prediction.made != made:
        data["made"] = _date(prediction.made)
    data["probability"] = _probability(prediction.probability)
    if prediction.note is not None:
        data["note"] = prediction.note
    return data


def evidence_data(evidence: Evidence) -> dict[str, Any]:
    """An evidence record as a YAML entry."""
    data: dict[str, Any] = {"id": evidence.id, "observed": _date(evidence.observed)}
    if len(evidence.sources) == 1:
        data["source"] = _source_data(evidence.sources[0])
    elif evidence.sources:
        data["sources"] = [_source_data(s) for s in evidence.sources]
    if evidence.summary is not None:
        data["summary"] = evidence.summary
    data["resolves"] = {k: _outcome(v) for k, v in evidence.resolves.items()}
    if evidence.supersedes:
        data["supersedes"] = list(evidence.supersedes)
    return data


def _outcome(outcome: Outcome) -> Outcome:
    return float(outcome) if isinstance(outcome, int | float) else outcome


def fingerprint(entry: Forecast | Evidence) -> str:
    """A short digest of an entry's content (not its layout, comments or position)."""
    data = forecast_data(entry) if isinstance(entry, Forecast) else evidence_data(entry)
    text = json.dumps(_normal(data), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _normal(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    if isinstance(value, str):
        return value.strip()
    return value


# -- a new import ----------------------------------------------------------------------------


def _file_defaults(forecasts: Sequence[Forecast]) -> dict[str, Any]:
    """Values every forecast shares, given once at the top of the file."""
    defaults: dict[str, Any] = {}
    forecasters = {p.by for f in forecasts for p in f.predictions}
    if len(forecasters) == 1:
        defaults["forecaster"] = next(iter(forecasters))
    days = {p.made for f in forecasts for p in f.predictions}
    if len(days) == 1:
        defaults["made"] = next(iter(days))
    criteria = {f.criteria for f in forecasts}
    if len(criteria) == 1 and None not in criteria and len(forecasts) > 1:
        defaults["criteria"] = next(iter(criteria))
    return defaults


def forecasts_document(
    forecasts: Sequence[Forecast], defaults: Mapping[str, Any]
) -> dict[str, Any]:
    """The document of ``forecasts/NAME.yaml``."""
    top: dict[str, Any] = {}
    for key in ("forecaster", "made", "criteria"):
        if key in defaults:
            value = defaults[key]
            top[key] = _date(value) if isinstance(value, pendulum.Date) else value
    top["forecasts"] = [forecast_data(f, defaults) for f in forecasts]
    return top


def note_document(
    result: ImportResult,
    options: Mapping[str, Any],
    forecasts: Mapping[str, str],
    evidence: Mapping[str, str],
) -> dict[str, Any]:
    """The document of ``imports/NAME.yaml``."""
    note: dict[str, Any] = {
        "format": result.format,
        "files": [
            {"name": Path(s.path).name, "sha256": s.sha256, "bytes": s.size} for s in result.sources
        ],
    }
    chosen = {k: v for k, v in options.items() if v not in (None, {}, ())}
    if chosen:
        note["options"] = chosen
    note["mapping"] = list(result.notes)
    note["forecasts"] = dict(forecasts)
    note["evidence"] = dict(evidence)
    return note


def plan_files(result: ImportResult, name: str, options: Mapping[str, Any]) -> ImportFiles:
    """The three files of a new import (see the module docstring)."""
    forecasts_path, evidence_path, note_path = paths(name)
    defaults = _file_defaults(result.forecasts)
    return ImportFiles(
        forecasts_path=forecasts_path,
        evidence_path=evidence_path,
        note_path=note_path,
        forecasts=forecasts_document(result.forecasts, defaults),
        evidence=(
            {"evidence": [evidence_data(e) for e in result.evidence]} if result.evidence else None
        ),
        note=note_document(
            result,
            options,
            {f.id: fingerprint(f) for f in result.forecasts},
            {e.id: fingerprint(e) for e in result.evidence},
        ),
    )


def note_text(note: Mapping[str, Any]) -> str:
    """The note as YAML (plain PyYAML: it is machine data with a comment on top)."""
    body = yaml.safe_dump(dict(note), sort_keys=False, allow_unicode=True, width=100)
    return NOTE_HEADER + body


def read_note(text: str) -> dict[str, Any] | None:
    """A note's data; ``None`` when it is not a note foretell wrote."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("forecasts"), dict):
        return None
    return data


# -- merging a newer export ------------------------------------------------------------------


@attrs.frozen
class UpdatePlan:
    """What ``--update`` does.

    Attributes:
        add: forecasts new in the export.
        replace: forecasts the export changed and nobody edited by hand.
        evidence: new evidence records (first resolutions, corrections, annulments).
        kept: (id, reason) of entries left as they are, with the reason (edited or deleted by
            hand, moved to another file).
        fingerprints: the note's fingerprints after the update.
        evidence_fingerprints: the same for evidence.
    """

    add: tuple[Forecast, ...]
    replace: tuple[Forecast, ...]
    evidence: tuple[Evidence, ...]
    kept: tuple[tuple[str, str], ...]
    fingerprints: Mapping[str, str]
    evidence_fingerprints: Mapping[str, str]

    @property
    def changes(self) -> int:
        return len(self.add) + len(self.replace) + len(self.evidence)


def plan_update(
    result: ImportResult,
    note: Mapping[str, Any],
    book_forecasts: Iterable[Forecast],
    book_evidence: Iterable[Evidence],
    *,
    in_file: set[str],
    today: pendulum.Date,
) -> UpdatePlan:
    """Merge a newer import into a book (see the module docstring).

    Args:
        result: the newer import.
        note: the note of the earlier import (its fingerprints).
        book_forecasts, book_evidence: the book's entries as they are now.
        in_file: ids of the forecasts that are in the import's own forecast file (only those
            can be rewritten).
        today: the day a withdrawn resolution is annulled on when the newer export holds no
            dated resolution (otherwise: the latest resolution date in it, so that the result
            does not depend on the day of the update).
    """
    written: dict[str, str] = dict(note.get("forecasts") or {})
    written_evidence: dict[str, str] = dict(note.get("evidence") or {})
    current = {f.id: f for f in book_forecasts}
    evidence_now = {e.id: e for e in book_evidence}
    add: list[Forecast] = []
    replace: list[Forecast] = []
    kept: list[tuple[str, str]] = []
    fingerprints = dict(written)
    for forecast in result.forecasts:
        new_print = fingerprint(forecast)
        mine = current.get(forecast.id)
        if mine is None:
            if forecast.id in written:
                kept.append((forecast.id, "deleted by hand: not brought back"))
            else:
                add.append(forecast)
                fingerprints[forecast.id] = new_print
            continue
        now_print = fingerprint(mine)
        if now_print == new_print:
            fingerprints[forecast.id] = new_print
            continue
        if forecast.id not in written:
            kept.append((forecast.id, "a forecast of the book has this id: not replaced"))
        elif now_print != written[forecast.id]:
            kept.append((forecast.id, "edited by hand: your version is kept"))
        elif forecast.id not in in_file:
            kept.append((forecast.id, "moved to another file: not rewritten"))
        else:
            replace.append(forecast)
            fingerprints[forecast.id] = new_print
    new_evidence, evidence_prints, evidence_kept = _merge_evidence(
        result, written_evidence, evidence_now, today
    )
    kept.extend(evidence_kept)
    return UpdatePlan(
        add=tuple(add),
        replace=tuple(replace),
        evidence=tuple(new_evidence),
        kept=tuple(kept),
        fingerprints=fingerprints,
        evidence_fingerprints=evidence_prints,
    )


def _merge_evidence(
    result: ImportResult,
    written: Mapping[str, str],
    evidence_now: Mapping[str, Evidence],
    today: pendulum.Date,
) -> tuple[list[Evidence], dict[str, str], list[tuple[str, str]]]:
    """New evidence records for resolutions that are new, changed or withdrawn."""
    from foretell.resolution import superseded_ids  # noqa: PLC0415

    prints = dict(written)
    kept: list[tuple[str, str]] = []
    # The import's records in the book, still standing (not superseded), by forecast.
    ours = [evidence_now[i] for i in written if i in evidence_now]
    superseded = superseded_ids(evidence_now.values())
    standing: dict[str, Evidence] = {}
    for record in sorted(ours, key=lambda e: (e.observed, e.id)):
        if record.id in superseded:
            continue
        for forecast_id in record.resolves:
            standing[forecast_id] = record
    incoming: dict[str, Evidence] = {}
    for record in result.evidence:
        if record.supersedes:
            continue  # a correction inside one export: the final record below says the same
        for forecast_id in record.resolves:
            incoming.setdefault(forecast_id, record)
    for record in result.evidence:  # the last record of a chain is the export's final word
        for forecast_id in record.resolves:
            incoming[forecast_id] = record
    taken = set(evidence_now) | {e.id for e in result.evidence}
    export_day = max((e.observed for e in result.evidence), default=today)
    new: list[Evidence] = []
    imported_forecasts = {f.id for f in result.forecasts}
    for forecast_id in sorted(imported_forecasts | set(standing)):
        old = standing.get(forecast_id)
        fresh = incoming.get(forecast_id)
        if old is not None and written.get(old.id) != fingerprint(old):
            if fresh is None or not _same_outcome(old, fresh, forecast_id):
                kept.append((old.id, "evidence edited by hand: not superseded"))
            continue
        if fresh is None:
            if old is None or forecast_id not in imported_forecasts:
                continue
            if old.resolves[forecast_id] == ANNULLED:
                continue
            record = Evidence(
                id=_free_id(f"{forecast_id}-withdrawn", taken),
                observed=max(export_day, old.observed),
                resolves={forecast_id: ANNULLED},
                sources=old.sources,
                summary="The source no longer gives a resolution: the earlier one is annulled.",
                supersedes=(old.id,),
            )
        elif old is None:
            if fresh.id in superseded:
                # Superseded by a record of the book: that correction stands.
                if not _same_outcome(evidence_now[fresh.id], fresh, forecast_id):
                    kept.append((fresh.id, "superseded by evidence of the book: left as it is"))
                continue
            if fresh.id in written and fresh.id not in evidence_now:
                kept.append((fresh.id, "deleted by hand: not brought back"))
                continue
            if fresh.id in evidence_now:
                kept.append((fresh.id, "an evidence record of the book has this id: not added"))
                continue
            record = attrs.evolve(fresh, supersedes=())
        elif _same_outcome(old, fresh, forecast_id):
            continue
        else:
            record = attrs.evolve(
                fresh,
                id=_free_id(f"{forecast_id}-{fresh.observed}", taken),
                supersedes=(old.id,),
            )
        taken.add(record.id)
        new.append(record)
        prints[record.id] = fingerprint(record)
    return new, prints, kept


def _same_outcome(old: Evidence, new: Evidence, forecast_id: str) -> bool:
    a, b = old.resolves.get(forecast_id), new.resolves.get(forecast_id)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-12
    return a == b


def _free_id(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"
