"""Building a scoring report: a book and a day in, every figure a forecaster needs out.

:func:`build_report` is pure: it resolves the book as of a day, picks each forecaster's scored
predictions, and computes the scores with :mod:`foretell.scoring`. The renderers
(:mod:`~foretell.report.markdown`, :mod:`~foretell.report.html`, :mod:`~foretell.report.jsondata`)
only format what it returns.

Conventions (stated in every report):

* A forecaster's scored prediction on a question is their latest one made before the question
  resolved (:func:`foretell.resolution.scored_predictions`); only resolved questions are scored.
* Brier scores are on the 0–1 scale by default: (p − o)² for a yes/no question, half the sum over
  categories for a multi-category one. With ``brier_scale="0-2"`` both are doubled (the sum over
  categories, as Good Judgment Open and Fatebook report it).
* Yes/no questions (including fractional outcomes) give the headline figures; multi-category
  questions are scored separately, since their Brier scores are not comparable.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Literal

import attrs
import numpy as np
import pendulum

from foretell import scoring
from foretell.model import Book, Evidence, Prediction, Resolution, outcome_value
from foretell.resolution import late_predictions, resolve, scored_predictions
from foretell.scoring import CalibrationBin
from foretell.status import BookStatus

__all__ = [
    "Attention",
    "ForecastRow",
    "ForecasterComparison",
    "ForecasterSummary",
    "PredictionRow",
    "Report",
    "ReportOptions",
    "TagScore",
    "build_report",
]

BrierScale = Literal["0-1", "0-2"]

#: Below this many scored questions, calibration figures mean little and the report says so.
FEW = 20
#: Open forecasts due within this many days are listed under "needs attention".
DUE_SOON_DAYS = 30


@attrs.frozen
class ReportOptions:
    """How to build a report.

    Attributes:
        as_of: the day the book is resolved on.
        brier_scale: ``"0-1"`` (default) or ``"0-2"``.
        bins: number of equal-width bins of the calibration table.
        forecaster: report on this forecaster only (all forecasters when ``None``).
        level: confidence level of intervals (bootstrap, Wilson).
        seed: seed of the bootstrap, so that reports are reproducible.
    """

    as_of: pendulum.Date
    brier_scale: BrierScale = "0-1"
    bins: int = 10
    forecaster: str | None = None
    level: float = 0.95
    seed: int = 0

    @property
    def scale_factor(self) -> float:
        """1 for the 0–1 scale, 2 for the 0–2 scale."""
        return 2.0 if self.brier_scale == "0-2" else 1.0


@attrs.frozen
class TagScore:
    """A forecaster's Brier score on the questions with one tag."""

    tag: str
    n: int
    brier: float


@attrs.frozen
class CategoryScore:
    """A forecaster's Brier score on multi-category questions (never mixed with yes/no ones)."""

    n: int
    brier: float


@attrs.frozen
class TimeAveraged:
    """Daily Brier with the latest prediction carried forward, on questions with updates.

    Attributes:
        n: number of questions on which the forecaster made two or more scored-period
            predictions.
        brier: mean over those questions of the time-averaged Brier score.
        final_brier: mean Brier of the scored (last) predictions on the same questions, for
            comparison.
    """

    n: int
    brier: float
    final_brier: float


@attrs.frozen
class ForecasterSummary:
    """Every figure about one forecaster. ``None`` marks a figure that is undefined.

    Attributes:
        name: the forecaster.
        n: number of scored yes/no questions (fractional outcomes included).
        brier: mean Brier score on those questions, on the report's scale.
        brier_ci: percentile bootstrap interval of ``brier`` (resampling questions).
        log_score: mean −ln p(outcome) in nats; ``inf`` when a 0 or 1 forecast went wrong.
        brier_skill_vs_half: 1 − Brier / Brier of always saying 50%.
        base_rate: mean outcome of the scored questions.
        brier_skill_vs_base_rate: 1 − Brier / Brier of always forecasting the base rate
            (in-sample); undefined when every outcome is the same.
        miscalibration, discrimination, uncertainty: the CORP decomposition, on the report's
            scale: brier = miscalibration − discrimination + uncertainty.
        spiegelhalter_z, spiegelhalter_p: Spiegelhalter's calibration test on the questions
            with a 0/1 outcome.
        calibration: the binned calibration table (occupied bins only).
        corp_curve: (forecast, recalibrated) pairs, one per distinct forecast value: the CORP
            reliability curve.
        by_tag: Brier score per tag.
        time_averaged: time-averaged Brier on questions the forecaster updated, if any.
        multi_category: Brier score on multi-category questions, if any.
    """

    name: str
    n: int
    brier: float | None = None
    brier_ci: tuple[float, float] | None = None
    log_score: float | None = None
    brier_skill_vs_half: float | None = None
    base_rate: float | None = None
    brier_skill_vs_base_rate: float | None = None
    miscalibration: float | None = None
    discrimination: float | None = None
    uncertainty: float | None = None
    spiegelhalter_z: float | None = None
    spiegelhalter_p: float | None = None
    calibration: tuple[CalibrationBin, ...] = ()
    corp_curve: tuple[tuple[float, float], ...] = ()
    by_tag: tuple[TagScore, ...] = ()
    time_averaged: TimeAveraged | None = None
    multi_category: CategoryScore | None = None


@attrs.frozen
class PredictionRow:
    """One prediction on one forecast, and whether and how it was scored."""

    prediction: Prediction
    brier: float | None
    scored: bool
    late: bool


@attrs.frozen
class ForecastRow:
    """One forecast: its resolution, predictions and the evidence behind it."""

    resolution: Resolution
    predictions: tuple[PredictionRow, ...]
    evidence: tuple[Evidence, ...]


@attrs.frozen
class ForecasterComparison:
    """Two forecasters on the yes/no questions both were scored on."""

    a: str
    b: str
    result: scoring.Comparison


@attrs.frozen
class Attention:
    """What needs a person: due soon, overdue, in conflict, and predictions made too late."""

    due: tuple[Resolution, ...]
    overdue: tuple[Resolution, ...]
    conflicts: tuple[Resolution, ...]
    late: tuple[tuple[Resolution, Prediction], ...]


@attrs.frozen
class Report:
    """A scoring report: the data every renderer formats.

    Attributes:
        title: the book's title.
        options: how the report was built (as-of day, scale, bins, ...).
        counts: number of forecasts in total and per state.
        forecasters: one summary per forecaster, sorted by name.
        forecasts: every forecast (or every one the chosen forecaster predicted), in book order.
        attention: what needs a person.
        comparisons: every pair of forecasters scored on at least two common questions.
    """

    title: str
    options: ReportOptions
    counts: Mapping[str, int]
    forecasters: tuple[ForecasterSummary, ...]
    forecasts: tuple[ForecastRow, ...]
    attention: Attention
    comparisons: tuple[ForecasterComparison, ...]


def build_report(book: Book, options: ReportOptions, *, title: str = "Forecasts") -> Report:
    """Resolve ``book`` as of ``options.as_of`` and score every forecaster."""
    resolutions = resolve(book, options.as_of)
    if options.forecaster is not None:
        resolutions = tuple(
            r
            for r in resolutions
            if any(p.by == options.forecaster for p in r.forecast.predictions)
        )
    evidence_by_id = {e.id: e for e in book.evidence}
    scale = options.scale_factor

    rows: list[ForecastRow] = []
    binary: dict[str, list[tuple[Resolution, Prediction, float]]] = defaultdict(list)
    categorical: dict[str, list[tuple[Resolution, Prediction]]] = defaultdict(list)
    late: list[tuple[Resolution, Prediction]] = []
    for resolution in resolutions:
        scored = {
            by: p
            for by, p in scored_predictions(resolution).items()
            if options.forecaster is None or by == options.forecaster
        }
        late_ones = set(map(id, late_predictions(resolution)))
        prediction_rows = []
        for prediction in resolution.forecast.predictions:
            if options.forecaster is not None and prediction.by != options.forecaster:
                continue
            is_scored = scored.get(prediction.by) is prediction
            brier = (
                _prediction_brier(resolution, prediction, scale)
                if is_scored and resolution.outcome is not None
                else None
            )
            prediction_rows.append(
                PredictionRow(prediction, brier, is_scored, id(prediction) in late_ones)
            )
            if id(prediction) in late_ones:
                late.append((resolution, prediction))
        rows.append(
            ForecastRow(
                resolution=resolution,
                predictions=tuple(prediction_rows),
                evidence=tuple(evidence_by_id[i] for i in resolution.evidence),
            )
        )
        for by, prediction in scored.items():
            if resolution.forecast.is_binary:
                assert resolution.outcome is not None
                binary[by].append((resolution, prediction, outcome_value(resolution.outcome)))
            else:
                categorical[by].append((resolution, prediction))

    names = sorted(
        {p.by for r in resolutions for p in r.forecast.predictions}
        if options.forecaster is None
        else {options.forecaster}
    )
    summaries = tuple(
        _summarise(name, binary.get(name, []), categorical.get(name, []), options) for name in names
    )
    status = BookStatus(
        as_of=options.as_of,
        due_by=options.as_of.add(days=DUE_SOON_DAYS),
        resolutions=resolutions,
    )
    attention = Attention(
        due=status.due,
        overdue=status.overdue,
        conflicts=status.conflicts,
        late=tuple(late),
    )
    return Report(
        title=title,
        options=options,
        counts={"forecasts": len(resolutions), **status.counts},
        forecasters=summaries,
        forecasts=tuple(rows),
        attention=attention,
        comparisons=_comparisons(binary, names),
    )


def _prediction_brier(resolution: Resolution, prediction: Prediction, scale: float) -> float:
    """Brier score of one prediction on the report's scale."""
    outcome = resolution.outcome
    assert outcome is not None
    forecast = resolution.forecast
    if forecast.is_binary:
        probability = prediction.probability
        assert isinstance(probability, float)
        return scale * (probability - outcome_value(outcome)) ** 2
    return (
        scale
        * 0.5
        * sum(
            (prediction.probability_of(category) - (category == outcome)) ** 2
            for category in forecast.outcomes
        )
    )


def _summarise(
    name: str,
    binary: list[tuple[Resolution, Prediction, float]],
    categorical: list[tuple[Resolution, Prediction]],
    options: ReportOptions,
) -> ForecasterSummary:
    multi = _categorical_score(categorical, options) if categorical else None
    if not binary:
        return ForecasterSummary(name=name, n=0, multi_category=multi)
    scale = options.scale_factor
    y = np.array([o for _, _, o in binary], dtype=np.float64)
    p = np.array([pred.probability for _, pred, _ in binary], dtype=np.float64)
    brier = scoring.brier_score(y, p)
    interval = scoring.bootstrap_interval(y, p, level=options.level, seed=options.seed)
    corp = scoring.corp_decomposition(y, p)
    zero_one = (y == 0.0) | (y == 1.0)
    spiegelhalter = scoring.spiegelhalter_test(y[zero_one], p[zero_one]) if zero_one.any() else None
    base_rate = float(y.mean())
    table = scoring.calibration_table(y, p, bins=options.bins, level=options.level)
    order = np.argsort(p, kind="stable")
    curve = dict(zip(p[order].tolist(), corp.recalibrated[order].tolist(), strict=True))
    return ForecasterSummary(
        name=name,
        n=len(binary),
        brier=scale * brier,
        brier_ci=(scale * interval.low, scale * interval.high),
        log_score=scoring.log_score(y, p),
        brier_skill_vs_half=scoring.brier_skill_score(y, p, 0.5),
        base_rate=base_rate,
        brier_skill_vs_base_rate=(
            scoring.brier_skill_score(y, p, "base_rate") if _variance(y) > 0.0 else None
        ),
        miscalibration=scale * corp.miscalibration,
        discrimination=scale * corp.discrimination,
        uncertainty=scale * corp.uncertainty,
        spiegelhalter_z=_finite(spiegelhalter.z) if spiegelhalter else None,
        spiegelhalter_p=_finite(spiegelhalter.p_value) if spiegelhalter else None,
        calibration=table.rows,
        corp_curve=tuple(curve.items()),
        by_tag=_by_tag(binary, scale),
        time_averaged=_time_averaged(name, binary, scale),
        multi_category=multi,
    )


def _variance(y: np.ndarray) -> float:
    return float(np.mean((y - y.mean()) ** 2))


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _by_tag(
    binary: list[tuple[Resolution, Prediction, float]], scale: float
) -> tuple[TagScore, ...]:
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for resolution, prediction, outcome in binary:
        assert isinstance(prediction.probability, float)
        for tag in resolution.forecast.tags:
            groups[tag].append((outcome, prediction.probability))
    return tuple(
        TagScore(
            tag=tag,
            n=len(pairs),
            brier=scale * scoring.brier_score([o for o, _ in pairs], [q for _, q in pairs]),
        )
        for tag, pairs in sorted(groups.items())
    )


def _time_averaged(
    name: str, binary: list[tuple[Resolution, Prediction, float]], scale: float
) -> TimeAveraged | None:
    averaged: list[float] = []
    final: list[float] = []
    for resolution, scored, outcome in binary:
        assert resolution.resolved_on is not None
        mine = [
            p
            for p in resolution.forecast.predictions
            if p.by == name and p.made < resolution.resolved_on
        ]
        if len(mine) < 2:
            continue
        averaged.append(
            scoring.time_averaged_brier(
                outcome,
                [float(p.probability) for p in mine],  # type: ignore[arg-type]
                made=[p.made for p in mine],
                resolved=resolution.resolved_on,
            )
        )
        assert isinstance(scored.probability, float)
        final.append((scored.probability - outcome) ** 2)
    if not averaged:
        return None
    return TimeAveraged(
        n=len(averaged),
        brier=scale * float(np.mean(averaged)),
        final_brier=scale * float(np.mean(final)),
    )


def _categorical_score(
    categorical: list[tuple[Resolution, Prediction]], options: ReportOptions
) -> CategoryScore:
    total = sum(
        _prediction_brier(resolution, prediction, options.scale_factor)
        for resolution, prediction in categorical
    )
    return CategoryScore(n=len(categorical), brier=total / len(categorical))


def _comparisons(
    binary: Mapping[str, list[tuple[Resolution, Prediction, float]]], names: Sequence[str]
) -> tuple[ForecasterComparison, ...]:
    by_question = {
        name: {r.forecast.id: (pred, outcome) for r, pred, outcome in binary.get(name, [])}
        for name in names
    }
    results = []
    for index, a in enumerate(names):
        for b in names[index + 1 :]:
            common = sorted(set(by_question[a]) & set(by_question[b]))
            if len(common) < 2:
                continue
            outcomes = [by_question[a][q][1] for q in common]
            pa = [float(by_question[a][q][0].probability) for q in common]  # type: ignore[arg-type]
            pb = [float(by_question[b][q][0].probability) for q in common]  # type: ignore[arg-type]
            results.append(ForecasterComparison(a, b, scoring.compare(outcomes, pa, pb)))
    return tuple(results)
