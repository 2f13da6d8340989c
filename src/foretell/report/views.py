"""Forecasts as the report shows them: the receipts of what was said and what happened.

A :class:`ForecastView` holds everything a reader needs to check one forecast: the question,
the quote and its source, the criteria, every prediction, and the evidence with its sources.
Text from the book stays as it is (the templates escape it); only http(s) addresses are kept
as links (:func:`~foretell.report.links.safe_url`).
"""

from __future__ import annotations

import functools

import pendulum
from attrs import frozen

from foretell.model import Evidence, Outcome, Prediction, Source, Status
from foretell.report.links import safe_url
from foretell.report.page import Scale
from foretell.report.records import ForecastRow

__all__ = [
    "SETTLED",
    "STATUS_WORDS",
    "EvidenceView",
    "ForecastView",
    "PredictionView",
    "SourceView",
    "forecast_anchor",
    "forecast_view",
    "shorten",
]

#: The states in which a question has its final answer.
SETTLED = ("resolved", "annulled", "ambiguous")

#: Each state's name as the report says it, in the order the report lists them.
STATUS_WORDS = {
    "resolved": "resolved",
    "open": "open",
    "overdue": "overdue",
    "conflict": "in conflict",
    "provisional": "provisional",
    "annulled": "annulled",
    "ambiguous": "ambiguous",
}


@frozen
class SourceView:
    """A source as the report shows it.

    Attributes:
        label: the text of its link: publisher, title, or "source N".
        url: the address to link to, only for an http(s) address; ``None`` otherwise.
        raw_url: the address as the book gives it (shown as text when it is not a link).
    """

    label: str
    url: str | None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: pendulum.Date | None = None
    document: str | None = None
    note: str | None = None
    raw_url: str | None = None


@frozen
class EvidenceView:
    """An evidence record as it bears on one forecast: what it says happened, when, where."""

    id: str
    observed: pendulum.Date
    outcome: Outcome | None
    summary: str | None
    sources: tuple[SourceView, ...]


@frozen
class PredictionView:
    """One prediction; ``brier`` (on the report's scale) only when it was scored."""

    by: str
    made: pendulum.Date
    probability: float | tuple[tuple[str, float], ...]
    wording: str | None
    yardstick: str | None
    note: str | None
    scored: bool
    late: bool
    brier: float | None


@frozen
class ForecastView:
    """One forecast with its receipts.

    Attributes:
        id: the forecast's id (a slug).
        anchor: the HTML id of its receipt.
        question: the question.
        status: the state's value (``resolved``, ``open``, ...).
        status_words: the state as the report says it.
        outcome: the outcome (for a provisional forecast, the provisional ``otherwise`` one).
        method: ``"evidence"``, ``"otherwise"`` or ``None``.
        resolved_on: the day the outcome was established.
        resolves: the deadline.
        evidence_checked_through: for a provisional forecast, how far evidence was checked.
        quote: the exact words the forecast was taken from.
        source: where they were said.
        criteria: how the question resolves.
        otherwise: the outcome if no evidence settles it by the deadline.
        categories: a multi-category question's categories (empty for yes/no).
        tags: its tags.
        predictions: every prediction, in the file's order.
        evidence: the evidence behind the state (for a conflict, every disagreeing record).
    """

    id: str
    anchor: str
    question: str
    status: str
    status_words: str
    outcome: Outcome | None
    method: str | None
    resolved_on: pendulum.Date | None
    resolves: pendulum.Date
    evidence_checked_through: pendulum.Date | None
    quote: str | None
    source: SourceView | None
    criteria: str | None
    otherwise: Outcome | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    predictions: tuple[PredictionView, ...]
    evidence: tuple[EvidenceView, ...]

    @property
    def settled(self) -> bool:
        """Resolved, annulled or ambiguous: the question has its final answer."""
        return self.status in SETTLED


def forecast_anchor(forecast_id: str) -> str:
    """The HTML id of a forecast's receipt."""
    return "forecast-" + forecast_id


def shorten(text: str, limit: int = 120) -> str:
    """Text cut to at most ``limit`` characters at a word boundary, with an ellipsis.

    Whitespace collapses to single spaces first. A single word longer than the limit is cut
    within the word (there is no boundary to cut at).

    >>> shorten("the stakes for the 2026 talks are particularly high", 30)
    'the stakes for the 2026 talks…'
    >>> shorten("short enough", 30)
    'short enough'
    """
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    if words[limit - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


# Sources repeat in runs (one article's forecasts, one record's forecasts): a few thousand
# recent views catch the repeats; tens of thousands held 20 MB at 100,000 forecasts.
@functools.lru_cache(maxsize=4096)
def source_view(source: Source, index: int = 1) -> SourceView:
    """A source with the label of its link: its publisher, title, or 'source N'."""
    return SourceView(
        label=source.publisher or source.title or source.author or f"source {index}",
        url=safe_url(source.url),
        title=source.title,
        publisher=source.publisher,
        author=source.author,
        published=source.published,
        document=source.document,
        note=source.note,
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
        probability=(probability if isinstance(probability, float) else tuple(probability.items())),
        wording=prediction.wording,
        yardstick=prediction.yardstick if prediction.derived else None,
        note=prediction.note,
        scored=scored,
        late=late,
        brier=brier,
    )


def forecast_view(row: ForecastRow, scale: Scale) -> ForecastView:
    """One forecast with its state, quote, source, criteria, predictions and evidence."""
    resolution = row.resolution
    forecast = resolution.forecast
    return ForecastView(
        id=forecast.id,
        anchor=forecast_anchor(forecast.id),
        question=forecast.question,
        status=resolution.status.value,
        status_words=STATUS_WORDS[resolution.status.value],
        outcome=resolution.outcome,
        method=resolution.method,
        resolved_on=resolution.resolved_on,
        resolves=forecast.resolves,
        evidence_checked_through=(
            resolution.evidence_checked_through if resolution.status is Status.PROVISIONAL else None
        ),
        quote=forecast.quote,
        source=source_view(forecast.source) if forecast.source else None,
        criteria=forecast.criteria,
        otherwise=forecast.otherwise,
        categories=forecast.outcomes,
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
