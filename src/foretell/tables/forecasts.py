"""Reading a forecast table: located problems, the forecasts it defines, its valid predictions.

Every check runs as one DuckDB query over the whole file (no Python object per row): the rows
with a problem are counted per check, and the first :data:`SHOWN` of each are reported with
their row and column; a last problem says how many more rows share it. The question fields of
each id are gathered in one grouped query, which also finds ids whose rows disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from foretell.load import FileReading
from foretell.load.values import Invalid, is_slug
from foretell.model import Forecast, Source
from foretell.problems import Location, Problem, Severity

from .columns import FORECAST_COLUMNS, FORECAST_REQUIRED, QUESTION_COLUMNS
from .sources import OpenedTable
from .values import (
    date_sql,
    is_date_type,
    is_numeric_type,
    is_text_type,
    outcome_ok_sql,
    parse_table_outcome,
    probability_sql,
    raw_sql,
    text_sql,
    to_date,
)

if TYPE_CHECKING:
    import duckdb

__all__ = ["SHOWN", "TableForecasts", "read_forecast_table"]

#: Rows reported one by one per check and table; further rows are counted in one problem.
SHOWN: Final = 20


@attrs.frozen
class TableForecasts:
    """What one forecast table gives.

    Attributes:
        reading: problems, forecasts (without predictions: those stay in the table) and ids.
        predictions_sql: a SELECT of the table's valid prediction rows with the columns
            ``file, row, seq, id, forecaster, made, probability, note``; None when the table cannot
            give any (a required column is missing).
    """

    reading: FileReading
    predictions_sql: str | None
    made_column: int = 0


@attrs.frozen
class _Check:
    column: str
    code: str
    condition: str
    message: str  # formatted with the cell's text as {value}
    hint: str | None = None
    severity: Severity = Severity.ERROR


def read_forecast_table(
    connection: duckdb.DuckDBPyConnection,
    table: OpenedTable,
    relative: str,
    file_number: int,
    first_seq: int,
) -> TableForecasts:
    """Check a forecast table opened as ``table.view`` and gather its forecasts.

    ``first_seq`` numbers the table's rows in the book's order: row r gets
    ``first_seq + r``, so that predictions of one day are ordered by file, then row.
    """
    reading = FileReading()
    positions = _header(table, relative, reading.problems)
    view = f"{table.view}_n"
    connection.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {_normalised(table, positions)}")
    checks = _row_checks(table, positions)
    _run_checks(
        connection,
        view,
        checks=checks,
        relative=relative,
        positions=positions,
        problems=reading.problems,
    )
    if any(column not in positions for column in ("id",)):
        return TableForecasts(reading, None)
    _gather_forecasts(connection, view, relative, positions, reading)
    if all(column in positions for column in FORECAST_REQUIRED):
        _late_rows(connection, view, relative, positions, reading.problems)
        predictions = (
            f"SELECT {file_number} AS file, _row AS row, {first_seq} + _row AS seq, id, "
            f"forecaster, made, probability, note FROM {view} WHERE id IS NOT NULL "
            "AND forecaster IS NOT NULL AND made IS NOT NULL AND probability BETWEEN 0 AND 1"
        )
        return TableForecasts(reading, predictions, positions["made"])
    return TableForecasts(reading, None)


def _header(table: OpenedTable, relative: str, problems: list[Problem]) -> dict[str, int]:
    """Column positions (1-based) of the known columns; problems for the header row."""
    positions: dict[str, int] = {}
    for index, (name, kind) in enumerate(zip(table.columns, table.types, strict=True), 1):
        where = Location(relative, 1, index)
        if name not in FORECAST_COLUMNS:
            problems.append(
                Problem(
                    where,
                    "F101",
                    f"unknown column '{name}' in a forecast table",
                    "columns: " + ", ".join(FORECAST_COLUMNS),
                )
            )
            continue
        if name in positions:
            problems.append(
                Problem(where, "F101", f"column '{name}' appears twice", "remove one of them")
            )
            continue
        expected = _type_problem(name, kind)
        if expected is not None:
            problems.append(
                Problem(where, "F110", f"column '{name}' holds {kind} values", expected)
            )
            continue
        positions[name] = index
    for name in FORECAST_REQUIRED:
        if name not in positions and name not in table.columns:
            problems.append(
                Problem(
                    Location(relative, 1, 1),
                    "F102",
                    f"the forecast table has no '{name}' column",
                    "required columns: " + ", ".join(FORECAST_REQUIRED),
                )
            )
    return positions


def _type_problem(name: str, kind: str) -> str | None:
    """What a column of this name should hold, if ``kind`` is not acceptable."""
    if name in ("made", "resolves"):
        ok = is_date_type(kind) or is_text_type(kind)
        return None if ok else "store dates as DATE or as text like 2026-01-21"
    if name == "probability":
        ok = is_numeric_type(kind) or is_text_type(kind)
        return None if ok else "store probabilities as numbers (0.7) or text (0.7, 70%)"
    if name == "tags":
        return None if not kind.startswith(("STRUCT", "MAP", "BLOB")) else "store tags as text"
    ok = is_text_type(kind) or is_numeric_type(kind)
    return None if ok else f"store '{name}' as text"


def _column(table: OpenedTable, positions: dict[str, int], name: str) -> tuple[str, str] | None:
    index = positions.get(name)
    if index is None:
        return None
    return '"' + name.replace('"', '""') + '"', table.types[index - 1]


def _normalised(table: OpenedTable, positions: dict[str, int]) -> str:
    """SELECT of the table with every known column as a typed value and its raw text."""
    parts = ["_row"]
    for name in FORECAST_COLUMNS:
        column = _column(table, positions, name)
        if column is None:
            kind = {"made": "DATE", "resolves": "DATE", "probability": "DOUBLE"}.get(
                name, "VARCHAR"
            )
            parts.append(f"CAST(NULL AS {kind}) AS {name}")
            parts.append(f"CAST(NULL AS VARCHAR) AS {name}_raw")
            continue
        quoted, kind = column
        if name in ("made", "resolves"):
            value = date_sql(quoted, kind)
        elif name == "probability":
            value = probability_sql(quoted, kind)
        else:
            value = text_sql(quoted, kind)
        parts.append(f"{value} AS {name}")
        parts.append(f"{raw_sql(quoted, kind)} AS {name}_raw")
    return f"SELECT {', '.join(parts)} FROM {table.view}"


def _row_checks(table: OpenedTable, positions: dict[str, int]) -> list[_Check]:
    checks: list[_Check] = []
    present = set(positions)
    for name in ("id", "forecaster", "made", "probability"):
        if name in present:
            checks.append(_Check(name, "F111", f"{name}_raw IS NULL", f"'{name}' is empty"))
    if "made" in present and "resolves" in present:
        checks.append(
            _Check(
                "made",
                "F109",
                "made > resolves",
                "'made' ({value}) is after the forecast's deadline ('resolves' on this row)",
                "a prediction must be made on or before 'resolves'",
            )
        )
    for name in ("made", "resolves"):
        if name in present:
            checks.append(
                _Check(
                    name,
                    "F108",
                    f"{name}_raw IS NOT NULL AND {name} IS NULL",
                    f"'{name}' is not a valid date: {{value!r}}",
                    "write it as YYYY-MM-DD, e.g. 2026-01-21",
                )
            )
    if "probability" in present:
        checks.append(
            _Check(
                "probability",
                "F104",
                "probability_raw IS NOT NULL AND probability IS NULL",
                "'probability' must be a number, got {value!r}",
                "write a probability such as 0.7 or 70%",
            )
        )
        checks.append(
            _Check(
                "probability",
                "F103",
                "probability IS NOT NULL AND NOT (probability BETWEEN 0 AND 1)",
                "'probability' must be between 0 and 1: {value}",
                "write 0.7 or 70% for a 70% chance",
            )
        )
    if "otherwise" in present:
        checks.append(
            _Check(
                "otherwise",
                "F112",
                f"otherwise IS NOT NULL AND NOT {outcome_ok_sql('otherwise')}",
                "'otherwise' is not a valid outcome: {value!r}",
                "a yes/no question resolves to yes, no, annulled, ambiguous or a number in [0, 1]",
            )
        )
    if "source_url" in present:
        checks.append(
            _Check(
                "source_url",
                "F110",
                "source_url IS NOT NULL AND NOT regexp_matches(source_url, '^https?://')",
                "'source_url' must be an http(s) address: {value!r}",
                "write the full address, starting with https://",
            )
        )
    return checks


def _run_checks(
    connection: duckdb.DuckDBPyConnection,
    view: str,
    *,
    checks: Sequence[_Check],
    relative: str,
    positions: dict[str, int],
    problems: list[Problem],
) -> None:
    """Count the rows failing each check in one scan; report the first rows of each."""
    if not checks:
        return
    counts_sql = ", ".join(f"count(*) FILTER (WHERE {c.condition})" for c in checks)
    counts = connection.execute(f"SELECT {counts_sql} FROM {view}").fetchall()[0]
    for check, count in zip(checks, counts, strict=True):
        if not count:
            continue
        rows = connection.execute(
            f"SELECT _row, {check.column}_raw FROM {view} WHERE {check.condition} "
            f"ORDER BY _row LIMIT {SHOWN + 1}"
        ).fetchall()
        column = positions[check.column]
        for row, raw in rows[:SHOWN]:
            problems.append(
                Problem(
                    Location(relative, int(row), column),
                    check.code,
                    check.message.format(value=_shown(raw)),
                    check.hint,
                    check.severity,
                )
            )
        if count > SHOWN:
            problems.append(_more(relative, int(rows[SHOWN][0]), column, check, count - SHOWN))


def _more(relative: str, row: int, column: int, check: _Check, more: int) -> Problem:
    return Problem(
        Location(relative, row, column),
        check.code,
        f"{more} more row{'s' if more > 1 else ''} from here on: "
        + check.message.format(value="...").split(":")[0],
        check.hint,
        check.severity,
    )


def _shown(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _gather_forecasts(
    connection: duckdb.DuckDBPyConnection,
    view: str,
    relative: str,
    positions: dict[str, int],
    reading: FileReading,
) -> None:
    """One forecast per id, from the question fields of its rows (which must agree)."""
    parts = ["id", "min(_row) AS first_row", "count(resolves_raw) > 0"]
    for name in QUESTION_COLUMNS:
        parts += [
            f"arg_min({name}, _row) FILTER (WHERE {name} IS NOT NULL)",
            f"min(_row) FILTER (WHERE {name} IS NOT NULL)",
            f"min({name}) IS DISTINCT FROM max({name})",
        ]
    rows = connection.execute(
        f"SELECT {', '.join(parts)} FROM {view} WHERE id IS NOT NULL GROUP BY id ORDER BY first_row"
    ).fetchall()
    disagreements = 0
    for row in rows:
        identifier, first_row, resolves_given = str(row[0]), int(row[1]), bool(row[2])
        if not is_slug(identifier):
            reading.problems.append(
                Problem(
                    Location(relative, first_row, positions["id"]),
                    "F107",
                    f"'id' must be a lowercase slug (a-z, 0-9, '-'): {_shown(identifier)!r}",
                    "e.g. trilateral-talks-2026",
                )
            )
            continue
        values: dict[str, Any] = {}
        where: dict[str, Location] = {}
        broken = False
        for offset, name in enumerate(QUESTION_COLUMNS):
            value, value_row, differs = row[3 + 3 * offset : 6 + 3 * offset]
            if value is None:
                continue
            values[name] = value
            where[name] = Location(relative, int(value_row), positions[name])
            if differs:
                broken = True
                if disagreements < SHOWN:
                    reading.problems.append(
                        _disagreement(
                            connection,
                            view,
                            identifier=identifier,
                            name=name,
                            value=value,
                            first=where[name],
                        )
                    )
                disagreements += 1
        entry = Location(relative, first_row, positions["id"])
        reading.forecast_ids.append((identifier, entry))
        forecast = _forecast(
            identifier,
            values=values,
            where=where,
            entry=entry,
            positions=positions,
            problems=reading.problems,
            resolves_given=resolves_given,
        )
        if forecast is not None and not broken:
            reading.forecasts.append(forecast)
    if disagreements > SHOWN:
        reading.problems.append(
            Problem(
                Location(relative),
                "F120",
                f"{disagreements - SHOWN} more question fields disagree between rows of one id",
                "give the same value on every row of an id, or leave it empty after the first",
            )
        )


def _disagreement(
    connection: duckdb.DuckDBPyConnection,
    view: str,
    *,
    identifier: str,
    name: str,
    value: Any,
    first: Location,
) -> Problem:
    found = connection.execute(
        f"SELECT _row, {name}_raw FROM {view} WHERE id = $id AND {name} IS NOT NULL "
        f"AND {name} <> $value ORDER BY _row LIMIT 1",
        {"id": identifier, "value": value},
    ).fetchall()
    row, raw = (int(found[0][0]), found[0][1]) if found else (first.line, value)
    return Problem(
        Location(first.path, row, first.column),
        "F120",
        f"rows of forecast '{identifier}' disagree on '{name}': {_shown(raw)!r} here, "
        f"{_shown(value)!r} on row {first.line}",
        "give the same value on every row of an id, or leave it empty after the first",
    )


def _forecast(
    identifier: str,
    *,
    values: dict[str, Any],
    where: dict[str, Location],
    entry: Location,
    positions: dict[str, int],
    problems: list[Problem],
    resolves_given: bool,
) -> Forecast | None:
    for name in ("question", "resolves"):
        if name == "resolves" and resolves_given:
            continue  # given, but not a valid date: reported on its row (F108)
        if name not in values and name in positions:
            problems.append(
                Problem(
                    entry,
                    "F102",
                    f"forecast '{identifier}' has no '{name}' on any of its rows",
                    f"give '{name}' on the forecast's first row",
                )
            )
    if "question" not in values or "resolves" not in values:
        return None
    if "criteria" not in values:
        problems.append(
            Problem(
                entry,
                "F113",
                f"forecast '{identifier}' has no 'criteria'",
                "say how the question resolves, so that anyone can settle it the same way",
                Severity.WARNING,
            )
        )
    otherwise = None
    if "otherwise" in values:
        parsed = parse_table_outcome(str(values["otherwise"]))
        if isinstance(parsed, Invalid):
            return None  # reported row by row
        otherwise = parsed
    tags = tuple(
        dict.fromkeys(t.strip() for t in str(values.get("tags", "")).split(",") if t.strip())
    )
    url = values.get("source_url")
    return Forecast(
        id=identifier,
        question=str(values["question"]),
        resolves=to_date(values["resolves"]),
        predictions=(),
        criteria=str(values["criteria"]) if "criteria" in values else None,
        source=Source(url=str(url), field_locations={"url": where["source_url"]}) if url else None,
        otherwise=otherwise,
        tags=tags,
        location=entry,
        field_locations=where,
    )


def _late_rows(
    connection: duckdb.DuckDBPyConnection,
    view: str,
    relative: str,
    positions: dict[str, int],
    problems: list[Problem],
) -> None:
    """Rows made after their forecast's deadline (F109), the deadline taken from the id."""
    # Rows with their own 'resolves' are checked row by row (_row_checks); the others take
    # the deadline from their id's rows.
    without = connection.execute(
        f"SELECT count(*) FROM {view} WHERE resolves_raw IS NULL AND made IS NOT NULL"
    ).fetchall()
    if not without or not without[0][0]:
        return
    late = (
        f"SELECT v._row, v.id, v.made, d.deadline FROM {view} AS v JOIN (SELECT id, "
        "arg_min(resolves, _row) FILTER (WHERE resolves IS NOT NULL) AS deadline "
        f"FROM {view} WHERE id IS NOT NULL GROUP BY id) AS d ON v.id = d.id "
        "WHERE v.resolves_raw IS NULL AND v.made > d.deadline"
    )
    count = int(connection.execute(f"SELECT count(*) FROM ({late})").fetchall()[0][0])
    if not count:
        return
    rows = connection.execute(f"{late} ORDER BY v._row LIMIT {SHOWN + 1}").fetchall()
    column = positions["made"]
    for row, identifier, made, deadline in rows[:SHOWN]:
        problems.append(
            Problem(
                Location(relative, int(row), column),
                "F109",
                f"the prediction on forecast '{identifier}' is made on {made}, after the "
                f"forecast's deadline ({deadline})",
                "a prediction must be made on or before 'resolves'",
            )
        )
    if count > SHOWN:
        problems.append(
            Problem(
                Location(relative, int(rows[SHOWN][0]), column),
                "F109",
                f"{count - SHOWN} more rows from here on are made after their deadline",
                "a prediction must be made on or before 'resolves'",
            )
        )
