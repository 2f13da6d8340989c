"""SQL for reading a table column of any type as a foretell value, and the same in Python.

Each ``*_sql`` function takes a column's quoted name and DuckDB type and returns an expression
giving the value (NULL when empty or invalid); ``raw_sql`` gives the cell as text, for the
messages and to tell an empty cell from an invalid one. The rules are those of YAML files
(``docs/format.md``): probabilities as numbers or percentages, dates as ``YYYY-MM-DD`` (or a
date and time with a UTC offset, standing for its date), ids as lowercase slugs.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Final

import pendulum

from foretell.load.values import Invalid, is_number, parse_outcome
from foretell.model import Outcome

__all__ = [
    "DATE_PATTERN",
    "SLUG_PATTERN",
    "date_sql",
    "is_date_type",
    "is_list_type",
    "is_numeric_type",
    "is_text_type",
    "outcome_ok_sql",
    "parse_table_outcome",
    "probability_sql",
    "raw_sql",
    "text_sql",
    "to_date",
]

SLUG_PATTERN: Final = "[a-z0-9]+(-[a-z0-9]+)*"
#: ``YYYY-MM-DD``, optionally followed by a time of day with a UTC offset.
DATE_PATTERN: Final = (
    r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\s*(Z|z|[+-][0-9]{2}:?[0-9]{2}))?\s*"
)
_PERCENT_PATTERN: Final = r"\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*%\s*"
_NUMERIC: Final = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
)


def is_numeric_type(kind: str) -> bool:
    """Whether a DuckDB type holds numbers."""
    return kind in _NUMERIC or kind.startswith("DECIMAL")


def is_text_type(kind: str) -> bool:
    """Whether a DuckDB type holds text."""
    return kind == "VARCHAR"


def is_date_type(kind: str) -> bool:
    """Whether a DuckDB type holds dates or timestamps."""
    return kind == "DATE" or kind.startswith("TIMESTAMP")


def is_list_type(kind: str) -> bool:
    """Whether a DuckDB type is a list (``VARCHAR[]``)."""
    return kind.endswith("[]")


def raw_sql(column: str, kind: str) -> str:
    """The cell as trimmed text, NULL when empty."""
    if is_list_type(kind):
        return f"NULLIF(array_to_string({column}, ','), '')"
    return f"NULLIF(trim(CAST({column} AS VARCHAR)), '')"


def text_sql(column: str, kind: str) -> str:
    """A text value: the trimmed cell, NULL when empty; a list is joined with commas."""
    if is_list_type(kind):
        return (
            f"NULLIF(array_to_string(list_filter(list_transform({column}, "
            f"lambda x: trim(CAST(x AS VARCHAR))), lambda x: x <> ''), ','), '')"
        )
    return raw_sql(column, kind)


def probability_sql(column: str, kind: str) -> str:
    """A probability as DOUBLE: a number, or a text number or percentage; NULL otherwise."""
    if is_numeric_type(kind):
        return f"CAST({column} AS DOUBLE)"
    if not is_text_type(kind):
        return "CAST(NULL AS DOUBLE)"
    text = f"trim({column})"
    return (
        f"COALESCE(TRY_CAST({text} AS DOUBLE), CASE WHEN regexp_full_match({text}, "
        f"'{_PERCENT_PATTERN}') THEN TRY_CAST(regexp_extract({text}, '[0-9.]+') AS DOUBLE) "
        "/ 100.0 END)"
    )


def date_sql(column: str, kind: str) -> str:
    """A DATE: ``YYYY-MM-DD`` text (or with a time and offset), a DATE, or a midnight timestamp."""
    if kind == "DATE":
        return column
    if kind.startswith("TIMESTAMP"):
        return f"CASE WHEN CAST({column} AS TIME) = TIME '00:00:00' THEN CAST({column} AS DATE) END"
    if not is_text_type(kind):
        return "CAST(NULL AS DATE)"
    return (
        f"CASE WHEN regexp_full_match({column}, '{DATE_PATTERN}') "
        f"THEN TRY_CAST(substr(trim({column}), 1, 10) AS DATE) END"
    )


def outcome_ok_sql(value: str) -> str:
    """Whether a text value is an outcome a yes/no question can take."""
    return (
        f"COALESCE(lower({value}) IN ('yes', 'no', 'annulled', 'ambiguous') "
        f"OR TRY_CAST({value} AS DOUBLE) BETWEEN 0 AND 1 "
        f"OR (regexp_full_match({value}, '{_PERCENT_PATTERN}') "
        f"AND TRY_CAST(regexp_extract({value}, '[0-9.]+') AS DOUBLE) <= 100), false)"
    )


def parse_table_outcome(text: str) -> Outcome | Invalid:
    """An outcome from a table cell: as in YAML, and a number written as text is a number."""
    stripped = text.strip()
    if is_number(stripped):
        number = float(stripped)
        return parse_outcome(number if math.isfinite(number) else stripped)
    return parse_outcome(stripped)


def to_date(value: dt.date) -> pendulum.Date:
    """A DuckDB date as a :class:`pendulum.Date`."""
    return pendulum.date(value.year, value.month, value.day)
