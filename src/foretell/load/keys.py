"""The keys each kind of entry may hold: the vocabulary of the file format.

``docs/format.md`` describes every key; ``docs/schema/`` gives the same sets as JSON Schemas.
"""

from __future__ import annotations

__all__ = [
    "CONFIG_KEYS",
    "EVIDENCE_KEYS",
    "FILE_DEFAULT_KEYS",
    "FORECAST_KEYS",
    "PREDICTION_KEYS",
    "PROSE_KEYS",
    "SOURCE_KEYS",
]

SOURCE_KEYS = frozenset({"url", "title", "publisher", "author", "published", "document", "note"})
#: Keys at the top of a file with several forecasts; all but ``forecasts`` are defaults.
FILE_DEFAULT_KEYS = frozenset(
    {
        "source",
        "forecaster",
        "made",
        "resolves",
        "otherwise",
        "outcomes",
        "tags",
        "criteria",
        "yardstick",
    }
)
FORECAST_KEYS = frozenset(
    {
        "id",
        "question",
        "quote",
        "source",
        "probability",
        "made",
        "forecaster",
        "note",
        "resolves",
        "criteria",
        "otherwise",
        "outcomes",
        "tags",
        "predictions",
        "origin",
        "wording",
        "yardstick",
        "draft",
        "sealed",
        "revealed",
    }
)
PREDICTION_KEYS = frozenset({"by", "made", "probability", "note", "wording", "yardstick"})
EVIDENCE_KEYS = frozenset(
    {"id", "observed", "source", "sources", "summary", "resolves", "supersedes", "note"}
)
#: Text values in which an unquoted ' #' most likely cut the text short.
PROSE_KEYS = frozenset({"question", "criteria", "quote", "note", "summary", "title"})
#: Settings of ``foretell.toml``.
CONFIG_KEYS = frozenset(
    {"evidence_checked_through", "forecaster", "timezone", "title", "yardstick"}
)
