"""Tests of murphy_decomposition: exact fractions, the bin rule and the exact identity."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foretell.scoring import MurphyDecomposition, brier_score, murphy_decomposition

PROPERTY = settings(max_examples=80, deadline=None)


def murphy_by_fractions(
    y: list[Fraction], p: list[Fraction], bin_of: list[int]
) -> dict[str, Fraction]:
    """The Murphy and Stephenson terms in exact arithmetic, written from the formulas."""
    n = len(y)
    zero = Fraction(0)
    ybar = sum(y, zero) / n
    members: dict[int, list[int]] = {}
    for i, k in enumerate(bin_of):
        members.setdefault(k, []).append(i)
    pbar = {k: sum((p[i] for i in idx), zero) / len(idx) for k, idx in members.items()}
    obar = {k: sum((y[i] for i in idx), zero) / len(idx) for k, idx in members.items()}
    return {
        "score": sum(((p[i] - y[i]) ** 2 for i in range(n)), zero) / n,
        "reliability": sum(
            (len(idx) * (pbar[k] - obar[k]) ** 2 for k, idx in members.items()), zero
        )
        / n,
        "resolution": sum((len(idx) * (obar[k] - ybar) ** 2 for k, idx in members.items()), zero)
        / n,
        "uncertainty": ybar * (1 - ybar),
        "within_bin_variance": sum(((p[i] - pbar[bin_of[i]]) ** 2 for i in range(n)), zero) / n,
        "within_bin_covariance": 2
        * sum(((p[i] - pbar[bin_of[i]]) * (y[i] - obar[bin_of[i]]) for i in range(n)), zero)
        / n,
    }


def identity_error(d: MurphyDecomposition) -> float:
    total = (
        d.reliability
        - d.resolution
        + d.uncertainty
        + d.within_bin_variance
        - d.within_bin_covariance
    )
    return abs(total - d.score)


def test_five_cases_in_exact_fractions() -> None:
    """A 5-case example, two bins [0, 0.5] and (0.5, 1], against exact arithmetic."""
    y = [0, 1, 1, 0, 1]
    p = ["0.1", "0.3", "0.8", "0.9", "0.9"]
    exact = murphy_by_fractions(
        [Fraction(v) for v in y], [Fraction(v) for v in p], bin_of=[0, 0, 1, 1, 1]
    )
    assert exact["score"] == Fraction(34, 125)
    assert exact["reliability"] == Fraction(3, 50)
    d = murphy_decomposition(y, [float(v) for v in p], bins=2)
    for name, value in exact.items():
        assert getattr(d, name) == pytest.approx(float(value), rel=1e-12), name


def test_ten_bins_with_values_on_edges() -> None:
    """Whole-percent forecasts on decile edges: 0.3 belongs to (0.2, 0.3], 0 to [0, 0.1]."""
    y = [0, 0, 1, 1, 0, 1, 1, 1]
    p = ["0", "0.1", "0.3", "0.3", "0.31", "0.7", "0.75", "1"]
    bin_of = [0, 0, 2, 2, 3, 6, 7, 9]
    exact = murphy_by_fractions([Fraction(v) for v in y], [Fraction(v) for v in p], bin_of)
    d = murphy_decomposition(y, [float(v) for v in p])
    for name, value in exact.items():
        assert getattr(d, name) == pytest.approx(float(value), rel=1e-12, abs=1e-15), name


def test_explicit_edges_same_as_count() -> None:
    """np.linspace edges (0.30000000000000004) bin exactly like bins=10."""
    rng = np.random.default_rng(1)
    p = rng.integers(0, 101, 500) / 100
    y = (rng.random(500) < p).astype(float)
    assert murphy_decomposition(y, p, bins=np.linspace(0, 1, 11)) == murphy_decomposition(y, p)


def test_constant_within_bins_has_no_extra_terms() -> None:
    """When each bin holds one forecast value, WBV = WBC = 0 and REL - RES + UNC = BS."""
    y = [0, 1, 1, 0, 1, 1]
    p = [0.15, 0.15, 0.65, 0.65, 0.95, 0.95]
    d = murphy_decomposition(y, p)
    assert d.within_bin_variance == 0.0
    assert d.within_bin_covariance == 0.0
    assert d.reliability - d.resolution + d.uncertainty == pytest.approx(d.score, rel=1e-12)


def test_one_bin() -> None:
    """A single bin: REL = (pbar - ybar)^2 and RES = 0."""
    y = np.array([0, 1, 1, 1])
    p = np.array([0.2, 0.4, 0.9, 0.7])
    d = murphy_decomposition(y, p, bins=1)
    assert d.reliability == pytest.approx((p.mean() - y.mean()) ** 2, rel=1e-12)
    assert d.resolution == 0.0


def test_fractional_outcomes_use_outcome_variance() -> None:
    """With fractional outcomes UNC is the outcome variance and the identity still holds."""
    y = np.array([0.2, 0.9, 0.5, 0.0, 1.0])
    p = np.array([0.1, 0.8, 0.6, 0.3, 0.95])
    d = murphy_decomposition(y, p, bins=4)
    assert d.uncertainty == pytest.approx(np.var(y), rel=1e-12)
    assert identity_error(d) <= 1e-12


@pytest.mark.parametrize(
    ("bins", "message"),
    [
        (0, r"^bins must be at least 1: 0$"),
        ([0.0, 0.5], r"^bin edges must start at 0 and end at 1: 0 .. 0.5$"),
        ([0.0, 0.6, 0.4, 1.0], r"^bin edges must be strictly increasing: bins\[2\] = 0.4$"),
        ([[0.0, 1.0]], r"^bins must be a number of bins or a 1-D array"),
        ([1.0], r"^bins must be a number of bins or a 1-D array"),
    ],
)
def test_bad_bins(bins: object, message: str) -> None:
    """Invalid bins are refused with a message."""
    with pytest.raises(ValueError, match=message):
        murphy_decomposition([0, 1], [0.2, 0.8], bins=bins)  # type: ignore[arg-type]


@PROPERTY
@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 100), st.booleans()), min_size=1, max_size=60
    ),
    st.integers(1, 25),
)
def test_identity_property(cases: list[tuple[float, int, bool]], bins: int) -> None:
    """BS = REL - RES + UNC + WBV - WBC to 1e-12, for any data and bin count."""
    y = np.array([float(c[2]) for c in cases])
    p = np.array([c[0] if c[1] % 2 else c[1] / 100 for c in cases])
    d = murphy_decomposition(y, p, bins=bins)
    assert identity_error(d) <= 1e-12
    assert d.score == pytest.approx(brier_score(y, p), rel=1e-12, abs=1e-15)
    assert d.reliability >= 0
    assert d.resolution >= 0
