"""How much a forecaster's score depends on how their words were read.

For a forecaster whose scored yes/no predictions were read from estimative words (``wording``
without a number), :func:`wording_sensitivity` rescores those predictions under every yardstick
that can read all of the words (:mod:`foretell.wording`): Brier score, log score and CORP
miscalibration per yardstick, the best and the worst, and per phrase how often it was used and
how often it came true. Brier and miscalibration figures are on the 0–1 scale here; the
document applies the report's scale.

A yardstick that reads a word as exactly 0% or 100% ("will happen" is 100% in the CAPphrase
survey; Kent's "certain") makes one miss cost an infinite log score. The Brier score uses the
readings as they are; the log score is computed with readings capped to [0.1%, 99.9%]
(:data:`LOG_SCORE_CAP`, the clamp Metaculus applies to binary forecasts), and the uncapped value
is kept beside it (``inf`` after such a miss). No yardstick's reading other than 0 or 1 lies
outside the cap.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Final

import attrs
import numpy as np

from foretell import scoring, wording
from foretell.report.records import Claim, ForecasterSummary

__all__ = [
    "LOG_SCORE_CAP",
    "PhraseRow",
    "WordingSensitivity",
    "WordingView",
    "YardstickScores",
    "wording_sensitivity",
    "wording_view",
]

#: Readings are kept in [LOG_SCORE_CAP, 1 - LOG_SCORE_CAP] for the (capped) log score.
LOG_SCORE_CAP: Final = 0.001
#: The Brier score of always saying 50% on a 0/1 outcome (0–1 scale).
_COIN: Final = 0.25


@attrs.frozen
class YardstickScores:
    """A forecaster's worded predictions scored under one yardstick.

    Attributes:
        yardstick: the yardstick's name.
        n: number of scored predictions.
        brier: mean Brier score, 0–1 scale.
        log_score: mean −ln p(outcome) in nats, readings capped to [0.1%, 99.9%].
        log_score_uncapped: the same without the cap (``inf`` after a 0% or 100% miss).
        miscalibration: CORP miscalibration of the Brier score, 0–1 scale.
        capped: whether some reading was exactly 0 or 1 (so the two log scores differ).
    """

    yardstick: str
    n: int
    brier: float
    log_score: float
    log_score_uncapped: float
    miscalibration: float
    capped: bool


@attrs.frozen
class PhraseRow:
    """One phrase: how many scored predictions used it, their probability, how many came true.

    Attributes:
        phrase: the canonical phrase (``"likely"`` for "is likely to" and "will likely").
        n: number of scored predictions with this phrase.
        probability: their probability under the forecaster's yardstick (the mean, should the
            yardstick differ between predictions).
        happened: how many came true (a fractional outcome counts its fraction).
    """

    phrase: str
    n: int
    probability: float
    happened: float


@attrs.frozen
class WordingSensitivity:
    """How a forecaster's score moves with the yardstick that reads their words.

    Attributes:
        forecaster: the forecaster's name.
        yardstick: the yardstick the book used (names joined by ", " if several were).
        n: number of scored yes/no predictions read from words.
        by_yardstick: the scores under each yardstick that reads every one of the words, in
            yardstick name order.
        unread: the yardsticks that cannot read some of the words, with one such word.
        by_phrase: one row per phrase, most used first.
        best: the yardstick with the lowest Brier score.
        worst: the yardstick with the highest Brier score.
        beats_half: how many yardsticks give a Brier score below always saying 50% (0.25).
    """

    forecaster: str
    yardstick: str
    n: int
    by_yardstick: tuple[YardstickScores, ...]
    unread: tuple[tuple[str, str], ...]
    by_phrase: tuple[PhraseRow, ...]
    best: str | None
    worst: str | None
    beats_half: int

    @property
    def used(self) -> YardstickScores | None:
        """The scores under the book's own yardstick (when it is a single one)."""
        return next((s for s in self.by_yardstick if s.yardstick == self.yardstick), None)


def worded_claims(summary: ForecasterSummary) -> tuple[Claim, ...]:
    """The forecaster's scored yes/no claims whose probability was read from words."""
    return tuple(
        c
        for c in summary.binary_claims
        if c.prediction.wording is not None and c.prediction.derived
    )


def wording_sensitivity(summary: ForecasterSummary) -> WordingSensitivity | None:
    """The wording section's figures for one forecaster; ``None`` without worded claims."""
    claims = worded_claims(summary)
    if not claims:
        return None
    y = np.array([c.outcome for c in claims], dtype=np.float64)
    texts = [c.prediction.wording or "" for c in claims]
    scores: list[YardstickScores] = []
    unread: list[tuple[str, str]] = []
    for stick in wording.yardsticks():
        probabilities = []
        for text in texts:
            try:
                probabilities.append(wording.read(text, stick.name).point)
            except wording.WordingError:
                unread.append((stick.name, text))
                break
        else:
            scores.append(_scores(stick.name, y, np.array(probabilities, dtype=np.float64)))
    used = sorted({c.prediction.yardstick or "" for c in claims})
    ranked = sorted(scores, key=lambda s: (s.brier, s.yardstick))
    return WordingSensitivity(
        forecaster=summary.name,
        yardstick=", ".join(used),
        n=len(claims),
        by_yardstick=tuple(scores),
        unread=tuple(unread),
        by_phrase=_phrases(claims),
        best=ranked[0].yardstick if ranked else None,
        worst=ranked[-1].yardstick if ranked else None,
        beats_half=sum(s.brier < _COIN for s in scores),
    )


def _scores(name: str, y: np.ndarray, p: np.ndarray) -> YardstickScores:
    capped = np.clip(p, LOG_SCORE_CAP, 1.0 - LOG_SCORE_CAP)
    with np.errstate(divide="ignore"):
        uncapped = scoring.log_score(y, p)
    return YardstickScores(
        yardstick=name,
        n=len(y),
        brier=scoring.brier_score(y, p),
        log_score=scoring.log_score(y, capped),
        log_score_uncapped=uncapped,
        miscalibration=scoring.corp_decomposition(y, p).miscalibration,
        capped=bool(np.any(capped != p)),
    )


def _phrases(claims: tuple[Claim, ...]) -> tuple[PhraseRow, ...]:
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        text = claim.prediction.wording or ""
        groups[wording.main_phrase(text).phrase].append(claim)
    rows = [
        PhraseRow(
            phrase=phrase,
            n=len(group),
            probability=float(np.mean([float(c.prediction.probability) for c in group])),  # type: ignore[arg-type]
            happened=float(sum(c.outcome or 0.0 for c in group)),
        )
        for phrase, group in groups.items()
    ]
    return tuple(sorted(rows, key=lambda r: (-r.n, -r.probability, r.phrase)))


# -- the report section --------------------------------------------------------------------


@attrs.frozen
class WordingView:
    """The section "How the words were read" for one forecaster, Brier figures scaled.

    Attributes:
        forecaster: the forecaster's name.
        anchor: the section's HTML id.
        figures: the sensitivity figures, with Brier and miscalibration on the report's scale.
        coin: the Brier score of always saying 50% on the report's scale.
        low: the best (lowest) Brier score over the yardsticks, on the report's scale.
        high: the worst (highest).
        verdict: one plain sentence on whether "better than always 50%" holds under every
            reading (foretell's own words, made from the figures above it).
        cap_note: a sentence on readings of exactly 0% or 100%, when there are any.
    """

    forecaster: str
    anchor: str
    figures: WordingSensitivity
    coin: float
    low: float | None
    high: float | None
    verdict: str
    cap_note: str | None


def _scaled(figures: WordingSensitivity, factor: float) -> WordingSensitivity:
    rows = tuple(
        attrs.evolve(s, brier=factor * s.brier, miscalibration=factor * s.miscalibration)
        for s in figures.by_yardstick
    )
    return attrs.evolve(figures, by_yardstick=rows)


def wording_view(summary: ForecasterSummary, factor: float, anchor: str) -> WordingView | None:
    """The section's content for one forecaster (``None`` without worded predictions)."""
    found = wording_sensitivity(summary)
    if found is None:
        return None
    figures = _scaled(found, factor)
    rows = figures.by_yardstick
    coin = _COIN * factor
    name = figures.forecaster
    low = min((s.brier for s in rows), default=None)
    high = max((s.brier for s in rows), default=None)
    count = len(rows)
    if not rows:
        verdict = (
            f"No yardstick reads every one of {name}'s words, so the reading cannot be varied; "
            "the scores above use the book's readings."
        )
    elif figures.beats_half == count:
        verdict = (
            f"Under every one of the {count} yardsticks that read all of {name}'s words, {name} "
            f"does better than always saying 50% (Brier {low:.3f} to {high:.3f}, against "
            f"{coin:.3f}): the conclusion does not depend on the reading."
        )
    elif figures.beats_half == 0:
        verdict = (
            f"Under none of the {count} yardsticks that read all of {name}'s words does {name} "
            f"do better than always saying 50% (Brier {low:.3f} to {high:.3f}, against "
            f"{coin:.3f}): the conclusion does not depend on the reading."
        )
    else:
        verdict = (
            f"The conclusion depends on the reading: {figures.beats_half} of the {count} "
            f"yardsticks that read all of {name}'s words give a Brier score below always saying "
            f"50% ({coin:.3f}), the others do not (Brier {low:.3f} with {figures.best} to "
            f"{high:.3f} with {figures.worst})."
        )
    capped = [s.yardstick for s in rows if s.capped]
    cap_note = (
        f"{', '.join(capped)} read{'s' if len(capped) == 1 else ''} some of these words as "
        "exactly 0% or 100%: a miss then costs an infinite log score. The log scores shown "
        "cap such readings at 0.1% and 99.9%; the uncapped value is given beside them."
        if capped
        else None
    )
    return WordingView(name, anchor, figures, coin, low, high, verdict, cap_note)
