"""Tests of the mergeable summaries against the case-by-case scoring functions and references."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import brier_score_loss, log_loss

from foretell.scoring import (
    ScoreSummaries,
    brier_score,
    brier_skill_score,
    calibration_table,
    corp_decomposition,
    log_score,
    spiegelhalter_test,
    summarise_groups,
)


def whole_percent_cases(seed: int, n: int, groups: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, groups, n)
    truth = rng.random(n)
    p = np.clip(np.round(truth * 100 + rng.normal(0, 15, n)), 1, 99) / 100
    y = (rng.random(n) < truth).astype(np.float64)
    return codes, y, p


def test_hand_worked_sums() -> None:
    # Two cases: p = 0.7 happened, p = 0.2 did not: Brier (0.09 + 0.04) / 2 = 0.065.
    summary = summarise_groups([0, 0], [1, 0], [0.7, 0.2], n_groups=1)
    figures = summary.figures(0)
    assert figures.n == 2
    assert figures.brier == pytest.approx(0.065, abs=1e-15)
    assert figures.base_rate == 0.5
    assert figures.log_score == pytest.approx(-(math.log(0.7) + math.log(0.8)) / 2)
    # Against always 0.5 (Brier 0.25): 1 - 0.065 / 0.25 = 0.74.
    assert figures.brier_skill_vs_half == pytest.approx(0.74)
    assert summary.percent_counts[0, 70] == 1
    assert summary.percent_counts[0, 20] == 1
    assert summary.percent_outcome_sums[0, 70] == 1
    assert summary.percent_outcome_sums[0, 20] == 0
    assert bool(summary.whole_percent[0])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_each_group_matches_the_case_by_case_functions(seed: int) -> None:
    codes, y, p = whole_percent_cases(seed, 3000, 4)
    summary = summarise_groups(codes, y, p, n_groups=4)
    for group in range(4):
        mine = codes == group
        yg, pg = y[mine], p[mine]
        figures = summary.figures(group)
        assert figures.n == mine.sum()
        assert figures.brier == pytest.approx(brier_score_loss(yg, pg), rel=1e-12)
        assert figures.brier == pytest.approx(brier_score(yg, pg), rel=1e-12)
        assert figures.log_score == pytest.approx(log_loss(yg, pg), rel=1e-9)
        assert figures.log_score == pytest.approx(log_score(yg, pg), rel=1e-12)
        assert figures.brier_skill_vs_half == pytest.approx(
            brier_skill_score(yg, pg, 0.5), rel=1e-12
        )
        assert figures.brier_skill_vs_base_rate == pytest.approx(
            brier_skill_score(yg, pg, "base_rate"), rel=1e-12
        )
        expected = spiegelhalter_test(yg, pg)
        assert figures.spiegelhalter.z == pytest.approx(expected.z, rel=1e-12)
        assert figures.spiegelhalter.p_value == pytest.approx(expected.p_value, rel=1e-9)

        corp = corp_decomposition(yg, pg)
        mcb, dsc, unc, recalibrated = figures.corp()
        assert mcb == pytest.approx(corp.miscalibration, rel=1e-10, abs=1e-15)
        assert dsc == pytest.approx(corp.discrimination, rel=1e-10, abs=1e-15)
        assert unc == pytest.approx(corp.uncertainty, rel=1e-12)
        assert mcb - dsc + unc == pytest.approx(figures.brier, rel=1e-12)
        # The curve agrees with scikit-learn's PAV, looked up per percent.
        pav = IsotonicRegression(y_min=0, y_max=1).fit(pg, yg)
        occupied = np.unique(np.rint(pg * 100).astype(int))
        assert recalibrated[occupied] == pytest.approx(pav.predict(occupied / 100), abs=1e-12)
        assert np.isnan(np.delete(recalibrated, occupied)).all()

        table = figures.calibration_table(bins=10)
        reference = calibration_table(yg, pg, bins=10)
        assert len(table.rows) == len(reference.rows)
        for row, want in zip(table.rows, reference.rows, strict=True):
            assert (row.lower, row.upper, row.n) == (want.lower, want.upper, want.n)
            assert row.mean_probability == pytest.approx(want.mean_probability, rel=1e-12)
            assert row.observed_frequency == pytest.approx(want.observed_frequency, rel=1e-12)
            assert row.ci_low == pytest.approx(want.ci_low, rel=1e-12, abs=1e-15)
            assert row.ci_high == pytest.approx(want.ci_high, rel=1e-12)


def test_merging_partitions_gives_the_whole() -> None:
    codes, y, p = whole_percent_cases(7, 5000, 3)
    whole = summarise_groups(codes, y, p, n_groups=3)
    cuts = [0, 1200, 1201, 3999, 5000]
    parts = [
        summarise_groups(codes[a:b], y[a:b], p[a:b], n_groups=3)
        for a, b in itertools.pairwise(cuts)
    ]
    merged = parts[0]
    for part in parts[1:]:
        merged = merged + part
    np.testing.assert_array_equal(merged.n, whole.n)
    np.testing.assert_array_equal(merged.percent_counts, whole.percent_counts)
    np.testing.assert_array_equal(merged.percent_outcome_sums, whole.percent_outcome_sums)
    np.testing.assert_allclose(merged.brier_sum, whole.brier_sum, rtol=1e-12)
    for group in range(3):
        assert merged.figures(group).corp()[0] == pytest.approx(
            whole.figures(group).corp()[0], rel=1e-9
        )


def test_a_group_with_other_probabilities_is_flagged() -> None:
    summary = summarise_groups([0, 1, 1], [1, 0, 1], [0.5, 0.123, 0.4], n_groups=2)
    assert summary.whole_percent.tolist() == [True, False]
    with pytest.raises(ValueError, match="whole percents"):
        summary.figures(1).corp()
    # Sums stay exact for that group.
    assert summary.figures(1).brier == pytest.approx((0.123**2 + 0.6**2) / 2)
    merged = summary + summarise_groups([1], [0], [0.3], n_groups=2)
    assert merged.whole_percent.tolist() == [True, False]


def test_normal_interval_of_the_mean_brier() -> None:
    codes, y, p = whole_percent_cases(3, 4000, 1)
    interval = summarise_groups(codes, y, p, n_groups=1).figures(0).brier_interval(0.95)
    scores = (p - y) ** 2
    half = 1.959963984540054 * scores.std(ddof=1) / math.sqrt(scores.size)
    assert interval == pytest.approx((scores.mean() - half, scores.mean() + half), rel=1e-9)


def test_invalid_input_is_refused() -> None:
    with pytest.raises(ValueError, match="group codes"):
        summarise_groups([0, 2], [1, 0], [0.5, 0.5], n_groups=2)
    with pytest.raises(ValueError, match=r"probabilities"):
        summarise_groups([0], [1], [1.5], n_groups=1)
    one = summarise_groups([0], [1], [0.5], n_groups=1)
    two = summarise_groups([0], [1], [0.5], n_groups=2)
    with pytest.raises(ValueError, match="cannot merge"):
        one.merge(two)
    assert isinstance(one, ScoreSummaries)
