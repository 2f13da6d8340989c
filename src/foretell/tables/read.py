"""Reading every table of a book: one :class:`~foretell.load.FileReading` per file, and the store.

:func:`read_tables` opens each table under ``forecasts/`` and ``evidence/`` in one DuckDB
connection, checks it, and returns what the loader combines with the YAML files' readings
(ids, forecasts, evidence, links, problems) and a :class:`PredictionTables`: the view of every
valid prediction row, which resolution and scoring query without making Python objects.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from foretell.load import FileReading
from foretell.problems import Location, Problem

from .evidence import read_evidence_table
from .forecasts import read_forecast_table
from .sources import open_table

if TYPE_CHECKING:
    import duckdb

__all__ = ["PredictionTables", "TableBook", "connect", "read_tables"]

#: What DuckDB may use before it spills to disk (peak memory stays well under 4 GB).
MEMORY_LIMIT = "2GB"


@attrs.frozen(eq=False)
class PredictionTables:
    """The prediction rows of a book's forecast tables, ready for columnar queries.

    Attributes:
        connection: the DuckDB connection holding the views.
        view: a view with one row per valid prediction: ``file`` (index into ``files``),
            ``row`` (spreadsheet row), ``seq`` (the row's place in the book: by file, then
            row), ``id``, ``forecaster``, ``made`` (DATE),
            ``probability`` (DOUBLE) and ``note``.
        files: the forecast tables' paths relative to the book, by file number.
        made_columns: the column number of ``made`` in each forecast table (0 if none).
        rows: the number of data rows of the forecast tables (valid or not).
    """

    connection: duckdb.DuckDBPyConnection
    view: str
    files: tuple[str, ...]
    made_columns: tuple[int, ...] = ()
    rows: int = 0

    def forecasters(self) -> tuple[str, ...]:
        """Every forecaster named in the tables, sorted."""
        rows = self.connection.execute(
            f"SELECT DISTINCT forecaster FROM {self.view} ORDER BY forecaster"
        ).fetchall()
        return tuple(str(row[0]) for row in rows)


@attrs.frozen(eq=False)
class TableBook:
    """What the tables of a book give: each file's reading (by path) and the prediction rows."""

    readings: dict[str, FileReading]
    predictions: PredictionTables | None


def connect() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection that spills to the system's temporary folder."""
    import duckdb  # noqa: PLC0415 - the table engine is an optional extra, loaded on use

    spill = Path(tempfile.gettempdir()) / f"foretell-duckdb-{os.getpid()}"
    return duckdb.connect(
        config={
            "memory_limit": MEMORY_LIMIT,
            "temp_directory": str(spill),
            "preserve_insertion_order": "true",
            "enable_external_access": "true",
        }
    )


def read_tables(
    forecast_tables: Sequence[tuple[Path, str, str]],
    evidence_tables: Sequence[tuple[Path, str, str]],
) -> TableBook:
    """Check every table and gather what it defines (see the module's description)."""
    try:
        import duckdb  # noqa: PLC0415, F401 - only to know whether the engine is installed
    except ImportError:
        first = (forecast_tables or evidence_tables)[0][1]
        return TableBook(
            readings={
                first: FileReading(
                    problems=[
                        Problem(
                            Location(first),
                            "T102",
                            "the book holds tables, but the table engine is not installed",
                            "pip install 'foretell[tables]'",
                        )
                    ]
                ),
            },
            predictions=None,
        )
    connection = connect()
    connection.execute("SET enable_progress_bar = false")
    readings: dict[str, FileReading] = {}
    selects: list[str] = []
    files: list[str] = []
    made_columns: list[int] = []
    first_seq = 0
    for number, (path, relative, kind) in enumerate(forecast_tables):
        files.append(relative)
        made_columns.append(0)
        opened, problems = open_table(connection, path, relative, kind, f"forecast_table_{number}")
        if opened is None:
            readings[relative] = FileReading(problems=problems)
            continue
        result = read_forecast_table(connection, opened, relative, number, first_seq)
        first_seq += opened.rows + len(problems) + 2  # rows skipped in a CSV keep numbers
        result.reading.problems[:0] = problems
        made_columns[-1] = result.made_column
        readings[relative] = result.reading
        if result.predictions_sql is not None:
            selects.append(result.predictions_sql)
    for number, (path, relative, kind) in enumerate(evidence_tables):
        opened, problems = open_table(connection, path, relative, kind, f"evidence_table_{number}")
        if opened is None:
            readings[relative] = FileReading(problems=problems)
            continue
        reading = read_evidence_table(connection, opened, relative)
        reading.problems[:0] = problems
        readings[relative] = reading
    empty = (
        "SELECT CAST(NULL AS INTEGER) AS file, CAST(NULL AS BIGINT) AS row, "
        "CAST(NULL AS BIGINT) AS seq, "
        "CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS forecaster, "
        "CAST(NULL AS DATE) AS made, CAST(NULL AS DOUBLE) AS probability, "
        "CAST(NULL AS VARCHAR) AS note WHERE false"
    )
    union = " UNION ALL ".join(selects) if selects else empty
    connection.execute(f"CREATE OR REPLACE TEMP VIEW table_predictions AS {union}")
    return TableBook(
        readings=readings,
        predictions=PredictionTables(
            connection, "table_predictions", tuple(files), tuple(made_columns), first_seq
        ),
    )
