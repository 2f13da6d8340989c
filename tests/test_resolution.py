"""foretell.resolution: each rule of docs/resolution.md on a fixture book, at several dates.

Every expectation below is worked out by hand from the fixture files; none comes from running
the code.
"""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from foretell import load_book
from foretell.model import Status
from foretell.resolution import resolve, scored_predictions, superseded_ids

BOOKS = Path(__file__).parent / "books" / "resolution"
D = pendulum.date


def state(book: str, as_of: str, forecast_id: str):
    resolutions = resolve(load_book(BOOKS / book), pendulum.parse(as_of).date())
    [resolution] = [r for r in resolutions if r.forecast.id == forecast_id]
    return resolution


CASES = [
    # Rule 2: no evidence. Open up to and including the deadline (2026-03-31) ...
    ("no-evidence", "2026-03-31", "with-otherwise", Status.OPEN, None, None, (), None),
    ("no-evidence", "2026-03-31", "without-otherwise", Status.OPEN, None, None, (), None),
    # ... then 'otherwise' on the deadline, or overdue.
    ("no-evidence", "2026-04-01", "with-otherwise", Status.RESOLVED, "no", D(2026, 3, 31), (),
     "otherwise"),
    ("no-evidence", "2026-04-01", "without-otherwise", Status.OVERDUE, None, None, (), None),
    # Rule 1: evidence counts from its 'observed' day on.
    ("evidence-counts-from-observed", "2026-02-09", "talks-held", Status.OPEN, None, None, (),
     None),
    ("evidence-counts-from-observed", "2026-02-10", "talks-held", Status.RESOLVED, "yes",
     D(2026, 2, 10), ("talks",), "evidence"),
    # Evidence beats 'otherwise' after the deadline too.
    ("evidence-counts-from-observed", "2026-12-31", "talks-held", Status.RESOLVED, "yes",
     D(2026, 2, 10), ("talks",), "evidence"),
    # Rule 3: agreeing evidence resolves on the earliest observed day, naming all records.
    ("agreeing-evidence", "2026-02-07", "talks-held", Status.RESOLVED, "yes", D(2026, 2, 5),
     ("second-report",), "evidence"),
    ("agreeing-evidence", "2026-02-10", "talks-held", Status.RESOLVED, "yes", D(2026, 2, 5),
     ("second-report", "first-report"), "evidence"),
    # Rule 4: disagreement without 'supersedes' is a conflict, even after the deadline.
    ("conflict", "2026-02-07", "talks-held", Status.RESOLVED, "yes", D(2026, 2, 5),
     ("report-yes",), "evidence"),
    ("conflict", "2026-02-10", "talks-held", Status.CONFLICT, None, None,
     ("report-yes", "report-no"), None),
    ("conflict", "2026-06-01", "talks-held", Status.CONFLICT, None, None,
     ("report-yes", "report-no"), None),
    # Supersession: each record replaces the one it names; chains work; the date is the
    # superseding record's.
    ("supersedes-chain", "2026-02-05", "talks-held", Status.RESOLVED, "yes", D(2026, 2, 1),
     ("claim",), "evidence"),
    ("supersedes-chain", "2026-02-15", "talks-held", Status.RESOLVED, "no", D(2026, 2, 10),
     ("denial",), "evidence"),
    ("supersedes-chain", "2026-02-25", "talks-held", Status.RESOLVED, "yes", D(2026, 2, 20),
     ("confirmation",), "evidence"),
    # A superseded record is replaced entirely, also for forecasts the new one does not name.
    ("supersedes-chain", "2026-02-05", "deal-signed", Status.RESOLVED, "yes", D(2026, 2, 1),
     ("claim",), "evidence"),
    ("supersedes-chain", "2026-02-15", "deal-signed", Status.OPEN, None, None, (), None),
    ("supersedes-chain", "2026-04-01", "deal-signed", Status.RESOLVED, "no", D(2026, 3, 31), (),
     "otherwise"),
    # Annulled and ambiguous outcomes, from evidence or from 'otherwise'.
    ("unscored-outcomes", "2026-02-01", "question-annulled", Status.ANNULLED, "annulled",
     D(2026, 2, 1), ("annulment",), "evidence"),
    ("unscored-outcomes", "2026-02-01", "question-ambiguous", Status.AMBIGUOUS, "ambiguous",
     D(2026, 2, 1), ("unclear",), "evidence"),
    ("unscored-outcomes", "2026-04-01", "annulled-by-default", Status.ANNULLED, "annulled",
     D(2026, 3, 31), (), "otherwise"),
    # Fractional outcomes stay numbers; categories stay names.
    ("fractional-and-categories", "2026-03-01", "market-question", Status.RESOLVED, 0.8,
     D(2026, 3, 1), ("market-close",), "evidence"),
    ("fractional-and-categories", "2026-03-02", "winner", Status.RESOLVED, "blue",
     D(2026, 3, 2), ("result",), "evidence"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("book", "as_of", "forecast_id", "status", "outcome", "resolved_on", "evidence", "method"),
    CASES,
    ids=[f"{c[0]}-{c[2]}-{c[1]}" for c in CASES],
)
def test_rules(
    book: str,
    as_of: str,
    forecast_id: str,
    status: Status,
    outcome: object,
    resolved_on: pendulum.Date | None,
    evidence: tuple[str, ...],
    method: str | None,
) -> None:
    resolution = state(book, as_of, forecast_id)
    assert resolution.status is status
    assert resolution.outcome == outcome
    assert type(resolution.outcome) is type(outcome)
    assert resolution.resolved_on == resolved_on
    assert resolution.evidence == evidence
    assert resolution.method == method
    assert resolution.is_scored == (status is Status.RESOLVED)


def test_scored_prediction_is_the_latest_before_resolution() -> None:
    """Predictions on or after the resolution day (2026-02-10) knew the answer."""
    resolution = state("late-predictions", "2026-03-01", "talks-held")
    scored = scored_predictions(resolution)
    assert list(scored) == ["early"]
    assert scored["early"].made == D(2026, 2, 1)
    assert scored["early"].probability == 0.7


def test_unresolved_forecasts_score_nothing() -> None:
    assert scored_predictions(state("late-predictions", "2026-02-09", "talks-held")) == {}
    assert scored_predictions(state("conflict", "2026-02-10", "talks-held")) == {}
    assert scored_predictions(state("unscored-outcomes", "2026-02-01", "question-annulled")) == {}


def test_superseded_ids_follow_chains() -> None:
    evidence = load_book(BOOKS / "supersedes-chain").evidence
    assert superseded_ids(evidence) == {"claim", "denial"}
    assert superseded_ids([e for e in evidence if e.id != "confirmation"]) == {"claim"}


def test_resolve_keeps_the_book_order() -> None:
    book = load_book(BOOKS / "unscored-outcomes")
    assert [r.forecast.id for r in resolve(book, D(2026, 1, 1))] == [f.id for f in book.forecasts]


def test_forecasts_settled_by_one_record_share_its_ids() -> None:
    """Equal tuples of evidence ids are one object (a record may settle thousands of forecasts)."""
    from foretell.model import Book, Evidence, Forecast  # noqa: PLC0415

    day = pendulum.date(2026, 1, 2)
    forecasts = tuple(
        Forecast(id=f"q{i}", question="q", resolves=day, predictions=()) for i in range(3)
    )
    evidence = Evidence(
        id="e", observed=pendulum.date(2026, 1, 1), resolves={"q0": "yes", "q1": "no"}
    )
    first, second, third = resolve(
        Book(root=Path(), forecasts=forecasts, evidence=(evidence,)), day
    )
    assert first.evidence == second.evidence == ("e",)
    assert first.evidence is second.evidence
    assert (first.outcome, second.outcome, third.status) == ("yes", "no", Status.OPEN)
