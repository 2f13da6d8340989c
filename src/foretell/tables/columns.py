"""The columns of forecast and evidence tables (``docs/tables.md`` describes each one).

A forecast table holds one row per prediction; the question fields (``question``,
``resolves``, ``criteria``, ``otherwise``, ``tags``, ``source_url``) may be repeated on every
row of an ``id`` or given once, but where given they must agree. An evidence table holds one row
per forecast an evidence record resolves; the record's fields (``observed``, ``url``,
``supersedes``, ``summary``) follow the same rule per evidence ``id``.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "EVIDENCE_COLUMNS",
    "EVIDENCE_RECORD_COLUMNS",
    "EVIDENCE_REQUIRED",
    "FORECAST_COLUMNS",
    "FORECAST_REQUIRED",
    "QUESTION_COLUMNS",
    "TABLE_SUFFIXES",
]

#: File name endings of tables, with their format.
TABLE_SUFFIXES: Final = {".parquet": "parquet", ".csv": "csv"}

#: Columns of a forecast table, in documented order.
FORECAST_COLUMNS: Final = (
    "id",
    "question",
    "resolves",
    "forecaster",
    "made",
    "probability",
    "tags",
    "criteria",
    "otherwise",
    "source_url",
    "note",
)
#: Columns a forecast table must have.
FORECAST_REQUIRED: Final = ("id", "question", "resolves", "forecaster", "made", "probability")
#: Columns that describe the question: equal on every row of an id that gives them.
QUESTION_COLUMNS: Final = ("question", "resolves", "criteria", "otherwise", "tags", "source_url")

#: Columns of an evidence table, in documented order.
EVIDENCE_COLUMNS: Final = (
    "id",
    "forecast",
    "outcome",
    "observed",
    "url",
    "supersedes",
    "summary",
    "title",
    "publisher",
)
#: Columns an evidence table must have.
EVIDENCE_REQUIRED: Final = ("id", "forecast", "outcome", "observed", "url")
#: Columns that describe the evidence record: equal on every row of an evidence id.
EVIDENCE_RECORD_COLUMNS: Final = ("observed", "url", "supersedes", "summary", "title", "publisher")
