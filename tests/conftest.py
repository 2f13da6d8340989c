"""Shared test helpers: the fixture books live in tests/books/."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

BOOKS = Path(__file__).parent / "books"


@pytest.fixture
def books() -> Path:
    """The folder of fixture books."""
    return BOOKS


@pytest.fixture(scope="session")
def _parse_cache_folder() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="foretell-parse-cache-") as folder:
        yield folder


@pytest.fixture(autouse=True)
def _private_parse_cache(_parse_cache_folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run by the tests keep their parse cache in a temporary folder, not the user's."""
    monkeypatch.setenv("FORETELL_CACHE_DIR", _parse_cache_folder)
