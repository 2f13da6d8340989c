"""foretell.status and `foretell status`: counts, attention list, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from foretell import load_book
from foretell.cli import cli
from foretell.status import book_status, parse_window, render_table

BOOKS = Path(__file__).parent / "books"
D = pendulum.date


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("30d", D(2026, 2, 28)),
        ("30 days", D(2026, 2, 28)),
        ("2w", D(2026, 2, 12)),
        ("1m", D(2026, 2, 28)),  # calendar month, clamped to the end of February
        ("1y", D(2027, 1, 29)),
        ("P30D", D(2026, 2, 28)),
        ("P1M", D(2026, 2, 28)),
        ("P1Y2M", D(2027, 3, 29)),
        ("0d", D(2026, 1, 29)),
    ],
)
def test_parse_window(text: str, end: pendulum.Date) -> None:
    start = D(2026, 1, 29)
    assert parse_window(text, start) == end


@pytest.mark.parametrize("text", ["soon", "30", "d30", "-5d", "P", ""])
def test_parse_window_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="invalid duration"):
        parse_window(text, D(2026, 1, 1))


def test_attention_lists_overdue_conflicts_and_due() -> None:
    book = load_book(BOOKS / "resolution" / "no-evidence")
    status = book_status(book, D(2026, 3, 1), D(2026, 3, 31))
    assert [r.forecast.id for r in status.due] == ["with-otherwise", "without-otherwise"]
    assert status.overdue == ()
    later = book_status(book, D(2026, 4, 1), D(2026, 5, 1))
    assert [r.forecast.id for r in later.overdue] == ["without-otherwise"]
    assert later.due == ()
    assert later.counts == {
        "open": 0, "resolved": 1, "overdue": 1, "conflict": 0, "provisional": 0, "annulled": 0,
        "ambiguous": 0,
    }  # fmt: skip


def test_table_names_what_to_do() -> None:
    book = load_book(BOOKS / "resolution" / "conflict")
    text = render_table(book_status(book, D(2026, 2, 11), D(2026, 3, 13)), title="Book conflict")
    assert text == (
        "Book conflict as of 2026-02-11: 1 forecast\n"
        "  0 open, 0 resolved, 0 overdue, 1 conflict, 0 provisional, 0 annulled, 0 ambiguous\n"
        "\n"
        "Needs attention (due by 2026-03-13):\n"
        "  STATE     DEADLINE    FORECAST    WHY\n"
        "  conflict  2026-03-31  talks-held  evidence disagrees: report-yes, report-no\n"
    )


def invoke(*args: str):
    return CliRunner().invoke(cli, ["status", *args])


def test_json_contract() -> None:
    result = invoke(str(BOOKS / "resolution" / "supersedes-chain"), "--as-of", "2026-02-15",
                    "--format", "json")  # fmt: skip
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["as_of"] == "2026-02-15"
    assert document["counts"]["resolved"] == 1
    assert document["counts"]["open"] == 1
    assert document["forecasts"] == [
        {"id": "talks-held", "status": "resolved", "outcome": "no",
         "resolved_on": "2026-02-10", "resolves": "2026-03-31", "evidence": ["denial"],
         "evidence_checked_through": None},
        {"id": "deal-signed", "status": "open", "outcome": None, "resolved_on": None,
         "resolves": "2026-03-31", "evidence": [], "evidence_checked_through": None},
    ]  # fmt: skip


def test_fail_on_sets_the_exit_code() -> None:
    book = str(BOOKS / "resolution" / "no-evidence")
    assert invoke(book, "--as-of", "2026-04-01", "--fail-on", "overdue,conflict").exit_code == 1
    assert invoke(book, "--as-of", "2026-03-01", "--fail-on", "overdue,conflict").exit_code == 0
    assert invoke(book, "--as-of", "2026-03-01", "--fail-on", "due").exit_code == 1
    assert (
        invoke(book, "--as-of", "2026-01-01", "--due-within", "7d", "--fail-on", "due").exit_code
        == 0
    )


def test_usage_errors() -> None:
    book = str(BOOKS / "resolution" / "no-evidence")
    assert invoke(book, "--as-of", "2026-02-30").exit_code == 2
    assert invoke(book, "--due-within", "soon").exit_code == 2
    assert invoke(book, "--fail-on", "late").exit_code == 2


def test_a_book_with_errors_is_shown_as_far_as_it_loaded_and_fails() -> None:
    """What loaded is counted, the errors come first (and on stderr), the exit code is 1."""
    result = invoke(str(BOOKS / "invalid" / "F103-probability-out-of-range"), "--as-of",
                    "2026-01-01")  # fmt: skip
    assert result.exit_code == 1
    assert "error[F103]" in result.stderr
    assert "entries with errors are left out" in result.stderr
    out = result.stdout
    assert "The book has 3 errors" in out
    assert out.index("F103") < out.index("Nothing needs attention")
    assert "forecast rain-tomorrow (forecasts/range.yaml:4:9)" in out  # named, not dropped
    data = json.loads(invoke(str(BOOKS / "invalid" / "F103-probability-out-of-range"),
                             "--format", "json").stdout)  # fmt: skip
    assert [p["code"] for p in data["problems"]] == ["F103"] * 3
    assert [e["id"] for e in data["left_out"]] == ["rain-tomorrow", "negative", "percent"]
