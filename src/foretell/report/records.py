"""The records a scoring report is made of: its options, each forecaster's summary, each claim.

Frozen attrs classes, filled by :func:`foretell.report.build.build_report` and read by
:mod:`foretell.report.document`. Every Brier figure held here is on the 0–1 scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import attrs
import numpy as np
import pendulum

from foretell import scoring
from foretell.audit.run import AuditResult
from foretell.model import Evidence, Prediction, Resolution
from foretell.problems import Location, Problem
from foretell.report.policies import CrowdScores, GroupMean, ScorePolicy

__all__ = [
    "Attention",
    "BrierScale",
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
        forecasts: every forecast (or every one the chosen forecaster predicted), in book order:
            a read-only sequence whose rows :func:`~foretell.report.build.build_report` makes
            as they are read (:class:`~foretell.report.lazy.LazyRows`), so that a book of
            100,000 forecasts never holds them all. Rows read twice are equal, not identical;
            their claims are the objects of ``forecasters``' summaries.
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
    forecasts: Sequence[ForecastRow]
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
