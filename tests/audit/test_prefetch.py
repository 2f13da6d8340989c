"""git's part of the audit read on a thread gives exactly what reading it in line gives."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner
from gitbook import GitBook, evidence, forecast, requires_git

from foretell.audit import GitError, audit_book, audit_for_report
from foretell.audit import prefetch as prefetch_module
from foretell.audit.prefetch import HistoryPrefetch
from foretell.check import load_book
from foretell.cli import cli
from foretell.report import ReportOptions, build_report, render_json

pytestmark = requires_git

AS_OF = pendulum.date(2026, 6, 1)


def _repository(tmp_path: Path) -> GitBook:
    repo = GitBook(tmp_path / "repo", tmp_path / "home")
    repo.write("forecasts/early.yaml", forecast(0.8, by="ada"))
    repo.commit("2026-01-10T12:00:00Z")
    repo.write("evidence/early.yaml", evidence("2026-02-01", early="yes", late="no"))
    repo.commit("2026-02-02T12:00:00Z")
    repo.write("forecasts/late.yaml", forecast(0.9, by="bo", made="2026-01-20"))
    repo.commit("2026-03-01T12:00:00Z")
    repo.write("forecasts/uncommitted.yaml", forecast(0.4, by="ada", made="2026-01-05"))
    return repo


@pytest.mark.parametrize("as_of", [pendulum.date(2026, 2, 15), AS_OF])
def test_prefetched_audit_equals_the_audit_read_in_line(
    tmp_path: Path, as_of: pendulum.Date
) -> None:
    repo = _repository(tmp_path)
    in_line = audit_book(repo.book, as_of=as_of)
    prefetched, warning = audit_for_report(
        repo.book,
        wanted=None,
        as_of=as_of,
        prefetch=HistoryPrefetch(repo.book),
    )
    assert warning is None
    assert prefetched is not None
    assert prefetched.findings == in_line.findings
    assert prefetched.predictions == in_line.predictions
    assert prefetched.commits == in_line.commits


def test_report_command_shows_the_same_audit(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    book = load_book(repo.book)
    expected = json.loads(
        render_json(
            build_report(book, ReportOptions(as_of=AS_OF), audit=audit_book(repo.book, as_of=AS_OF))
        )
    )["audit"]
    result = CliRunner().invoke(
        cli, ["report", str(repo.book), "--as-of", "2026-06-01", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["audit"] == expected
    assert expected["findings"] >= 2


def test_a_folder_outside_git_gets_no_audit_and_a_required_one_fails(tmp_path: Path) -> None:
    book = tmp_path / "plain"
    (book / "forecasts").mkdir(parents=True)
    (book / "forecasts" / "q.yaml").write_text(forecast(0.7, by="ada"))
    assert audit_for_report(book, wanted=None, as_of=AS_OF, prefetch=HistoryPrefetch(book)) == (
        None,
        None,
    )
    with pytest.raises(GitError, match="not in a git repository"):
        audit_for_report(book, wanted=True, as_of=AS_OF, prefetch=HistoryPrefetch(book))
    result = CliRunner().invoke(cli, ["report", str(book), "--audit", "--as-of", "2026-06-01"])
    assert result.exit_code == 2
    assert "not in a git repository" in result.output


def test_an_unexpected_error_on_the_thread_is_raised_to_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(book: Path) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(prefetch_module, "open_repository", broken)
    pending = HistoryPrefetch(tmp_path)
    with pytest.raises(RuntimeError, match="disk on fire"):
        pending.repository()
    with pytest.raises(RuntimeError, match="disk on fire"):
        pending.history()
