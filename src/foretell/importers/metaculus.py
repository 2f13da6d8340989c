"""``foretell import metaculus``: posts downloaded from Metaculus' API, binary questions only.

Accepted JSON (the schema is Metaculus/metaculus ``docs/openapi.yml``): one post
(``/api/posts/{id}/``), a page of posts (``{"results": [...]}`` from ``/api/posts/``), or a list
of posts. A post's binary questions are its ``question``, the questions of a
``group_of_questions`` and the ``question_yes``/``question_no`` of a ``conditional``; other
types are counted and skipped.

Mapping:

* Each binary question is a forecast ``metaculus-QUESTION_ID`` due on its
  ``scheduled_resolve_time`` (or later, if it resolved later), with ``resolution_criteria`` and
  ``fine_print`` as criteria and the post's page as source.
* The downloading user's forecasts (``my_forecasts.history``, probability of yes =
  ``forecast_values[1]``) are predictions by ``--forecaster`` (default ``me``). The community
  prediction (``aggregations.recency_weighted``, probability ``centers[0]``) is a second
  forecaster, ``metaculus-community``. foretell works in days: of several forecasts on one day,
  the last one stands. Withdrawals (``end_time``) are not kept.
* ``resolution`` yes / no / annulled / ambiguous becomes an evidence record observed on
  ``actual_resolve_time``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pendulum

from foretell.importers._common import (
    ImportResult,
    Issues,
    SourceFile,
    date_of,
    date_of_timestamp,
)
from foretell.model import (
    AMBIGUOUS,
    ANNULLED,
    NO,
    YES,
    Evidence,
    Forecast,
    Outcome,
    Prediction,
    Source,
)
from foretell.problems import Location

__all__ = ["COMMUNITY", "parse_metaculus"]

COMMUNITY: Final = "metaculus-community"
SITE: Final = "https://www.metaculus.com/questions/{}/"
_OUTCOMES: Final[Mapping[str, Outcome]] = {
    "yes": YES,
    "no": NO,
    "annulled": ANNULLED,
    "ambiguous": AMBIGUOUS,
}


def parse_metaculus(
    paths: Sequence[Path],
    *,
    forecaster: str | None = None,
    prefix: str = "metaculus",
    community: bool = True,
) -> ImportResult:
    """Read Metaculus post JSON files (see the module docstring)."""
    issues = Issues()
    sources: list[SourceFile] = []
    forecasts: dict[str, Forecast] = {}
    evidence: dict[str, Evidence] = {}
    skipped = 0
    me = forecaster or "me"
    for path in paths:
        where = Location(str(path))
        try:
            content = path.read_bytes()
            document = json.loads(content)
        except OSError as error:
            issues.error(where, f"cannot read the file: {error.strerror or error}")
            continue
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            position = (
                Location(str(path), error.lineno, error.colno)
                if isinstance(error, json.JSONDecodeError)
                else where
            )
            issues.error(position, f"not valid JSON: {error}")
            continue
        sources.append(SourceFile.of(path, content))
        posts = _posts(document)
        if posts is None:
            issues.error(
                where,
                "not a Metaculus post download",
                "expected a post, a list of posts or a page {'results': [...]} from /api/posts/",
            )
            continue
        for index, post in enumerate(posts):
            post_where = Location(f"{path} (post {index + 1})")
            if not isinstance(post, dict):
                issues.error(post_where, "a post must be a JSON object")
                continue
            for question in _questions(post):
                if question.get("type") != "binary":
                    skipped += 1
                    continue
                made = _question(post, question, me, prefix, community, post_where, issues)
                if made is None:
                    continue
                forecast, record = made
                if forecast.id in forecasts:
                    continue  # the same question in two downloads: the first one stands
                forecasts[forecast.id] = forecast
                if record is not None:
                    evidence[record.id] = record
    notes = [f"Read {len(forecasts)} binary questions; {len(evidence)} resolved."]
    if skipped:
        notes.append(f"{skipped} questions of other types (numeric, date, ...) were skipped.")
    return ImportResult(
        format="metaculus",
        sources=tuple(sources),
        forecasts=tuple(forecasts[k] for k in sorted(forecasts, key=_numeric_id)),
        evidence=tuple(evidence[k] for k in sorted(evidence, key=_numeric_id)),
        problems=tuple(issues.problems),
        notes=tuple(notes),
    )


def _numeric_id(identifier: str) -> tuple[int, str]:
    tail = identifier.rsplit("-", 1)[-1]
    return (int(tail), identifier) if tail.isdigit() else (-1, identifier)


def _posts(document: Any) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        if isinstance(document.get("results"), list):
            return list(document["results"])
        if any(k in document for k in ("question", "group_of_questions", "conditional")):
            return [document]
    return None


def _questions(post: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    if isinstance(post.get("question"), dict):
        yield post["question"]
    group = post.get("group_of_questions")
    if isinstance(group, dict):
        questions = group.get("questions")
        for question in questions if isinstance(questions, list) else []:
            if isinstance(question, dict):
                yield question
    conditional = post.get("conditional")
    if isinstance(conditional, dict):
        for key in ("question_yes", "question_no"):
            if isinstance(conditional.get(key), dict):
                yield conditional[key]


def _date(value: Any) -> pendulum.Date | None:
    if value in (None, ""):
        return None
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return date_of_timestamp(float(value))
        return date_of(str(value))
    except ValueError:
        return None


def _daily(history: Any, read: Any) -> list[tuple[pendulum.Date, float]]:
    """(day, probability) pairs, the last forecast of each day, in time order."""
    by_day: dict[pendulum.Date, tuple[float, float]] = {}
    for entry in history if isinstance(history, list) else []:
        if not isinstance(entry, dict):
            continue
        start = entry.get("start_time")
        probability = read(entry)
        if not isinstance(start, int | float) or probability is None:
            continue
        try:
            day = date_of_timestamp(float(start))
        except ValueError:
            continue  # not a time: the entry cannot be dated
        if day not in by_day or by_day[day][0] <= start:
            by_day[day] = (float(start), probability)
    return [(day, by_day[day][1]) for day in sorted(by_day)]


def _probability_yes(entry: Mapping[str, Any]) -> float | None:
    values = entry.get("forecast_values")
    if isinstance(values, list) and len(values) == 2 and isinstance(values[1], int | float):
        value = float(values[1])
    elif isinstance(entry.get("probability_yes"), int | float):
        value = float(entry["probability_yes"])
    else:
        centers = entry.get("centers")
        if not (isinstance(centers, list) and centers and isinstance(centers[0], int | float)):
            return None
        value = float(centers[0])
    return value if 0.0 <= value <= 1.0 else None


def _question(  # noqa: PLR0917 - one question's context, passed once
    post: Mapping[str, Any],
    question: Mapping[str, Any],
    me: str,
    prefix: str,
    community: bool,
    where: Location,
    issues: Issues,
) -> tuple[Forecast, Evidence | None] | None:
    number = question.get("id")
    title = str(question.get("title") or post.get("title") or "").strip()
    if not isinstance(number, int) or not title:
        issues.error(where, "a binary question needs an integer 'id' and a 'title'")
        return None
    identifier = f"{prefix}-{number}"
    predictions: list[Prediction] = []
    mine = question.get("my_forecasts")
    if isinstance(mine, dict):
        predictions += [
            Prediction(by=me, made=day, probability=p)
            for day, p in _daily(mine.get("history"), _probability_yes)
        ]
    aggregations = question.get("aggregations")
    if community and isinstance(aggregations, dict):
        recency = aggregations.get("recency_weighted")
        if isinstance(recency, dict):
            predictions += [
                Prediction(by=COMMUNITY, made=day, probability=p)
                for day, p in _daily(recency.get("history"), _probability_yes)
            ]
    if not predictions:
        issues.warn(
            where,
            f"question {number} has no forecasts in the download; it was skipped",
            "download it while logged in (my_forecasts) or with its aggregations",
        )
        return None
    resolution = str(question.get("resolution") or "").strip().lower()
    resolved_on = _date(question.get("actual_resolve_time")) or _date(
        question.get("resolution_set_time")
    )
    scheduled = (
        _date(question.get("scheduled_resolve_time"))
        or _date(question.get("scheduled_close_time"))
        or max(p.made for p in predictions)
    )
    resolves = max(
        [scheduled, *(p.made for p in predictions), *([resolved_on] if resolved_on else [])]
    )
    criteria = "\n\n".join(
        str(question.get(k)).strip()
        for k in ("resolution_criteria", "fine_print")
        if str(question.get(k) or "").strip()
    )
    post_id = post.get("id", number)
    url = SITE.format(post_id)
    forecast = Forecast(
        id=identifier,
        question=title,
        resolves=resolves,
        predictions=tuple(sorted(predictions, key=lambda p: (p.made, p.by))),
        criteria=criteria or "As resolved on Metaculus.",
        source=Source(url=url, publisher="Metaculus"),
        origin={"format": "metaculus", "id": str(number), "post_id": str(post_id)},
    )
    record = None
    if resolution in _OUTCOMES and resolved_on is not None:
        record = Evidence(
            id=identifier,
            observed=resolved_on,
            resolves={identifier: _OUTCOMES[resolution]},
            sources=(Source(url=url, publisher="Metaculus"),),
            summary=f"Metaculus resolved the question {resolution}.",
        )
    elif resolution and resolution not in _OUTCOMES:
        issues.warn(
            where,
            f"question {number} has resolution {resolution!r}, not yes/no/annulled/ambiguous; "
            "it is left unresolved",
        )
    return forecast, record
