"""The report shows when each scored prediction was recorded, and the pre-registered share."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pendulum
from click.testing import CliRunner
from gitbook import GitBook, evidence, forecast, requires_git

from foretell.audit import audit_book
from foretell.check import load_book
from foretell.cli import cli
from foretell.report import ReportOptions, build_report, render_html, render_json, render_markdown

pytestmark = requires_git

ROOT = Path(__file__).parents[2]
AS_OF = pendulum.date(2026, 6, 1)


def book_with_history(tmp_path: Path) -> GitBook:
    repo = GitBook(tmp_path / "repo", tmp_path / "home")
    repo.write("forecasts/early.yaml", forecast(0.8, by="ada"))
    repo.write("forecasts/other.yaml", forecast(0.3, by="bo"))
    repo.commit("2026-01-10T12:00:00Z")
    repo.write("evidence/both.yaml", evidence("2026-02-01", early="yes", other="no", late="yes"))
    repo.commit("2026-02-02T12:00:00Z")
    # Recorded after the answer was known (and back-dated to look early).
    repo.write("forecasts/late.yaml", forecast(0.9, by="bo", made="2026-01-20"))
    repo.commit("2026-03-01T12:00:00Z")
    return repo


def test_report_sections_and_json(tmp_path: Path) -> None:
    repo = book_with_history(tmp_path)
    book = load_book(repo.book)
    audit = audit_book(repo.book, as_of=AS_OF)
    report = build_report(book, ReportOptions(as_of=AS_OF), title="T", audit=audit)

    data = json.loads(render_json(report))
    schema = json.loads((ROOT / "docs" / "schema" / "report.schema.json").read_text())
    jsonschema.validate(data, schema)
    audit_data = data["audit"]
    assert audit_data["forecasters"] == {
        "ada": {"scored": 1, "pre_registered": 1, "pre_registered_share": 1.0, "passed": 1},
        "bo": {"scored": 2, "pre_registered": 1, "pre_registered_share": 0.5, "passed": 1},
    }
    late = next(p for p in audit_data["predictions"] if p["forecast"] == "late")
    assert late["first_recorded"] == "2026-03-01"
    assert late["pre_registered"] is False
    assert late["passed"] is False
    early = next(p for p in audit_data["predictions"] if p["forecast"] == "early")
    assert early["first_recorded"] == "2026-01-10"
    assert early["commit"] == repo.git("rev-list", "--max-parents=0", "HEAD").strip()[:10]

    markdown = render_markdown(report)
    assert "## Proof of when" in markdown
    assert "| [bo](#bo) | 2 | 1 | 50% | 1 |" in markdown
    assert "| **failed** |" in markdown
    assert "| late | bo | 2026-01-20 | 2026-03-01 |" in markdown
    html = render_html(report)
    assert 'id="proof-of-when"' in html


def test_as_of_uses_history_up_to_that_day(tmp_path: Path) -> None:
    repo = book_with_history(tmp_path)
    book = load_book(repo.book)
    as_of = pendulum.date(2026, 2, 15)
    audit = audit_book(repo.book, as_of=as_of)
    late = audit.prediction("late", 0)
    assert late is not None
    assert late.first is None  # not committed by 15 February
    report = build_report(book, ReportOptions(as_of=as_of), audit=audit)
    assert "not committed" in render_markdown(report)


def test_report_command_audits_a_book_that_is_a_repository(tmp_path: Path) -> None:
    repo = book_with_history(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["report", str(repo.book), "--as-of", "2026-06-01", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["audit"]["findings"] == 2
    result = runner.invoke(
        cli, ["report", str(repo.book), "--as-of", "2026-06-01", "--format", "json", "--no-audit"]
    )
    assert json.loads(result.stdout)["audit"] is None


def test_fixture_books_inside_this_repository_get_no_audit_by_default() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(ROOT / "tests" / "books" / "report"),
            "--as-of",
            "2026-06-30",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["audit"] is None
