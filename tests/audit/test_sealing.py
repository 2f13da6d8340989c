"""Sealed forecasts: seal, commit, reveal, commit; the audit counts the seal's commit."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from gitbook import GitBook, forecast, requires_git

from foretell.audit import audit_book
from foretell.audit.seal import canonical_forecast, commitment, verify
from foretell.audit.sealing import SealError, reveal_forecast, seal_forecast
from foretell.check import check_book
from foretell.load import read_book

TODAY = pendulum.date(2026, 12, 1)

LIST_FILE = """\
# yaml-language-server: $schema=../schema/forecasts.schema.json
forecaster: ada
made: 2026-01-10
resolves: 2026-06-30
forecasts:
  - id: public
    question: Will the bridge open?
    criteria: YES if it opens.
    probability: 0.4
  - id: secret
    # a comment inside the entry
    question: Will the minister resign?
    criteria: YES if she does.
    probability: 0.7
    note: from a source I cannot name yet
  - {id: flowing, question: Will it snow?, criteria: YES if it snows., probability: 0.2}
tags: [politics]
"""


def test_the_commitment_is_the_documented_hash() -> None:
    book = read_book(Path(__file__).parents[1] / "books" / "valid" / "single")
    forecast_ = book.book.forecasts[0]
    canonical = canonical_forecast(forecast_)
    document = json.loads(canonical)
    assert document["predictions"] == [{"by": "me", "made": "2026-01-10", "probability": 0.6}]
    assert (
        canonical
        == json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )
    salt = "0" * 64
    expected = hashlib.sha256(b"foretell-seal-v1\n" + salt.encode() + b"\n" + canonical)
    assert commitment(salt, canonical) == "sha256:" + expected.hexdigest()
    assert verify("sha256:" + expected.hexdigest(), salt, canonical)
    assert not verify("sha256:" + expected.hexdigest(), "1" * 64, canonical)
    assert not verify("sha256:ünicode", salt, canonical)


@pytest.mark.parametrize("forecast_id", ["secret", "flowing"])
def test_seal_and_reveal_a_forecast_in_a_list(tmp_path: Path, forecast_id: str) -> None:
    (tmp_path / "forecasts").mkdir()
    path = tmp_path / "forecasts" / "list.yaml"
    path.write_text(LIST_FILE, encoding="utf-8")
    before = read_book(tmp_path).book.forecast(forecast_id)
    sealed = seal_forecast(tmp_path, forecast_id)
    text = path.read_text(encoding="utf-8")
    assert "minister" not in text if forecast_id == "secret" else "snow" not in text
    assert sealed.commitment in text
    assert check_book(tmp_path) == ()
    reading = read_book(tmp_path)
    assert [s.id for s in reading.book.sealed] == [forecast_id]
    assert not reading.book.has_forecast(forecast_id)
    record = json.loads(sealed.record.read_text(encoding="utf-8"))
    assert record["commitment"] == sealed.commitment
    assert (tmp_path / ".foretell" / "seals" / ".gitignore").read_text().endswith("*\n")

    reveal_forecast(tmp_path, forecast_id)
    revealed = path.read_text(encoding="utf-8")
    assert f"salt: '{record['salt']}'" in revealed
    value = f"revealed: {{commitment: '{sealed.commitment}', salt: '{record['salt']}'}}"
    if forecast_id == "flowing":
        assert revealed.replace(value + ", ", "", 1) == LIST_FILE
    else:
        assert revealed.replace("    " + value + "\n", "", 1) == LIST_FILE
    after = read_book(tmp_path).book.forecast(forecast_id)
    assert after == before
    assert check_book(tmp_path) == ()


def test_seal_a_one_forecast_file(tmp_path: Path) -> None:
    (tmp_path / "forecasts").mkdir()
    path = tmp_path / "forecasts" / "alone.yaml"
    original = forecast(0.35, question="Will the secret deal be signed?")
    path.write_text(original, encoding="utf-8")
    seal_forecast(tmp_path, "alone")
    assert "secret deal" not in path.read_text(encoding="utf-8")
    with pytest.raises(SealError, match="sealed already"):
        seal_forecast(tmp_path, "alone")
    reveal_forecast(tmp_path, "alone")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert text.count("\n") == original.count("\n") + 1
    with pytest.raises(SealError, match="revealed already"):
        seal_forecast(tmp_path, "alone")


def test_reveal_refuses_when_the_defaults_changed(tmp_path: Path) -> None:
    (tmp_path / "forecasts").mkdir()
    path = tmp_path / "forecasts" / "list.yaml"
    path.write_text(LIST_FILE, encoding="utf-8")
    seal_forecast(tmp_path, "secret")
    sealed_text = path.read_text(encoding="utf-8")
    path.write_text(sealed_text.replace("made: 2026-01-10", "made: 2026-01-01"), encoding="utf-8")
    with pytest.raises(SealError, match="does not match its commitment"):
        reveal_forecast(tmp_path, "secret")
    assert "made: 2026-01-01" in path.read_text(encoding="utf-8")  # nothing written


def test_reveal_without_the_record(tmp_path: Path) -> None:
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "forecasts" / "list.yaml").write_text(LIST_FILE, encoding="utf-8")
    sealed = seal_forecast(tmp_path, "secret")
    sealed.record.unlink()
    with pytest.raises(SealError, match="no private record"):
        reveal_forecast(tmp_path, "secret")
    with pytest.raises(SealError, match="no sealed forecast has the id 'public'"):
        reveal_forecast(tmp_path, "public")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_reveal_refuses_a_record_that_is_not_a_regular_file(tmp_path: Path) -> None:
    """A named pipe in the record's place is refused at once rather than waited on."""
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "forecasts" / "list.yaml").write_text(LIST_FILE, encoding="utf-8")
    sealed = seal_forecast(tmp_path, "secret")
    sealed.record.unlink()
    os.mkfifo(sealed.record)
    with pytest.raises(SealError, match="cannot be read: it is a FIFO"):
        reveal_forecast(tmp_path, "secret")


@requires_git
def test_audit_counts_the_commit_of_the_seal(tmp_path: Path) -> None:
    repo = GitBook(tmp_path / "repo", tmp_path / "home")
    repo.write("forecasts/list.yaml", LIST_FILE)
    seal_forecast(repo.book, "secret")
    repo.commit("2026-01-10T12:00:00Z", "Seal")
    assert repo.git("status", "--porcelain") == ""  # the private record is ignored
    repo.write("evidence/resigned.yaml", _evidence())
    repo.commit("2026-03-01T12:00:00Z", "She resigned")
    reveal_forecast(repo.book, "secret")
    repo.commit("2026-03-02T12:00:00Z", "Reveal")
    result = audit_book(repo.book, today=TODAY)
    assert result.findings == ()
    audit = result.prediction("secret", 0)
    assert audit is not None
    assert audit.first is not None
    assert audit.first.date.day == 10
    assert audit.pre_registered is True

    # A reveal whose text differs from what was sealed is a finding.
    path = repo.book / "forecasts" / "list.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("probability: 0.7", "probability: 0.9"),
        encoding="utf-8",
    )
    repo.commit("2026-03-03T12:00:00Z", "Edit after reveal")
    codes = {(f.code, f.forecast) for f in audit_book(repo.book, today=TODAY).findings}
    assert codes == {("A302", "secret")}


@requires_git
def test_a_forged_reveal_is_found(tmp_path: Path) -> None:
    repo = GitBook(tmp_path / "repo", tmp_path / "home")
    repo.write("forecasts/list.yaml", LIST_FILE)
    seal_forecast(repo.book, "secret")
    repo.commit("2026-01-10T12:00:00Z", "Seal")
    reveal_forecast(repo.book, "secret", dry_run=True)
    path = repo.book / "forecasts" / "list.yaml"
    reveal_forecast(repo.book, "secret")
    path.write_text(
        path.read_text(encoding="utf-8").replace("probability: 0.7", "probability: 0.95"),
        encoding="utf-8",
    )
    repo.commit("2026-03-02T12:00:00Z", "Reveal, with a better number")
    result = audit_book(repo.book, today=TODAY)
    # The predictions count as recorded when revealed, so they are also back-dated.
    assert sorted((f.code, f.forecast) for f in result.findings) == [
        ("A101", "secret"),
        ("A303", "secret"),
    ]
    audit = result.prediction("secret", 0)
    assert audit is not None
    assert audit.first is not None
    assert audit.first.date.month == 3


def test_seal_and_reveal_commands(tmp_path: Path) -> None:
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "forecasts" / "list.yaml").write_text(LIST_FILE, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "foretell", *args], capture_output=True, text=True, check=False
        )

    done = run("seal", str(tmp_path), "secret")
    assert done.returncode == 0, done.stderr
    assert "Sealed 'secret' in forecasts/list.yaml as sha256:" in done.stdout
    assert run("seal", str(tmp_path), "nothing").returncode == 1
    done = run("reveal", str(tmp_path), "secret")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in run("reveal", str(tmp_path), "secret").stderr


def test_seal_and_reveal_in_the_current_folder(tmp_path: Path) -> None:
    """The book defaults to the current folder: 'foretell seal ID' alone works."""
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "forecasts" / "list.yaml").write_text(LIST_FILE, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "foretell", *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )

    done = run("seal", "secret")
    assert done.returncode == 0, done.stderr
    assert "sha256:" in (tmp_path / "forecasts" / "list.yaml").read_text(encoding="utf-8")
    done = run("reveal", "secret")
    assert done.returncode == 0, done.stderr
    assert run("seal", ".", "secret", "extra").returncode == 2


def _evidence() -> str:
    return (
        "observed: 2026-02-28\nsummary: She resigned.\n"
        "source: {url: 'https://example.org/news', title: News}\nresolves:\n  secret: yes\n"
    )


def test_sealed_forecasts_are_listed_and_not_scored() -> None:
    from click.testing import CliRunner  # noqa: PLC0415

    from foretell.cli import cli  # noqa: PLC0415

    book = Path(__file__).parents[1] / "books" / "valid" / "sealed"
    runner = CliRunner()
    result = runner.invoke(cli, ["report", str(book), "--as-of", "2026-04-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sealed"] == ["hidden", "private"]
    assert {f["id"] for f in data["forecasts"]} == {"public", "revealed"}
    status = runner.invoke(cli, ["status", str(book), "--as-of", "2026-04-01", "--format", "json"])
    assert json.loads(status.stdout)["sealed"] == ["hidden", "private"]
