"""Honest time travel: ``--as-of D`` shows the book as it stood on D, in the report and status.

And ``evidence_checked_through``: a default outcome with a deadline after the day evidence was
checked through is provisional, never scored, and listed as needing attention.
"""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from foretell import load_book
from foretell.cli import cli
from foretell.load import read_book
from foretell.model import Status
from foretell.report import ReportOptions, build_report, render_html, render_json, render_markdown
from foretell.status import book_status

D = pendulum.date

FORECASTS = """\
forecasts:
  - id: early
    question: Will the early thing happen?
    criteria: YES if it happens.
    resolves: 2026-03-31
    otherwise: no
    predictions:
      - {by: ann, made: 2026-01-01, probability: 0.7}
      - {by: ann, made: 2026-02-20, probability: 0.95, note: LATE-UPDATE-NOTE}
      - {by: ben, made: 2026-02-20, probability: 0.2}
  - id: written-later
    question: WRITTEN-LATER-QUESTION
    criteria: YES if it happens.
    resolves: 2026-12-31
    predictions:
      - {by: ann, made: 2026-03-01, probability: 0.5}
  - id: by-default
    question: Will the quiet thing happen?
    criteria: YES if it happens.
    resolves: 2026-06-30
    otherwise: no
    predictions:
      - {by: ann, made: 2026-01-01, probability: 0.3}
"""

EVIDENCE = """\
observed: 2026-02-15
summary: LATER-EVIDENCE-SUMMARY
sources:
  - {url: "https://example.org/later", publisher: Example}
resolves:
  early: yes
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "evidence").mkdir()
    (tmp_path / "forecasts" / "f.yaml").write_text(FORECASTS)
    (tmp_path / "evidence" / "later.yaml").write_text(EVIDENCE)
    return tmp_path


def test_nothing_after_the_day_appears_anywhere(book: Path) -> None:
    """As of 2026-02-10: no evidence of 02-15, no prediction of 02-20, no forecast of 03-01."""
    report = build_report(load_book(book), ReportOptions(as_of=D(2026, 2, 10)))
    later = ("LATER-EVIDENCE-SUMMARY", "LATE-UPDATE-NOTE", "WRITTEN-LATER-QUESTION",
             "2026-02-15", "2026-02-20", "2026-03-01", "ben")  # fmt: skip
    for text in (render_markdown(report), render_html(report), render_json(report)):
        for marker in later:
            assert marker not in text, marker
    assert dict(report.counts)["forecasts"] == 2
    assert [s.name for s in report.forecasters] == ["ann"]


def test_the_day_after_shows_what_was_known(book: Path) -> None:
    report = build_report(load_book(book), ReportOptions(as_of=D(2026, 2, 25)))
    data = json.loads(render_json(report))
    [early] = [f for f in data["forecasts"] if f["id"] == "early"]
    assert early["status"] == "resolved"
    assert early["evidence"][0]["summary"] == "LATER-EVIDENCE-SUMMARY"
    # Predictions made on or after the resolution day are shown as late, not scored.
    assert [(p["made"], p["scored"], p["late"]) for p in early["predictions"]] == [
        ("2026-01-01", True, False), ("2026-02-20", False, True), ("2026-02-20", False, True),
    ]  # fmt: skip


def test_status_as_of_a_day_counts_only_what_existed(book: Path) -> None:
    status = book_status(load_book(book), D(2026, 2, 10), D(2026, 3, 12))
    assert [r.forecast.id for r in status.resolutions] == ["early", "by-default"]
    assert all(p.made <= D(2026, 2, 10) for r in status.resolutions for p in r.forecast.predictions)
    result = CliRunner().invoke(cli, ["status", str(book), "--as-of", "2026-02-10",
                                      "--format", "json"])  # fmt: skip
    data = json.loads(result.stdout)
    assert [f["id"] for f in data["forecasts"]] == ["early", "by-default"]
    assert data["counts"]["open"] == 2


def test_time_averaged_scores_stop_at_the_day(book: Path) -> None:
    """Updates after the day are not part of the time-averaged score."""
    before = build_report(load_book(book), ReportOptions(as_of=D(2026, 2, 19)))
    assert before.forecasters[0].time_averaged is None  # one prediction before 02-19
    # resolved 02-15: ann's 02-20 update is late either way; the average runs 01-01 to 02-14.
    after = build_report(load_book(book), ReportOptions(as_of=D(2026, 6, 1)))
    ann = next(s for s in after.forecasters if s.name == "ann")
    assert ann.time_averaged is None


def write_config(book: Path, text: str) -> None:
    (book / "foretell.toml").write_text(text)


def test_a_default_outcome_after_the_checked_day_is_provisional(book: Path) -> None:
    write_config(book, "evidence_checked_through = 2026-05-31\n")
    reading = read_book(book)
    assert not reading.problems
    report = build_report(reading.book, ReportOptions(as_of=D(2026, 8, 1)))
    rows = {r.resolution.forecast.id: r.resolution for r in report.forecasts}
    quiet = rows["by-default"]
    assert quiet.status is Status.PROVISIONAL
    assert quiet.outcome == "no"
    assert quiet.evidence_checked_through == D(2026, 5, 31)
    # not scored: ann's claims are 'early' (resolved by evidence) only
    ann = next(s for s in report.forecasters if s.name == "ann")
    assert [c.resolution.forecast.id for c in ann.claims] == ["early"]
    assert [r.forecast.id for r in report.attention.provisional] == ["by-default"]
    markdown = render_markdown(report)
    assert "evidence not checked since 2026-05-31" in markdown
    assert "1 provisional" in markdown
    # status lists it too, and --fail-on can name it
    result = CliRunner().invoke(cli, ["status", str(book), "--as-of", "2026-08-01",
                                      "--fail-on", "provisional"])  # fmt: skip
    assert result.exit_code == 1
    assert "provisional  2026-06-30  by-default" in result.stdout
    assert "evidence not checked since 2026-05-31" in result.stdout


def test_moving_the_checked_day_past_the_deadline_settles_it(book: Path) -> None:
    write_config(book, "evidence_checked_through = 2026-07-01\n")
    report = build_report(load_book(book), ReportOptions(as_of=D(2026, 8, 1)))
    quiet = next(r.resolution for r in report.forecasts if r.resolution.forecast.id == "by-default")
    assert quiet.status is Status.RESOLVED
    assert quiet.method == "otherwise"


def test_per_folder_checked_days(book: Path) -> None:
    (book / "forecasts" / "economy").mkdir()
    (book / "forecasts" / "economy" / "g.yaml").write_text(
        FORECASTS.replace("id: ", "id: eco-").replace("WRITTEN", "ECO")
    )
    write_config(
        book,
        '[evidence_checked_through]\nevidence = 2026-05-31\n"evidence/economy" = 2026-07-31\n',
    )
    reading = read_book(book)
    assert not reading.problems
    states = {r.forecast.id: r.status for r in book_status(reading.book, D(2026, 8, 1),
                                                          D(2026, 8, 31)).resolutions}  # fmt: skip
    assert states["by-default"] is Status.PROVISIONAL  # book-wide day 05-31 < deadline 06-30
    assert states["eco-by-default"] is Status.RESOLVED  # its folder was checked through 07-31


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("evidence_checked_through = 5\n", "must be a date"),
        ('evidence_checked_through = "2026-02-30"\n', "day is out of range"),
        ('[evidence_checked_through]\n"elsewhere" = 2026-01-01\n', "not 'evidence'"),
    ],
)
def test_bad_checked_days_are_located_errors(book: Path, text: str, message: str) -> None:
    write_config(book, text)
    [problem] = read_book(book).problems
    assert problem.code == "C101"
    assert problem.location.path == "foretell.toml"
    assert problem.location.line == 1
    assert message in problem.message


def test_this_books_evidence_is_checked_through_early_july() -> None:
    """The repository's book: its default 'no' outcomes are provisional after 31 December."""
    root = Path(__file__).parents[2]
    reading = read_book(root)
    assert reading.book.evidence_checked_through == D(2026, 7, 2)
    latest = max(e.observed for e in reading.book.evidence)
    assert latest <= reading.book.evidence_checked_through
    status = book_status(reading.book, D(2027, 1, 5), D(2027, 2, 4))
    assert {r.forecast.id for r in status.provisional} == {
        "general-ceasefire-2026", "peace-agreement-2026", "us-recognises-crimea-2026",
        "us-russia-direct-clash-2026",
    }  # fmt: skip
