"""Shared test helpers: the fixture books live in tests/books/."""

from __future__ import annotations

from pathlib import Path

import pytest

BOOKS = Path(__file__).parent / "books"


@pytest.fixture
def books() -> Path:
    """The folder of fixture books."""
    return BOOKS
