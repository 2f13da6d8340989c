"""The scoring report of a book with forecast tables: the same report, scored in columns.

:func:`build_table_report` gives the :class:`~foretell.report.Report` that
:func:`~foretell.report.build_report` gives for the equivalent YAML book, with every figure
computed from arrays the engine returns (:mod:`.engine`): each forecaster's scored
predictions are sliced out of one sorted array and go through the same functions of
:mod:`foretell.scoring`, in the same order, so the figures are the same to the last bit.

Predictions of YAML files in the same book join the table rows in the engine. Up to
:data:`LISTED_PREDICTIONS` predictions, the report lists every prediction under its forecast
(they are read back as objects for that); above, forecasts are listed with their resolution
and evidence but without their predictions, which ``foretell export`` writes as a table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
import pendulum

from foretell import scoring
from foretell.load import BookReading
from foretell.model import Book, Prediction, Resolution
from foretell.problems import ForetellError, Location, Problem
from foretell.report.build import _skill, brier_interval, build_report
from foretell.report.policies import CrowdScores, GroupMean, group_mean
from foretell.report.records import (
    COMPARED_FORECASTERS,
    Attention,
    CategoryScore,
    Claim,
    ForecasterComparison,
    ForecasterSummary,
    Report,
    ReportOptions,
    TagScore,
    TimeAveraged,
)
from foretell.resolution import resolve

from .engine import ScoredCases, register_resolutions, scored_cases, updated_cases
from .read import PredictionTables

__all__ = ["LISTED_PREDICTIONS", "TableReportError", "book_forecasters", "build_table_report"]

#: Up to this many predictions in tables, the report lists each one under its forecast.
LISTED_PREDICTIONS: Final = 100_000
#: Late predictions listed under "needs attention" in a book too large to list predictions.
LISTED_LATE: Final = 1_000


def book_forecasters(reading: BookReading) -> tuple[str, ...]:
    """Every forecaster of a book as read, in YAML files and tables, sorted."""
    names = set(reading.book.forecasters)
    if reading.tables is not None:
        names.update(reading.tables.forecasters())
    return tuple(sorted(names))


def build_table_report(
    reading: BookReading,
    options: ReportOptions,
    *,
    title: str = "Forecasts",
    problems: tuple[Problem, ...] = (),
    audit: Any = None,
) -> Report:
    """Resolve a book with tables as of ``options.as_of`` and score every forecaster.

    ``problems`` (from reading the book) and ``audit`` are carried into the report, as by
    :func:`~foretell.report.build_report`; entries with errors are left out.
    """
    tables: PredictionTables = reading.tables
    book = reading.book
    table_ids = _table_forecast_ids(reading)
    engine = _with_yaml_predictions(tables, book, table_ids)
    listed = tables.rows <= LISTED_PREDICTIONS
    columnar = options.score == "latest" and options.aggregate is None
    if listed:
        book = _with_table_predictions(tables, book, table_ids)
    elif not columnar:
        raise TableReportError(
            "scoring each forecaster's first or every prediction, and aggregating the crowd, "
            "need every prediction as an object: a book of at most "
            f"{LISTED_PREDICTIONS:,} table predictions (this one has more)"
        )
    report = build_report(
        book, options, title=title, problems=problems, left_out=reading.left_out(), audit=audit
    )
    if not columnar:
        return report  # the policies of issue-sized books, computed prediction by prediction

    resolutions = resolve(reading.book, options.as_of)
    register_resolutions(engine, resolutions)
    cases = scored_cases(engine, forecaster=options.forecaster)
    claims = {s.name: s.claims for s in report.forecasters}
    extras = {s.name: (s.crowd, s.group_mean) for s in report.forecasters}
    categorical = {
        s.name: s.multi_category for s in report.forecasters if s.multi_category is not None
    }
    names = sorted(set(cases.forecasters) | set(claims))
    tags = _tag_masks(resolutions)
    summaries = tuple(
        _summary(
            name,
            cases=cases,
            resolutions=resolutions,
            engine=engine,
            options=options,
            claims=claims.get(name, ()),
            categorical=categorical,
            tags=tags,
        )
        for name in names
    )
    summaries = tuple(
        _with_extras(s, extras.get(s.name) if listed else None, options) for s in summaries
    )
    attention = report.attention
    if not listed:
        attention = _with_late_rows(attention, engine, resolutions, options)
    return attrs.evolve(
        report,
        forecasters=summaries,
        comparisons=_comparisons(cases, resolutions, summaries),
        attention=attention,
    )


class TableReportError(ForetellError, ValueError):
    """A report option that a book of this many table predictions cannot have."""


def _with_extras(
    summary: ForecasterSummary,
    extras: tuple[CrowdScores | None, GroupMean | None] | None,
    options: ReportOptions,
) -> ForecasterSummary:
    """Crowd scores and the group mean: from the objects when listed, else from the tags."""
    if extras is not None:
        return attrs.evolve(summary, crowd=extras[0], group_mean=extras[1])
    if not options.group_mean:
        return summary
    by_tag = {t.tag: (t.n, t.brier) for t in summary.by_tag}
    return attrs.evolve(summary, group_mean=group_mean(by_tag, options.group_mean))


def _table_forecast_ids(reading: BookReading) -> frozenset[str]:
    tables: PredictionTables = reading.tables
    prefixes = tuple(tables.files)
    return frozenset(
        f.id for f in reading.book.forecasts if f.location and f.location.path in prefixes
    )


def _with_yaml_predictions(
    tables: PredictionTables, book: Book, table_ids: frozenset[str]
) -> PredictionTables:
    """The engine's view of every yes/no prediction: table rows and YAML predictions."""
    import pyarrow as pa  # noqa: PLC0415 - optional extra

    rows: dict[str, list[object]] = defaultdict(list)
    seq = 0
    for forecast in book.forecasts:
        if forecast.id in table_ids or not forecast.is_binary:
            continue
        for prediction in forecast.predictions:
            seq += 1
            rows["seq"].append(seq)
            rows["id"].append(forecast.id)
            rows["forecaster"].append(prediction.by)
            rows["made"].append(prediction.made)
            rows["probability"].append(float(prediction.probability))  # type: ignore[arg-type]
    yaml_rows = pa.table(
        {
            "file": pa.array([-1] * seq, pa.int32()),
            "row": pa.array(rows["seq"], pa.int64()),
            "seq": pa.array(rows["seq"], pa.int64()),
            "id": pa.array(rows["id"], pa.string()),
            "forecaster": pa.array(rows["forecaster"], pa.string()),
            "made": pa.array(rows["made"], pa.date32()),
            "probability": pa.array(rows["probability"], pa.float64()),
            "note": pa.array([None] * seq, pa.string()),
        }
    )
    connection = tables.connection
    connection.register("yaml_predictions_arrow", yaml_rows)
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE yaml_predictions AS SELECT * FROM yaml_predictions_arrow"
    )
    connection.unregister("yaml_predictions_arrow")
    connection.execute(
        "CREATE OR REPLACE TEMP VIEW all_predictions AS SELECT file, row, seq, id, "
        f"forecaster, made, probability, note FROM {tables.view} "
        "UNION ALL SELECT * FROM yaml_predictions"
    )
    return attrs.evolve(tables, view="all_predictions")


def _with_table_predictions(
    tables: PredictionTables, book: Book, table_ids: frozenset[str]
) -> Book:
    """The book with each table forecast's predictions read back as objects (small books)."""
    found: dict[str, list[Prediction]] = defaultdict(list)
    rows = tables.connection.execute(
        f"SELECT file, row, id, forecaster, made, probability, note FROM {tables.view} ORDER BY seq"
    ).fetchall()
    for file, row, identifier, forecaster, made, probability, note in rows:
        found[identifier].append(
            Prediction(
                by=forecaster,
                made=pendulum.date(made.year, made.month, made.day),
                probability=float(probability),
                note=note,
                location=Location(tables.files[file], int(row), 1),
            )
        )
    forecasts = tuple(
        attrs.evolve(f, predictions=tuple(found.get(f.id, ()))) if f.id in table_ids else f
        for f in book.forecasts
    )
    return attrs.evolve(book, forecasts=forecasts)


def _summary(
    name: str,
    *,
    cases: ScoredCases,
    resolutions: Sequence[Resolution],
    engine: PredictionTables,
    options: ReportOptions,
    claims: tuple[Claim, ...],
    categorical: Mapping[str, CategoryScore],
    tags: Mapping[str, np.ndarray],
) -> ForecasterSummary:
    """One forecaster's figures from their slice of the scored cases (as ``_summarise``)."""
    multi = categorical.get(name)
    if name not in cases.forecasters:
        return ForecasterSummary(name=name, claims=claims, multi_category=multi)
    code = cases.forecasters.index(name)
    start, end = cases.slice_of(name)
    if start == end:
        return ForecasterSummary(name=name, claims=claims, multi_category=multi)
    y = cases.outcome[start:end]
    p = cases.probability[start:end]
    positions = cases.position[start:end]
    zero_one = (y == 0.0) | (y == 1.0)
    corp = scoring.corp_decomposition(y, p)
    order = np.argsort(p, kind="stable")
    curve = dict(zip(p[order].tolist(), corp.recalibrated[order].tolist(), strict=True))
    return ForecasterSummary(
        name=name,
        claims=claims,
        n=int(end - start),
        brier=brier_interval(y, p, options),
        log_score=scoring.log_score(y, p),
        skill_vs_half=_skill(y, p, 0.5),
        base_rate=float(y.mean()),
        skill_vs_base_rate=_skill(y, p, "base_rate"),
        corp=corp,
        spiegelhalter=(
            scoring.spiegelhalter_test(y[zero_one], p[zero_one]) if zero_one.any() else None
        ),
        calibration=scoring.calibration_table(
            y, p, bins=options.bins, level=options.level, closed=options.bin_closed
        ),
        by_tag=_by_tag(y, p, positions, tags),
        time_averaged=_time_averaged(
            code,
            y=y,
            p=p,
            positions=positions,
            made_before=cases.made_before[start:end],
            resolutions=resolutions,
            engine=engine,
        ),
        multi_category=multi,
        curve=tuple(curve.items()),
    )


def _by_tag(
    y: np.ndarray, p: np.ndarray, positions: np.ndarray, tags: Mapping[str, np.ndarray]
) -> tuple[TagScore, ...]:
    """Brier score per tag; ``tags`` maps each tag to its questions (a mask over positions)."""
    if not tags:
        return ()
    briers = scoring.brier_scores_per_case(y, p, scale="0-1")
    scores = []
    for tag, mask in sorted(tags.items()):
        mine = mask[positions]
        if mine.any():
            selected = briers[mine]
            scores.append(
                TagScore(tag=tag, n=int(selected.shape[0]), brier=float(np.mean(selected)))
            )
    return tuple(scores)


def _tag_masks(resolutions: Sequence[Resolution]) -> dict[str, np.ndarray]:
    """For each tag, which questions (by position) carry it."""
    masks: dict[str, np.ndarray] = {}
    for position, resolution in enumerate(resolutions):
        for tag in resolution.forecast.tags:
            if tag not in masks:
                masks[tag] = np.zeros(len(resolutions), dtype=bool)
            masks[tag][position] = True
    return masks


def _time_averaged(
    code: int,
    *,
    y: np.ndarray,
    p: np.ndarray,
    positions: np.ndarray,
    made_before: np.ndarray,
    resolutions: Sequence[Resolution],
    engine: PredictionTables,
) -> TimeAveraged | None:
    updated = np.flatnonzero(made_before >= 2)
    if updated.shape[0] == 0:
        return None
    histories = updated_cases(engine, [(code, int(positions[i])) for i in updated])
    averaged: list[float] = []
    final: list[float] = []
    for index in updated.tolist():
        position = int(positions[index])
        probabilities, made = histories[(code, position)]
        resolved_on = resolutions[position].resolved_on
        assert resolved_on is not None
        averaged.append(
            scoring.time_averaged_brier(
                float(y[index]), probabilities, made=made, resolved=resolved_on, scale="0-1"
            )
        )
        final.append(float(scoring.brier_scores_per_case([y[index]], [p[index]])[0]))
    return TimeAveraged(
        n=len(averaged), brier=float(np.mean(averaged)), final_brier=float(np.mean(final))
    )


def _comparisons(
    cases: ScoredCases,
    resolutions: Sequence[Resolution],
    summaries: Sequence[ForecasterSummary],
) -> tuple[ForecasterComparison, ...]:
    """Every pair of forecasters on their common questions, in order of question id."""
    names = [s.name for s in summaries]
    if len(names) > COMPARED_FORECASTERS:
        return ()
    ids = [r.forecast.id for r in resolutions]
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    slices: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for name in names:
        if name not in cases.forecasters:
            continue
        start, end = cases.slice_of(name)
        by_rank = rank[cases.position[start:end]]
        order = np.argsort(by_rank)
        slices[name] = (
            by_rank[order],
            cases.probability[start:end][order],
            cases.outcome[start:end][order],
        )
    results = []
    for index, a in enumerate(names):
        for b in names[index + 1 :]:
            if a not in slices or b not in slices:
                continue
            ranks_a, pa, ya = slices[a]
            ranks_b, pb, _ = slices[b]
            _, in_a, in_b = np.intersect1d(
                ranks_a, ranks_b, assume_unique=True, return_indices=True
            )
            if in_a.shape[0] < 2:
                continue
            results.append(
                ForecasterComparison(
                    a, b, scoring.compare(ya[in_a], pa[in_a], pb[in_b], scale="0-1")
                )
            )
    return tuple(results)


def _with_late_rows(
    attention: Attention,
    engine: PredictionTables,
    resolutions: Sequence[Resolution],
    options: ReportOptions,
) -> Attention:
    """Late table predictions for "needs attention", when they are not read back as objects."""
    from .engine import late_rows  # noqa: PLC0415

    by_id = {r.forecast.id: r for r in resolutions}
    _, rows = late_rows(engine, limit=LISTED_LATE, as_of=options.as_of)
    late = list(attention.late)
    for row in rows:
        if options.forecaster is not None and row.forecaster != options.forecaster:
            continue
        resolution = by_id[row.forecast_id]
        if row.file < 0:
            continue  # a YAML prediction, already listed
        late.append(
            (
                resolution,
                Prediction(by=row.forecaster, made=row.made, probability=row.probability),
            )
        )
    return attrs.evolve(attention, late=tuple(late))
