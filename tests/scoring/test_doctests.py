"""Run the Examples sections of the scoring docstrings as doctests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "foretell.scoring.scores",
    "foretell.scoring.corp",
    "foretell.scoring.crowd",
    "foretell.scoring.murphy",
    "foretell.scoring.calibration",
    "foretell.scoring.significance",
    "foretell.scoring.resampling",
    "foretell.scoring.time_average",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name: str) -> None:
    """Every example in the module's docstrings runs and prints what it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_every_public_function_has_examples() -> None:
    """Each public function's docstring has an Examples section."""
    scoring = importlib.import_module("foretell.scoring")
    for name in scoring.__all__:
        obj = getattr(scoring, name)
        if callable(obj) and not isinstance(obj, type):
            assert "Examples\n    --------" in (obj.__doc__ or ""), name
