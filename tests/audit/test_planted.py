"""A history with one planted case of each kind: the audit finds each, and nothing else."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from gitbook import GitBook, evidence, forecast, requires_git

from foretell.audit import Kind, audit_book

pytestmark = requires_git

TODAY = pendulum.date(2026, 4, 1)


@pytest.fixture
def planted(tmp_path: Path) -> GitBook:
    repo = GitBook(tmp_path / "repo", tmp_path / "home")
    repo.write("forecasts/honest.yaml", forecast(0.6))
    repo.write("forecasts/backdated.yaml", forecast(0.7, made="2025-12-01"))
    repo.write("forecasts/changed.yaml", forecast(0.3))
    repo.write("forecasts/miss.yaml", forecast(0.9))
    repo.write("forecasts/target.yaml", forecast(0.5))
    repo.write("forecasts/open-q.yaml", forecast(0.4, resolves="2026-12-31", note="first"))
    repo.write("forecasts/other.yaml", forecast(0.2, resolves="2026-12-31", note="first"))
    repo.commit("2026-01-10T18:00:00+01:00", "First forecasts")

    repo.write("evidence/e-honest.yaml", evidence("2026-01-31", honest="yes"))
    repo.write("evidence/e-target.yaml", evidence("2026-01-31", target="no"))
    repo.write("evidence/e-miss.yaml", evidence("2026-01-31", miss="no"))
    repo.commit("2026-02-01T09:00:00Z", "Evidence")

    # Hindsight: made the day before the answer, committed the day after it (within grace).
    repo.write("forecasts/hindsight.yaml", forecast(0.95, made="2026-02-27"))
    repo.write("evidence/e-hindsight.yaml", evidence("2026-02-28", hindsight="yes"))
    repo.commit("2026-03-01T12:00:00Z", "Hindsight")

    repo.write("forecasts/changed.yaml", forecast(0.8))
    repo.commit("2026-03-05T10:00:00Z", "Change a probability")

    repo.delete("forecasts/miss.yaml")
    repo.commit("2026-03-10T10:00:00Z", "Delete a miss")

    repo.write("evidence/e-target.yaml", evidence("2026-01-31", target="yes"))
    repo.commit("2026-03-12T10:00:00Z", "Rewrite evidence")

    # Renames: a forecast moved to another folder, an evidence file renamed (same id).
    repo.git("mv", "forecasts/honest.yaml", "forecasts/archive-honest.yaml")
    repo.write("forecasts/archive-honest.yaml", "id: honest\n" + forecast(0.6))
    (repo.book / "forecasts" / "old").mkdir()
    repo.git("mv", "forecasts/other.yaml", "forecasts/old/other.yaml")
    repo.commit("2026-03-13T10:00:00Z", "Move files")

    # A merge: a prediction added on a branch, an unrelated note edited on main.
    repo.git("checkout", "-q", "-b", "side")
    repo.write(
        "forecasts/open-q.yaml",
        forecast(0.4, resolves="2026-12-31", note="first")
        + "  - {by: bo, made: 2026-03-15, probability: 0.45}\n",
    )
    repo.commit("2026-03-15T10:00:00Z", "Bo's prediction")
    repo.git("checkout", "-q", "main")
    repo.write("forecasts/old/other.yaml", forecast(0.2, resolves="2026-12-31", note="typo fixed"))
    repo.commit("2026-03-16T10:00:00Z", "Fix a note")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge side", "side", date="2026-03-17T10:00:00Z")

    # Uncommitted: an edited probability and a new forecast.
    repo.write(
        "forecasts/open-q.yaml",
        forecast(0.55, resolves="2026-12-31", note="first")
        + "  - {by: bo, made: 2026-03-15, probability: 0.45}\n",
    )
    repo.write("forecasts/fresh.yaml", forecast(0.5, made="2026-03-31"))
    return repo


def summary(book: Path) -> set[tuple[str, str, str | None, str | None, str | None]]:
    result = audit_book(book, today=TODAY)
    return {
        (
            f.kind.value,
            f.code,
            f.forecast,
            f.evidence,
            f"{f.prediction[0]} {f.prediction[1]}" if f.prediction else None,
        )
        for f in result.findings
    }


def test_every_planted_case_is_found_and_nothing_else(planted: GitBook) -> None:
    assert summary(planted.book) == {
        ("back-dated", "A101", "backdated", None, "ada 2025-12-01"),
        ("recorded-after-the-fact", "A201", "hindsight", "e-hindsight", "ada 2026-02-27"),
        ("changed-after-recording", "A301", "changed", None, "ada 2026-01-10"),
        ("removed", "A402", "miss", None, None),
        ("evidence-rewritten", "A501", "target", "e-target", None),
        ("not-yet-recorded", "A602", "open-q", None, "ada 2026-01-10"),
        ("not-yet-recorded", "A603", "fresh", None, None),
    }


def test_findings_name_the_commits_and_dates(planted: GitBook) -> None:
    result = audit_book(planted.book, today=TODAY)
    by_code = {f.code: f for f in result.findings}
    backdated = by_code["A101"]
    assert [c.date.isoformat() for c in backdated.commits] == ["2026-01-10T18:00:00+01:00"]
    assert backdated.commits[0].author == "Ada Writer"
    assert "2026-01-10 18:00 +0100" in backdated.message
    assert str(backdated.location) == "forecasts/backdated.yaml:5:5"
    changed = by_code["A301"]
    assert [c.date.day for c in changed.commits] == [10, 5]
    assert "'probability' 0.3 → 0.8" in changed.message
    rewritten = by_code["A501"]
    assert "'resolves.target' no → yes" in rewritten.message
    assert str(by_code["A402"].location) == "forecasts/miss.yaml:1:1"
    assert by_code["A603"].commits == ()


def test_a_clean_history_has_no_findings(planted: GitBook) -> None:
    planted.git("checkout", "-q", "--", ".")
    planted.delete("forecasts/fresh.yaml")
    planted.git("reset", "-q", "--hard", "HEAD")
    assert {code for _, code, *_ in summary(planted.book)} == {
        "A101",
        "A201",
        "A301",
        "A402",
        "A501",
    }


def test_the_report_of_predictions(planted: GitBook) -> None:
    result = audit_book(planted.book, today=TODAY)
    honest = result.prediction("honest", 0)
    assert honest is not None
    assert honest.first is not None
    assert honest.first.date.isoformat() == "2026-01-10T18:00:00+01:00"
    assert honest.passed
    assert honest.pre_registered is True
    hindsight = result.prediction("hindsight", 0)
    assert hindsight is not None
    assert not hindsight.passed
    assert hindsight.pre_registered is False
    fresh = result.prediction("fresh", 0)
    assert fresh is not None
    assert fresh.first is None
    assert not fresh.passed
    bo = result.prediction("open-q", 1)
    assert bo is not None
    assert bo.first is not None
    assert bo.first.date.day == 15  # on the branch, not at the merge
    assert bo.pre_registered is None  # not resolved


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foretell", *args], capture_output=True, text=True, check=False
    )


def test_command_json_and_exit_codes(planted: GitBook) -> None:
    done = run_cli("audit", str(planted.book), "--format", "json", "--as-of", "2026-04-01")
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    kinds = {f["kind"] for f in document["findings"]}
    assert kinds == {k.value for k in Kind}
    finding = next(f for f in document["findings"] if f["kind"] == "back-dated")
    assert finding["prediction"] == {"by": "ada", "made": "2025-12-01"}
    assert finding["forecast"] == "backdated"
    assert finding["evidence"] is None
    assert set(finding["commits"][0]) >= {"id", "author", "date"}
    passing = run_cli("audit", str(planted.book), "--fail-on", "not-yet-recorded")
    assert passing.returncode == 1
    assert "not-yet-recorded[A603]" in passing.stdout
    ignoring = run_cli("audit", str(planted.book), "--fail-on", "none")
    assert ignoring.returncode == 0
    bad = run_cli("audit", str(planted.book), "--fail-on", "typo")
    assert bad.returncode == 2
    assert "unknown finding kind 'typo'" in bad.stderr


def test_since_limits_findings_to_later_commits(planted: GitBook) -> None:
    first = planted.git("rev-list", "--max-parents=0", "HEAD").strip()
    result = audit_book(planted.book, since=first, today=TODAY)
    codes = {f.code for f in result.findings}
    assert "A101" not in codes  # back-dated at the first commit, before --since
    assert {"A201", "A301", "A402", "A501", "A602", "A603"} <= codes


def test_hostile_names_are_escaped_in_text_and_json(tmp_path: Path) -> None:
    repo = GitBook(tmp_path / "repo", tmp_path / "home")
    repo.environment["GIT_AUTHOR_NAME"] = "Eve \x1b[2J\x1b]8;;http://evil\x07x"
    repo.write("forecasts/q.yaml", forecast(0.6, made="2025-01-01", by='"mallory\\u202e\\x1b[31m"'))
    repo.commit("2026-01-10T12:00:00Z")
    done = run_cli("audit", str(repo.book))
    assert done.returncode == 1
    assert "back-dated[A101]" in done.stdout
    assert "\x1b" not in done.stdout
    assert "\u202e" not in done.stdout
    as_json = run_cli("audit", str(repo.book), "--format", "json")
    assert "\x1b" not in as_json.stdout
    assert "\u202e" not in as_json.stdout
    document = json.loads(as_json.stdout)
    assert document["findings"][0]["prediction"]["by"] == "mallory\u202e\x1b[31m"
