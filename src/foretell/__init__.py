"""foretell: keep score on predictions.

Forecasts and the evidence that resolves them live as YAML files in a folder (a *book*);
foretell loads and checks them, resolves them as of a date, and scores the forecasters.

>>> import foretell
>>> book = foretell.load_book("path/to/book")             # doctest: +SKIP
>>> states = foretell.resolve(book, foretell.today())     # doctest: +SKIP

The scoring functions work on plain numpy arrays and live in :mod:`foretell.scoring`
(imported on first use, as it loads scipy).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from foretell.check import check_book, check_reading, load_book
from foretell.dates import parse_date, today
from foretell.load import BookReading, read_book
from foretell.model import (
    Book,
    Evidence,
    Forecast,
    Outcome,
    Prediction,
    Resolution,
    Source,
    Status,
)
from foretell.problems import BookError, ForetellError, Location, Problem, Severity
from foretell.resolution import resolve, scored_predictions

if TYPE_CHECKING:
    from foretell import scoring

__all__ = [
    "Book",
    "BookError",
    "BookReading",
    "Evidence",
    "Forecast",
    "ForetellError",
    "Location",
    "Outcome",
    "Prediction",
    "Problem",
    "Resolution",
    "Severity",
    "Source",
    "Status",
    "check_book",
    "check_reading",
    "load_book",
    "parse_date",
    "read_book",
    "resolve",
    "scored_predictions",
    "scoring",
    "today",
]

__version__ = "0.1.0"

_LAZY_MODULES = frozenset({"scoring", "report"})


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY_MODULES:
        return importlib.import_module(f"foretell.{name}")
    raise AttributeError(f"module 'foretell' has no attribute {name!r}")
