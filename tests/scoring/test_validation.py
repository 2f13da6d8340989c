"""Bad input raises ValueError naming the problem and the first offending element."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from foretell.scoring import (
    bootstrap_interval,
    brier_score,
    brier_skill_score,
    calibration_table,
    compare,
    corp_decomposition,
    log_score,
    murphy_decomposition,
    spiegelhalter_test,
)

nan = float("nan")

#: Every public function that takes (outcomes, probabilities) of a binary question.
BINARY_FUNCTIONS: dict[str, Callable[[Any, Any], object]] = {
    "brier_score": brier_score,
    "log_score": log_score,
    "brier_skill_score": lambda y, p: brier_skill_score(y, p, 0.5),
    "corp_decomposition": corp_decomposition,
    "corp_decomposition_log": lambda y, p: corp_decomposition(y, p, score="log"),
    "murphy_decomposition": murphy_decomposition,
    "calibration_table": calibration_table,
    "spiegelhalter_test": spiegelhalter_test,
    "bootstrap_interval": lambda y, p: bootstrap_interval(y, p, n_resamples=10),
    "compare_a": lambda y, p: compare(y, p, np.full(np.shape(p), 0.5)),
}

BINARY_CASES = [
    ([0, 1], [0.5], r"^outcomes and probabilities\w* must have the same length: 2 != 1$"),
    ([], [], r"^outcomes and probabilities\w* must not be empty$"),
    ([0, 1, 1], [0.2, 0.4, nan], r"^probabilities\w*\[2\] must not be NaN$"),
    ([0, nan, 1], [0.2, 0.4, 0.6], r"^outcomes\[1\] must not be NaN$"),
    ([0, 1, 1, 0], [0.2, 0.4, 0.6, 1.2], r"^probabilities\w*\[3\] must be between 0 and 1: 1.2$"),
    ([0, 1, 1, 0], [0.2, -0.1, 0.6, 1.2], r"^probabilities\w*\[1\] must be between 0 and 1: -0.1$"),
    ([0, 2, 1], [0.2, 0.4, 0.6], r"^outcomes\[1\] must be between 0 and 1: 2$"),
    ([0, 1, -1], [0.2, 0.4, 0.6], r"^outcomes\[2\] must be between 0 and 1: -1$"),
    ([0, 1], [0.2, np.inf], r"^probabilities\w*\[1\] must be between 0 and 1: inf$"),
    ([[0, 1]], [0.2, 0.3], r"^outcomes must be 1-D \(one outcome per case\): got 2-D$"),
    (["no", "yes"], [0.2, 0.3], r"^outcomes must be numbers"),
]


@pytest.mark.parametrize("function", BINARY_FUNCTIONS.values(), ids=BINARY_FUNCTIONS.keys())
@pytest.mark.parametrize(("outcomes", "probabilities", "message"), BINARY_CASES)
def test_binary_input_errors(
    function: Callable[[Any, Any], object], outcomes: Any, probabilities: Any, message: str
) -> None:
    """Each binary function reports the same problems with the same messages."""
    with pytest.raises(ValueError, match=message):
        function(outcomes, probabilities)


MULTI_FUNCTIONS: dict[str, Callable[[Any, Any], object]] = {
    "brier_score": brier_score,
    "log_score": log_score,
    "brier_skill_score": lambda y, p: brier_skill_score(y, p, "base_rate"),
    "bootstrap_interval": lambda y, p: bootstrap_interval(y, p, n_resamples=10),
}

P3 = [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]
MULTI_CASES = [
    ([0, 3], P3, r"^outcomes\[1\] must be a category index \(an integer from 0 to 2\): 3$"),
    ([0.5, 1], P3, r"^outcomes\[0\] must be a category index \(an integer from 0 to 2\): 0.5$"),
    ([-1, 1], P3, r"^outcomes\[0\] must be a category index .*: -1$"),
    ([0, nan], P3, r"^outcomes\[1\] must not be NaN$"),
    ([0, 1], [[0.2, 0.3, 0.5], [0.1, 0.1, 0.7]], r"^row probabilities\[1\] must sum to 1: 0.9"),
    ([0, 1], [[0.2, 0.3, 0.5], [0.1, nan, 0.9]], r"^probabilities\[1, 1\] must not be NaN$"),
    ([0, 1], [[0.2, 0.3, 0.5], [-0.1, 0.2, 0.9]], r"^probabilities\[1, 0\] must be between"),
    ([0, 1, 2], P3, r"^outcomes and probabilities must have the same length: 3 != 2$"),
    ([0, 0], [[1.0], [1.0]], r"^probabilities must have at least 2 columns"),
]


@pytest.mark.parametrize("function", MULTI_FUNCTIONS.values(), ids=MULTI_FUNCTIONS.keys())
@pytest.mark.parametrize(("outcomes", "probabilities", "message"), MULTI_CASES)
def test_multi_category_input_errors(
    function: Callable[[Any, Any], object], outcomes: Any, probabilities: Any, message: str
) -> None:
    """Multi-category input: category indices and rows of probabilities are checked."""
    with pytest.raises(ValueError, match=message):
        function(outcomes, probabilities)


def test_row_sum_tolerance() -> None:
    """Rows may miss 1 by up to 1e-6 (rounded percentages), not more."""
    brier_score([0], [[0.3333333, 0.3333333, 0.3333334]])
    brier_score([0], [[0.5, 0.5 + 9e-7]])
    with pytest.raises(ValueError, match="must sum to 1"):
        brier_score([0], [[0.5, 0.5 + 2e-6]])


@pytest.mark.parametrize(
    "function", [brier_score, log_score, lambda y, p: brier_skill_score(y, p, 0.5)]
)
@pytest.mark.parametrize(
    ("probabilities", "message"),
    [
        (0.5, r"must be 1-D \(binary: probability of 'yes'\) or 2-D .*: got 0-D$"),
        (np.full((1, 2, 2), 0.25), r"got 3-D$"),
    ],
)
def test_wrong_dimensions(
    function: Callable[[Any, Any], object], probabilities: Any, message: str
) -> None:
    """Probabilities must be 1-D or 2-D."""
    with pytest.raises(ValueError, match=message):
        function([1], probabilities)


@pytest.mark.parametrize(
    "function", [corp_decomposition, murphy_decomposition, calibration_table, spiegelhalter_test]
)
def test_binary_only_functions_refuse_2d(function: Callable[[Any, Any], object]) -> None:
    """Decompositions and calibration checks take binary forecasts only."""
    with pytest.raises(ValueError, match=r"must be 1-D .* binary forecasts only"):
        function([0, 1], [[0.5, 0.5], [0.5, 0.5]])


@pytest.mark.parametrize("scale", ["0-100", "half", None])
def test_unknown_scale(scale: Any) -> None:
    """scale must be one of the three names."""
    with pytest.raises(ValueError, match=r"^scale must be one of 'auto', '0-1', '0-2'"):
        brier_score([1], [0.5], scale=scale)


def test_unknown_corp_score() -> None:
    """corp_decomposition decomposes the Brier or the log score."""
    with pytest.raises(ValueError, match=r"^score must be 'brier' or 'log': 'spherical'$"):
        corp_decomposition([1], [0.5], score="spherical")


def test_object_arrays_of_numbers_are_accepted() -> None:
    """Numbers given as Python objects (e.g. fractions) are converted."""
    assert brier_score([Fraction(1)], [Fraction(1, 2)]) == 0.25  # type: ignore[arg-type]
