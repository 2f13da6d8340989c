"""Tests of bootstrap_interval: seeds, fast path = generic path, and rough coverage."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from foretell.scoring import bootstrap_interval, brier_score, brier_skill_score, log_score
from foretell.scoring.resampling import linear_quantiles


def data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.02, 0.98, n)
    return (rng.random(n) < p).astype(np.float64), p


def test_reproducible_for_a_seed() -> None:
    """The same seed gives the same interval; another seed a different one."""
    y, p = data(80, 1)
    first = bootstrap_interval(y, p, seed=3)
    assert bootstrap_interval(y, p, seed=3) == first
    assert bootstrap_interval(y, p, seed=np.random.default_rng(3)) == first
    assert bootstrap_interval(y, p, seed=4) != first


def test_fields() -> None:
    """The estimate is the statistic on all cases; level and resample count are recorded."""
    y, p = data(50, 2)
    result = bootstrap_interval(y, p, level=0.9, n_resamples=300)
    assert result.estimate == brier_score(y, p)
    assert result.level == 0.9
    assert result.n_resamples == 300
    assert result.low < result.estimate < result.high


@pytest.mark.parametrize("statistic", [brier_score, log_score])
def test_fast_path_equals_generic_path(statistic: object) -> None:
    """Resampling per-case scores gives the same interval as calling the function."""
    y, p = data(40, 3)

    def wrapped(outcomes: object, probabilities: object) -> float:
        return statistic(outcomes, probabilities)  # type: ignore[operator, no-any-return]

    fast = bootstrap_interval(y, p, statistic=statistic, n_resamples=500)  # type: ignore[arg-type]
    slow = bootstrap_interval(y, p, statistic=wrapped, n_resamples=500)
    assert (fast.low, fast.high) == pytest.approx((slow.low, slow.high), rel=1e-12)
    assert fast.estimate == slow.estimate


def test_many_batches() -> None:
    """Batches of resamples (n x resamples above one batch) join seamlessly."""
    y, p = data(3000, 4)

    def wrapped(outcomes: object, probabilities: object) -> float:
        return brier_score(outcomes, probabilities)  # type: ignore[arg-type]

    fast = bootstrap_interval(y, p, n_resamples=700)
    slow = bootstrap_interval(y, p, statistic=wrapped, n_resamples=700)
    assert (fast.low, fast.high) == pytest.approx((slow.low, slow.high), rel=1e-12)


def test_close_to_normal_interval() -> None:
    """For a mean of many cases the percentile interval is close to mean +/- z sd / sqrt(n)."""
    y, p = data(4000, 5)
    scores = (p - y) ** 2
    half = norm.ppf(0.975) * scores.std(ddof=1) / np.sqrt(len(scores))
    result = bootstrap_interval(y, p, n_resamples=2000)
    assert result.low == pytest.approx(scores.mean() - half, abs=0.1 * half)
    assert result.high == pytest.approx(scores.mean() + half, abs=0.1 * half)


def test_constant_scores_give_a_point() -> None:
    """When every case scores the same, every resample does too."""
    result = bootstrap_interval([1, 0, 1], [0.8, 0.2, 0.8])
    assert result.low == pytest.approx(0.04, rel=1e-12)
    assert result.high == pytest.approx(0.04, rel=1e-12)


def test_multi_category_and_custom_statistic() -> None:
    """Rows of multi-category probabilities are resampled; any statistic works."""
    rng = np.random.default_rng(6)
    y = rng.integers(0, 3, 60)
    p = rng.dirichlet(np.ones(3), 60)
    result = bootstrap_interval(y, p, n_resamples=200)
    assert result.estimate == brier_score(y, p)
    assert 0 <= result.low <= result.estimate <= result.high <= 2
    yb, pb = data(60, 7)
    skill = bootstrap_interval(
        yb, pb, statistic=lambda o, q: brier_skill_score(o, q, 0.5), n_resamples=200
    )
    assert skill.low <= skill.estimate <= skill.high


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"level": 1.0}, r"^level must be strictly between 0 and 1: 1.0$"),
        ({"n_resamples": 0}, r"^n_resamples must be at least 1: 0$"),
        ({"n_resamples": 10.5}, r"^n_resamples must be an integer: 10.5$"),
    ],
)
def test_bad_options(options: dict[str, object], message: str) -> None:
    """Options are checked."""
    with pytest.raises(ValueError, match=message):
        bootstrap_interval([0, 1], [0.2, 0.8], **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [1, 2, 3, 7, 40, 2000, 2001])
def test_linear_quantiles_equal_numpy_to_the_last_bit(n: int) -> None:
    """The interval's quantiles are numpy's default (linear) quantiles, bit for bit."""
    rng = np.random.default_rng(n)
    levels = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
    samples = [
        rng.random(n),
        rng.integers(0, 5, n) / 4,  # many ties
        rng.normal(size=n) * 1e-9 + 0.25,
    ]
    for values in samples:
        for level in levels:
            wanted = ((1 - level) / 2, (1 + level) / 2)
            expected = np.quantile(values, list(wanted))
            got = linear_quantiles(values, wanted)
            assert [v.hex() for v in got] == [float(v).hex() for v in expected]


def test_linear_quantiles_of_a_sample_with_nan_are_nan() -> None:
    values = np.array([0.1, np.nan, 0.3])
    assert all(np.isnan(linear_quantiles(values, (0.025, 0.975))))
    assert np.isnan(np.quantile(values, [0.025, 0.975])).all()
