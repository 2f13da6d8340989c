"""Times of day: a prediction counts only if made strictly before the instant of the evidence.

Every expectation is worked out by hand from the fixture books in tests/books/times/
(times-of-day: a UTC book; time-zone: a book kept in Europe/Brussels), kept apart from
resolution/ because tables (which hold dates only) are compared against those books.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from foretell import check_book, load_book
from foretell.cli import cli
from foretell.model import Status
from foretell.resolution import late_predictions, resolve, scored_predictions

BOOKS = Path(__file__).parent / "books" / "times"
UTC = pendulum.timezone("UTC")


def _resolution(book: Path, as_of: object, forecast_id: str):
    [found] = [r for r in resolve(load_book(book), as_of) if r.forecast.id == forecast_id]  # type: ignore[arg-type]
    return found


def test_a_prediction_at_10_counts_against_evidence_at_13_34_the_same_day() -> None:
    resolution = _resolution(BOOKS / "times-of-day", "2026-03-31", "judged-same-day")
    assert resolution.status is Status.RESOLVED
    assert resolution.resolved_on == pendulum.date(2026, 3, 10)
    assert resolution.resolved_at == pendulum.datetime(2026, 3, 10, 13, 34, tz=UTC)
    scored = {by: p.probability for by, p in scored_predictions(resolution).items()}
    # morning 10:00, bare 00:00, offset 13:30Z all before 13:34; of 'twice', the 09:00 one
    # (the later instant, although it is the earlier line); 'afternoon' at 14:00 is late.
    assert scored == {"morning": 0.8, "bare": 0.7, "offset": 0.6, "twice": 0.55}
    assert [p.by for p in late_predictions(resolution)] == ["afternoon"]


def test_a_bare_date_on_the_day_of_a_bare_date_resolution_stays_late() -> None:
    resolution = _resolution(BOOKS / "times-of-day", "2026-03-31", "judged-bare-day")
    assert resolution.resolved_at == pendulum.datetime(2026, 3, 12, tz=UTC)
    assert list(scored_predictions(resolution)) == ["late-evening"]
    assert [p.by for p in late_predictions(resolution)] == ["bare", "noon"]


def test_the_book_time_zone_decides_where_a_bare_date_starts(tmp_path: Path) -> None:
    brussels = BOOKS / "time-zone"
    resolution = _resolution(brussels, "2026-03-31", "just-after-midnight")
    # 2026-03-10 starts at 23:00Z on the 9th in Brussels: before the evidence at 23:30Z.
    assert list(scored_predictions(resolution)) == ["bare"]
    # The same files in a UTC book: the day starts at 00:00Z, after 23:30Z on the 9th.
    utc = tmp_path / "utc"
    shutil.copytree(brussels, utc)
    (utc / "foretell.toml").unlink()
    resolution = _resolution(utc, "2026-03-31", "just-after-midnight")
    assert scored_predictions(resolution) == {}
    assert resolution.resolved_on == pendulum.date(2026, 3, 10)  # the date as written


def test_a_deadline_lasts_to_the_end_of_its_day_in_the_book_time_zone() -> None:
    book = BOOKS / "time-zone"
    # 23:30 in Brussels on the deadline day: still open.
    late_evening = pendulum.datetime(2026, 6, 30, 23, 30, tz="Europe/Brussels")
    assert _resolution(book, late_evening, "deadline-in-brussels").status is Status.OPEN
    # Midnight in Brussels (22:00Z): the deadline has passed and 'otherwise' applies.
    midnight = pendulum.datetime(2026, 7, 1, 0, 0, tz="Europe/Brussels")
    resolution = _resolution(book, midnight, "deadline-in-brussels")
    assert (resolution.status, resolution.outcome) == (Status.RESOLVED, "no")
    # As a day, 2026-06-30 covers the whole day: open; 2026-07-01 is past it.
    assert _resolution(book, "2026-06-30", "deadline-in-brussels").status is Status.OPEN
    assert _resolution(book, "2026-07-01", "deadline-in-brussels").status is Status.RESOLVED


def test_as_of_an_instant_counts_evidence_up_to_and_including_it() -> None:
    book = BOOKS / "times-of-day"
    before = _resolution(book, "2026-03-10T13:33:59Z", "judged-same-day")
    assert before.status is Status.OPEN
    at = _resolution(book, "2026-03-10T14:34:00+01:00", "judged-same-day")  # 13:34Z
    assert at.status is Status.RESOLVED
    # As a day, 2026-03-10 covers the evidence of 13:34 that day; 2026-03-09 does not.
    assert _resolution(book, "2026-03-10", "judged-same-day").status is Status.RESOLVED
    assert _resolution(book, "2026-03-09", "judged-same-day").status is Status.OPEN


def test_check_names_the_times_of_late_predictions() -> None:
    messages = [p.message for p in check_book(BOOKS / "times-of-day")]
    assert (
        "afternoon's prediction on forecast 'judged-same-day' is made on "
        "2026-03-10T14:00:00+00:00, on or after it resolved (2026-03-10T13:34:00+00:00, by "
        "evidence); it is not scored"
    ) in messages
    assert len(messages) == 3


def test_a_prediction_after_the_deadline_in_the_book_time_zone_is_an_error(
    tmp_path: Path,
) -> None:
    book = tmp_path / "book"
    (book / "forecasts").mkdir(parents=True)
    (book / "forecasts" / "late.yaml").write_text(
        "question: Late?\ncriteria: YES if so.\nresolves: 2026-03-31\nforecaster: me\n"
        "made: 2026-03-31T22:30:00-05:00\nprobability: 0.5\n"
    )
    problems = check_book(book)
    assert [(p.code, p.location.line) for p in problems] == [("F109", 5)]
    (book / "foretell.toml").write_text('timezone = "America/New_York"\n')
    assert check_book(book) == ()  # 22:30 in New York is still 31 March there


def test_an_unknown_time_zone_is_a_located_problem(tmp_path: Path) -> None:
    shutil.copytree(BOOKS / "time-zone", tmp_path / "book")
    (tmp_path / "book" / "foretell.toml").write_text('title = "x"\ntimezone = "Europe/Bruxelles"\n')
    [problem] = [p for p in check_book(tmp_path / "book") if p.code == "C101"]
    assert str(problem.location) == "foretell.toml:2:1"
    assert "unknown time zone 'Europe/Bruxelles'" in problem.message


def test_status_and_report_take_an_instant_as_of() -> None:
    book = str(BOOKS / "times-of-day")
    runner = CliRunner()
    before = runner.invoke(cli, ["status", book, "--as-of", "2026-03-10T13:00:00Z"])
    assert before.exit_code == 0, before.output
    # judged-bare-day is left out: all its predictions were made later (book as it stood).
    assert "1 open, 0 resolved" in before.stdout
    after = runner.invoke(
        cli, ["status", book, "--as-of", "2026-03-10T13:34:00Z", "--format", "json"]
    )
    counts = json.loads(after.stdout)["counts"]
    assert (counts["open"], counts["resolved"]) == (0, 1)
    report = runner.invoke(
        cli, ["report", book, "--as-of", "2026-03-31T12:00:00Z", "--format", "json"]
    )
    assert report.exit_code == 0, report.output
    figures = json.loads(report.stdout)
    assert figures["as_of"] == "2026-03-31T12:00:00+00:00"
    # 'morning' is scored on judged-same-day only: (0.8 - 1)^2 = 0.04.
    assert figures["forecasters"]["morning"]["brier"] == pytest.approx(0.04)
    assert "afternoon" not in figures["forecasters"] or not figures["forecasters"]["afternoon"]["n"]
    bad = runner.invoke(cli, ["status", book, "--as-of", "2026-03-10T13:00:00"])
    assert bad.exit_code == 2  # a time of day needs its offset


@pytest.mark.parametrize("name", ["times-of-day", "time-zone"])
def test_the_parse_cache_keeps_the_instants(tmp_path: Path, name: str) -> None:
    from foretell.load import ParseCache, read_book  # noqa: PLC0415

    def instants(reading) -> list[object]:  # type: ignore[no-untyped-def]
        book = reading.book
        return [p.made_at for f in book.forecasts for p in f.predictions] + [
            e.observed_at for e in book.evidence
        ]

    cache = ParseCache(tmp_path / "cache")
    fresh = instants(read_book(BOOKS / name))
    assert instants(read_book(BOOKS / name, cache=cache)) == fresh
    assert instants(read_book(BOOKS / name, cache=cache)) == fresh  # from the cache
    assert all(value is not None for value in fresh)


def test_a_book_with_tables_reports_as_of_an_instant(tmp_path: Path) -> None:
    """Tables work in whole days; an instant --as-of is taken as its calendar day there."""
    pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    from foretell.tables.write import forecast_table, write_table  # noqa: PLC0415

    source = BOOKS.parent / "resolution" / "agreeing-evidence"
    book = tmp_path / "book"
    shutil.copytree(source, book)
    forecasts = load_book(source).forecasts
    assert all(f.is_binary for f in forecasts)
    table, left_out = forecast_table(forecasts)
    assert not left_out
    for path in (book / "forecasts").glob("*.yaml"):
        path.unlink()
    write_table(table, book / "forecasts" / "table.parquet")
    result = CliRunner().invoke(
        cli, ["report", str(book), "--as-of", "2026-06-30T12:00:00+02:00", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == "2026-06-30T12:00:00+02:00"
