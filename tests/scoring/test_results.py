"""Result records: immutable attrs classes with named fields, documented in docs/scoring.md."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import numpy as np
import pytest

from foretell import scoring
from foretell.scoring import (
    CorpDecomposition,
    MurphyDecomposition,
    corp_decomposition,
    wilson_interval,
)

DOCS = Path(__file__).parents[2] / "docs" / "scoring.md"
RESULT_CLASSES = [getattr(scoring, name) for name in scoring.__all__ if name[0].isupper()]


@pytest.mark.parametrize("cls", RESULT_CLASSES, ids=lambda cls: cls.__name__)
def test_results_are_frozen_attrs(cls: type) -> None:
    """Every result class is a frozen attrs class."""
    assert attrs.has(cls)
    instance_fields = attrs.fields(cls)
    assert instance_fields
    assert cls.__setattr__ is not object.__setattr__


def test_cannot_assign() -> None:
    """Fields cannot be reassigned."""
    d = MurphyDecomposition(0.2, 0.01, 0.05, 0.24, 0.0, 0.0)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.score = 0.0  # type: ignore[misc]


def test_corp_equality_and_hash() -> None:
    """Decompositions with an array field compare by value and stay hashable."""
    first = corp_decomposition([0, 1, 1], [0.2, 0.6, 0.7])
    second = corp_decomposition([0, 1, 1], [0.2, 0.6, 0.7])
    assert first == second
    assert hash(first) == hash(second)
    changed = attrs.evolve(first, recalibrated=np.array([0.0, 1.0, 0.5]))
    assert changed != first


def test_long_recalibrated_repr_is_short() -> None:
    """The repr of a large decomposition does not print every value."""
    d = corp_decomposition(np.zeros(1000), np.full(1000, 0.3))
    assert "<array of 1000 values>" in repr(d)
    assert "recalibrated=array([" in repr(corp_decomposition([0, 1], [0.2, 0.6]))


def test_wilson_interval_unpacks() -> None:
    """A Wilson interval unpacks as (low, high) and keeps its level."""
    interval = wilson_interval(3, 10, level=0.9)
    low, high = interval
    assert (low, high) == (interval.low, interval.high)
    assert interval.level == 0.9


def test_public_names_and_fields_are_documented() -> None:
    """docs/scoring.md names every public function, class and result field."""
    text = DOCS.read_text(encoding="utf-8")
    for name in scoring.__all__:
        assert re.search(rf"\b{name}\b", text), name
    for cls in RESULT_CLASSES:
        for field in attrs.fields(cls):
            assert re.search(rf"`{field.name}`", text), f"{cls.__name__}.{field.name}"


def test_corp_fields_order() -> None:
    """The CORP record's fields, in the documented order."""
    assert [f.name for f in attrs.fields(CorpDecomposition)] == [
        "score",
        "miscalibration",
        "discrimination",
        "uncertainty",
        "recalibrated",
    ]
