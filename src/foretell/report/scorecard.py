"""The headline scorecard of a forecaster, and its summary in plain words.

One row per scored claim (yes/no and multi-category alike): the words, the probability given,
what happened and the claim's Brier score, worst first, so that the worst misses stand out.
The plain-language summary under it uses only numbers that appear in the scorecard and in the
forecaster's figures: :class:`Summary` holds exactly those numbers, and the templates word them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import attrs

from foretell.model import Outcome, Status
from foretell.report.figures import few_note, forecaster_anchor
from foretell.report.lazy import LazyRows
from foretell.report.page import Scale
from foretell.report.records import Claim, ForecasterSummary, Report
from foretell.report.views import STATUS_WORDS, forecast_anchor, shorten

__all__ = ["Scorecard", "ScorecardRow", "Summary", "scorecard", "unsettled_forecasts"]

#: Longest claim text in a scorecard row; longer quotes are cut at a word boundary.
CLAIM_LENGTH = 120
#: How far the share that happened may stray from the mean probability and still count as
#: "about as often as the numbers said" in the summary (in probability, i.e. 5 points).
ABOUT = 0.05


@attrs.frozen
class ScorecardRow:
    """One scored claim.

    Attributes:
        forecast_id: the forecast's id; ``anchor`` links to its receipt.
        claim: the quote (or, without one, the question), shortened at a word boundary.
        is_quote: whether ``claim`` is the source's words.
        shortened: whether ``claim`` was cut.
        probability: for a yes/no question the probability given to "yes"; for a
            multi-category one the probability given to the category that happened.
        category: the category that happened (multi-category questions only).
        outcome: what happened: ``yes``, ``no``, a fraction, or the category.
        value: for a yes/no question the number scored against (1, 0 or the fraction).
        by_default: the outcome is the forecast's ``otherwise`` (no evidence by the deadline).
        brier: the claim's Brier score on the report's scale.
        miss: on the wrong side: over 50% on what did not happen or under 50% on what did
            (yes/no), or another category given more probability than the one that won.
    """

    forecast_id: str
    anchor: str
    claim: str
    is_quote: bool
    shortened: bool
    probability: float
    category: str | None
    outcome: Outcome
    value: float | None
    by_default: bool
    brier: float
    miss: bool

    @property
    def is_binary(self) -> bool:
        """True for a yes/no question."""
        return self.category is None


@attrs.frozen
class Summary:
    """The numbers of the plain-language summary, each one shown in the scorecard or figures.

    Attributes:
        n: scored yes/no claims (rows of the scorecard without a category).
        happened, did_not: how many of them resolved yes / no.
        partly: how many resolved to a fraction between 0 and 1.
        mean_probability: mean probability of "yes" given in those rows.
        observed: mean outcome of those rows (the share that happened, fractions counted as
            such).
        verdict: ``"more"``, ``"less"`` or ``"about"``: whether the claims came true more or
            less often than the probabilities said (beyond :data:`ABOUT`).
        all_confident: every yes/no claim was given more than 50%: the claims say things will
            happen, so "happened more often than the numbers said" means "right more often".
        brier: the forecaster's Brier score (as in the figures).
        skill_vs_half: the forecaster's skill against always saying 50% (as in the figures).
        misses: rows on the wrong side, worst first.
        multi_category: the multi-category rows.
        unsettled: (state words, count) of this forecaster's forecasts not scored (yet).
        few_note: a warning when there are too few claims for calibration to mean much.
    """

    n: int
    happened: int
    did_not: int
    partly: int
    mean_probability: float | None
    observed: float | None
    verdict: str | None
    all_confident: bool
    brier: float | None
    skill_vs_half: float | None
    misses: Sequence[ScorecardRow]
    multi_category: Sequence[ScorecardRow]
    unsettled: tuple[tuple[str, int], ...]
    few_note: str | None

    @property
    def worst(self) -> ScorecardRow | None:
        """The worst miss, if any."""
        return self.misses[0] if self.misses else None


@attrs.frozen
class Scorecard:
    """One forecaster's scored claims, worst first, and the summary under them."""

    name: str
    anchor: str
    figures_anchor: str
    rows: Sequence[ScorecardRow]
    summary: Summary


def unsettled_forecasts(report: Report) -> dict[str, dict[str, int]]:
    """Forecaster → state words → how many of the report's forecasts they predicted that are
    not resolved (yet), in one pass over the report's forecasts (each row is made as it is
    read)."""
    counts: dict[str, dict[str, int]] = {}
    for forecast_row in report.forecasts:
        resolution = forecast_row.resolution
        if resolution.status is Status.RESOLVED:
            continue
        words = STATUS_WORDS[resolution.status.value]
        for name in {p.prediction.by for p in forecast_row.predictions}:
            mine = counts.setdefault(name, {})
            mine[words] = mine.get(words, 0) + 1
    return counts


def scorecard(summary: ForecasterSummary, scale: Scale, unsettled: Mapping[str, int]) -> Scorecard:
    """The scorecard of one forecaster; ``unsettled`` is their entry of
    :func:`unsettled_forecasts` (state words → count).

    Its rows (and the summary's misses) are made as they are read (:class:`LazyRows`), from
    the claims in scorecard order: the worst Brier score first, then by forecast id.
    """
    claims = tuple(sorted(summary.claims, key=lambda c: (-c.brier, c.resolution.forecast.id)))
    row = functools.partial(_row, scale=scale)
    binary = [c for c in claims if c.outcome is not None]
    outcomes = [c.outcome for c in binary if c.outcome is not None]
    n = len(binary)
    probabilities = [float(c.prediction.probability) for c in binary]  # type: ignore[arg-type]
    mean_probability = sum(probabilities) / n if n else None
    observed = sum(outcomes) / n if n else None
    verdict = None
    if mean_probability is not None and observed is not None:
        gap = observed - mean_probability
        verdict = "more" if gap > ABOUT else "less" if gap < -ABOUT else "about"
    return Scorecard(
        name=summary.name,
        anchor="scorecard-" + forecaster_anchor(summary.name).removeprefix("forecaster-"),
        figures_anchor=forecaster_anchor(summary.name),
        rows=LazyRows(claims, row),
        summary=Summary(
            n=n,
            happened=sum(1 for o in outcomes if o == 1.0),
            did_not=sum(1 for o in outcomes if o == 0.0),
            partly=sum(1 for o in outcomes if 0.0 < o < 1.0),
            mean_probability=mean_probability,
            observed=observed,
            verdict=verdict,
            all_confident=bool(binary) and all(p > 0.5 for p in probabilities),
            brier=scale.brier(summary.brier.estimate) if summary.brier else None,
            skill_vs_half=summary.skill_vs_half,
            misses=LazyRows(tuple(c for c in binary if _miss(c)), row),
            multi_category=LazyRows(tuple(c for c in claims if c.outcome is None), row),
            unsettled=tuple(
                (words, unsettled[words]) for words in STATUS_WORDS.values() if words in unsettled
            ),
            few_note=few_note(n) if n else None,
        ),
    )


def _miss(claim: Claim) -> bool:
    """Whether a claim is on the wrong side (see :attr:`ScorecardRow.miss`)."""
    prediction = claim.prediction
    if claim.outcome is not None:
        probability = float(prediction.probability)  # type: ignore[arg-type]
        return (probability > 0.5 and claim.outcome < 0.5) or (
            probability < 0.5 and claim.outcome > 0.5
        )
    category = str(claim.resolution.outcome)
    given = prediction.probability_of(category)
    return any(prediction.probability_of(c) > given for c in claim.resolution.forecast.outcomes)


def _row(claim: Claim, *, scale: Scale) -> ScorecardRow:
    resolution = claim.resolution
    forecast = resolution.forecast
    words = forecast.quote or forecast.question
    claim_text = shorten(words, CLAIM_LENGTH)
    assert resolution.outcome is not None
    prediction = claim.prediction
    if claim.outcome is not None:
        probability = float(prediction.probability)  # type: ignore[arg-type]
        category = None
        outcome: Outcome = resolution.outcome
    else:
        category = str(resolution.outcome)
        probability = prediction.probability_of(category)
        outcome = category
    return ScorecardRow(
        forecast_id=forecast.id,
        anchor=forecast_anchor(forecast.id),
        claim=claim_text,
        is_quote=forecast.quote is not None,
        shortened=claim_text != " ".join(words.split()),
        probability=probability,
        category=category,
        outcome=outcome,
        value=claim.outcome,
        by_default=resolution.method == "otherwise",
        brier=scale.brier(claim.brier),
        miss=_miss(claim),
    )
