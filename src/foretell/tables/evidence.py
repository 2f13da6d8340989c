"""Reading an evidence table: one row per forecast an evidence record resolves.

Evidence tables are as long as the number of questions resolved (not the number of
predictions), so their rows are checked one by one in Python with the same parsers as YAML
evidence files, and grouped into :class:`~foretell.model.Evidence` records by ``id``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from foretell.load import FileReading, Link, Supersession
from foretell.load.values import Invalid, is_slug
from foretell.model import Evidence, Outcome, Source
from foretell.problems import Location, Problem, Severity

from .columns import EVIDENCE_COLUMNS, EVIDENCE_RECORD_COLUMNS, EVIDENCE_REQUIRED
from .sources import OpenedTable
from .values import date_sql, is_date_type, is_list_type, parse_table_outcome, raw_sql, to_date

if TYPE_CHECKING:
    import duckdb

__all__ = ["read_evidence_table"]

_AGREE = "give the same value on every row of an evidence id, or leave it empty after the first"


def read_evidence_table(
    connection: duckdb.DuckDBPyConnection, table: OpenedTable, relative: str
) -> FileReading:
    """Check an evidence table opened as ``table.view`` and build its evidence records."""
    reading = FileReading()
    positions: dict[str, int] = {}
    for index, (name, kind) in enumerate(zip(table.columns, table.types, strict=True), 1):
        where = Location(relative, 1, index)
        if name not in EVIDENCE_COLUMNS:
            reading.problems.append(
                Problem(
                    where,
                    "F101",
                    f"unknown column '{name}' in an evidence table",
                    "columns: " + ", ".join(EVIDENCE_COLUMNS),
                )
            )
        elif name in positions:
            reading.problems.append(
                Problem(where, "F101", f"column '{name}' appears twice", "remove one of them")
            )
        elif name == "observed" and not (is_date_type(kind) or kind == "VARCHAR"):
            reading.problems.append(
                Problem(where, "F110", f"column 'observed' holds {kind} values", "store dates")
            )
        elif kind.startswith(("STRUCT", "MAP", "BLOB")) or (
            is_list_type(kind) and name != "supersedes"
        ):
            reading.problems.append(
                Problem(where, "F110", f"column '{name}' holds {kind} values", "store text")
            )
        else:
            positions[name] = index
    missing = [name for name in EVIDENCE_REQUIRED if name not in table.columns]
    for name in missing:
        reading.problems.append(
            Problem(
                Location(relative, 1, 1),
                "F102",
                f"the evidence table has no '{name}' column",
                "required columns: " + ", ".join(EVIDENCE_REQUIRED),
            )
        )
    if missing or not all(name in positions for name in EVIDENCE_REQUIRED):
        return reading
    parts = ["_row"]
    for name in EVIDENCE_COLUMNS:
        if name not in positions:
            parts += ["NULL", "NULL"]
            continue
        quoted = '"' + name.replace('"', '""') + '"'
        kind = table.types[positions[name] - 1]
        parts.append(raw_sql(quoted, kind))
        parts.append(date_sql(quoted, kind) if name == "observed" else "NULL")
    rows = connection.execute(
        f"SELECT {', '.join(parts)} FROM {table.view} ORDER BY _row"
    ).fetchall()
    records: dict[str, _Record] = {}
    for row in rows:
        _read_row(row, relative, positions, reading, records)
    for record in records.values():
        for superseded in record.supersedes:
            reading.supersessions.append(
                Supersession(record.identifier, superseded, record.where["supersedes"])
            )
        for name, code in (("observed", "F111"), ("url", "F117")):
            if name not in record.fields and record.ok:
                reading.problems.append(
                    Problem(
                        record.location,
                        code,
                        f"evidence '{record.identifier}' has no '{name}' on any of its rows",
                        f"give '{name}' on the record's first row",
                    )
                )
                record.ok = False
        if record.ok and record.observed is not None:
            reading.evidence.append(record.build())
        if record.summary is None and record.ok:
            reading.problems.append(
                Problem(
                    record.location,
                    "F114",
                    f"evidence '{record.identifier}' has no 'summary'",
                    "say in your own words what happened",
                    Severity.WARNING,
                )
            )
    return reading


class _Record:
    """An evidence record gathered from its rows."""

    def __init__(self, identifier: str, location: Location) -> None:
        self.identifier = identifier
        self.location = location
        self.ok = True
        self.observed: Any = None
        self.url: str | None = None
        self.supersedes: tuple[str, ...] = ()
        self.summary: str | None = None
        self.title: str | None = None
        self.publisher: str | None = None
        self.fields: dict[str, tuple[Any, Location]] = {}
        self.resolves: dict[str, Outcome] = {}
        self.where: dict[str, Location] = {}

    def build(self) -> Evidence:
        return Evidence(
            id=self.identifier,
            observed=to_date(self.observed),
            resolves=self.resolves,
            sources=(Source(url=self.url, title=self.title, publisher=self.publisher),)
            if self.url
            else (),
            summary=self.summary,
            supersedes=self.supersedes,
            location=self.location,
            field_locations=self.where,
        )


def _read_row(
    row: tuple[Any, ...],
    relative: str,
    positions: dict[str, int],
    reading: FileReading,
    records: dict[str, _Record],
) -> None:
    number = int(row[0])
    cells = {name: (row[1 + 2 * i], row[2 + 2 * i]) for i, name in enumerate(EVIDENCE_COLUMNS)}

    def at(name: str) -> Location:
        return Location(relative, number, positions.get(name, 1))

    def problem(name: str, code: str, message: str, hint: str | None = None) -> None:
        reading.problems.append(Problem(at(name), code, message, hint))

    identifier = cells["id"][0]
    if identifier is None:
        problem("id", "F111", "'id' is empty", "give each evidence record an id")
        return
    if not is_slug(identifier):
        problem("id", "F107", f"'id' must be a lowercase slug: {identifier!r}", "e.g. talks-held")
        return
    record = records.get(identifier)
    if record is None:
        record = records[identifier] = _Record(identifier, at("id"))
        reading.evidence_ids.append((identifier, at("id")))
    _record_fields(record, cells, at, problem)
    forecast = cells["forecast"][0]
    outcome_text = cells["outcome"][0]
    if forecast is None:
        problem("forecast", "F111", "'forecast' is empty", "name the forecast this resolves")
        record.ok = False
        return
    outcome: Outcome | None = None
    if outcome_text is None:
        problem("outcome", "F111", "'outcome' is empty", "write yes, no, annulled or ambiguous")
        record.ok = False
    else:
        parsed = parse_table_outcome(outcome_text)
        if isinstance(parsed, Invalid):
            problem("outcome", parsed.code, f"'outcome': {parsed.message}", parsed.hint)
            record.ok = False
        else:
            outcome = parsed
    if forecast in record.resolves and outcome is not None:
        if record.resolves[forecast] != outcome:
            problem(
                "outcome",
                "F120",
                f"evidence '{identifier}' gives forecast '{forecast}' two outcomes",
                "one evidence record gives each forecast one outcome",
            )
            record.ok = False
        return
    reading.links.append(Link(identifier, forecast, outcome, at("forecast"), at("outcome")))
    if outcome is not None:
        record.resolves[forecast] = outcome
        record.where[f"resolves.{forecast}"] = at("outcome")


def _record_fields(record: _Record, cells: dict[str, Any], at: Any, problem: Any) -> None:
    """The record-wide fields of one row: parsed, and checked against earlier rows."""
    for name in EVIDENCE_RECORD_COLUMNS:
        raw, typed = cells[name]
        if raw is None:
            continue
        value: Any = raw
        if name == "observed":
            if typed is None:
                problem(
                    name,
                    "F108",
                    f"'observed' is not a valid date: {raw!r}",
                    "write it as YYYY-MM-DD, e.g. 2026-01-21",
                )
                record.ok = False
                continue
            value = typed
        if name == "url" and not raw.startswith(("http://", "https://")):
            problem(
                name,
                "F110",
                f"'url' must be an http(s) address: {raw!r}",
                "write the full address, starting with https://",
            )
            record.ok = False
            continue
        earlier = record.fields.get(name)
        if earlier is not None:
            if earlier[0] != value:
                problem(
                    name,
                    "F120",
                    f"rows of evidence '{record.identifier}' disagree on '{name}': {raw!r} "
                    f"here, {str(earlier[0])!r} on row {earlier[1].line}",
                    _AGREE,
                )
                record.ok = False
            continue
        record.fields[name] = (value, at(name))
        record.where[name] = at(name)
        if name == "observed":
            record.observed = value
        elif name == "url":
            record.url = raw
        elif name == "summary":
            record.summary = raw
        elif name == "title":
            record.title = raw
        elif name == "publisher":
            record.publisher = raw
        else:
            record.supersedes = tuple(dict.fromkeys(s.strip() for s in raw.split(",") if s.strip()))
