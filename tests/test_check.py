"""foretell.check: one fixture book per problem kind, each problem snapshotted.

The case folder's name starts with the code it demonstrates; the test asserts that code is
reported (with the right severity, in a file that exists) and snapshots the full text of every
problem so that wording and positions are reviewed when they change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from foretell.check import check_book
from foretell.problems import CODES, Severity

BOOKS = Path(__file__).parent / "books"
INVALID = sorted(p for p in (BOOKS / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (BOOKS / "valid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case_reports_its_problem(case: Path, file_regression) -> None:
    """Each invalid book reports its problem kind at an existing file, all in one run."""
    code = case.name.split("-")[0]
    problems = check_book(case)
    codes = {p.code for p in problems}
    assert code in codes, f"{case.name}: expected {code}, got {sorted(codes)}"
    expected = Severity.WARNING if "(warning)" in CODES[code] else Severity.ERROR
    assert {p.severity for p in problems if p.code == code} == {expected}
    for problem in problems:
        target = case / problem.location.path
        assert target.exists() or problem.code == "B100", problem
    file_regression.check("\n".join(map(str, problems)) + "\n", basename=case.name)


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_book_has_no_problems(case: Path) -> None:
    """The valid fixture books check clean: no errors and no warnings."""
    assert check_book(case) == ()


def test_every_code_has_an_invalid_case() -> None:
    """Every problem code is demonstrated by a fixture (Y101 needs an unreadable file: see
    test_yamlio; T102 a machine without the table engine: see tests/tables)."""
    demonstrated = {case.name.split("-")[0] for case in INVALID}
    assert set(CODES) - demonstrated == {"Y101", "T102"}


def test_problems_are_in_reading_order() -> None:
    """Problems come sorted by file, line and column."""
    problems = check_book(BOOKS / "invalid" / "F102-missing-key")
    locations = [p.location for p in problems]
    assert locations == sorted(locations)
    assert len(problems) == 4


def test_a_broken_forecast_still_gets_its_quote_checked() -> None:
    """Book-wide rules run on entries with errors of their own: one run shows everything."""
    problems = check_book(BOOKS / "invalid" / "B103-quote-not-found")
    assert [p.code for p in problems] == ["B103"]
    assert problems[0].location.line == 17


def test_duplicate_ids_point_at_the_second_use() -> None:
    problems = check_book(BOOKS / "invalid" / "B101-duplicate-id")
    forecast = next(p for p in problems if "forecast id" in p.message)
    assert forecast.location.path == "forecasts/b.yaml"
    assert "forecasts/a.yaml:4:9" in forecast.message
