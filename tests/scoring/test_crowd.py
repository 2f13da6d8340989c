"""Crowd figures: aggregates, relative Brier, Metaculus' Baseline and Peer scores."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from scipy.stats import gmean

from foretell.scoring import (
    aggregate_forecasts,
    baseline_log_score,
    calibration_table,
    peer_log_score,
    relative_brier,
)


def test_median_of_odd_and_even_crowds_by_hand() -> None:
    """Odd crowds take the middle forecast, even ones the mean of the two middle ones."""
    p = [0.7, 0.1, 0.4, 0.9, 0.2, 0.6]
    q = [0, 0, 0, 1, 1, 1]
    assert aggregate_forecasts(p, q).tolist() == pytest.approx([0.4, 0.6])
    assert aggregate_forecasts([0.3, 0.1, 0.2, 0.8], [0, 0, 0, 0]).tolist() == pytest.approx([0.25])


def test_aggregates_match_numpy_per_question() -> None:
    """Random ragged crowds: each aggregate equals numpy's, computed question by question."""
    rng = np.random.default_rng(3)
    q = rng.integers(0, 50, size=600)
    p = rng.uniform(0.01, 0.99, size=600)
    median = aggregate_forecasts(p, q, method="median")
    mean = aggregate_forecasts(p, q, method="mean")
    gmo = aggregate_forecasts(p, q, method="geometric-mean-of-odds")
    for question in range(50):
        mine = p[q == question]
        if not len(mine):
            assert math.isnan(median[question])
            continue
        assert median[question] == pytest.approx(np.median(mine))
        assert mean[question] == pytest.approx(np.mean(mine))
        odds = gmean(mine / (1 - mine))
        assert gmo[question] == pytest.approx(odds / (1 + odds))


def test_geometric_mean_of_odds_by_hand() -> None:
    """Odds 1 (50%) and 9 (90%) have geometric mean 3, i.e. 75%; certainties decide."""
    assert aggregate_forecasts([0.5, 0.9], [0, 0], method="geometric-mean-of-odds")[
        0
    ] == pytest.approx(0.75)
    extremes = aggregate_forecasts(
        [0.0, 0.6, 1.0, 0.6, 0.0, 1.0], [0, 0, 1, 1, 2, 2], method="geometric-mean-of-odds"
    )
    assert extremes[0] == 0.0
    assert extremes[1] == 1.0
    assert 0.0 < extremes[2] < 1.0  # both certainties: computed from clipped probabilities
    assert extremes[2] == pytest.approx(0.5)


def test_unknown_method_and_bad_questions_are_errors() -> None:
    with pytest.raises(ValueError, match="method must be one of"):
        aggregate_forecasts([0.5], [0], method="mode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one entry per forecast"):
        aggregate_forecasts([0.5, 0.6], [0])
    with pytest.raises(ValueError, match="integer question numbers"):
        aggregate_forecasts([0.5], [0.5])
    with pytest.raises(ValueError, match=">= 0"):
        aggregate_forecasts([0.5], [-1])


def test_relative_brier_by_hand() -> None:
    """Fatebook's relative score: own Brier minus the question's median Brier."""
    # Question 0 resolves yes; Briers 0.01, 0.16, 0.25: median 0.16.
    # Question 1 resolves no; Briers 0.04 and 0.64: median 0.34.
    rel = relative_brier([1, 1, 1, 0, 0], [0.9, 0.6, 0.5, 0.2, 0.8], [0, 0, 0, 1, 1])
    assert rel.tolist() == pytest.approx([-0.15, 0.0, 0.09, -0.30, 0.30])


def test_relative_brier_is_undefined_alone() -> None:
    rel = relative_brier([1, 0], [0.7, 0.2], [0, 1])
    assert np.isnan(rel).all()


def test_baseline_matches_metaculus_reference(published: dict[str, Any]) -> None:
    """Metaculus' own unit-test values (full coverage) for the binary Baseline score."""
    for case in published["metaculus_baseline"]["cases"]:
        if case["coverage"] != 1.0:
            continue
        outcome = 1.0 if case["resolved_yes"] else 0.0
        score = baseline_log_score([outcome], [case["p_yes"]])[0]
        assert score == pytest.approx(case["expected"], abs=1e-6)


def test_baseline_clips_to_metaculus_bounds() -> None:
    """A certainty that went wrong scores as 0.1% would: 100 (log2 0.001 + 1)."""
    assert baseline_log_score([0], [1.0])[0] == pytest.approx(100 * (math.log2(0.001) + 1))
    assert baseline_log_score([0.25], [0.5])[0] == pytest.approx(0.0)


def test_peer_by_hand_and_sums_to_zero() -> None:
    """Peer_i = 100 mean_{j != i} ln(p_i / p_j); a question's Peer scores sum to zero."""
    p = np.array([0.8, 0.5, 0.2])
    peer = peer_log_score([1, 1, 1], p, [0, 0, 0])
    expected = [
        100 * np.mean([math.log(p[i] / p[j]) for j in range(3) if j != i]) for i in range(3)
    ]
    assert peer.tolist() == pytest.approx(expected)
    assert peer.sum() == pytest.approx(0.0, abs=1e-9)
    # The N/(N-1) form against the geometric mean of all forecasters:
    gm = gmean(p)
    assert peer[0] == pytest.approx(100 * 3 / 2 * math.log(0.8 / gm))


def test_peer_on_no_uses_probability_of_no() -> None:
    peer = peer_log_score([0, 0], [0.2, 0.5], [0, 0])
    assert peer.tolist() == pytest.approx([100 * math.log(0.8 / 0.5), 100 * math.log(0.5 / 0.8)])
    assert math.isnan(peer_log_score([1], [0.5], [0])[0])


def test_left_closed_bins_put_edges_in_the_bin_above() -> None:
    """[a, b) bins: 0.5 and 0.6 open the bands they start; 1.0 stays in the last band."""
    y = [0, 1, 1, 0, 1]
    p = [0.5, 0.55, 0.6, 0.3 + 0.3, 1.0]  # 0.3 + 0.3 is 0.6 plus float error
    left = calibration_table(y, p, bins=[0, 0.5, 0.6, 1], closed="left")
    assert [(r.lower, r.upper, r.n) for r in left.rows] == [(0.5, 0.6, 2), (0.6, 1.0, 3)]
    right = calibration_table(y, p, bins=[0, 0.5, 0.6, 1])
    assert [(r.lower, r.upper, r.n) for r in right.rows] == [
        (0.0, 0.5, 1),
        (0.5, 0.6, 3),
        (0.6, 1.0, 1),
    ]
    with pytest.raises(ValueError, match="closed must be"):
        calibration_table(y, p, bins=2, closed="both")


def test_geometric_mean_of_odds_at_zero_warns_of_nothing() -> None:
    """Odds of 0 (probability 0) average to 0 without numpy's overflow warning."""
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = aggregate_forecasts(
            [0.0, 0.0, 1.0, 1.0], [0, 0, 1, 1], method="geometric-mean-of-odds"
        )
    assert result.tolist() == [0.0, 1.0]
