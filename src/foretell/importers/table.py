"""``foretell import csv``: any table with one row per prediction.

Columns (default header names; ``columns`` maps a field to another header):

====================  =========================================================================
``question``          the question (required)
``probability``       probability of "yes": ``0.7``, ``70%``, or ``70`` in a column of percents
``made``              the day the prediction was made (required)
``resolves``          the deadline (required unless ``observed`` is given)
``outcome``           yes/no, 1/0, true/false, ambiguous, annulled, a fraction, or empty (open)
``observed``          the day the outcome was known (default: the deadline)
``forecaster``        who made the prediction (default: the ``forecaster`` argument)
``id``                the forecast's id in the book (a slug); rows sharing it are one forecast
``question_id``       groups rows into one forecast; the id becomes ``PREFIX-QUESTION_ID``
``tags``              labels, separated by commas or semicolons
``criteria``          how the question resolves
``url``               where the question or its resolution is published
====================  =========================================================================

A column counts as percents when any of its numbers exceeds 1 (``70`` means 70%); a cell with
``%`` is always a percent; a number between 0 and 1 in a column of percents is an error (it is
ambiguous). Rows without ``id`` or ``question_id`` are one forecast each, with an
id made from the question's words and a hash of the question, made and deadline (stable when
rows are reordered). A forecast without criteria gets "As recorded in the table FILE.": its
outcome is what the table says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

import attrs
import pendulum

from foretell.importers._common import (
    ImportResult,
    Issues,
    SourceFile,
    date_of,
    forecast_id,
    parse_outcome,
    parse_probability,
    read_csv_rows,
    short_hash,
    slug,
)
from foretell.model import Evidence, Forecast, Outcome, Prediction, Source
from foretell.problems import Location

__all__ = ["FIELDS", "TableOptions", "parse_table"]

#: The fields a table may give, in the documented order.
FIELDS: Final = (
    "question",
    "probability",
    "outcome",
    "made",
    "resolves",
    "forecaster",
    "id",
    "question_id",
    "tags",
    "observed",
    "criteria",
    "url",
)

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TAG_SPLIT = re.compile(r"[,;]")


@attrs.frozen
class TableOptions:
    """How to read a table.

    Attributes:
        columns: field → header, for headers that differ from the field names.
        outcomes: lowercase word → outcome (``None`` = still open), e.g. ``excluded`` →
            ``ambiguous``.
        forecaster: the forecaster of rows without a ``forecaster`` cell.
        prefix: prefix of the ids made from ``question_id`` or the question's words.
    """

    columns: Mapping[str, str] = attrs.field(factory=dict)
    outcomes: Mapping[str, Outcome | None] = attrs.field(factory=dict)
    forecaster: str | None = None
    prefix: str = "csv"


@attrs.define
class _Row:
    path: str
    line: int
    question: str
    probability: float
    made: pendulum.Date
    resolves: pendulum.Date
    outcome: Outcome | None
    observed: pendulum.Date | None
    forecaster: str
    key: str
    tags: tuple[str, ...]
    criteria: str | None
    url: str | None


@attrs.define
class _Group:
    rows: list[_Row] = attrs.field(factory=list)


def parse_table(paths: Sequence[Path], options: TableOptions) -> ImportResult:
    """Read one or more tables into forecasts and evidence (see the module docstring)."""
    issues = Issues()
    sources: list[SourceFile] = []
    groups: dict[str, _Group] = {}
    seen: dict[str, int] = {}
    for path in paths:
        read = read_csv_rows(path, issues)
        if read is None:
            continue
        content, header, rows = read
        sources.append(SourceFile.of(path, content))
        headers = {field: options.columns.get(field, field) for field in FIELDS}
        for field, name in options.columns.items():
            if name not in header:
                issues.error(
                    Location(str(path), 1, 1),
                    f"--column {field}={name}: the header has no column '{name}'",
                    "columns: " + ", ".join(header),
                )
        for required in ("question", "probability", "made"):
            if headers[required] not in header:
                issues.error(
                    Location(str(path), 1, 1),
                    f"the table has no '{headers[required]}' column ({required})",
                    f"name the column with --column {required}=HEADER; columns: "
                    + ", ".join(header),
                )
        for field in FIELDS:
            if header.count(headers[field]) > 1:
                issues.error(
                    Location(str(path), 1, header.index(headers[field]) + 1),
                    f"the header names the column '{headers[field]}' ({field}) "
                    f"{header.count(headers[field])} times: it is unclear which to read",
                    "rename or remove the extra columns",
                )
        if headers["resolves"] not in header and headers["observed"] not in header:
            issues.error(
                Location(str(path), 1, 1),
                f"the table has no '{headers['resolves']}' column (the deadline)",
                "name it with --column resolves=HEADER",
            )
        if issues.error_count:
            continue
        rows_list = list(rows)
        percent = _percent_column(rows_list, headers["probability"])
        for line, cells in rows_list:
            row = _read_row(str(path), line, header, headers, cells, options, percent, issues)
            if row is None:
                continue
            if not row.key:
                row.key = _own_key(row, options.prefix, seen)
            groups.setdefault(row.key, _Group()).rows.append(row)
    forecasts, evidence = _build(groups, issues)
    notes = (
        f"Read {sum(len(g.rows) for g in groups.values())} predictions on {len(forecasts)} "
        "questions.",
    )
    return ImportResult(
        format="csv",
        sources=tuple(sources),
        forecasts=forecasts,
        evidence=evidence,
        problems=tuple(issues.problems),
        notes=notes,
    )


def _own_key(row: _Row, prefix: str, seen: dict[str, int]) -> str:
    """The id of a row that is a forecast of its own: words of the question and a hash.

    The hash covers the question, made and deadline, so ids survive reordering; a question
    asked again with the same dates (several forecasts worded alike) gets a running number.
    """
    words = slug(row.question) or "question"
    digest = short_hash(row.question, str(row.made), str(row.resolves), length=6)
    key = f"{prefix}-{words}-{digest}"
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}-{seen[key]}"


def _percent_column(rows: list[tuple[int, dict[str, str]]], header: str) -> bool:
    """Whether a probability column holds percents: any plain number above 1."""
    for _, cells in rows:
        text = cells.get(header, "").strip()
        if text.endswith("%"):
            continue
        try:
            if float(text) > 1.0:
                return True
        except ValueError:
            continue
    return False


def _read_row(  # noqa: PLR0917 - one row's context, passed once
    path: str,
    line: int,
    header: list[str],
    headers: Mapping[str, str],
    cells: Mapping[str, str],
    options: TableOptions,
    percent: bool,
    issues: Issues,
) -> _Row | None:
    errors_before = issues.error_count

    def where(field: str) -> Location:
        name = headers[field]
        return Location(path, line, header.index(name) + 1 if name in header else 1)

    def cell(field: str) -> str:
        return cells.get(headers[field], "").strip()

    question = cell("question")
    if not question:
        issues.error(where("question"), f"the question ('{headers['question']}') is empty")
    probability = 0.0
    text = cell("probability")
    try:
        probability = parse_probability(text, percent=percent)
        if percent and not text.endswith("%") and 0 < float(text) < 1:
            issues.error(
                where("probability"),
                f"probability {text!r} in a column of percents: is it {text}% or "
                f"{float(text):.0%}?",
                "write every probability of the column the same way (0.3 or 30%)",
            )
    except ValueError as error:
        issues.error(where("probability"), str(error))

    def date(field: str) -> pendulum.Date | None:
        text = cell(field)
        if not text:
            return None
        try:
            return date_of(text)
        except ValueError as error:
            issues.error(where(field), f"'{headers[field]}': {error}")
            return None

    made = date("made")
    if made is None and not cell("made"):
        issues.error(where("made"), f"the date made ('{headers['made']}') is empty")
    observed = date("observed")
    resolves = date("resolves") or observed
    if resolves is None and not cell("resolves"):
        issues.error(where("resolves"), f"the deadline ('{headers['resolves']}') is empty", None)
    outcome: Outcome | None = None
    try:
        outcome = parse_outcome(cell("outcome"), options.outcomes)
    except ValueError as error:
        issues.error(
            where("outcome"),
            str(error),
            f"map the word with --outcome {cell('outcome').lower()}=OUTCOME "
            "(yes, no, ambiguous, annulled or open)",
        )
    forecaster = cell("forecaster") or options.forecaster
    if not forecaster:
        issues.error(
            where("forecaster"),
            "the row names no forecaster",
            "give a 'forecaster' column or --forecaster NAME",
        )
    given_id = cell("id")
    if given_id and not _SLUG.fullmatch(given_id):
        issues.error(
            where("id"),
            f"id {given_id!r} is not a lowercase slug (a-z, 0-9 and '-')",
            f"use {slug(given_id) or 'a slug'!r}, or put it in a 'question_id' column",
        )
    if issues.error_count > errors_before:
        return None
    assert made is not None
    assert resolves is not None
    assert forecaster is not None
    if given_id:
        key = given_id
    elif cell("question_id"):
        key = forecast_id(options.prefix, cell("question_id"))
    else:
        # A row of its own: the key is completed in parse_table, numbering repeated questions.
        key = ""
    tags = tuple(dict.fromkeys(t.strip() for t in _TAG_SPLIT.split(cell("tags")) if t.strip()))
    return _Row(
        path=path,
        line=line,
        question=question,
        probability=probability,
        made=made,
        resolves=resolves,
        outcome=outcome,
        observed=observed,
        forecaster=forecaster,
        key=key,
        tags=tags,
        criteria=cell("criteria") or None,
        url=cell("url") or None,
    )


def _build(
    groups: Mapping[str, _Group], issues: Issues
) -> tuple[tuple[Forecast, ...], tuple[Evidence, ...]]:
    forecasts: list[Forecast] = []
    evidence: list[Evidence] = []
    for key, group in groups.items():
        first = group.rows[0]
        for row in group.rows[1:]:
            for field in ("question", "resolves", "outcome", "observed"):
                if getattr(row, field) != getattr(first, field) and getattr(row, field) not in (
                    None,
                    "",
                ):
                    issues.error(
                        Location(row.path, row.line, 1),
                        f"rows of forecast '{key}' disagree on {field}: "
                        f"{getattr(first, field)!r} (line {first.line}) and "
                        f"{getattr(row, field)!r}",
                        "rows sharing an id or question_id are one question",
                    )
        rows = sorted(group.rows, key=lambda r: (r.made, r.forecaster))
        resolves = max(r.resolves for r in group.rows)
        outcome = next((r.outcome for r in group.rows if r.outcome is not None), None)
        observed = next((r.observed for r in group.rows if r.observed is not None), None)
        tags = tuple(dict.fromkeys(t for r in group.rows for t in r.tags))
        url = next((r.url for r in group.rows if r.url), None)
        criteria = next((r.criteria for r in group.rows if r.criteria), None) or (
            f"As recorded in the table {Path(first.path).name}."
        )
        for row in rows:
            if row.made > resolves:
                issues.error(
                    Location(row.path, row.line, 1),
                    f"the prediction is made on {row.made}, after the deadline {resolves}",
                    "check the dates of the row",
                )
        forecasts.append(
            Forecast(
                id=key,
                question=first.question,
                resolves=resolves,
                predictions=tuple(
                    Prediction(by=r.forecaster, made=r.made, probability=r.probability)
                    for r in rows
                ),
                criteria=criteria,
                source=Source(url=url) if url else None,
                tags=tags,
            )
        )
        if outcome is not None:
            day = observed or resolves
            evidence.append(
                Evidence(
                    id=key,
                    observed=day,
                    resolves={key: outcome},
                    sources=(
                        Source(url=url)
                        if url
                        else Source(title=f"{Path(first.path).name}, line {first.line}"),
                    ),
                    summary=f"The table gives the outcome {outcome}.",
                )
            )
    return tuple(forecasts), tuple(evidence)
