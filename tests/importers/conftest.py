"""Fixtures of the importer tests: the independent expected-figures module, the shared data."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

#: Real data beside the repository (never committed): ../shared/data.
SHARED = Path(
    os.environ.get("FORETELL_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
)


@pytest.fixture(scope="session")
def expected() -> ModuleType:
    """tests/importers/expected_figures.py, loaded by path (it imports nothing of foretell)."""
    path = Path(__file__).parent / "expected_figures.py"
    spec = importlib.util.spec_from_file_location("expected_figures", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder; tests that need it skip, saying why, when it is absent."""
    if not (SHARED / "logs").is_dir():
        pytest.skip(f"the real logs are not here: {SHARED / 'logs'} is absent")
    return SHARED
