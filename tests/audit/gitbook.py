"""Building real git repositories of books in tests, with fixed dates and identities."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

requires_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git_environment(home: Path) -> dict[str, str]:
    """An environment in which git needs no configuration of the machine it runs on."""
    environment = dict(os.environ)
    for key in list(environment):
        if key.startswith("GIT_"):
            del environment[key]
    environment.update(
        {
            "HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
            "GIT_AUTHOR_NAME": "Ada Writer",
            "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada Writer",
            "GIT_COMMITTER_EMAIL": "ada@example.org",
        }
    )
    return environment


class GitBook:
    """A git repository holding a book (at ``root / book``), written and committed by tests."""

    def __init__(self, root: Path, home: Path, book: str = "") -> None:
        self.root = root
        self.book = root / book if book else root
        self.environment = git_environment(home)
        home.mkdir(parents=True, exist_ok=True)
        (home / "gitconfig").write_text("", encoding="utf-8")
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str | None = None) -> str:
        environment = dict(self.environment)
        if date is not None:
            environment["GIT_AUTHOR_DATE"] = date
            environment["GIT_COMMITTER_DATE"] = date
        result = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def write(self, path: str, text: str) -> None:
        target = self.book / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def delete(self, path: str) -> None:
        (self.book / path).unlink()

    def commit(self, date: str, message: str = "Change") -> str:
        """Commit everything with both dates set to ``date`` (e.g. ``2026-01-10T12:00:00Z``)."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()


def forecast(
    probability: float | str = 0.6,
    made: str = "2026-01-10",
    *,
    by: str = "ada",
    question: str = "Will it happen?",
    resolves: str = "2026-06-30",
    note: str | None = None,
    extra: str = "",
) -> str:
    """A one-forecast file."""
    lines = [
        f"question: {question}",
        "criteria: YES if it is reported.",
        f"resolves: {resolves}",
        "predictions:",
        f"  - by: {by}",
        f"    made: {made}",
        f"    probability: {probability}",
    ]
    if note is not None:
        lines.append(f"    note: {note}")
    return "\n".join(lines) + "\n" + extra


def evidence(observed: str, **outcomes: str) -> str:
    """A one-record evidence file."""
    lines = [
        f"observed: {observed}",
        "summary: It was reported.",
        "source: {url: 'https://example.org/report', title: Report}",
        "resolves:",
    ]
    lines.extend(f"  {forecast_id}: {outcome}" for forecast_id, outcome in outcomes.items())
    return "\n".join(lines) + "\n"
