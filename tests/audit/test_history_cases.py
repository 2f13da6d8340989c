"""Histories with one situation each: moves, merges, broken versions, sub-folders, no git."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from gitbook import GitBook, evidence, forecast, requires_git

from foretell.audit import GitError, audit_book

pytestmark = requires_git

TODAY = pendulum.date(2026, 12, 1)


def codes(book: Path, **options: object) -> list[tuple[str, str | None]]:
    result = audit_book(book, today=TODAY, **options)  # type: ignore[arg-type]
    return sorted((f.code, f.forecast or f.evidence) for f in result.findings)


@pytest.fixture
def repo(tmp_path: Path) -> GitBook:
    return GitBook(tmp_path / "repo", tmp_path / "home")


def test_a_move_in_two_commits_keeps_the_first_commit(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.commit("2026-01-10T12:00:00Z")
    repo.delete("forecasts/q.yaml")
    repo.commit("2026-02-10T12:00:00Z")
    repo.write("forecasts/moved/q.yaml", forecast(0.6))
    repo.commit("2026-02-11T12:00:00Z")
    assert codes(repo.book) == []
    prediction = audit_book(repo.book, today=TODAY).prediction("q", 0)
    assert prediction is not None
    assert prediction.first is not None
    assert prediction.first.date.day == 10


def test_a_forecast_moved_into_a_file_of_several(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.write("forecasts/r.yaml", forecast(0.3))
    repo.commit("2026-01-10T12:00:00Z")
    combined = "forecasts:\n" + "".join(
        f"  - id: {name}\n" + "".join(f"    {line}\n" for line in forecast(p).splitlines())
        for name, p in (("q", 0.6), ("r", 0.3))
    )
    repo.delete("forecasts/q.yaml")
    repo.delete("forecasts/r.yaml")
    repo.write("forecasts/all.yaml", combined)
    repo.commit("2026-02-10T12:00:00Z")
    assert codes(repo.book) == []


def test_a_change_on_a_branch_is_reported_once(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.write("forecasts/r.yaml", forecast(0.3))
    repo.commit("2026-01-10T12:00:00Z")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("forecasts/q.yaml", forecast(0.7))
    side = repo.commit("2026-01-20T12:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.write("forecasts/r.yaml", forecast(0.3, note="a note"))
    repo.commit("2026-01-21T12:00:00Z")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge", "side", date="2026-01-22T12:00:00Z")
    result = audit_book(repo.book, today=TODAY)
    assert [(f.code, f.forecast) for f in result.findings] == [("A301", "q")]
    assert result.findings[0].commits[-1].id == side


def test_a_merge_taking_the_other_side_is_no_change(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.commit("2026-01-10T12:00:00Z")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("forecasts/q.yaml", forecast(0.6, note="side"))
    repo.commit("2026-01-20T12:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-s", "ours", "-m", "Keep ours", "side")
    assert codes(repo.book) == []


def test_a_broken_version_in_between_is_not_a_removal(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.commit("2026-01-10T12:00:00Z")
    repo.write("forecasts/q.yaml", "question: [unclosed\n")
    repo.commit("2026-01-11T12:00:00Z")
    repo.write("forecasts/q.yaml", forecast(0.6, extra="nonsense: 1\n"))
    repo.commit("2026-01-12T12:00:00Z")
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.commit("2026-01-13T12:00:00Z")
    assert codes(repo.book) == []


def test_deleted_prediction_and_evidence_and_late_change(repo: GitBook) -> None:
    two = forecast(0.6) + "  - {by: bo, made: 2026-01-10, probability: 0.2}\n"
    repo.write("forecasts/q.yaml", two)
    repo.write("forecasts/r.yaml", forecast(0.5))
    repo.commit("2026-01-10T12:00:00Z")
    repo.write("evidence/fact.yaml", evidence("2026-01-20", q="yes"))
    repo.write("evidence/other.yaml", evidence("2026-01-20", r="no"))
    repo.write("evidence/again.yaml", evidence("2026-01-20", q="yes"))
    repo.commit("2026-01-21T12:00:00Z")
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.write("forecasts/r.yaml", forecast(0.1))
    repo.delete("evidence/again.yaml")
    repo.commit("2026-02-01T12:00:00Z")
    result = audit_book(repo.book, today=TODAY)
    found = sorted((f.code, f.forecast, f.evidence) for f in result.findings)
    assert found == [("A302", "r", None), ("A401", "q", None), ("A403", None, "again")]
    late = next(f for f in result.findings if f.code == "A302")
    assert "after its question resolved (evidence 'other' observed 2026-01-20)" in late.message


def test_a_book_in_a_folder_of_a_larger_repository(tmp_path: Path) -> None:
    repo = GitBook(tmp_path / "repo", tmp_path / "home", book="docs/my book")
    repo.write("forecasts/q.yaml", forecast(0.6, made="2025-11-01"))
    (repo.root / "README.md").write_text("hello\n", encoding="utf-8")
    repo.commit("2026-01-10T12:00:00Z")
    (repo.root / "README.md").write_text("hello again\n", encoding="utf-8")
    repo.commit("2026-01-11T12:00:00Z")
    result = audit_book(repo.book, today=TODAY)
    assert [(f.code, str(f.location)) for f in result.findings] == [
        ("A101", "forecasts/q.yaml:5:5")
    ]
    assert result.commits == 1


def test_no_commits_yet_means_nothing_is_recorded(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    assert codes(repo.book) == [("A603", "q")]


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "forecasts").mkdir()
    with pytest.raises(GitError, match="not in a git repository"):
        audit_book(tmp_path)


def test_shallow_clone_is_refused_with_a_clear_message(repo: GitBook, tmp_path: Path) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.commit("2026-01-10T12:00:00Z")
    repo.write("forecasts/q.yaml", forecast(0.6, note="x"))
    repo.commit("2026-01-11T12:00:00Z")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    with pytest.raises(GitError, match="shallow clone") as caught:
        audit_book(clone)
    assert caught.value.hint is not None
    assert "unshallow" in caught.value.hint
    done = subprocess.run(
        [sys.executable, "-m", "foretell", "audit", str(clone)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "shallow clone" in done.stderr
    assert "Traceback" not in done.stderr


def test_grace_period(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6, made="2026-01-07"))
    repo.commit("2026-01-09T23:00:00+02:00")  # 1 day 23 hours after the end of the 7th
    assert codes(repo.book) == []
    assert codes(repo.book, grace=dt.timedelta(hours=36)) == [("A101", "q")]


def test_as_of_uses_history_up_to_that_day(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.commit("2026-01-10T12:00:00Z")
    repo.write("forecasts/q.yaml", forecast(0.9))
    repo.commit("2026-03-10T12:00:00Z")
    assert codes(repo.book, as_of=pendulum.date(2026, 2, 1)) == [("A602", "q")]
    assert codes(repo.book) == [("A301", "q")]


def test_renaming_a_file_whose_name_is_the_id_is_followed(repo: GitBook) -> None:
    repo.write("forecasts/rain.yaml", forecast(0.6))
    repo.write("evidence/wet.yaml", evidence("2026-01-20", other="yes"))
    repo.write("forecasts/other.yaml", forecast(0.3))
    repo.commit("2026-01-10T12:00:00Z")
    repo.git("mv", "forecasts/rain.yaml", "forecasts/rain-in-town.yaml")
    repo.git("mv", "evidence/wet.yaml", "evidence/archive-wet.yaml")
    repo.commit("2026-03-10T12:00:00Z")
    result = audit_book(repo.book, today=TODAY)
    assert result.findings == ()
    prediction = result.prediction("rain-in-town", 0)
    assert prediction is not None
    assert prediction.first is not None
    assert prediction.first.date.month == 1


def test_an_edited_date_is_a_change_of_the_same_prediction(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6, made="2026-01-10"))
    repo.commit("2026-01-10T12:00:00Z")
    repo.write("forecasts/q.yaml", forecast(0.6, made="2026-01-02"))
    repo.commit("2026-02-10T12:00:00Z")
    result = audit_book(repo.book, today=TODAY)
    found = sorted((f.code, f.message.split(": ", 1)[-1]) for f in result.findings)
    # Moving the date back is a change of the recorded prediction, and makes it back-dated.
    assert [code for code, _ in found] == ["A101", "A301"]
    assert "'made' 2026-01-10 → 2026-01-02" in found[1][1]


def test_an_update_appended_as_a_new_prediction_is_no_finding(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6, made="2026-01-10"))
    repo.commit("2026-01-10T12:00:00Z")
    repo.write(
        "forecasts/q.yaml",
        forecast(0.6, made="2026-01-10") + "  - {by: ada, made: 2026-02-10, probability: 0.7}\n",
    )
    repo.commit("2026-02-10T12:00:00Z")
    result = audit_book(repo.book, today=TODAY)
    assert result.findings == ()
    second = result.prediction("q", 1)
    assert second is not None
    assert second.first is not None
    assert second.first.date.month == 2


def test_no_git_on_the_machine(repo: GitBook, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.commit("2026-01-10T12:00:00Z")
    monkeypatch.setenv("PATH", "")
    with pytest.raises(GitError, match="git is not installed"):
        audit_book(repo.book)


def test_an_unknown_since_revision_is_a_clear_error(repo: GitBook) -> None:
    repo.write("forecasts/q.yaml", forecast(0.6))
    repo.commit("2026-01-10T12:00:00Z")
    with pytest.raises(GitError, match="--since: no commit named 'nope'"):
        audit_book(repo.book, since="nope")
    done = subprocess.run(
        [sys.executable, "-m", "foretell", "audit", str(repo.book), "--since", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
