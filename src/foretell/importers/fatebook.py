"""``foretell import fatebook``: Fatebook's CSV export (one row per forecast).

Fatebook writes the columns named in Sage-Future/fatebook ``lib/web/export.ts``: "Question
title", "Forecast created by", "Forecast (scale = 0-1)", "Forecast created at", "Question created
by", "Question created at", "Question resolve by", the resolution ("Question resolution", or
"Resolution" in later versions), the resolution time ("Question resolved at" / "Resolved at"),
"Question notes", and in later versions "Multiple choice option". Times are written as
``YYYY-MM-DD HH:MM:SS``; resolutions as ``YES``, ``NO`` or ``AMBIGUOUS``.

Mapping:

* The export has no question id: rows with the same title and creation time are one question
  (Fatebook's own importer identifies questions the same way). Its id is
  ``fatebook-WORDS-HASH``.
* A multiple-choice question becomes one yes/no forecast per option ("TITLE — OPTION"), as
  Fatebook's calibration chart counts options.
* Each row is one prediction by its "Forecast created by" on the day it was created. A resolved
  question gets an evidence record observed on the day it was resolved.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

import attrs
import pendulum

from foretell.importers._common import (
    ImportResult,
    Issues,
    SourceFile,
    date_of,
    parse_probability,
    read_csv_rows,
    short_hash,
    slug,
)
from foretell.model import AMBIGUOUS, NO, YES, Evidence, Forecast, Outcome, Prediction, Source
from foretell.problems import Location

__all__ = ["EXPORT_COLUMNS", "parse_fatebook"]

TITLE: Final = "Question title"
OPTION: Final = "Multiple choice option"
BY: Final = "Forecast created by"
FORECAST: Final = "Forecast (scale = 0-1)"
MADE: Final = "Forecast created at"
CREATED: Final = "Question created at"
RESOLVE_BY: Final = "Question resolve by"
RESOLUTION: Final = ("Question resolution", "Resolution")
RESOLVED_AT: Final = ("Question resolved at", "Resolved at")
NOTES: Final = "Question notes"
#: The columns every version of the export has.
EXPORT_COLUMNS: Final = (TITLE, BY, FORECAST, MADE, CREATED, RESOLVE_BY)
_OUTCOMES: Final[dict[str, Outcome]] = {"yes": YES, "no": NO, "ambiguous": AMBIGUOUS}


@attrs.define
class _Question:
    title: str
    resolves: pendulum.Date
    outcome: Outcome | None
    resolved: pendulum.Date | None
    notes: str | None
    line: int
    predictions: list[tuple[pendulum.Date, int, str, float]] = attrs.field(factory=list)


def parse_fatebook(paths: Sequence[Path], *, prefix: str = "fatebook") -> ImportResult:
    """Read Fatebook CSV exports."""
    issues = Issues()
    sources: list[SourceFile] = []
    questions: dict[str, _Question] = {}
    for path in paths:
        read = read_csv_rows(path, issues)
        if read is None:
            continue
        content, header, rows = read
        sources.append(SourceFile.of(path, content))
        missing = [c for c in EXPORT_COLUMNS if c not in header]
        resolution = next((c for c in RESOLUTION if c in header), None)
        resolved_at = next((c for c in RESOLVED_AT if c in header), None)
        if resolution is None:
            missing.append(" or ".join(RESOLUTION))
        if resolved_at is None:
            missing.append(" or ".join(RESOLVED_AT))
        if missing:
            issues.error(
                Location(str(path), 1, 1),
                "not a Fatebook export: no column " + ", ".join(f"'{c}'" for c in missing),
                "export from Fatebook's account page, or use 'foretell import csv' with --column",
            )
            continue
        assert resolution is not None
        assert resolved_at is not None
        for line, cells in rows:
            _read_row(
                str(path), line, header, cells, (resolution, resolved_at), prefix, questions, issues
            )
    forecasts: list[Forecast] = []
    evidence: list[Evidence] = []
    for identifier, question in questions.items():
        predictions = sorted(question.predictions)
        last_made = max(p[0] for p in predictions)
        resolves = max(question.resolves, last_made)
        if question.resolved is not None:
            resolves = max(resolves, question.resolved)
        forecasts.append(
            Forecast(
                id=identifier,
                question=question.title,
                resolves=resolves,
                predictions=tuple(
                    Prediction(by=by, made=made, probability=p) for made, _, by, p in predictions
                ),
                criteria=question.notes or "As resolved on Fatebook.",
                origin={"format": "fatebook", "resolve_by": question.resolves.isoformat()},
            )
        )
        if question.outcome is not None and question.resolved is not None:
            evidence.append(
                Evidence(
                    id=identifier,
                    observed=question.resolved,
                    resolves={identifier: question.outcome},
                    sources=(Source(title="Fatebook export", publisher="Fatebook"),),
                    summary=f"Resolved {str(question.outcome).upper()} on Fatebook.",
                )
            )
    order = sorted(range(len(forecasts)), key=lambda i: forecasts[i].id)
    return ImportResult(
        format="fatebook",
        sources=tuple(sources),
        forecasts=tuple(forecasts[i] for i in order),
        evidence=tuple(sorted(evidence, key=lambda e: e.id)),
        problems=tuple(issues.problems),
        notes=(
            f"Read {sum(len(q.predictions) for q in questions.values())} forecasts on "
            f"{len(questions)} questions; {len(evidence)} resolved.",
        ),
    )


def _read_row(  # noqa: PLR0917 - one row's context, passed once
    path: str,
    line: int,
    header: list[str],
    cells: dict[str, str],
    columns: tuple[str, str],
    prefix: str,
    questions: dict[str, _Question],
    issues: Issues,
) -> None:
    resolution_column, resolved_column = columns
    errors_before = issues.error_count

    def where(column: str) -> Location:
        return Location(path, line, header.index(column) + 1)

    def date(column: str, *, required: bool) -> pendulum.Date | None:
        text = cells[column].strip()
        if not text:
            if required:
                issues.error(where(column), f"'{column}' is empty")
            return None
        try:
            return date_of(text)
        except ValueError as error:
            issues.error(where(column), f"'{column}': {error}")
            return None

    title = cells[TITLE].strip()
    if not title:
        issues.error(where(TITLE), "the question title is empty")
    option = cells.get(OPTION, "").strip()
    made = date(MADE, required=True)
    created = cells[CREATED].strip()
    resolve_by = date(RESOLVE_BY, required=False) or date(CREATED, required=True)
    resolved = date(resolved_column, required=False)
    word = cells[resolution_column].strip().lower()
    outcome: Outcome | None = None
    if word:
        if word not in _OUTCOMES:
            issues.error(
                where(resolution_column),
                f"resolution {cells[resolution_column]!r} is not YES, NO, AMBIGUOUS or empty",
            )
        else:
            outcome = _OUTCOMES[word]
            if resolved is None:
                issues.error(
                    where(resolved_column), "a resolved question needs its resolution time"
                )
    probability = 0.0
    try:
        probability = parse_probability(cells[FORECAST].strip())
    except ValueError as error:
        issues.error(where(FORECAST), str(error))
    by = cells[BY].strip()
    if not by:
        issues.error(where(BY), "the forecaster's name is empty")
    if issues.error_count > errors_before:
        return
    assert made is not None
    assert resolve_by is not None
    text = f"{title} — {option}" if option else title
    identifier = (
        f"{prefix}-{slug(text) or 'question'}-{short_hash(title, created, option, length=6)}"
    )
    question = questions.get(identifier)
    if question is None:
        question = questions[identifier] = _Question(
            title=text,
            resolves=resolve_by,
            outcome=outcome,
            resolved=resolved,
            notes=cells.get(NOTES, "").strip() or None,
            line=line,
        )
    elif (question.outcome, question.resolved) != (outcome, resolved):
        issues.error(
            Location(path, line, 1),
            f"this row resolves the question differently from line {question.line}",
            "rows of one question must agree on its resolution",
        )
        return
    question.predictions.append((made, line, by, probability))
