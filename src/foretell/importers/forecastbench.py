"""``foretell import forecastbench``: ForecastBench's question, forecast and resolution sets.

ForecastBench (Karger et al., ICLR 2025; github.com/forecastingresearch/forecastbench-datasets)
publishes JSON files of three kinds, recognised by their top-level key:

* a **question set** (``questions``): ``id``, ``source``, ``question``, ``resolution_criteria``,
  ``url``, ``resolution_dates`` (dataset questions), ``market_info_close_datetime`` (markets);
* a **forecast set** (``forecasts``): one row per (question, horizon, forecaster) with
  ``forecast``, ``resolution_date`` (null for markets) and ``user_id`` (human sets) — an LLM set
  has no ``user_id`` and is one forecaster named after its ``organization`` and ``model``;
* a **resolution set** (``resolutions``): ``id``, ``source``, ``resolution_date``,
  ``resolved_to``, ``resolved``.

Mapping:

* A **dataset** question (sources acled, dbnomics, fred, wikipedia, yfinance) becomes one
  forecast per horizon that has forecasts, resolving on the horizon date; ``{forecast_due_date}``
  and ``{resolution_date}`` in its text are filled in. A **market** question (manifold,
  metaculus, polymarket, infer) is one forecast, due when its market closes.
* Every prediction is made on the set's ``forecast_due_date``.
* Each resolution row becomes an evidence record observed on its ``resolution_date`` (for a
  resolved market, on its close date if that is earlier): 0/1 when ``resolved``, else (an open
  market) the market's probability as a fractional outcome; a null ``resolved_to`` (a nullified
  question) is ``annulled``. A market listed at several horizons
  takes its latest row. Two resolution sets that disagree about a forecast give a second record
  that supersedes the first (the later ``resolution_date`` wins; on a tie, the later file).
* Forecasts are tagged ``dataset`` or ``market`` and with the source name; the original ids go
  to ``origin``. Combination questions (a pair of ids) are not imported: they are reported.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import pendulum

from foretell.importers._common import (
    ImportResult,
    Issues,
    SourceFile,
    date_of,
    forecast_id,
    short_hash,
    slug,
)
from foretell.model import ANNULLED, NO, YES, Evidence, Forecast, Outcome, Prediction, Source
from foretell.problems import Location

__all__ = ["DATASET_SOURCES", "MARKET_SOURCES", "parse_forecastbench"]

DATASET_SOURCES: Final = frozenset({"acled", "dbnomics", "fred", "wikipedia", "yfinance"})
MARKET_SOURCES: Final = frozenset({"manifold", "metaculus", "polymarket", "infer"})
REPOSITORY: Final = "https://github.com/forecastingresearch/forecastbench-datasets"
#: Longest original id kept whole in a foretell id; longer ones (64-hex hashes) are shortened.
SHORT_KEY: Final = 16

Key = tuple[str, str, str | None]  # (source, id, horizon or None for markets)


@attrs.define
class _Resolution:
    outcome: Outcome
    observed: pendulum.Date
    order: tuple[pendulum.Date, int]
    file: str


@attrs.define
class _Sets:
    questions: dict[tuple[str, str], dict[str, Any]] = attrs.field(factory=dict)
    due: pendulum.Date | None = None
    question_set: str | None = None
    predictions: dict[Key, list[tuple[str, float]]] = attrs.field(factory=lambda: defaultdict(list))
    resolutions: dict[Key, list[_Resolution]] = attrs.field(factory=lambda: defaultdict(list))
    skipped_combinations: int = 0
    unmatched_resolutions: int = 0


def parse_forecastbench(paths: Sequence[Path], *, prefix: str = "forecastbench") -> ImportResult:
    """Read ForecastBench JSON files (any mix of the three kinds, in any order)."""
    issues = Issues()
    sources: list[SourceFile] = []
    sets = _Sets()
    documents: list[tuple[Path, dict[str, Any]]] = []
    for path in paths:
        document = _read_json(path, issues, sources)
        if document is not None:
            documents.append((path, document))
    # Questions first, then forecasts, then resolutions, whatever the order given.
    kinds = {"questions": 0, "forecasts": 1, "resolutions": 2}
    for file_index, (path, document) in sorted(
        enumerate(documents), key=lambda item: kinds[_kind(item[1][1])]
    ):
        kind = _kind(document)
        if kind == "questions":
            _read_questions(path, document, sets, issues)
        elif kind == "forecasts":
            _read_forecasts(path, document, sets, issues)
        else:
            _read_resolutions(path, file_index, document, sets, issues)
    if not sets.questions and not issues.error_count:
        issues.error(
            Location(str(paths[0]) if paths else "-"),
            "no question set given",
            "give the question set JSON (it has the questions' text) with the forecast sets",
        )
    if not sets.predictions and not issues.error_count:
        issues.error(
            Location(str(paths[0]) if paths else "-"),
            "no forecast set given",
            "give at least one forecast set JSON",
        )
    forecasts, evidence, notes = _build(sets, prefix, issues)
    return ImportResult(
        format="forecastbench",
        sources=tuple(sources),
        forecasts=forecasts,
        evidence=evidence,
        problems=tuple(issues.problems),
        notes=notes,
    )


def _kind(document: Mapping[str, Any]) -> str:
    for kind in ("questions", "forecasts", "resolutions"):
        if kind in document:
            return kind
    return "questions"  # unreachable: _read_json only keeps documents of a known kind


def _read_json(path: Path, issues: Issues, sources: list[SourceFile]) -> dict[str, Any] | None:
    where = Location(str(path))
    try:
        content = path.read_bytes()
    except OSError as error:
        issues.error(where, f"cannot read the file: {error.strerror or error}")
        return None
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line, column = (
            (error.lineno, error.colno) if isinstance(error, json.JSONDecodeError) else (0, 0)
        )
        issues.error(Location(str(path), line, column), f"not valid JSON: {error}")
        return None
    sources.append(SourceFile.of(path, content))
    if not isinstance(document, dict) or not any(
        isinstance(document.get(k), list) for k in ("questions", "forecasts", "resolutions")
    ):
        issues.error(
            where,
            "not a ForecastBench question, forecast or resolution set",
            "expected a JSON object with a 'questions', 'forecasts' or 'resolutions' list",
        )
        return None
    return document


def _record_where(path: Path, kind: str, index: int) -> Location:
    # JSON positions are not kept by the standard parser: name the record instead.
    return Location(f"{path} ({kind}[{index}])")


def _is_combination(record: Mapping[str, Any]) -> bool:
    return isinstance(record.get("id"), list)


def _horizon(value: Any) -> str | None:
    if value in (None, "", "N/A"):
        return None
    return date_of(str(value)).isoformat()


def _read_questions(path: Path, document: dict[str, Any], sets: _Sets, issues: Issues) -> None:
    due = document.get("forecast_due_date")
    try:
        sets.due = date_of(str(due))
    except ValueError as error:
        issues.error(Location(str(path)), f"'forecast_due_date': {error}")
    sets.question_set = str(document.get("question_set") or path.name)
    for index, record in enumerate(document["questions"]):
        where = _record_where(path, "questions", index)
        if not isinstance(record, dict) or "id" not in record or "source" not in record:
            issues.error(where, "a question needs an 'id' and a 'source'")
            continue
        if _is_combination(record):
            sets.skipped_combinations += 1
            continue
        if not str(record.get("question") or "").strip():
            issues.error(where, "the question has no text")
            continue
        sets.questions[(str(record["source"]), str(record["id"]))] = record


def _read_forecasts(path: Path, document: dict[str, Any], sets: _Sets, issues: Issues) -> None:
    fallback = slug(f"{document.get('organization', '')} {document.get('model', '')}") or (
        "forecastbench-" + slug(path.stem)
    )
    if sets.due is None and document.get("forecast_due_date"):
        try:
            sets.due = date_of(str(document["forecast_due_date"]))
        except ValueError as error:
            issues.error(Location(str(path)), f"'forecast_due_date': {error}")
    for index, record in enumerate(document["forecasts"]):
        where = _record_where(path, "forecasts", index)
        if not isinstance(record, dict) or "id" not in record or "source" not in record:
            issues.error(where, "a forecast needs an 'id' and a 'source'")
            continue
        if _is_combination(record):
            sets.skipped_combinations += 1
            continue
        value = record.get("forecast")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
            issues.error(where, f"'forecast' must be a probability in [0, 1], got {value!r}")
            continue
        try:
            horizon = _horizon(record.get("resolution_date"))
        except ValueError as error:
            issues.error(where, f"'resolution_date': {error}")
            continue
        source = str(record["source"])
        key: Key = (source, str(record["id"]), horizon if source not in MARKET_SOURCES else None)
        by = str(record.get("user_id") or fallback)
        sets.predictions[key].append((by, float(value)))


def _read_resolutions(
    path: Path, file_index: int, document: dict[str, Any], sets: _Sets, issues: Issues
) -> None:
    for index, record in enumerate(document["resolutions"]):
        where = _record_where(path, "resolutions", index)
        if not isinstance(record, dict) or "id" not in record or "source" not in record:
            issues.error(where, "a resolution needs an 'id' and a 'source'")
            continue
        if _is_combination(record):
            continue
        source = str(record["source"])
        try:
            horizon = _horizon(record.get("resolution_date"))
        except ValueError as error:
            issues.error(where, f"'resolution_date': {error}")
            continue
        if horizon is None:
            issues.error(where, "a resolution needs a 'resolution_date'")
            continue
        key: Key = (source, str(record["id"]), None if source in MARKET_SOURCES else horizon)
        if key not in sets.predictions:
            sets.unmatched_resolutions += 1
            continue
        value = record.get("resolved_to")
        outcome: Outcome
        if value is None or (isinstance(value, float) and math.isnan(value)):
            outcome = ANNULLED
        elif isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            issues.error(where, f"'resolved_to' must be in [0, 1], got {value!r}")
            continue
        elif value == 1:
            outcome = YES
        elif value == 0:
            outcome = NO
        else:
            outcome = float(value)
        observed = date_of(horizon)
        sets.resolutions[key].append(
            _Resolution(outcome, observed, (observed, file_index), path.name)
        )


def _build(
    sets: _Sets, prefix: str, issues: Issues
) -> tuple[tuple[Forecast, ...], tuple[Evidence, ...], tuple[str, ...]]:
    forecasts: list[Forecast] = []
    evidence: list[Evidence] = []
    due = sets.due
    if due is None or issues.error_count:
        return (), (), ()
    ids = _ids(sets.predictions, prefix)
    missing_questions = 0
    for key in sorted(sets.predictions, key=lambda k: (k[0], k[1], k[2] or "")):
        source, original, horizon = key
        question = sets.questions.get((source, original))
        if question is None:
            missing_questions += 1
            continue
        identifier = ids[key]
        market = source in MARKET_SOURCES
        kind = "market" if market else "dataset"
        resolutions = sorted(sets.resolutions.get(key, []), key=lambda r: r.order)
        if market:
            close = question.get("market_info_close_datetime")
            try:
                resolves = date_of(str(close)) if close not in (None, "", "N/A") else due
            except ValueError:
                resolves = due
            resolves = max(resolves, due.add(days=1))
            # A market that resolved had done so by the time ForecastBench looked, and by its
            # close if that came first; a fractional (still open) value is dated as published.
            resolutions = [
                attrs.evolve(r, observed=min(r.observed, resolves))
                if not isinstance(r.outcome, float)
                else r
                for r in resolutions
            ]
        else:
            assert horizon is not None
            resolves = date_of(horizon)
        text = _fill(str(question["question"]), due, horizon)
        criteria = _fill(str(question.get("resolution_criteria") or ""), due, horizon) or (
            "As resolved by ForecastBench."
        )
        url = str(question.get("url") or "") or None
        origin = {"format": "forecastbench", "id": original, "source": source}
        if horizon is not None:
            origin["resolution_date"] = horizon
        if sets.question_set:
            origin["question_set"] = sets.question_set
        predictions = sorted(sets.predictions[key])
        forecasts.append(
            Forecast(
                id=identifier,
                question=text,
                resolves=resolves,
                predictions=tuple(
                    Prediction(by=by, made=due, probability=p) for by, p in predictions
                ),
                criteria=criteria,
                source=Source(url=url, publisher="ForecastBench") if url else None,
                tags=(kind, source),
                origin=origin,
            )
        )
        evidence.extend(_evidence(identifier, resolutions, url))
    notes = [
        f"Read {len(sets.questions)} questions and "
        f"{sum(len(v) for v in sets.predictions.values())} forecasts for the due date {due}.",
        f"{len(forecasts)} forecasts (dataset questions: one per horizon) and "
        f"{len(evidence)} evidence records.",
    ]
    if sets.skipped_combinations:
        notes.append(
            f"{sets.skipped_combinations} records of combination questions were not imported."
        )
    if sets.unmatched_resolutions:
        notes.append(
            f"{sets.unmatched_resolutions} resolutions name questions without forecasts here "
            "(other question sets) and were skipped."
        )
    if missing_questions:
        issues.warn(
            Location("-"),
            f"{missing_questions} forecast keys name questions missing from the question set; "
            "they were not imported",
            "give the question set these forecasts were made for",
        )
    return tuple(forecasts), tuple(evidence), tuple(notes)


def _evidence(identifier: str, resolutions: list[_Resolution], url: str | None) -> list[Evidence]:
    """One record per distinct resolution over time; each later one supersedes the one before."""
    records: list[Evidence] = []
    previous: _Resolution | None = None
    for resolution in resolutions:
        if previous is not None and _same(previous.outcome, resolution.outcome):
            continue
        record_id = identifier if not records else f"{identifier}-{resolution.observed}"
        if any(r.id == record_id for r in records):
            record_id = f"{record_id}-{len(records) + 1}"
        records.append(
            Evidence(
                id=record_id,
                observed=resolution.observed,
                resolves={identifier: resolution.outcome},
                sources=(
                    Source(
                        title=f"ForecastBench resolution set ({resolution.file})",
                        url=REPOSITORY,
                        publisher="Forecasting Research Institute",
                    ),
                ),
                summary=_summary(resolution.outcome),
                supersedes=(records[-1].id,) if records else (),
            )
        )
        previous = resolution
    return records


def _same(a: Outcome, b: Outcome) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isclose(a, b))


def _summary(outcome: Outcome) -> str:
    if isinstance(outcome, float):
        return (
            f"The market was still open; ForecastBench scores it against its probability, "
            f"{outcome:g}."
        )
    if outcome == ANNULLED:
        return "ForecastBench nullified the question."
    return f"ForecastBench resolved the question {outcome}."


def _fill(text: str, due: pendulum.Date, horizon: str | None) -> str:
    text = text.replace("{forecast_due_date}", due.isoformat())
    if horizon is not None:
        text = text.replace("{resolution_date}", horizon)
    return text.strip()


def _ids(keys: Mapping[Key, object], prefix: str) -> dict[Key, str]:
    """Readable, unique ids: PREFIX-SOURCE-ID[-HORIZON], long hash ids shortened."""
    ids: dict[Key, str] = {}
    for key in keys:
        source, original, horizon = key
        short = original if len(original) <= SHORT_KEY else original[:12]
        identifier = forecast_id(f"{prefix}-{slug(source)}", short)
        if short != original and slug(short) == short:
            identifier = f"{identifier}-{short_hash(original, length=4)}"
        ids[key] = f"{identifier}-{horizon}" if horizon else identifier
    taken: dict[str, Key] = {}
    for key, identifier in sorted(
        ids.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or "")
    ):
        if identifier in taken and taken[identifier] != key:
            source, original, horizon = key
            long = forecast_id(f"{prefix}-{slug(source)}", original)
            ids[key] = f"{long}-{horizon}" if horizon else long
        taken[ids[key]] = key
    return ids
