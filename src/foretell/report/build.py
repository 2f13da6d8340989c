"""Building a scoring report: a book and a day in, every figure a forecaster needs out.

:func:`build_report` is pure: it resolves the book as of a day, picks each forecaster's scored
predictions, and computes the scores with :mod:`foretell.scoring`, keeping the result records
that module returns (:class:`~foretell.scoring.BootstrapInterval`,
:class:`~foretell.scoring.CorpDecomposition`, ...). :mod:`foretell.report.document` turns the
report into the sections every renderer formats.

Conventions (stated in every report):

* A forecaster's scored prediction on a question is their latest one made before the question
  resolved (``score="latest"``); ``"first"`` scores their first one and ``"all"`` every one
  (:mod:`foretell.report.policies`); only resolved questions are scored.
* Every Brier figure held here is on the **0–1 scale**, as :mod:`foretell.scoring` computes it:
  (p − o)² for a yes/no question, half the sum over categories for a multi-category one. The
  report's scale (``ReportOptions.brier_scale``) is applied once, when the document is built.
* Yes/no questions (including fractional outcomes) give the headline figures; multi-category
  questions are scored separately, since their Brier scores are not comparable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Literal

import attrs
import numpy as np
import pendulum

from foretell import scoring
from foretell.audit.run import AuditResult
from foretell.dates import calendar_date
from foretell.model import Book, Evidence, Prediction, Resolution, outcome_value
from foretell.problems import Location, Problem
from foretell.report.policies import (
    CrowdScores,
    GroupMean,
    ScorePolicy,
    add_aggregate,
    crowd_scores,
    group_mean,
    predictions_scored,
)
from foretell.resolution import book_as_of, late_predictions, resolve
from foretell.status import BookStatus, parse_window

__all__ = [
    "Attention",
    "CategoryScore",
    "Claim",
    "ForecastRow",
    "ForecasterComparison",
    "ForecasterSummary",
    "PredictionRow",
    "Report",
    "ReportOptions",
    "TagScore",
    "TimeAveraged",
    "brier_interval",
    "build_report",
]

BrierScale = Literal["0-1", "0-2"]

#: Below this many scored questions, calibration figures mean little and the report says so.
FEW = 20
#: Open forecasts due within this many days are listed under "needs attention".
DUE_SOON_DAYS = 30
#: Above this many scored yes/no questions, a forecaster's Brier interval is the normal
#: interval of the mean instead of the bootstrap (which costs resamples x questions; at this
#: size the two agree to within the bootstrap's own noise).
BOOTSTRAP_LIMIT = 1000
#: Pairwise comparisons are listed for at most this many forecasters (435 pairs); a benchmark
#: of hundreds of models ranks them by score instead of a table of every pair.
COMPARED_FORECASTERS = 30


@attrs.frozen
class ReportOptions:
    """How to build a report.

    Attributes:
        as_of: the day the book is resolved on.
        brier_scale: ``"0-1"`` (default) or ``"0-2"``: the scale Brier figures are shown on.
        bins: number of equal-width bins of the calibration table, or its edges (from 0 to 1).
        bin_closed: ``"right"`` (bins (a, b], the default) or ``"left"`` (bins [a, b)).
        score: which predictions are scored: ``"latest"``, ``"first"`` or ``"all"``.
        aggregate: add a virtual forecaster, named after this method (``"median"``,
            ``"mean"``, ``"geometric-mean-of-odds"``), predicting the crowd's aggregate.
        group_mean: tags whose Brier scores are averaged with equal weight per tag.
        forecaster: report on this forecaster only (all forecasters when ``None``).
        level: confidence level of intervals (bootstrap, Wilson).
        seed: seed of the bootstrap, so that reports are reproducible.
    """

    as_of: pendulum.Date
    brier_scale: BrierScale = "0-1"
    bins: int | tuple[float, ...] = 10
    forecaster: str | None = None
    bin_closed: Literal["left", "right"] = "right"
    score: ScorePolicy = "latest"
    aggregate: str | None = None
    group_mean: tuple[str, ...] = ()
    level: float = 0.95
    seed: int = 0

    @property
    def scale_factor(self) -> float:
        """1 for the 0–1 scale, 2 for the 0–2 scale: what a 0–1 Brier figure is multiplied by."""
        return 2.0 if self.brier_scale == "0-2" else 1.0


@attrs.frozen
class Claim:
    """One scored prediction: a forecaster's claim on a resolved question, and its scores.

    Attributes:
        resolution: the question and how it resolved.
        prediction: the scored prediction.
        outcome: for a yes/no question, the value scored against (1 yes, 0 no, or a fraction);
            ``None`` for a multi-category question.
        brier: the prediction's Brier score, 0–1 scale
            (:func:`foretell.scoring.brier_scores_per_case`).
        log_score: −ln p(what happened), in nats (:func:`foretell.scoring.log_scores_per_case`).
    """

    resolution: Resolution
    prediction: Prediction
    outcome: float | None
    brier: float
    log_score: float

    @property
    def is_binary(self) -> bool:
        """True for a yes/no question (fractional outcomes included)."""
        return self.outcome is not None


@attrs.frozen
class TagScore:
    """A forecaster's mean Brier score (0–1 scale) on the yes/no questions with one tag."""

    tag: str
    n: int
    brier: float


@attrs.frozen
class CategoryScore:
    """A forecaster's mean Brier score (0–1 scale) on multi-category questions.

    Never mixed with yes/no ones.
    """

    n: int
    brier: float


@attrs.frozen
class TimeAveraged:
    """Daily Brier with the latest prediction carried forward, on questions with updates.

    Attributes:
        n: number of questions on which the forecaster made two or more predictions before the
            question resolved.
        brier: mean over those questions of the time-averaged Brier score (0–1 scale).
        final_brier: mean Brier of the scored (last) predictions on the same questions.
    """

    n: int
    brier: float
    final_brier: float


@attrs.frozen
class ForecasterSummary:
    """Every figure about one forecaster, as :mod:`foretell.scoring` returned it.

    ``None`` marks a figure that is undefined (no scored yes/no question, or a reference forecast
    that scores 0). Brier figures are on the 0–1 scale.

    Attributes:
        name: the forecaster.
        claims: every scored prediction, yes/no and multi-category, in book order.
        n: number of scored yes/no questions (fractional outcomes included).
        brier: mean Brier score on those questions with its percentile bootstrap interval
            (resampling questions).
        log_score: mean −ln p(outcome) in nats; ``inf`` when a 0 or 1 forecast went wrong.
        skill_vs_half: 1 − Brier / Brier of always saying 50%; ``None`` when that reference
            scores 0 (every outcome exactly 0.5).
        base_rate: mean outcome of the scored questions.
        skill_vs_base_rate: 1 − Brier / Brier of always forecasting the base rate (in-sample);
            ``None`` when every outcome is the same.
        corp: the CORP decomposition (Brier = MCB − DSC + UNC) and the recalibrated
            probabilities.
        spiegelhalter: Spiegelhalter's calibration test on the questions with a 0/1 outcome.
        calibration: the binned calibration table (occupied bins only).
        by_tag: Brier score per tag.
        time_averaged: time-averaged Brier on questions the forecaster updated, if any.
        multi_category: Brier score on multi-category questions, if any.
        crowd: scores against the other forecasters (relative Brier, Peer, Baseline); ``None``
            for the aggregate forecaster and forecasters without scored yes/no questions.
        group_mean: the mean of the Brier scores of ``ReportOptions.group_mean``'s tags.
        curve: the CORP curve when it is not derived from ``claims`` (a summary computed
            from table columns without a Python object per claim).
    """

    name: str
    claims: tuple[Claim, ...] = ()
    n: int = 0
    brier: scoring.BootstrapInterval | None = None
    log_score: float | None = None
    skill_vs_half: float | None = None
    base_rate: float | None = None
    skill_vs_base_rate: float | None = None
    corp: scoring.CorpDecomposition | None = None
    spiegelhalter: scoring.SpiegelhalterTest | None = None
    calibration: scoring.CalibrationTable | None = None
    by_tag: tuple[TagScore, ...] = ()
    time_averaged: TimeAveraged | None = None
    multi_category: CategoryScore | None = None
    crowd: CrowdScores | None = None
    group_mean: GroupMean | None = None
    curve: tuple[tuple[float, float], ...] | None = None

    @property
    def binary_claims(self) -> tuple[Claim, ...]:
        """The scored yes/no claims, in book order."""
        return tuple(c for c in self.claims if c.is_binary)

    @property
    def corp_curve(self) -> tuple[tuple[float, float], ...]:
        """(forecast, recalibrated) pairs, one per distinct forecast value, in increasing order.

        The CORP reliability curve, a step function.
        """
        if self.curve is not None:
            return self.curve
        if self.corp is None:
            return ()
        p = np.array([c.prediction.probability for c in self.binary_claims], dtype=np.float64)
        order = np.argsort(p, kind="stable")
        curve = dict(zip(p[order].tolist(), self.corp.recalibrated[order].tolist(), strict=True))
        return tuple(curve.items())


@attrs.frozen
class PredictionRow:
    """One prediction on one forecast, and whether and how it was scored.

    Attributes:
        prediction: the prediction.
        claim: the scored claim when this prediction was scored, else ``None``.
        late: made on or after the day the question resolved (never scored).
    """

    prediction: Prediction
    claim: Claim | None
    late: bool

    @property
    def scored(self) -> bool:
        """Whether this prediction was scored."""
        return self.claim is not None


@attrs.frozen
class ForecastRow:
    """One forecast: its resolution, predictions and the evidence behind it."""

    resolution: Resolution
    predictions: tuple[PredictionRow, ...]
    evidence: tuple[Evidence, ...]


@attrs.frozen
class ForecasterComparison:
    """Two forecasters on the yes/no questions both were scored on (Brier on the 0–1 scale)."""

    a: str
    b: str
    result: scoring.Comparison


@attrs.frozen
class Attention:
    """What needs a person: due soon, overdue, in conflict, provisional, predictions too late."""

    due: tuple[Resolution, ...]
    overdue: tuple[Resolution, ...]
    conflicts: tuple[Resolution, ...]
    provisional: tuple[Resolution, ...]
    late: tuple[tuple[Resolution, Prediction], ...]


@attrs.frozen
class Report:
    """A scoring report: the data every section is built from.

    Attributes:
        title: the book's title.
        options: how the report was built (as-of day, scale, bins, ...).
        counts: number of forecasts in total and per state.
        forecasters: one summary per forecaster, sorted by name.
        forecasts: every forecast (or every one the chosen forecaster predicted), in book order.
        attention: what needs a person.
        comparisons: every pair of forecasters scored on at least two common questions.
        problems: the errors found in the book: the report covers everything that loaded and
            shows these first.
        left_out: ``(kind, id, location)`` of each entry left out for its errors.
        audit: what the book's git history says about when each prediction was recorded
            (``foretell audit``); ``None`` when the report was built without it.
        sealed: ids of the sealed forecasts (``foretell seal``): not scored until revealed.
    """

    title: str
    options: ReportOptions
    counts: Mapping[str, int]
    forecasters: tuple[ForecasterSummary, ...]
    forecasts: tuple[ForecastRow, ...]
    attention: Attention
    comparisons: tuple[ForecasterComparison, ...]
    problems: tuple[Problem, ...] = ()
    left_out: tuple[tuple[str, str, Location], ...] = ()
    audit: AuditResult | None = None
    sealed: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """1 when the book has errors (the report is still complete for what loaded), else 0."""
        return 1 if self.problems else 0


def build_report(
    book: Book,
    options: ReportOptions,
    *,
    title: str = "Forecasts",
    problems: tuple[Problem, ...] = (),
    left_out: tuple[tuple[str, str, Location], ...] = (),
    audit: AuditResult | None = None,
) -> Report:
    """Score every forecaster on the book as it stood on ``options.as_of``.

    Predictions made after that day and evidence observed after it play no part
    (:func:`foretell.resolution.book_as_of`). ``problems`` and ``left_out`` (from reading the
    book) are carried into the report, which shows them first. ``audit`` is the audit of the
    book's history up to the same day (:func:`foretell.audit.audit_book`), shown beside the
    scores when given.
    """
    book = book_as_of(book, options.as_of)
    resolutions = resolve(book, options.as_of)
    real = frozenset(p.by for r in resolutions for p in r.forecast.predictions)
    if options.aggregate is not None:
        resolutions = add_aggregate(resolutions, options.aggregate)
    if options.forecaster is not None:
        resolutions = tuple(
            r
            for r in resolutions
            if any(p.by == options.forecaster for p in r.forecast.predictions)
        )
    evidence_by_id = {e.id: e for e in book.evidence}
    chosen = {options.forecaster, options.aggregate}

    def wanted(name: str) -> bool:
        return options.forecaster is None or name in chosen

    rows: list[ForecastRow] = []
    claims: dict[str, list[Claim]] = defaultdict(list)
    late: list[tuple[Resolution, Prediction]] = []
    for resolution in resolutions:
        scored = {
            id(p): _claim(resolution, p)
            for p in predictions_scored(resolution, options.score)
            if wanted(p.by)
        }
        late_ones = set(map(id, late_predictions(resolution)))
        prediction_rows = []
        for prediction in resolution.forecast.predictions:
            if not wanted(prediction.by):
                continue
            claim = scored.get(id(prediction))
            prediction_rows.append(PredictionRow(prediction, claim, id(prediction) in late_ones))
            if claim is not None:
                claims[prediction.by].append(claim)
            if id(prediction) in late_ones:
                late.append((resolution, prediction))
        rows.append(
            ForecastRow(
                resolution=resolution,
                predictions=tuple(prediction_rows),
                evidence=tuple(evidence_by_id[i] for i in resolution.evidence),
            )
        )

    names = sorted(
        {p.by for r in resolutions for p in r.forecast.predictions}
        if options.forecaster is None
        else {options.forecaster} | ({options.aggregate} if options.aggregate else set())
    )
    summaries = _with_crowd(
        tuple(_summarise(name, claims.get(name, []), options) for name in names),
        _crowd_claims(resolutions, real),
        real,
        options,
    )
    status = BookStatus(
        as_of=options.as_of,
        due_by=parse_window(  # clamped at 9999-12-31
            f"{DUE_SOON_DAYS}d", calendar_date(options.as_of)
        ),
        resolutions=resolutions,
    )
    attention = Attention(
        due=status.due,
        overdue=status.overdue,
        conflicts=status.conflicts,
        provisional=status.provisional,
        late=tuple(late),
    )
    return Report(
        title=title,
        options=options,
        counts={"forecasts": len(resolutions), **status.counts},
        forecasters=summaries,
        forecasts=tuple(rows),
        attention=attention,
        comparisons=_comparisons(summaries),
        problems=problems,
        left_out=left_out,
        audit=audit,
        sealed=tuple(s.id for s in book.sealed),
    )


def _claim(resolution: Resolution, prediction: Prediction) -> Claim:
    """Score one prediction on a resolved question through :mod:`foretell.scoring`."""
    outcome = resolution.outcome
    assert outcome is not None
    forecast = resolution.forecast
    if forecast.is_binary:
        y = outcome_value(outcome)
        p = np.array([prediction.probability], dtype=np.float64)
        return Claim(
            resolution=resolution,
            prediction=prediction,
            outcome=y,
            brier=float(scoring.brier_scores_per_case([y], p, scale="0-1")[0]),
            log_score=float(scoring.log_scores_per_case([y], p)[0]),
        )
    row = np.array([[prediction.probability_of(c) for c in forecast.outcomes]], dtype=np.float64)
    index = [forecast.outcomes.index(str(outcome))]
    return Claim(
        resolution=resolution,
        prediction=prediction,
        outcome=None,
        brier=float(scoring.brier_scores_per_case(index, row, scale="0-1")[0]),
        log_score=float(scoring.log_scores_per_case(index, row)[0]),
    )


def _summarise(name: str, claims: list[Claim], options: ReportOptions) -> ForecasterSummary:
    binary = [c for c in claims if c.is_binary]
    categorical = [c for c in claims if not c.is_binary]
    multi = (
        CategoryScore(n=len(categorical), brier=float(np.mean([c.brier for c in categorical])))
        if categorical
        else None
    )
    if not binary:
        return ForecasterSummary(name=name, claims=tuple(claims), multi_category=multi)
    y = np.array([c.outcome for c in binary], dtype=np.float64)
    p = np.array([c.prediction.probability for c in binary], dtype=np.float64)
    zero_one = (y == 0.0) | (y == 1.0)
    return ForecasterSummary(
        name=name,
        claims=tuple(claims),
        n=len(binary),
        brier=brier_interval(y, p, options),
        log_score=scoring.log_score(y, p),
        skill_vs_half=_skill(y, p, 0.5),
        base_rate=float(y.mean()),
        skill_vs_base_rate=_skill(y, p, "base_rate"),
        corp=scoring.corp_decomposition(y, p),
        spiegelhalter=(
            scoring.spiegelhalter_test(y[zero_one], p[zero_one]) if zero_one.any() else None
        ),
        calibration=scoring.calibration_table(
            y, p, bins=options.bins, level=options.level, closed=options.bin_closed
        ),
        by_tag=_by_tag(binary),
        time_averaged=_time_averaged(name, binary),
        multi_category=multi,
    )


def _crowd_claims(
    resolutions: Sequence[Resolution], real: frozenset[str]
) -> dict[str, list[tuple[str, float, float]]]:
    """Each real forecaster's latest claim on every resolved yes/no question."""
    claims: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for resolution in resolutions:
        if not resolution.forecast.is_binary:
            continue
        for prediction in predictions_scored(resolution, "latest"):
            if prediction.by in real:
                assert resolution.outcome is not None
                assert isinstance(prediction.probability, float)
                claims[prediction.by].append(
                    (
                        resolution.forecast.id,
                        outcome_value(resolution.outcome),
                        prediction.probability,
                    )
                )
    return claims


def _with_crowd(
    summaries: tuple[ForecasterSummary, ...],
    claims: Mapping[str, list[tuple[str, float, float]]],
    real: frozenset[str],
    options: ReportOptions,
) -> tuple[ForecasterSummary, ...]:
    crowd = crowd_scores(claims, real)
    result = []
    for summary in summaries:
        by_tag = {t.tag: (t.n, t.brier) for t in summary.by_tag}
        result.append(
            attrs.evolve(
                summary,
                crowd=crowd.get(summary.name),
                group_mean=group_mean(by_tag, options.group_mean) if options.group_mean else None,
            )
        )
    return tuple(result)


def brier_interval(
    y: np.ndarray, p: np.ndarray, options: ReportOptions
) -> scoring.BootstrapInterval:
    """The mean Brier score (0–1 scale) with its interval at ``options.level``.

    The percentile bootstrap over questions (2,000 resamples, seeded) up to
    :data:`BOOTSTRAP_LIMIT` questions; above, the normal interval of the mean
    (:meth:`foretell.scoring.SummaryFigures.brier_interval`: mean ± z·s/√n), reported with
    ``n_resamples`` 0.
    """
    if y.shape[0] <= BOOTSTRAP_LIMIT:
        return scoring.bootstrap_interval(y, p, level=options.level, seed=options.seed)
    from scipy.special import ndtri  # noqa: PLC0415 - keep import of foretell light

    scores = scoring.brier_scores_per_case(y, p, scale="0-1")
    estimate = scoring.brier_score(y, p)
    half = float(ndtri((1.0 + options.level) / 2.0)) * float(
        np.std(scores, ddof=1) / np.sqrt(scores.shape[0])
    )
    return scoring.BootstrapInterval(
        estimate=estimate,
        low=estimate - half,
        high=estimate + half,
        level=options.level,
        n_resamples=0,
    )


def _skill(y: np.ndarray, p: np.ndarray, reference: float | str) -> float | None:
    """Brier skill score, or ``None`` when the reference forecast scores 0 (undefined)."""
    if reference == "base_rate":
        reference_score = float(np.mean((y - y.mean()) ** 2))
    else:
        reference_score = float(np.mean((y - float(reference)) ** 2))
    if reference_score == 0.0:
        return None
    return scoring.brier_skill_score(y, p, reference)


def _by_tag(binary: list[Claim]) -> tuple[TagScore, ...]:
    groups: dict[str, list[float]] = defaultdict(list)
    for claim in binary:
        for tag in claim.resolution.forecast.tags:
            groups[tag].append(claim.brier)
    return tuple(
        TagScore(tag=tag, n=len(scores), brier=float(np.mean(scores)))
        for tag, scores in sorted(groups.items())
    )


def _time_averaged(name: str, binary: list[Claim]) -> TimeAveraged | None:
    averaged: list[float] = []
    final: list[float] = []
    for claim in binary:
        resolution = claim.resolution
        assert resolution.resolved_on is not None
        assert claim.outcome is not None
        mine = [
            p
            for p in resolution.forecast.predictions
            if p.by == name and p.made < resolution.resolved_on
        ]
        if len(mine) < 2:
            continue
        averaged.append(
            scoring.time_averaged_brier(
                claim.outcome,
                [float(p.probability) for p in mine],  # type: ignore[arg-type]
                made=[p.made for p in mine],
                resolved=resolution.resolved_on,
                scale="0-1",
            )
        )
        final.append(claim.brier)
    if not averaged:
        return None
    return TimeAveraged(
        n=len(averaged),
        brier=float(np.mean(averaged)),
        final_brier=float(np.mean(final)),
    )


def _comparisons(summaries: Sequence[ForecasterSummary]) -> tuple[ForecasterComparison, ...]:
    by_question = {
        s.name: {c.resolution.forecast.id: c for c in s.binary_claims} for s in summaries
    }
    names = [s.name for s in summaries]
    if len(names) > COMPARED_FORECASTERS:
        return ()
    results = []
    for index, a in enumerate(names):
        for b in names[index + 1 :]:
            common = sorted(set(by_question[a]) & set(by_question[b]))
            if len(common) < 2:
                continue
            outcomes = np.array([by_question[a][q].outcome for q in common], dtype=np.float64)
            pa = np.array([by_question[a][q].prediction.probability for q in common], dtype=float)
            pb = np.array([by_question[b][q].prediction.probability for q in common], dtype=float)
            results.append(
                ForecasterComparison(a, b, scoring.compare(outcomes, pa, pb, scale="0-1"))
            )
    return tuple(results)
