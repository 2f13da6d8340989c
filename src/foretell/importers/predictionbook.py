"""``foretell import predictionbook``: the public PredictionBook scrape (one row per response).

Columns: ``question_id``, ``title``, ``user_id``, ``probability`` (0..1), ``forecast_time``,
``question_created``, ``deadline`` (PredictionBook's "known on" date), ``judged_time``,
``status`` (resolved, open, ambiguous), ``outcome`` (1, 0, empty).

Mapping (``docs/importing.md`` explains the choices):

* Each ``question_id`` is one forecast, ``predictionbook-ID``; each row one prediction by
  ``user_id`` on the day of ``forecast_time`` (UTC). Repeated responses are updates.
* A resolved question gets an evidence record observed on the day of ``judged_time``;
  ``ambiguous`` becomes the outcome ``ambiguous``.
* PredictionBook's deadline is soft: people respond after the "known on" date and judge later
  still. The forecast's ``resolves`` is the latest of the known-on day, the last response and
  the judgement, so that neither kind of lateness is reported as an error; the known-on day is
  kept in ``origin.known_on``.
* foretell works in days: a response made on the day of the judgement counts as made once the
  answer was known and is not scored (``foretell check`` lists it as B108). Responses of one day
  keep their order in time, so the last one of a day is the latest.
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
    forecast_id,
    parse_probability,
    read_csv_rows,
)
from foretell.model import AMBIGUOUS, NO, YES, Evidence, Forecast, Outcome, Prediction, Source
from foretell.problems import Location

__all__ = ["parse_predictionbook"]

COLUMNS: Final = (
    "question_id",
    "title",
    "user_id",
    "probability",
    "forecast_time",
    "deadline",
    "judged_time",
    "status",
    "outcome",
)
PAGE: Final = "https://predictionbook.com/predictions/{}"


@attrs.define
class _Question:
    title: str
    known_on: pendulum.Date
    status: str
    outcome: str
    judged: pendulum.Date | None
    first_line: int
    #: (day, timestamp as written, line, forecaster, probability)
    predictions: list[tuple[pendulum.Date, str, int, str, float]] = attrs.field(factory=list)


def parse_predictionbook(
    paths: Sequence[Path], *, forecaster: str | None = None, prefix: str = "predictionbook"
) -> ImportResult:
    """Read PredictionBook scrape CSVs; ``forecaster`` renames every ``user_id`` if given."""
    issues = Issues()
    sources: list[SourceFile] = []
    questions: dict[str, _Question] = {}
    for path in paths:
        read = read_csv_rows(path, issues)
        if read is None:
            continue
        content, header, rows = read
        sources.append(SourceFile.of(path, content))
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            issues.error(
                Location(str(path), 1, 1),
                "not a PredictionBook scrape: no column " + ", ".join(missing),
                "expected columns: " + ", ".join(COLUMNS),
            )
            continue
        for line, cells in rows:
            _read_row(str(path), line, header, cells, forecaster, questions, issues)
    forecasts: list[Forecast] = []
    evidence: list[Evidence] = []
    soft = 0
    for key in sorted(questions, key=_numeric_first):
        question = questions[key]
        identifier = forecast_id(prefix, key)
        predictions = sorted(question.predictions)  # by day, then time of day, then line
        last_made = max(p[0] for p in predictions)
        resolves = max(question.known_on, last_made)
        if question.judged is not None:
            resolves = max(resolves, question.judged)
        if resolves > question.known_on:
            soft += 1
        forecasts.append(
            Forecast(
                id=identifier,
                question=question.title,
                resolves=resolves,
                predictions=tuple(
                    Prediction(by=by, made=made, probability=p) for made, _, _, by, p in predictions
                ),
                source=Source(url=PAGE.format(key), publisher="PredictionBook"),
                criteria="As judged on PredictionBook (right or wrong).",
                origin={
                    "format": "predictionbook",
                    "id": key,
                    "known_on": question.known_on.isoformat(),
                },
            )
        )
        outcome = _outcome(question)
        if outcome is not None and question.judged is not None:
            evidence.append(
                Evidence(
                    id=identifier,
                    observed=question.judged,
                    resolves={identifier: outcome},
                    sources=(Source(url=PAGE.format(key), publisher="PredictionBook"),),
                    summary=f"Judged {_judgement_words(outcome)} on PredictionBook.",
                )
            )
    notes = (
        f"Read {sum(len(q.predictions) for q in questions.values())} responses on "
        f"{len(questions)} questions; {len(evidence)} judged.",
        f"{soft} questions were judged or answered after their known-on date: their deadline "
        "is the later date (the known-on date is kept as origin.known_on).",
    )
    return ImportResult(
        format="predictionbook",
        sources=tuple(sources),
        forecasts=tuple(forecasts),
        evidence=tuple(evidence),
        problems=tuple(issues.problems),
        notes=notes,
    )


def _numeric_first(key: str) -> tuple[int, int, str]:
    return (0, int(key), key) if key.isdigit() else (1, 0, key)


def _judgement_words(outcome: Outcome) -> str:
    return {YES: "right", NO: "wrong"}.get(str(outcome), str(outcome))


def _outcome(question: _Question) -> Outcome | None:
    if question.status == "ambiguous":
        return AMBIGUOUS
    if question.status != "resolved":
        return None
    return YES if question.outcome == "1" else NO


def _read_row(  # noqa: PLR0917 - one row's context, passed once
    path: str,
    line: int,
    header: list[str],
    cells: dict[str, str],
    forecaster: str | None,
    questions: dict[str, _Question],
    issues: Issues,
) -> None:
    errors_before = issues.error_count

    def where(column: str) -> Location:
        return Location(path, line, header.index(column) + 1)

    def date(column: str) -> pendulum.Date | None:
        text = cells[column].strip()
        if not text:
            return None
        try:
            return date_of(text)
        except ValueError as error:
            issues.error(where(column), f"'{column}': {error}")
            return None

    key = cells["question_id"].strip()
    if not key:
        issues.error(where("question_id"), "the question_id is empty")
    made = date("forecast_time")
    if made is None and not cells["forecast_time"].strip():
        issues.error(where("forecast_time"), "the forecast_time is empty")
    known_on = date("deadline")
    if known_on is None and not cells["deadline"].strip():
        issues.error(where("deadline"), "the deadline is empty")
    judged = date("judged_time")
    status = cells["status"].strip().lower()
    if status not in {"resolved", "open", "ambiguous"}:
        issues.error(
            where("status"), f"status {cells['status']!r} is not resolved, open or ambiguous"
        )
    outcome = cells["outcome"].strip()
    if status == "resolved" and outcome not in {"0", "1"}:
        issues.error(where("outcome"), f"a resolved question needs outcome 1 or 0, got {outcome!r}")
    if status in {"resolved", "ambiguous"} and not cells["judged_time"].strip():
        issues.error(where("judged_time"), f"a {status} question needs a judged_time")
    probability = 0.0
    try:
        probability = parse_probability(cells["probability"])
    except ValueError as error:
        issues.error(where("probability"), str(error))
    by = forecaster or cells["user_id"].strip()
    if not by:
        issues.error(where("user_id"), "the user_id is empty", "or give --forecaster NAME")
    if issues.error_count > errors_before:
        return
    assert made is not None
    assert known_on is not None
    question = questions.get(key)
    if question is None:
        question = questions[key] = _Question(
            title=cells["title"].strip() or f"PredictionBook question {key}",
            known_on=known_on,
            status=status,
            outcome=outcome,
            judged=judged,
            first_line=line,
        )
    elif (question.status, question.outcome, question.judged) != (status, outcome, judged):
        issues.error(
            Location(path, line, 1),
            f"question {key} is {status} {outcome or ''} here but "
            f"{question.status} {question.outcome or ''} on line {question.first_line}",
            "rows of one question must agree on its judgement",
        )
        return
    question.predictions.append((made, cells["forecast_time"].strip(), line, by, probability))
