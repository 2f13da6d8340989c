"""Writing a book's forecasts and evidence as tables (``foretell export parquet``).

:func:`forecast_table` gives one row per prediction of every yes/no forecast, with the question
fields repeated on each row; :func:`evidence_table` one row per forecast each evidence record
resolves. Both follow ``docs/tables.md``, so a book whose YAML files are replaced by these
tables reads back as the same forecasts, predictions and evidence. A table holds what its
columns hold: a forecast's ``quote`` and the fields of its source other than the address, and
multi-category forecasts, stay in YAML (:attr:`TableExport.left_out` names the forecasts left
out).

:func:`write_table` writes Parquet or CSV atomically: to a temporary file in the target's
folder, read back and compared, then renamed over the target.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from foretell.model import Book, Evidence, Forecast, Outcome, Prediction

if TYPE_CHECKING:
    import pyarrow as pa

    from foretell.load import BookReading

__all__ = [
    "TableExport",
    "evidence_table",
    "export_parquet",
    "export_tables",
    "forecast_table",
    "write_table",
]


@attrs.frozen
class TableExport:
    """What :func:`export_tables` wrote.

    Attributes:
        forecasts: the forecast table's path, or None when the book has no yes/no forecast.
        evidence: the evidence table's path, or None when no record could be written.
        rows: number of prediction rows written.
        left_out: ids of forecasts that a table cannot hold (multi-category questions) and
            of evidence records without a web address.
    """

    forecasts: Path | None
    evidence: Path | None
    rows: int
    left_out: tuple[str, ...]


def _outcome_text(outcome: Outcome | None) -> str | None:
    if outcome is None:
        return None
    if isinstance(outcome, float):
        return repr(outcome)
    return str(outcome)


def forecast_table(forecasts: Iterable[Forecast]) -> tuple[pa.Table, tuple[str, ...]]:
    """One row per prediction of each yes/no forecast; and the ids of the forecasts left out."""
    import pyarrow as pa  # noqa: PLC0415 - optional extra

    columns: dict[str, list[Any]] = {
        name: []
        for name in (
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
    }
    left_out: list[str] = []
    for forecast in forecasts:
        if not forecast.is_binary:
            left_out.append(forecast.id)
            continue
        for prediction in forecast.predictions:
            columns["id"].append(forecast.id)
            columns["question"].append(forecast.question)
            columns["resolves"].append(forecast.resolves)
            columns["forecaster"].append(prediction.by)
            columns["made"].append(prediction.made)
            columns["probability"].append(float(prediction.probability))  # type: ignore[arg-type]
            columns["tags"].append(",".join(forecast.tags) or None)
            columns["criteria"].append(forecast.criteria)
            columns["otherwise"].append(_outcome_text(forecast.otherwise))
            columns["source_url"].append(forecast.source.url if forecast.source else None)
            columns["note"].append(prediction.note)
    types = {"resolves": pa.date32(), "made": pa.date32(), "probability": pa.float64()}
    table = pa.table(
        {name: pa.array(values, types.get(name, pa.string())) for name, values in columns.items()}
    )
    return table, tuple(left_out)


def evidence_table(evidence: Iterable[Evidence]) -> tuple[pa.Table, tuple[str, ...]]:
    """One row per forecast each record resolves; and the ids of records without a web address."""
    import pyarrow as pa  # noqa: PLC0415

    columns: dict[str, list[Any]] = {
        name: [] for name in ("id", "forecast", "outcome", "observed", "url", "supersedes")
    }
    for name in ("summary", "title", "publisher"):
        columns[name] = []
    left_out: list[str] = []
    for record in evidence:
        source = next((s for s in record.sources if s.url), None)
        if source is None or source.url is None:
            left_out.append(record.id)
            continue
        for forecast_id, outcome in record.resolves.items():
            columns["id"].append(record.id)
            columns["forecast"].append(forecast_id)
            columns["outcome"].append(_outcome_text(outcome))
            columns["observed"].append(record.observed)
            columns["url"].append(source.url)
            columns["supersedes"].append(",".join(record.supersedes) or None)
            columns["summary"].append(record.summary)
            columns["title"].append(source.title)
            columns["publisher"].append(source.publisher)
    table = pa.table(
        {
            name: pa.array(values, pa.date32() if name == "observed" else pa.string())
            for name, values in columns.items()
        }
    )
    return table, tuple(left_out)


def write_table(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` (Parquet, or CSV for a ``.csv`` name) atomically.

    The table goes to a temporary file in the same folder, is read back and compared with what
    was meant, and only then replaces ``path``; on any failure ``path`` is left as it was.
    """
    import pyarrow.csv as pa_csv  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    is_csv = path.suffix.lower() == ".csv"
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        if is_csv:
            pa_csv.write_csv(table, temporary)
            written_rows = pa_csv.read_csv(temporary).num_rows
            same = written_rows == table.num_rows
        else:
            pq.write_table(table, temporary, compression="zstd")
            same = pq.read_table(temporary).equals(table)
        if not same:
            msg = f"the table written to {path} does not read back the same"
            raise OSError(msg)
        os.replace(temporary, path)  # noqa: PTH105
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_tables(book: Book, forecasts_path: Path, evidence_path: Path | None) -> TableExport:
    """Write a book's yes/no forecasts (and evidence, if ``evidence_path``) as tables."""
    table, left_out = forecast_table(book.forecasts)
    written_forecasts = None
    if table.num_rows:
        write_table(table, forecasts_path)
        written_forecasts = forecasts_path
    written_evidence = None
    skipped: tuple[str, ...] = ()
    if evidence_path is not None:
        records, skipped = evidence_table(book.evidence)
        if records.num_rows:
            write_table(records, evidence_path)
            written_evidence = evidence_path
    return TableExport(
        forecasts=written_forecasts,
        evidence=written_evidence,
        rows=table.num_rows,
        left_out=left_out + skipped,
    )


def export_parquet(
    reading: BookReading,
    path: Path,
    *,
    as_of: pendulum.Date | None = None,
    forecaster: str | None = None,
) -> TableExport:
    """Write every yes/no prediction of a book, YAML and tables alike, as one forecast table.

    The table follows ``docs/tables.md``: put it in a book's ``forecasts/`` (with the YAML it
    replaces removed) and the book reads back the same forecasts and predictions. Predictions
    made after ``as_of`` are left out, and with ``forecaster`` those of everyone else. Table
    predictions go from the engine straight to the file (DuckDB's Parquet writer), so a book of
    ten million rows is exported without a Python object per row. Written atomically.
    """
    import pyarrow.parquet as pq  # noqa: PLC0415

    def wanted(prediction: Prediction) -> bool:
        return (as_of is None or prediction.made <= as_of) and (
            forecaster is None or prediction.by == forecaster
        )

    tables = reading.tables
    table_files = frozenset(tables.files) if tables is not None else frozenset()
    table_ids = frozenset(
        f.id for f in reading.book.forecasts if f.location and f.location.path in table_files
    )
    yaml_forecasts = [
        attrs.evolve(f, predictions=tuple(p for p in f.predictions if wanted(p)))
        for f in reading.book.forecasts
        if f.id not in table_ids
    ]
    yaml_table, left_out = forecast_table(f for f in yaml_forecasts if f.predictions)
    if tables is None:
        write_table(yaml_table, path)
        return TableExport(path, None, yaml_table.num_rows, left_out)
    questions, _ = forecast_table(
        attrs.evolve(f, predictions=(Prediction(by="", made=f.resolves, probability=0.0),))
        for f in reading.book.forecasts
        if f.id in table_ids
    )
    connection = tables.connection
    connection.register("export_yaml", yaml_table)
    connection.register("export_questions", questions)
    conditions = ["TRUE"]
    parameters: dict[str, object] = {}
    if as_of is not None:
        conditions.append("p.made <= $as_of")
        parameters["as_of"] = as_of.isoformat()
    if forecaster is not None:
        conditions.append("p.forecaster = $forecaster")
        parameters["forecaster"] = forecaster
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        connection.execute(
            "COPY (SELECT * EXCLUDE (part, seq) FROM (SELECT 0 AS part, "
            "row_number() OVER () AS seq, * FROM export_yaml UNION ALL "
            "SELECT 1, p.seq, q.id, q.question, q.resolves, p.forecaster, p.made, "
            "p.probability, q.tags, q.criteria, q.otherwise, q.source_url, p.note "
            f"FROM {tables.view} AS p JOIN export_questions AS q ON p.id = q.id "
            f"WHERE {' AND '.join(conditions)}) ORDER BY part, seq) "
            f"TO '{temporary.replace(chr(39), chr(39) * 2)}' (FORMAT parquet, COMPRESSION zstd)",
            parameters,
        )
        expected = connection.execute(
            f"SELECT (SELECT count(*) FROM export_yaml) + (SELECT count(*) FROM {tables.view} AS p "
            f"JOIN export_questions AS q ON p.id = q.id WHERE {' AND '.join(conditions)})",
            parameters,
        ).fetchall()[0][0]
        rows = pq.ParquetFile(temporary).metadata.num_rows
        if rows != expected:
            msg = f"the table written to {path} does not read back the same"
            raise OSError(msg)
        os.replace(temporary, path)  # noqa: PTH105
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        connection.unregister("export_yaml")
        connection.unregister("export_questions")
    return TableExport(path, None, int(rows), left_out)
