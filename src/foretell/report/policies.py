"""Scoring policies, the crowd's aggregate forecaster, crowd-relative scores and group means.

* **Which predictions count** (``--score``): ``latest`` (each forecaster's last prediction made
  before the question resolved; the default), ``first`` (their first one), or ``all`` (every
  prediction made before the question resolved counts once, PredictionBook's convention). The
  time-averaged Brier score is reported beside any of them.
* **The aggregate forecaster** (``--aggregate``): a virtual forecaster named after the method
  (``median``, ``mean``, ``geometric-mean-of-odds``) whose prediction on each yes/no question is
  that aggregate of the real forecasters' latest predictions made before the question resolved
  (for an open question, their latest ones). Unweighted: unlike Metaculus' recency-weighted
  community prediction, each forecaster counts once, however recent.
* **Crowd-relative scores**, per forecaster, on the yes/no questions with two or more real
  forecasters: the mean relative Brier score against the question's median forecaster
  (Fatebook, Good Judgment Open) and Metaculus' Peer score; and Metaculus' Baseline score on
  every scored question. One claim per forecaster and question: their latest one (whatever the
  policy), since a crowd is compared at one moment.
* **Group means** (``--group-mean TAG,TAG``): the unweighted mean of a forecaster's per-tag Brier
  scores, as ForecastBench's "Overall" is the mean of its dataset and market scores.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal

import attrs
import numpy as np

from foretell import scoring
from foretell.model import Prediction, Resolution, Status
from foretell.resolution import resolution_instant

__all__ = [
    "AGGREGATE_NAMES",
    "SCORE_POLICIES",
    "CrowdScores",
    "GroupMean",
    "ScorePolicy",
    "add_aggregate",
    "crowd_scores",
    "group_mean",
    "predictions_scored",
]

ScorePolicy = Literal["latest", "all", "first"]
SCORE_POLICIES: Final[tuple[ScorePolicy, ...]] = ("latest", "all", "first")
AGGREGATE_NAMES: Final = ("median", "mean", "geometric-mean-of-odds")


def predictions_scored(resolution: Resolution, policy: ScorePolicy) -> tuple[Prediction, ...]:
    """The predictions a policy scores on a resolved question, in the file's order.

    Only predictions made strictly before the instant of the resolution count (later ones knew
    the answer; see docs/format.md, "Times of day"). Of a forecaster's predictions made at the
    same instant, the later one in the file is their latest.
    """
    cutoff = resolution_instant(resolution)
    if resolution.status is not Status.RESOLVED or cutoff is None:
        return ()
    before = [p for p in resolution.forecast.predictions if p.instant < cutoff]
    if policy == "all":
        return tuple(before)
    chosen: dict[str, Prediction] = {}
    for prediction in before:
        current = chosen.get(prediction.by)
        later = current is None or prediction.instant >= current.instant
        earlier = current is None or prediction.instant < current.instant
        if later if policy == "latest" else earlier:
            chosen[prediction.by] = prediction
    keep = {id(p) for p in chosen.values()}
    return tuple(p for p in before if id(p) in keep)


def _standing(resolution: Resolution) -> list[Prediction]:
    """Each forecaster's latest prediction (before the resolution date when resolved)."""
    cutoff = resolution_instant(resolution)
    latest: dict[str, Prediction] = {}
    for prediction in resolution.forecast.predictions:
        if cutoff is not None and prediction.instant >= cutoff:
            continue
        current = latest.get(prediction.by)
        if current is None or prediction.instant >= current.instant:
            latest[prediction.by] = prediction
    return list(latest.values())


def add_aggregate(resolutions: Sequence[Resolution], method: str) -> tuple[Resolution, ...]:
    """The resolutions with a virtual forecaster ``method`` added to each yes/no question.

    Its prediction is the aggregate (:func:`foretell.scoring.aggregate_forecasts`) of the real
    forecasters' standing predictions, made on the day of the latest of them.

    Raises:
        ValueError: a real forecaster is called ``method``.
    """
    if any(p.by == method for r in resolutions for p in r.forecast.predictions):
        raise ValueError(
            f"a forecaster of the book is called {method!r}: the aggregate forecaster would "
            "take their name"
        )
    questions: list[int] = []
    probabilities: list[float] = []
    days: dict[int, Prediction] = {}
    for index, resolution in enumerate(resolutions):
        if not resolution.forecast.is_binary:
            continue
        for prediction in _standing(resolution):
            assert isinstance(prediction.probability, float)
            questions.append(index)
            probabilities.append(prediction.probability)
            if index not in days or prediction.instant > days[index].instant:
                days[index] = prediction
    if not questions:
        return tuple(resolutions)
    aggregate = scoring.aggregate_forecasts(
        np.array(probabilities),
        np.array(questions),
        method=method,  # type: ignore[arg-type]
    )
    result = []
    for index, resolution in enumerate(resolutions):
        if index not in days:
            result.append(resolution)
            continue
        virtual = Prediction(
            by=method,
            made=days[index].made,
            probability=float(aggregate[index]),
            made_at=days[index].made_at,
        )
        forecast = attrs.evolve(
            resolution.forecast, predictions=(*resolution.forecast.predictions, virtual)
        )
        result.append(attrs.evolve(resolution, forecast=forecast))
    return tuple(result)


@attrs.frozen
class CrowdScores:
    """A forecaster's scores against the crowd (yes/no questions; Brier on the 0–1 scale).

    Attributes:
        n: number of questions with two or more forecasters (the relative and Peer scores).
        relative_brier: mean of own Brier minus the question's median Brier; negative is
            better than the median forecaster. ``None`` when ``n`` is 0.
        peer: mean Metaculus Peer score (``None`` when ``n`` is 0); positive beats the crowd.
        baseline: mean Metaculus Baseline score over every scored question (``baseline_n``).
        baseline_n: number of questions in ``baseline``.
    """

    n: int
    relative_brier: float | None
    peer: float | None
    baseline: float | None
    baseline_n: int


def crowd_scores(
    claims: Iterable[tuple[str, str, float, float]], crowd: Iterable[str]
) -> dict[str, CrowdScores]:
    """Crowd-relative scores of every forecaster in ``crowd``.

    Args:
        claims: (forecaster, question id, outcome, probability), one per forecaster and
            question (a later entry for the same forecaster and question replaces an earlier
            one); read once, one at a time, into columns. Forecasters outside ``crowd`` are
            left out.
        crowd: the real forecasters (a virtual aggregate forecaster is left out of the crowd).
    """
    members = sorted(set(crowd))
    number = {name: index for index, name in enumerate(members)}
    # The claims as columns (8 bytes a claim in each), not a record per claim.
    questions: list[str] = []
    member: array[int] = array("q")
    outcomes: array[float] = array("d")
    probabilities: array[float] = array("d")
    for name, question, outcome, probability in claims:
        index = number.get(name)
        if index is None:
            continue
        questions.append(question)
        member.append(index)
        outcomes.append(outcome)
        probabilities.append(probability)
    if not questions:
        return {}
    # Questions numbered in the order of their ids; (question, member) pairs ordered by
    # question id, then name. The sort is stable: of a pair's entries, the last is kept.
    # Each column is let go once read, to keep the peak low on a book of 100,000 questions.
    _, q = np.unique(np.array(questions, dtype=object), return_inverse=True)
    del questions
    who = np.array(member, dtype=np.intp)
    del member
    order = np.lexsort((who, q))
    q = q[order]
    who = who[order]
    last = np.ones(order.shape[0], dtype=bool)
    last[:-1] = (q[1:] != q[:-1]) | (who[1:] != who[:-1])
    if not last.all():
        order = order[last]
        q = q[last]
        who = who[last]
    del last
    y = np.frombuffer(outcomes, dtype=np.float64)[order]
    del outcomes
    p = np.frombuffer(probabilities, dtype=np.float64)[order]
    del probabilities, order
    relative = scoring.relative_brier(y, p, q)
    peer = scoring.peer_log_score(y, p, q)
    baseline = scoring.baseline_log_score(y, p)
    result = {}
    for index, name in enumerate(members):
        mine = who == index
        if not mine.any():
            continue
        crowded = mine & ~np.isnan(relative)
        n = int(crowded.sum())
        result[name] = CrowdScores(
            n=n,
            relative_brier=float(relative[crowded].mean()) if n else None,
            peer=float(peer[crowded].mean()) if n else None,
            baseline=float(baseline[mine].mean()),
            baseline_n=int(mine.sum()),
        )
    return result


@attrs.frozen
class GroupMean:
    """The unweighted mean of a forecaster's Brier scores (0–1 scale) over tag groups.

    Attributes:
        tags: the groups.
        brier: mean of the per-tag Brier scores; ``None`` when a group has no scored question.
        n: scored questions per group, in the order of ``tags``.
    """

    tags: tuple[str, ...]
    brier: float | None
    n: tuple[int, ...]


def group_mean(by_tag: Mapping[str, tuple[int, float]], tags: Sequence[str]) -> GroupMean:
    """The mean over ``tags`` of per-tag (n, Brier) figures."""
    counts = tuple(by_tag[t][0] if t in by_tag else 0 for t in tags)
    if not tags or not all(counts):
        return GroupMean(tuple(tags), None, counts)
    return GroupMean(tuple(tags), float(np.mean([by_tag[t][1] for t in tags])), counts)
