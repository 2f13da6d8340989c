"""Every figure about a forecaster and about pairs of forecasters, on the report's Brier scale.

Built from the scoring records of :mod:`foretell.report.build`; Brier figures pass through
:meth:`~foretell.report.page.Scale.brier` here, once. Numbers stay unrounded.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import attrs

from foretell.report.page import Scale
from foretell.report.records import FEW, ForecasterComparison, ForecasterSummary
from foretell.suggest import slugify

__all__ = [
    "CalibrationRow",
    "ComparisonFigures",
    "ForecasterFigures",
    "comparison_figures",
    "few_note",
    "forecaster_anchor",
    "forecaster_figures",
    "github_anchor",
]


@attrs.frozen
class CalibrationRow:
    """One occupied bin of a calibration table (probabilities and shares in [0, 1])."""

    lower: float
    upper: float
    n: int
    mean_probability: float
    observed_frequency: float
    ci_low: float
    ci_high: float


@attrs.frozen
class ForecasterFigures:
    """Every figure about one forecaster, Brier figures on the report's scale.

    ``None`` marks an undefined figure; ``*_why`` fields say why in words.
    """

    name: str
    anchor: str
    n: int
    brier: float | None = None
    brier_low: float | None = None
    brier_high: float | None = None
    log_score: float | None = None
    skill_vs_half: float | None = None
    skill_vs_half_why: str | None = None
    base_rate: float | None = None
    base_rate_yes: int | None = None
    skill_vs_base_rate: float | None = None
    skill_vs_base_rate_why: str | None = None
    miscalibration: float | None = None
    discrimination: float | None = None
    uncertainty: float | None = None
    spiegelhalter_z: float | None = None
    spiegelhalter_p: float | None = None
    calibration: tuple[CalibrationRow, ...] = ()
    corp_curve: tuple[tuple[float, float], ...] = ()
    by_tag: tuple[tuple[str, int, float], ...] = ()
    time_averaged: tuple[int, float, float] | None = None
    multi_category: tuple[int, float] | None = None
    few_note: str | None = None
    crowd_n: int = 0
    relative_brier: float | None = None
    peer: float | None = None
    baseline: float | None = None
    baseline_n: int = 0
    group_mean: float | None = None
    group_tags: tuple[str, ...] = ()


@attrs.frozen
class ComparisonFigures:
    """Two forecasters on their common yes/no questions (Brier on the report's scale)."""

    a: str
    b: str
    n: int
    brier_a: float
    brier_b: float
    mean_difference: float
    statistic: float | None
    p_value: float | None
    better: str | None


def forecaster_anchor(name: str) -> str:
    """The HTML id of a forecaster's figures: distinct for distinct names.

    A name that is already a lowercase slug is used as it is (``forecaster-alice``); any other
    gets its slug and a short hash of the exact name, so that ``"a b"``, ``"a-b"`` and ``"A B"``
    never share an anchor.
    """
    slug = slugify(name)
    if slug == name:
        return f"forecaster-{slug}"
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"forecaster-{slug}-{digest}" if slug else f"forecaster-{digest}"


def github_anchor(text: str) -> str:
    """The anchor GitHub gives a Markdown heading with this text."""
    return "".join(c for c in text.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def forecaster_figures(summary: ForecasterSummary, scale: Scale) -> ForecasterFigures:
    """Every figure of one forecaster, Brier figures on the report's scale."""
    multi = summary.multi_category
    common: dict[str, Any] = {
        "name": summary.name,
        "anchor": forecaster_anchor(summary.name),
        "n": summary.n,
        "few_note": few_note(summary.n),
        "multi_category": (multi.n, scale.brier(multi.brier)) if multi else None,
    }
    if summary.brier is None:
        return ForecasterFigures(**common)
    corp = summary.corp
    test = summary.spiegelhalter
    table = summary.calibration
    yes = (summary.base_rate or 0.0) * summary.n
    ta = summary.time_averaged
    crowd = summary.crowd
    group = summary.group_mean
    return ForecasterFigures(
        **common,
        crowd_n=crowd.n if crowd else 0,
        relative_brier=scale.maybe(crowd.relative_brier) if crowd else None,
        peer=crowd.peer if crowd else None,
        baseline=crowd.baseline if crowd else None,
        baseline_n=crowd.baseline_n if crowd else 0,
        group_mean=scale.maybe(group.brier) if group else None,
        group_tags=group.tags if group else (),
        brier=scale.brier(summary.brier.estimate),
        brier_low=scale.brier(summary.brier.low),
        brier_high=scale.brier(summary.brier.high),
        log_score=summary.log_score,
        skill_vs_half=summary.skill_vs_half,
        skill_vs_half_why=(
            None
            if summary.skill_vs_half is not None
            else "undefined: every outcome was exactly 0.5, so always saying 50% scores 0"
        ),
        base_rate=summary.base_rate,
        base_rate_yes=round(yes) if abs(yes - round(yes)) < 1e-9 else None,
        skill_vs_base_rate=summary.skill_vs_base_rate,
        skill_vs_base_rate_why=(
            None
            if summary.skill_vs_base_rate is not None
            else "undefined: every question resolved the same way, so the base rate scores 0"
        ),
        miscalibration=scale.brier(corp.miscalibration) if corp else None,
        discrimination=scale.brier(corp.discrimination) if corp else None,
        uncertainty=scale.brier(corp.uncertainty) if corp else None,
        spiegelhalter_z=_finite(test.z) if test else None,
        spiegelhalter_p=_finite(test.p_value) if test else None,
        calibration=tuple(
            CalibrationRow(
                lower=r.lower,
                upper=r.upper,
                n=r.n,
                mean_probability=r.mean_probability,
                observed_frequency=r.observed_frequency,
                ci_low=r.ci_low,
                ci_high=r.ci_high,
            )
            for r in (table.rows if table else ())
        ),
        corp_curve=summary.corp_curve,
        by_tag=tuple((t.tag, t.n, scale.brier(t.brier)) for t in summary.by_tag),
        time_averaged=((ta.n, scale.brier(ta.brier), scale.brier(ta.final_brier)) if ta else None),
    )


def few_note(n: int) -> str | None:
    """A plain-words warning when there are too few resolved questions for calibration."""
    if n >= FEW:
        return None
    if n == 0:
        return "No yes/no question this forecaster predicted has resolved yet: nothing to score."
    questions = "question has" if n == 1 else "questions have"
    return (
        f"Only {n} {questions} resolved: too few for calibration figures to mean much "
        f"(look again at {FEW} or more). Read the Brier score with its wide interval, and the "
        "calibration table and diagram as anecdotes."
    )


def comparison_figures(comparison: ForecasterComparison, scale: Scale) -> ComparisonFigures:
    """Two forecasters on their common yes/no questions, Brier figures on the report's scale."""
    r = comparison.result
    return ComparisonFigures(
        a=comparison.a,
        b=comparison.b,
        n=r.n,
        brier_a=scale.brier(r.brier_a),
        brier_b=scale.brier(r.brier_b),
        mean_difference=scale.brier(r.mean_difference),
        statistic=_finite(r.statistic),
        p_value=_finite(r.p_value),
        better={"a": comparison.a, "b": comparison.b}.get(r.better or ""),
    )


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
