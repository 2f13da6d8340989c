"""The report's sections: one model that the Markdown, HTML and JSON renderers all format.

:func:`build_document` turns a :class:`~foretell.report.build.Report` into a
:class:`ReportDocument`: a header and an ordered tuple of :class:`Section` objects. Each section
names the templates that format it (``templates/md/KEY.md.j2`` and
``templates/html/KEY.html.j2``) and carries its own content, a frozen attrs object of plain
values. Numbers stay unrounded here (templates round them for people, JSON keeps them), and
**this is where the report's Brier scale is applied**, once, by :meth:`Scale.brier`.

Adding a section (see ``docs/report.md``): write a function ``Report -> Section | None`` (or
a tuple of sections), add it to :data:`SECTION_BUILDERS` in the order it should appear, and
add the two templates. Text from the book goes into the content as plain strings: the templates
escape it by construction.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pendulum

from foretell.model import Evidence, Outcome, Prediction, Resolution, Source, Status
from foretell.report.build import DUE_SOON_DAYS, FEW, ForecasterSummary, ForecastRow, Report
from foretell.report.links import MarkdownText, safe_url

__all__ = [
    "SECTION_BUILDERS",
    "ComparisonFigures",
    "EvidenceView",
    "ForecastView",
    "ForecasterFigures",
    "PredictionView",
    "ReportDocument",
    "Scale",
    "Section",
    "SourceView",
    "build_document",
]

#: Each state's name as the report says it.
STATUS_WORDS = {
    "resolved": "resolved",
    "open": "open",
    "overdue": "overdue",
    "conflict": "in conflict",
    "annulled": "annulled",
    "ambiguous": "ambiguous",
}


@attrs.frozen
class Scale:
    """The report's Brier scale: the one place a 0–1 Brier figure becomes a reported one."""

    name: str
    factor: float

    def brier(self, value: float | None) -> float | None:
        """A 0–1 Brier figure on the report's scale (``None`` stays ``None``)."""
        return None if value is None else self.factor * value

    @property
    def coin(self) -> float:
        """The Brier score of always saying 50% on a 0/1 outcome, on this scale."""
        return 0.25 * self.factor


@attrs.frozen
class Section:
    """One section of the report.

    Attributes:
        key: names the templates (``md/KEY.md.j2``, ``html/KEY.html.j2``) and, with ``anchor``,
            the link target.
        heading: the section's heading (plain text; may come from the book).
        content: what the templates format: a frozen attrs object (or tuple of them) of plain
            values.
        anchor: the HTML id of the section.
    """

    key: str
    heading: str
    content: Any
    anchor: str = ""


@attrs.frozen
class SourceView:
    """A source as the report shows it; ``url`` is set only for an http(s) address."""

    label: str
    url: str | None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: pendulum.Date | None = None
    document: str | None = None
    raw_url: str | None = None


@attrs.frozen
class EvidenceView:
    """An evidence record: what happened, when, and where it was reported."""

    id: str
    observed: pendulum.Date
    outcome: Outcome | None
    summary: str | None
    sources: tuple[SourceView, ...]


@attrs.frozen
class PredictionView:
    """One prediction; ``brier`` (on the report's scale) only when it was scored."""

    by: str
    made: pendulum.Date
    probability: float | tuple[tuple[str, float], ...]
    note: str | None
    scored: bool
    late: bool
    brier: float | None


@attrs.frozen
class ForecastView:
    """One forecast with its state, predictions and evidence."""

    id: str
    question: str
    status: str
    outcome: Outcome | None
    method: str | None
    resolved_on: pendulum.Date | None
    resolves: pendulum.Date
    tags: tuple[str, ...]
    predictions: tuple[PredictionView, ...]
    evidence: tuple[EvidenceView, ...]


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


@attrs.frozen
class AttentionGroup:
    """One kind of thing that needs a person, with advice and the items (plain text)."""

    key: str
    heading: str
    advice: str
    items: tuple[str, ...]


@attrs.frozen
class ReportDocument:
    """The whole report as sections.

    Attributes:
        title: the book's title.
        as_of: the day the report describes.
        scale: the Brier scale of every Brier figure in the document.
        level: the confidence level of intervals.
        counts: (state, words, number) for each state, and the total.
        total: number of forecasts.
        conventions: the scoring conventions in one paragraph.
        sections: the sections, in order.
        report: the computed report the sections come from.
    """

    title: str
    as_of: pendulum.Date
    scale: Scale
    level: float
    counts: tuple[tuple[str, str, int], ...]
    total: int
    conventions: str
    sections: tuple[Section, ...]
    report: Report

    def section(self, key: str) -> Section | None:
        """The first section with this key, if any."""
        return next((s for s in self.sections if s.key == key), None)


# -- building --------------------------------------------------------------------------------

SectionBuilder = Callable[[Report, Scale], "Section | Iterable[Section] | None"]


def build_document(report: Report) -> ReportDocument:
    """The report as a document of sections, Brier figures on the report's scale."""
    options = report.options
    scale = Scale(options.brier_scale, options.scale_factor)
    sections: list[Section] = []
    for builder in SECTION_BUILDERS:
        built = builder(report, scale)
        if built is None:
            continue
        if isinstance(built, Section):
            sections.append(built)
        else:
            sections.extend(built)
    return ReportDocument(
        title=report.title,
        as_of=options.as_of,
        scale=scale,
        level=options.level,
        counts=tuple((key, word, report.counts.get(key, 0)) for key, word in STATUS_WORDS.items()),
        total=report.counts["forecasts"],
        conventions=conventions(report),
        sections=tuple(sections),
        report=report,
    )


def conventions(report: Report) -> str:
    """The scoring conventions in one paragraph."""
    options = report.options
    if options.brier_scale == "0-1":
        brier = (
            "Brier scores on the 0–1 scale ((p − o)² for yes/no questions, half the sum over "
            "categories for multi-category ones; 0 is perfect, always saying 50% scores 0.25; "
            "lower is better)"
        )
    else:
        brier = (
            "Brier scores on the 0–2 scale (2(p − o)² for yes/no questions, the sum over "
            "categories for multi-category ones, as Good Judgment Open reports them; 0 is "
            "perfect, always saying 50% scores 0.5; lower is better)"
        )
    edges = (
        [k / options.bins for k in range(options.bins + 1)]
        if isinstance(options.bins, int)
        else list(options.bins)
    )
    if options.bin_closed == "left":
        bins = f"left-closed, [a, b), the last [{edges[-2]:g}, 1]"
    else:
        bins = f"right-closed, (a, b], the first [0, {edges[1]:g}]"
    if not isinstance(options.bins, int):
        bins += "; edges " + ", ".join(f"{e:g}" for e in edges)
    scored = {
        "latest": "their latest prediction made before a question resolved",
        "first": "their first prediction on a question",
        "all": "every prediction made before a question resolved, each counting once "
        "(PredictionBook's convention)",
    }[options.score]
    aggregate = (
        f" The forecaster '{options.aggregate}' is the {options.aggregate} of the other "
        "forecasters' latest predictions on each question (each forecaster counts once, "
        "unweighted)."
        if options.aggregate
        else ""
    )
    groups = (
        " The group mean is the unweighted mean of the Brier scores of the tags "
        + ", ".join(options.group_mean)
        + "."
        if options.group_mean
        else ""
    )
    crowd = (
        " Crowd-relative scores compare each forecaster's latest prediction with the other "
        "forecasters' on the questions they share: relative Brier against the question's "
        "median forecaster (negative is better), and Metaculus' Peer and Baseline log scores "
        "(positive is better)."
        if any(f.crowd is not None and f.crowd.n for f in report.forecasters)
        else ""
    )
    resampled = "scored predictions" if options.score == "all" else "questions"
    # foretell's own words from the options alone: Markdown as written, escaped in HTML.
    return MarkdownText(
        f"{brier}. Each forecaster is scored on {scored}.{aggregate} Intervals are "
        f"{options.level:.0%}: bootstrap over {resampled} for Brier scores, Wilson for "
        f"calibration bins. Calibration bins are {bins}.{groups}{crowd}"
    )


def forecaster_anchor(name: str) -> str:
    """The HTML id of a forecaster's section."""
    return "forecaster-" + "".join(c if c.isalnum() else "-" for c in name.lower())


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
        relative_brier=scale.brier(crowd.relative_brier) if crowd else None,
        peer=crowd.peer if crowd else None,
        baseline=crowd.baseline if crowd else None,
        baseline_n=crowd.baseline_n if crowd else 0,
        group_mean=scale.brier(group.brier) if group else None,
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
        by_tag=tuple((t.tag, t.n, scale.brier(t.brier) or 0.0) for t in summary.by_tag),
        time_averaged=(
            (ta.n, scale.brier(ta.brier) or 0.0, scale.brier(ta.final_brier) or 0.0) if ta else None
        ),
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


def source_view(source: Source, index: int) -> SourceView:
    """A source with the label of its link: its publisher, title, or 'source N'."""
    return SourceView(
        label=source.publisher or source.title or f"source {index}",
        url=safe_url(source.url),
        title=source.title,
        publisher=source.publisher,
        author=source.author,
        published=source.published,
        document=source.document,
        raw_url=source.url,
    )


def evidence_view(evidence: Evidence, forecast_id: str) -> EvidenceView:
    """One evidence record as it bears on one forecast."""
    return EvidenceView(
        id=evidence.id,
        observed=evidence.observed,
        outcome=evidence.resolves.get(forecast_id),
        summary=evidence.summary,
        sources=tuple(source_view(s, i) for i, s in enumerate(evidence.sources, start=1)),
    )


def prediction_view(
    prediction: Prediction, brier: float | None, *, scored: bool, late: bool
) -> PredictionView:
    """One prediction as the report shows it."""
    probability = prediction.probability
    return PredictionView(
        by=prediction.by,
        made=prediction.made,
        probability=(
            tuple(probability.items()) if not isinstance(probability, float) else probability
        ),
        note=prediction.note,
        scored=scored,
        late=late,
        brier=brier,
    )


def forecast_view(row: ForecastRow, scale: Scale) -> ForecastView:
    """One forecast with its state, predictions and evidence."""
    resolution: Resolution = row.resolution
    forecast = resolution.forecast
    return ForecastView(
        id=forecast.id,
        question=forecast.question,
        status=resolution.status.value,
        outcome=resolution.outcome,
        method=resolution.method,
        resolved_on=resolution.resolved_on,
        resolves=forecast.resolves,
        tags=forecast.tags,
        predictions=tuple(
            prediction_view(
                p.prediction,
                scale.brier(p.claim.brier) if p.claim else None,
                scored=p.scored,
                late=p.late,
            )
            for p in row.predictions
        ),
        evidence=tuple(evidence_view(e, forecast.id) for e in row.evidence),
    )


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


# -- the sections ------------------------------------------------------------------------------


def overview_section(report: Report, scale: Scale) -> Section:
    """One row per forecaster: questions scored, Brier with interval, skill, log score."""
    figures = tuple(forecaster_figures(s, scale) for s in report.forecasters)
    return Section("forecasters", "Forecasters", figures, anchor="forecasters")


def forecaster_sections(report: Report, scale: Scale) -> tuple[Section, ...]:
    """One section per forecaster: every figure, the calibration table and the diagram."""
    return tuple(
        Section(
            "forecaster", s.name, forecaster_figures(s, scale), anchor=forecaster_anchor(s.name)
        )
        for s in report.forecasters
    )


def comparisons_section(report: Report, scale: Scale) -> Section | None:
    """Every pair of forecasters scored on at least two common yes/no questions."""
    if not report.comparisons:
        return None
    rows = []
    for c in report.comparisons:
        r = c.result
        rows.append(
            ComparisonFigures(
                a=c.a,
                b=c.b,
                n=r.n,
                brier_a=scale.brier(r.brier_a) or 0.0,
                brier_b=scale.brier(r.brier_b) or 0.0,
                mean_difference=scale.brier(r.mean_difference) or 0.0,
                statistic=_finite(r.statistic),
                p_value=_finite(r.p_value),
                better={"a": c.a, "b": c.b}.get(r.better or ""),
            )
        )
    return Section("comparisons", "Comparisons", tuple(rows), anchor="comparisons")


def resolved_section(report: Report, scale: Scale) -> Section | None:
    """Every settled forecast: outcome, predictions (the scored one with its Brier), evidence."""
    rows = tuple(
        forecast_view(r, scale) for r in report.forecasts if r.resolution.outcome is not None
    )
    if not rows:
        return None
    return Section("resolved", "Resolved forecasts", rows, anchor="resolved")


def attention_section(report: Report, scale: Scale) -> Section:
    """What needs a person; an empty tuple of groups when nothing does."""
    a = report.attention
    groups = (
        AttentionGroup(
            "overdue",
            "Overdue",
            "Past the deadline with no evidence and no 'otherwise': record what happened.",
            tuple(f"{r.forecast.id} (deadline {r.forecast.resolves})" for r in a.overdue),
        ),
        AttentionGroup(
            "conflict",
            "Evidence in conflict",
            "Add a record that supersedes the wrong one.",
            tuple(f"{r.forecast.id}: {', '.join(r.evidence)}" for r in a.conflicts),
        ),
        AttentionGroup(
            "due",
            f"Due within {DUE_SOON_DAYS} days",
            "Look for evidence before the deadline.",
            tuple(f"{r.forecast.id} (deadline {r.forecast.resolves})" for r in a.due),
        ),
        AttentionGroup(
            "late",
            "Predictions made on or after the resolution date",
            "Not scored: they knew the answer.",
            tuple(
                f"{r.forecast.id}: {p.by} on {p.made} (resolved {r.resolved_on})" for r, p in a.late
            ),
        ),
    )
    return Section(
        "attention",
        "Needs attention",
        tuple(g for g in groups if g.items),
        anchor="attention",
    )


def open_section(report: Report, scale: Scale) -> Section | None:
    """Open forecasts, soonest deadline first."""
    rows = sorted(
        (r for r in report.forecasts if r.resolution.status is Status.OPEN),
        key=lambda r: (r.resolution.forecast.resolves, r.resolution.forecast.id),
    )
    if not rows:
        return None
    return Section(
        "open", "Open forecasts", tuple(forecast_view(r, scale) for r in rows), anchor="open"
    )


#: The report's sections, in order. Each builder returns a section, several, or ``None``.
SECTION_BUILDERS: list[SectionBuilder] = [
    overview_section,
    forecaster_sections,
    comparisons_section,
    resolved_section,
    attention_section,
    open_section,
]
