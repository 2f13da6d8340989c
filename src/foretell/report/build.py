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

from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

import attrs
import numpy as np

from foretell import scoring
from foretell.audit.run import AuditResult
from foretell.dates import calendar_date
from foretell.model import Book, Evidence, Prediction, Resolution, outcome_value
from foretell.problems import Location, Problem
from foretell.report.lazy import LazyRows
from foretell.report.policies import (
    CrowdScores,
    add_aggregate,
    crowd_scores,
    group_mean,
    predictions_scored,
)
from foretell.report.records import (
    BOOTSTRAP_LIMIT,
    COMPARED_FORECASTERS,
    DUE_SOON_DAYS,
    Attention,
    CategoryScore,
    Claim,
    ForecasterComparison,
    ForecasterSummary,
    ForecastRow,
    PredictionRow,
    Report,
    ReportOptions,
    TagScore,
    TimeAveraged,
)
from foretell.resolution import book_as_of, late_predictions, resolve
from foretell.sharedtext import share_number, shared_texts
from foretell.status import BookStatus, parse_window

__all__ = ["brier_interval", "build_report"]


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
    # Before any claim is made, so that the crowd's columns and arrays come and go below the
    # peak of the build (the resolutions and every claim).
    crowd = crowd_scores(_crowd_claims(resolutions, real), real)
    chosen = (
        None
        if options.forecaster is None
        else frozenset(n for n in (options.forecaster, options.aggregate) if n is not None)
    )

    def wanted(name: str) -> bool:
        return chosen is None or name in chosen

    claims: dict[str, list[Claim]] = defaultdict(list)
    in_order: list[Claim] = []
    ends: array[int] = array("q")
    late: list[tuple[Resolution, Prediction]] = []
    with shared_texts():  # equal scores are one float each (share_number in _claim)
        for resolution in resolutions:
            for prediction in predictions_scored(resolution, options.score):
                if wanted(prediction.by):
                    claim = _claim(resolution, prediction)
                    claims[prediction.by].append(claim)
                    in_order.append(claim)
            ends.append(len(in_order))
            late.extend((resolution, p) for p in late_predictions(resolution) if wanted(p.by))
    rows = _Rows(
        resolutions=resolutions,
        evidence={e.id: e for e in book.evidence},
        chosen=chosen,
        claims=tuple(in_order),
        ends=ends,
    )
    del in_order

    names = sorted(
        {p.by for r in resolutions for p in r.forecast.predictions}
        if options.forecaster is None
        else {options.forecaster} | ({options.aggregate} if options.aggregate else set())
    )
    summaries = _with_crowd(
        tuple(_summarise(name, claims.pop(name, []), options) for name in names),
        crowd,
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
        forecasts=LazyRows(range(len(resolutions)), rows.row),
        attention=attention,
        comparisons=_comparisons(summaries),
        problems=problems,
        left_out=left_out,
        audit=audit,
        sealed=tuple(s.id for s in book.sealed),
    )


@attrs.frozen
class _Rows:
    """What a report's row of each forecast is made from, when it is read (:class:`LazyRows`).

    Attributes:
        resolutions: every forecast of the report, in book order.
        evidence: every piece of evidence of the book, by id.
        chosen: the forecasters shown (``--forecaster`` and the aggregate forecaster); every
            one when ``None``.
        claims: every scored claim of a shown forecaster, in the order of ``resolutions`` and,
            on one forecast, of its predictions: the objects the forecasters' summaries hold.
        ends: for each resolution, where its claims end in ``claims`` (they start where the
            previous resolution's end).
    """

    resolutions: Sequence[Resolution]
    evidence: Mapping[str, Evidence]
    chosen: frozenset[str] | None
    claims: tuple[Claim, ...]
    ends: Sequence[int]

    def row(self, index: int) -> ForecastRow:
        """The row of the ``index``-th forecast, its predictions as :func:`build_report` scored
        them (the same :class:`Claim` objects) and its late ones marked."""
        resolution = self.resolutions[index]
        start = self.ends[index - 1] if index else 0
        end = self.ends[index]
        scored = {id(c.prediction): c for c in self.claims[start:end]} if end > start else {}
        late = set(map(id, late_predictions(resolution)))
        return ForecastRow(
            resolution=resolution,
            predictions=tuple(
                PredictionRow(p, scored.get(id(p)), id(p) in late)
                for p in resolution.forecast.predictions
                if self.chosen is None or p.by in self.chosen
            ),
            evidence=tuple(self.evidence[i] for i in resolution.evidence),
        )


def _claim(resolution: Resolution, prediction: Prediction) -> Claim:
    """Score one prediction on a resolved question through :mod:`foretell.scoring`.

    Inside :func:`~foretell.sharedtext.shared_texts`, equal scores are one object: a book of
    whole-percent forecasts has a few hundred distinct scores among its claims.
    """
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
            brier=share_number(float(scoring.brier_scores_per_case([y], p, scale="0-1")[0])),
            log_score=share_number(float(scoring.log_scores_per_case([y], p)[0])),
        )
    row = np.array([[prediction.probability_of(c) for c in forecast.outcomes]], dtype=np.float64)
    index = [forecast.outcomes.index(str(outcome))]
    return Claim(
        resolution=resolution,
        prediction=prediction,
        outcome=None,
        brier=share_number(float(scoring.brier_scores_per_case(index, row, scale="0-1")[0])),
        log_score=share_number(float(scoring.log_scores_per_case(index, row)[0])),
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
) -> Iterator[tuple[str, str, float, float]]:
    """Each real forecaster's latest claim on every resolved yes/no question, one at a time.

    (forecaster, question id, outcome, probability), in book order, as :func:`crowd_scores`
    reads them.
    """
    for resolution in resolutions:
        if not resolution.forecast.is_binary:
            continue
        for prediction in predictions_scored(resolution, "latest"):
            if prediction.by in real:
                assert resolution.outcome is not None
                assert isinstance(prediction.probability, float)
                yield (
                    prediction.by,
                    resolution.forecast.id,
                    outcome_value(resolution.outcome),
                    prediction.probability,
                )


def _with_crowd(
    summaries: tuple[ForecasterSummary, ...],
    crowd: Mapping[str, CrowdScores],
    options: ReportOptions,
) -> tuple[ForecasterSummary, ...]:
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
