"""The report as plain data: the ``--format json`` contract (``docs/report.md``).

Figures are unrounded floats; a figure that is undefined or infinite (a log score after a
forecast of 0 or 1 went wrong) is ``null``, so that the output is strict JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from typing import Any

from foretell.report.document import ReportDocument, build_document
from foretell.report.figures import ForecasterFigures, comparison_figures, forecaster_figures
from foretell.report.lazy import LazyRows, StreamedList, blocks
from foretell.report.proof import audit_data, audit_view
from foretell.report.records import Report
from foretell.report.scorecard import Scorecard, ScorecardRow
from foretell.report.views import ForecastView, SourceView, forecast_view
from foretell.report.wordings import WordingView

__all__ = ["render_json", "report_data", "stream_json"]


def render_json(report: Report) -> str:
    """The report as a JSON document, laid out for reading and diffing.

    Keys come in a fixed order with a two-space indent, except that each forecast is written on
    one line: a change to one forecast is a one-line diff, and the encoder stays fast on books
    of thousands of forecasts (Python's indenting encoder is several times slower). The text
    of :func:`stream_json`, joined.
    """
    return "".join(stream_json(report))


def stream_json(report: Report) -> Iterator[str]:
    """The text of :func:`render_json` in pieces, each forecast and scorecard row made as it is
    written: a book of 100,000 forecasts never holds its whole report as data or text."""
    data = _data(report, build_document(report), stream=True)
    forecasts = data.pop("forecasts")
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False, allow_nan=False)
    # The document without its forecasts, less its closing "\n}": they come last.
    yield from _all_but_last(blocks(encoder.iterencode(data)), 2)
    compact = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    empty = True
    for item in forecasts:
        yield (',\n  "forecasts": [\n    ' if empty else ",\n    ") + compact.encode(item)
        empty = False
    yield ',\n  "forecasts": []\n}\n' if empty else "\n  ]\n}\n"


def _all_but_last(chunks: Iterable[str], count: int) -> Iterator[str]:
    """The text of ``chunks`` without its last ``count`` characters, in pieces."""
    held = ""
    for chunk in chunks:
        held += chunk
        if len(held) > count:
            yield held[:-count]
            held = held[-count:]


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data (see ``docs/schema/report.schema.json``).

    Built from the same document as the Markdown and HTML reports: the same facts (quotes,
    sources, criteria, evidence summaries and addresses, scorecards), every Brier figure on
    ``conventions.brier_scale``. Addresses are given as the book has them; a consumer that
    turns them into links must check them (only http(s) is safe).
    """
    return _data(report, build_document(report), stream=False)


def _data(report: Report, document: ReportDocument, *, stream: bool) -> dict[str, Any]:
    """The report as data; with ``stream``, its long lists are made as the encoder writes them
    (:class:`~foretell.report.lazy.StreamedList`) and its forecasts are an iterator."""
    options = report.options
    attention = report.attention
    scale = document.scale
    cards = {s.content.name: s.content for s in document.all("scorecard")}
    wordings = {s.content.forecaster: _wording(s.content) for s in document.all("wording")}
    views = _views(document, report)
    forecasts: Any = map(_forecast, views) if stream else [_forecast(view) for view in views]
    return {
        "book": report.title,
        "as_of": options.as_of.isoformat(),
        "conventions": {
            "brier_scale": options.brier_scale,
            "bins": options.bins if isinstance(options.bins, int) else list(options.bins),
            "bin_closed": options.bin_closed,
            "score": options.score,
            "aggregate": options.aggregate,
            "group_mean": list(options.group_mean),
            "level": options.level,
            "bootstrap_seed": options.seed,
            "forecaster": options.forecaster,
        },
        "counts": dict(report.counts),
        "problems": [
            {"location": str(p.location), "code": p.code, "message": p.message}
            for p in report.problems
        ],
        "left_out": [
            {"kind": kind, "id": name, "location": str(where)}
            for kind, name, where in report.left_out
        ],
        "forecasters": {
            s.name: {
                **_forecaster(forecaster_figures(s, scale), cards.get(s.name), stream=stream),
                "wording": wordings.get(s.name),
            }
            for s in report.forecasters
        },
        "audit": audit_data(audit_view(report)),
        "sealed": list(report.sealed),
        "forecasts": forecasts,
        "attention": {
            "due": [r.forecast.id for r in attention.due],
            "overdue": [r.forecast.id for r in attention.overdue],
            "conflicts": [r.forecast.id for r in attention.conflicts],
            "provisional": [r.forecast.id for r in attention.provisional],
            "late_predictions": [
                {"forecast": r.forecast.id, "by": p.by, "made": p.made.isoformat()}
                for r, p in attention.late
            ],
        },
        "comparisons": [
            {
                "a": c.a,
                "b": c.b,
                "n": c.n,
                "brier_a": _number(c.brier_a),
                "brier_b": _number(c.brier_b),
                "mean_difference": _number(c.mean_difference),
                "statistic": _number(c.statistic),
                "p_value": _number(c.p_value),
                "better": "a" if c.better == c.a else "b" if c.better == c.b else None,
            }
            for c in (comparison_figures(c, scale) for c in report.comparisons)
        ],
    }


def _wording(view: WordingView) -> dict[str, Any]:
    """A forecaster's "How the words were read" section as data (Brier on the report's scale)."""
    f = view.figures
    return {
        "yardstick": f.yardstick,
        "n": f.n,
        "by_yardstick": {
            s.yardstick: {
                "n": s.n,
                "brier": s.brier,
                "log_score": _number(s.log_score),
                "log_score_uncapped": _number(s.log_score_uncapped),
                "miscalibration": _number(s.miscalibration),
            }
            for s in f.by_yardstick
        },
        "unread": dict(f.unread),
        "best": f.best,
        "worst": f.worst,
        "verdict": view.verdict,
        "by_phrase": [
            {"phrase": r.phrase, "n": r.n, "probability": r.probability, "happened": r.happened}
            for r in f.by_phrase
        ],
    }


def _views(document: ReportDocument, report: Report) -> Iterable[ForecastView]:
    """Every forecast's view in book order (the receipts section's), made as it is read."""
    receipts = document.section("receipts")
    if receipts is not None:
        views: Iterable[ForecastView] = receipts.content.views
        return views
    return (forecast_view(row, document.scale) for row in report.forecasts)


def _forecaster(f: ForecasterFigures, card: Scorecard | None, *, stream: bool) -> dict[str, Any]:
    scorecard: list[Any] = []
    if card is not None:
        rows = LazyRows(card.rows, _scorecard_row)
        scorecard = StreamedList(rows) if stream else list(rows)
    return {
        "n": f.n,
        "brier": _number(f.brier),
        "brier_ci": (
            [_number(f.brier_low), _number(f.brier_high)] if f.brier_low is not None else None
        ),
        "log_score": _number(f.log_score),
        "brier_skill_vs_half": _number(f.skill_vs_half),
        "base_rate": _number(f.base_rate),
        "brier_skill_vs_base_rate": _number(f.skill_vs_base_rate),
        "miscalibration": _number(f.miscalibration),
        "discrimination": _number(f.discrimination),
        "uncertainty": _number(f.uncertainty),
        "spiegelhalter_z": _number(f.spiegelhalter_z),
        "spiegelhalter_p": _number(f.spiegelhalter_p),
        "calibration": [
            {
                "lower": row.lower,
                "upper": row.upper,
                "n": row.n,
                "mean_probability": row.mean_probability,
                "observed_frequency": row.observed_frequency,
                "ci_low": row.ci_low,
                "ci_high": row.ci_high,
            }
            for row in f.calibration
        ],
        "by_tag": {tag: {"n": n, "brier": brier} for tag, n, brier in f.by_tag},
        "time_averaged_brier": (
            {
                "n": f.time_averaged[0],
                "brier": f.time_averaged[1],
                "final_brier": f.time_averaged[2],
            }
            if f.time_averaged
            else None
        ),
        "multi_category": (
            {"n": f.multi_category[0], "brier": f.multi_category[1]} if f.multi_category else None
        ),
        "crowd": (
            {
                "n": f.crowd_n,
                "relative_brier": _number(f.relative_brier),
                "peer": _number(f.peer),
                "baseline": _number(f.baseline),
                "baseline_n": f.baseline_n,
            }
            if f.baseline is not None
            else None
        ),
        "group_mean": (
            {"tags": list(f.group_tags), "brier": _number(f.group_mean)} if f.group_tags else None
        ),
        "scorecard": scorecard,
        "summary": _summary(card) if card else None,
    }


def _scorecard_row(row: ScorecardRow) -> dict[str, Any]:
    return {
        "forecast": row.forecast_id,
        "claim": row.claim,
        "is_quote": row.is_quote,
        "shortened": row.shortened,
        "probability": row.probability,
        "category": row.category,
        "outcome": row.outcome,
        "by_default": row.by_default,
        "brier": row.brier,
        "miss": row.miss,
    }


def _summary(card: Scorecard) -> dict[str, Any]:
    s = card.summary
    return {
        "n": s.n,
        "happened": s.happened,
        "did_not": s.did_not,
        "partly": s.partly,
        "mean_probability": _number(s.mean_probability),
        "observed": _number(s.observed),
        "verdict": s.verdict,
        "misses": [row.forecast_id for row in s.misses],
        "multi_category": [row.forecast_id for row in s.multi_category],
        "unsettled": dict(s.unsettled),
    }


def _source(source: SourceView) -> dict[str, Any]:
    return {
        "url": source.raw_url,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "published": source.published.isoformat() if source.published else None,
        "document": source.document,
    }


def _forecast(view: ForecastView) -> dict[str, Any]:
    return {
        "id": view.id,
        "question": view.question,
        "status": view.status,
        "outcome": view.outcome,
        "method": view.method,
        "resolved_on": view.resolved_on.isoformat() if view.resolved_on else None,
        "resolves": view.resolves.isoformat(),
        "evidence_checked_through": (
            view.evidence_checked_through.isoformat() if view.evidence_checked_through else None
        ),
        "quote": view.quote,
        "source": _source(view.source) if view.source else None,
        "criteria": view.criteria,
        "otherwise": view.otherwise,
        "categories": list(view.categories),
        "tags": list(view.tags),
        "evidence": [
            {
                "id": e.id,
                "observed": e.observed.isoformat(),
                "outcome": e.outcome,
                "summary": e.summary,
                "sources": [_source(s) for s in e.sources],
            }
            for e in view.evidence
        ],
        "predictions": [
            {
                "by": p.by,
                "made": p.made.isoformat(),
                "probability": (
                    dict(p.probability) if isinstance(p.probability, tuple) else p.probability
                ),
                "wording": p.wording,
                "yardstick": p.yardstick,
                "note": p.note,
                "brier": p.brier,
                "scored": p.scored,
                "late": p.late,
            }
            for p in view.predictions
        ],
    }


def _number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return value
