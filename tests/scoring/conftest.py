"""Fixtures for the scoring tests: published reference values, stored in data/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def published() -> dict[str, Any]:
    """Published and upstream-test reference values (tests/scoring/data/published_values.json)."""
    with (DATA / "published_values.json").open(encoding="utf-8") as file:
        values: dict[str, Any] = json.load(file)["values"]
    return values


@pytest.fixture(scope="session")
def niamey(published: dict[str, Any]) -> dict[str, np.ndarray]:
    """R reliabilitydiag's precip_Niamey_2016: 92 days of outcomes and four forecasts."""
    data = published["reliabilitydiag_niamey"]["data"]
    return {name: np.asarray(values, dtype=np.float64) for name, values in data.items()}
