"""Opening a table file as a DuckDB view whose ``_row`` column is the spreadsheet row number.

Row numbers are as a spreadsheet shows them: the header is row 1 and the first data row is row
2, for CSV and Parquet alike. A file that cannot be read as a table (truncated, foreign, not
UTF-8, ragged CSV rows) gives located problems, never an exception.

Parquet is scanned by DuckDB directly (streaming, larger than memory). CSV is read by pyarrow's
CSV reader with every column as text, in file order, so that row numbers are exact; the rows
that pyarrow cannot split into the header's columns are reported one by one.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from foretell.files import file_kind
from foretell.problems import Location, Problem

if TYPE_CHECKING:
    import duckdb

__all__ = ["OpenedTable", "open_table"]

#: The name DuckDB gives the column of row numbers when reading Parquet.
_FILE_ROW_NUMBER = "file_row_number"


@attrs.frozen
class OpenedTable:
    """A table file opened as a view.

    Attributes:
        view: the DuckDB view's name: the file's columns plus ``_row`` (spreadsheet row).
        columns: the file's column names, in file order.
        types: the DuckDB type of each column, as text (``VARCHAR``, ``DOUBLE``, ``DATE``...).
        rows: the number of data rows.
    """

    view: str
    columns: tuple[str, ...]
    types: tuple[str, ...]
    rows: int


def open_table(
    connection: duckdb.DuckDBPyConnection, path: Path, relative: str, kind: str, view: str
) -> tuple[OpenedTable | None, list[Problem]]:
    """Open ``path`` (format ``kind``: ``parquet`` or ``csv``) as the view ``view``.

    Returns the opened table (``None`` when the file cannot be read at all) and the problems.
    """
    import duckdb  # noqa: PLC0415 - the table engine is an optional extra, loaded on use

    refused = _not_regular(path, relative)
    if refused is not None:
        return None, [refused]
    try:
        if kind == "parquet":
            return _open_parquet(connection, path, relative, view), []
        return _open_csv(connection, path, relative, view)
    except (duckdb.Error, OSError, ValueError, UnicodeDecodeError) as error:
        return None, [_unreadable(path, relative, kind, error)]
    except Exception as error:  # pyarrow's own errors (ArrowInvalid, ...)
        if type(error).__module__.startswith("pyarrow"):
            return None, [_unreadable(path, relative, kind, error)]
        raise


def _not_regular(path: Path, relative: str) -> Problem | None:
    """The problem of a table path that is not a regular file (a FIFO would make the reader
    wait for ever, a device read without end); ``None`` for a regular file.

    The engines open the file by its path, so this is checked just before; the book's walk has
    already refused links that lead outside the book, and git stores no FIFOs or devices.
    """
    try:
        mode = os.stat(path).st_mode  # noqa: PTH116 - links followed, as the engines do
    except OSError as error:
        return Problem(
            Location(relative), "Y101", f"cannot read the file: {error.strerror or error}"
        )
    if stat.S_ISREG(mode):
        return None
    return Problem(
        Location(relative),
        "Y101",
        f"foretell does not read this file: it is {file_kind(mode)}, not a regular file",
    )


def _unreadable(path: Path, relative: str, kind: str, error: BaseException) -> Problem:
    # The engine's message names the file by its full path: name it as the book does.
    detail = " ".join(str(error).replace(str(path), relative).split())
    if len(detail) > 200:
        detail = detail[:197] + "..."
    what = "a Parquet file" if kind == "parquet" else "CSV text"
    return Problem(
        Location(relative),
        "T101",
        f"the table cannot be read as {what}: {detail}",
        "check that the file is complete and in the format its name says"
        if kind == "parquet"
        else "save the table as UTF-8 CSV with a header row",
    )


def _open_parquet(
    connection: duckdb.DuckDBPyConnection, path: Path, relative: str, view: str
) -> OpenedTable:
    relation = connection.read_parquet(str(path), file_row_number=True)
    names = [name for name in relation.columns if name != _FILE_ROW_NUMBER]
    types = [str(t) for name, t in zip(relation.columns, relation.types, strict=True)]
    type_of = dict(zip(relation.columns, types, strict=True))
    selected = ", ".join(_quote(name) for name in names)
    relation = relation.project(
        f"{_quote(_FILE_ROW_NUMBER)} + 2 AS _row{', ' if selected else ''}{selected}"
    )
    relation.create_view(view, replace=True)
    rows = _count(connection, view)
    return OpenedTable(view, tuple(names), tuple(type_of[n] for n in names), rows)


def _open_csv(
    connection: duckdb.DuckDBPyConnection, path: Path, relative: str, view: str
) -> tuple[OpenedTable | None, list[Problem]]:
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    from pyarrow import csv as pa_csv  # noqa: PLC0415

    header = _csv_header(path)
    if header is None:
        return None, [
            Problem(
                Location(relative),
                "Y109",
                "the table is empty",
                "add a header row and one row per prediction, or delete the file",
                severity=_warning(),
            )
        ]
    problems: list[Problem] = []
    skipped: list[int] = []

    def skip(row: Any) -> str:
        number = int(row.number) if row.number is not None else 0
        skipped.append(number)
        problems.append(
            Problem(
                Location(relative, number, 1),
                "T101",
                f"the row has {row.actual_columns} cells, the header {row.expected_columns}",
                "quote cells that hold commas; give every row one cell per column",
            )
        )
        return "skip"

    table = pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(use_threads=False, encoding="utf8"),
        parse_options=pa_csv.ParseOptions(invalid_row_handler=skip, newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    # A data row's spreadsheet number: 2 for the first, skipping the rows pyarrow rejected.
    numbers = np.arange(2, table.num_rows + len(skipped) + 2, dtype=np.int64)
    if skipped:
        numbers = np.setdiff1d(numbers, np.asarray(skipped, dtype=np.int64), assume_unique=True)
    table = table.add_column(0, "_row", pa.array(numbers[: table.num_rows]))
    connection.register(view, table)
    names = tuple(table.column_names[1:])
    return OpenedTable(view, names, ("VARCHAR",) * len(names), table.num_rows), problems


def _csv_header(path: Path) -> list[str] | None:
    """The header row of a CSV file (``None`` if the file is empty), UTF-8 with or without BOM."""
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        for row in csv.reader(text):
            if row:
                return row
    return None


def _count(connection: duckdb.DuckDBPyConnection, view: str) -> int:
    return int(connection.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0])


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _warning() -> Any:
    from foretell.problems import Severity  # noqa: PLC0415

    return Severity.WARNING
