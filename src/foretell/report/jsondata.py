"""The report as plain data: the ``--format json`` contract (``docs/report.md``).

Figures are unrounded floats; a figure that is undefined or infinite (a log score after a
forecast of 0 or 1 went wrong) is ``null``, so that the output is strict JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from foretell.report.build import ForecasterSummary, ForecastRow, Report

__all__ = ["render_json", "report_data"]


def render_json(report: Report) -> str:
    """The report as a JSON document, laid out for reading and diffing.

    Keys come in a fixed order with a two-space indent, except that each forecast is written on
    one line: a change to one forecast is a one-line diff, and the encoder stays fast on books
    of thousands of forecasts (Python's indenting encoder is several times slower).
    """
    data = report_data(report)
    forecasts = data.pop("forecasts")
    head = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    compact = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    lines = ",\n".join("    " + compact.encode(item) for item in forecasts)
    body = f'"forecasts": [\n{lines}\n  ]' if forecasts else '"forecasts": []'
    return head[:-2] + f",\n  {body}\n}}\n"


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data (see ``docs/schema/report.schema.json``)."""
    options = report.options
    attention = report.attention
    return {
        "book": report.title,
        "as_of": options.as_of.isoformat(),
        "conventions": {
            "brier_scale": options.brier_scale,
            "bins": options.bins,
            "level": options.level,
            "bootstrap_seed": options.seed,
            "forecaster": options.forecaster,
        },
        "counts": dict(report.counts),
        "forecasters": {f.name: _forecaster(f) for f in report.forecasters},
        "forecasts": [_forecast(row) for row in report.forecasts],
        "attention": {
            "due": [r.forecast.id for r in attention.due],
            "overdue": [r.forecast.id for r in attention.overdue],
            "conflicts": [r.forecast.id for r in attention.conflicts],
            "late_predictions": [
                {"forecast": r.forecast.id, "by": p.by, "made": p.made.isoformat()}
                for r, p in attention.late
            ],
        },
        "comparisons": [
            {
                "a": c.a,
                "b": c.b,
                "n": c.result.n,
                "brier_a": _number(c.result.brier_a * options.scale_factor),
                "brier_b": _number(c.result.brier_b * options.scale_factor),
                "mean_difference": _number(c.result.mean_difference * options.scale_factor),
                "statistic": _number(c.result.statistic),
                "p_value": _number(c.result.p_value),
                "better": c.result.better,
            }
            for c in report.comparisons
        ],
    }


def _forecaster(summary: ForecasterSummary) -> dict[str, Any]:
    return {
        "n": summary.n,
        "brier": _number(summary.brier),
        "brier_ci": [_number(x) for x in summary.brier_ci] if summary.brier_ci else None,
        "log_score": _number(summary.log_score),
        "brier_skill_vs_half": _number(summary.brier_skill_vs_half),
        "base_rate": _number(summary.base_rate),
        "brier_skill_vs_base_rate": _number(summary.brier_skill_vs_base_rate),
        "miscalibration": _number(summary.miscalibration),
        "discrimination": _number(summary.discrimination),
        "uncertainty": _number(summary.uncertainty),
        "spiegelhalter_z": _number(summary.spiegelhalter_z),
        "spiegelhalter_p": _number(summary.spiegelhalter_p),
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
            for row in summary.calibration
        ],
        "by_tag": {t.tag: {"n": t.n, "brier": t.brier} for t in summary.by_tag},
        "time_averaged_brier": (
            {
                "n": summary.time_averaged.n,
                "brier": summary.time_averaged.brier,
                "final_brier": summary.time_averaged.final_brier,
            }
            if summary.time_averaged
            else None
        ),
        "multi_category": (
            {"n": summary.multi_category.n, "brier": summary.multi_category.brier}
            if summary.multi_category
            else None
        ),
    }


def _forecast(row: ForecastRow) -> dict[str, Any]:
    resolution = row.resolution
    forecast = resolution.forecast
    return {
        "id": forecast.id,
        "question": forecast.question,
        "status": resolution.status.value,
        "outcome": resolution.outcome,
        "resolved_on": resolution.resolved_on.isoformat() if resolution.resolved_on else None,
        "resolves": forecast.resolves.isoformat(),
        "tags": list(forecast.tags),
        "evidence": list(resolution.evidence),
        "predictions": [
            {
                "by": p.prediction.by,
                "made": p.prediction.made.isoformat(),
                "probability": _probability(p.prediction.probability),
                "brier": p.brier,
                "scored": p.scored,
                "late": p.late,
            }
            for p in row.predictions
        ],
    }


def _probability(value: float | Mapping[str, float]) -> float | dict[str, float]:
    return dict(value) if isinstance(value, Mapping) else value


def _number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return value
