"""Words and rounded numbers shared by the human-readable renderers (Markdown and HTML).

JSON keeps every figure unrounded; people read three decimals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from foretell.model import Evidence, Outcome, Source
from foretell.report.build import FEW, ForecasterSummary, Report

__all__ = [
    "EXPLANATIONS",
    "conventions",
    "count_line",
    "few_note",
    "number",
    "outcome",
    "p_value",
    "percent",
    "probability",
    "source_label",
]

STATUS_WORDS = {
    "resolved": "resolved",
    "open": "open",
    "overdue": "overdue",
    "conflict": "in conflict",
    "annulled": "annulled",
    "ambiguous": "ambiguous",
}

#: One line per figure: how to read it.
EXPLANATIONS = {
    "brier": "mean of (p − o)²: 0 is perfect; always saying 50% scores {half}",
    "skill_half": "1 − Brier ÷ Brier of always saying 50%: above 0 beats a coin",
    "skill_base": "1 − Brier ÷ Brier of always forecasting the base rate",
    "log": "mean −ln p(what happened), in nats: 0 is perfect, always 50% scores 0.693",
    "mcb": "CORP miscalibration: how much recalibrating the forecasts would improve Brier",
    "dsc": "CORP discrimination: how well the forecasts separate what happened from what did not",
    "unc": "uncertainty: Brier of always forecasting the base rate (Brier = MCB − DSC + UNC)",
    "spiegelhalter": "Spiegelhalter's test: z beyond ±2 suggests miscalibration",
}


def number(value: float | None, digits: int = 3) -> str:
    """A figure rounded for reading; ``–`` when undefined, ``∞`` when infinite."""
    if value is None or math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{digits}f}"
    return "0." + "0" * digits if text == "-0." + "0" * digits else text.replace("-", "−")


def p_value(value: float | None) -> str:
    """A p-value with two significant digits, or ``< 0.001``."""
    if value is None or math.isnan(value):
        return "–"
    if value < 0.001:
        return "< 0.001"
    return f"{value:.2g}" if value < 0.1 else f"{value:.2f}"


def percent(value: float) -> str:
    """A probability as a percentage: ``70%``, ``12.5%``."""
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def probability(value: float | Mapping[str, float]) -> str:
    """A prediction's probability: ``70%``, or ``a 25%, b 75%`` for categories."""
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {percent(v)}" for k, v in value.items())
    return percent(value)


def outcome(value: Outcome | None) -> str:
    """An outcome as people read it: ``yes``, a category, or a number such as ``0.8``."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return value


def count_line(report: Report) -> str:
    """``16 forecasts: 5 resolved, 11 open, ...``."""
    counts = report.counts
    total = counts["forecasts"]
    parts = [f"{counts[key]} {word}" for key, word in STATUS_WORDS.items()]
    return f"{total} forecast{'' if total == 1 else 's'}: " + ", ".join(parts)


def conventions(report: Report) -> str:
    """The scoring conventions in one sentence."""
    options = report.options
    scale = options.brier_scale
    half = "0.25" if scale == "0-1" else "0.5"
    if scale == "0-1":
        brier = (
            "Brier scores on the 0–1 scale ((p − o)² for yes/no questions, half the sum over "
            "categories for multi-category ones"
        )
    else:
        brier = (
            "Brier scores on the 0–2 scale (2(p − o)² for yes/no questions, the sum over "
            "categories for multi-category ones, as Good Judgment Open reports them"
        )
    width = 1 / options.bins
    return (
        f"{brier}; 0 is perfect, always saying 50% scores {half}; lower is better). "
        "Each forecaster is scored on their latest prediction made before a question resolved. "
        f"Intervals are {options.level:.0%}: bootstrap over questions for Brier scores, Wilson "
        f"for calibration bins. Calibration bins are right-closed, (a, b], the first "
        f"[0, {width:g}]."
    )


def few_note(summary: ForecasterSummary) -> str | None:
    """A plain-words warning when there are too few resolved questions for calibration."""
    if summary.n >= FEW:
        return None
    if summary.n == 0:
        return "No yes/no question this forecaster predicted has resolved yet: nothing to score."
    questions = "question has" if summary.n == 1 else "questions have"
    return (
        f"Only {summary.n} {questions} resolved: too few for calibration figures to mean much "
        f"(look again at {FEW} or more). Read the Brier score with its wide interval, and the "
        "calibration table and diagram as anecdotes."
    )


NOTHING_NEEDS_ATTENTION = "Nothing: no forecast is overdue, in conflict or due within 30 days."


def attention_sections(report: Report) -> list[tuple[str, str, list[str]]]:
    """What needs attention as (heading, advice, items) in plain text; empty when nothing does.

    Renderers format the sections (and escape the text) their own way.
    """
    a = report.attention
    sections = [
        (
            "Overdue",
            "Past the deadline with no evidence and no 'otherwise': record what happened.",
            [f"{r.forecast.id} (deadline {r.forecast.resolves})" for r in a.overdue],
        ),
        (
            "Evidence in conflict",
            "Add a record that supersedes the wrong one.",
            [f"{r.forecast.id}: {', '.join(r.evidence)}" for r in a.conflicts],
        ),
        (
            "Due within 30 days",
            "Look for evidence before the deadline.",
            [f"{r.forecast.id} (deadline {r.forecast.resolves})" for r in a.due],
        ),
        (
            "Predictions made on or after the resolution date",
            "Not scored: they knew the answer.",
            [f"{r.forecast.id}: {p.by} on {p.made} (resolved {r.resolved_on})" for r, p in a.late],
        ),
    ]
    return [section for section in sections if section[2]]


def source_label(source: Source, index: int) -> str:
    """The text of a link to a source: its publisher, title, or 'source N'."""
    return source.publisher or source.title or f"source {index}"


def evidence_sources(evidence: Evidence) -> list[tuple[str, str | None]]:
    """(label, url) for each source of an evidence record."""
    return [(source_label(s, i), s.url) for i, s in enumerate(evidence.sources, start=1)]


def base_rate_words(summary: ForecasterSummary) -> str:
    """``0.80 (4 of 5 resolved yes)`` for 0/1 outcomes, the mean otherwise."""
    assert summary.base_rate is not None
    yes = summary.base_rate * summary.n
    if abs(yes - round(yes)) < 1e-9:
        return f"{number(summary.base_rate, 2)} ({round(yes)} of {summary.n} resolved yes)"
    return number(summary.base_rate, 2)
