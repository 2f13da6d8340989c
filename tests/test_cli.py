"""The command line: exit codes, formats, and a fast start for `foretell check`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from foretell.cli import cli, main

BOOKS = Path(__file__).parent / "books"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_check_clean_book_exits_0() -> None:
    result = run("check", str(BOOKS / "valid" / "article"))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "All good: 2 forecasts and 1 evidence record checked." in result.stderr


def test_check_with_problems_exits_1() -> None:
    result = run("check", str(BOOKS / "invalid" / "F103-probability-out-of-range"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "forecasts/range.yaml:7:18: error[F103]: 'probability' must be between 0 and 1: 1.5; "
        "write 0.7 or 70% for a 70% chance"
    )
    assert len(lines) == 3
    assert "3 errors, 0 warnings" in result.stderr


def test_warnings_alone_exit_0_unless_strict() -> None:
    book = str(BOOKS / "invalid" / "F113-no-criteria")
    assert run("check", book).exit_code == 0
    assert run("check", "--strict", book).exit_code == 1


def test_usage_errors_exit_2() -> None:
    assert run("check", str(BOOKS / "no-such-book")).exit_code == 2
    assert run("check", "--format", "xml", str(BOOKS / "valid" / "article")).exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_json_format() -> None:
    result = run("check", "--format", "json", str(BOOKS / "invalid" / "B104-unknown-forecast"))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document == {
        "problems": [
            {
                "path": "evidence/rain.yaml",
                "line": 5,
                "column": 3,
                "severity": "error",
                "code": "B104",
                "message": "evidence 'rain' resolves an unknown forecast 'rain-tomorow'",
                "hint": "did you mean 'rain-tomorrow'?",
            }
        ],
        "summary": {"errors": 1, "warnings": 0, "forecasts": 1, "evidence": 1},
    }


def test_book_defaults_to_the_current_folder(monkeypatch) -> None:
    monkeypatch.chdir(BOOKS / "valid" / "single")
    assert run("check").exit_code == 0


def test_internal_errors_are_reported_without_a_traceback(monkeypatch, capsys) -> None:
    def broken(*_args: object, **_options: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("foretell.commands.check.run_check", broken)
    code = None
    try:
        main(["check", str(BOOKS / "valid" / "article")])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 123
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err


def test_check_does_not_import_scipy_or_matplotlib() -> None:
    """`foretell check` runs as a pre-commit hook: it must not pay for the scoring stack."""
    code = (
        "import sys\n"
        "from foretell.cli import main\n"
        "try:\n"
        f"    main(['check', {str(BOOKS / 'valid' / 'article')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('scipy', 'matplotlib', 'numpy'))\n"
        "print(heavy)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


REPORT_BOOK = BOOKS / "report"


def test_report_prints_markdown_by_default() -> None:
    result = run("report", str(REPORT_BOOK), "--as-of", "2026-06-30")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Scoring report: Report fixture\n")
    assert "| [alice](#alice) | 7 | 0.053 |" in result.stdout


def test_report_format_follows_the_output_suffix(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    result = run("report", str(REPORT_BOOK), "--as-of", "2026-06-30", "--output", str(html))
    assert result.exit_code == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = tmp_path / "report.json"
    assert run("report", str(REPORT_BOOK), "--as-of", "2026-06-30", "-o", str(data)).exit_code == 0
    assert json.loads(data.read_text())["as_of"] == "2026-06-30"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json"]


def test_report_markdown_file_gets_its_diagrams(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    assert (
        run("report", str(REPORT_BOOK), "--as-of", "2026-06-30", "-o", str(target)).exit_code == 0
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.alice.svg", "out.bob.svg", "out.md"]
    assert "![Reliability diagram of alice](out.alice.svg)" in target.read_text()


def test_report_options() -> None:
    scaled = run("report", str(REPORT_BOOK), "--as-of", "2026-06-30", "--format", "json",
                 "--brier-scale", "0-2", "--bins", "5", "--forecaster", "alice")  # fmt: skip
    assert scaled.exit_code == 0
    data = json.loads(scaled.stdout)
    assert list(data["forecasters"]) == ["alice"]
    assert data["forecasters"]["alice"]["brier"] == pytest.approx(2 * 37 / 700)
    assert data["conventions"]["bins"] == 5
    assert max(row["upper"] for row in data["forecasters"]["alice"]["calibration"]) == 1.0


def test_report_usage_errors() -> None:
    book = str(REPORT_BOOK)
    unknown = run("report", book, "--forecaster", "alicia")
    assert unknown.exit_code == 2
    assert "did you mean 'alice'?" in unknown.stderr
    assert run("report", book, "--bins", "0").exit_code == 2
    assert run("report", book, "--brier-scale", "0-100").exit_code == 2
    assert run("report", book, "--as-of", "tomorrow").exit_code == 2


def test_a_book_with_errors_still_gets_a_report_and_exit_1(tmp_path: Path) -> None:
    """Everything that loaded is reported, the errors shown first and on stderr; exit 1."""
    target = tmp_path / "report.html"
    result = run("report", str(BOOKS / "invalid" / "F105-categories-do-not-sum-to-1"),
                 "-o", str(target))  # fmt: skip
    assert result.exit_code == 1
    assert "error[F105]" in result.stderr
    html = target.read_text()
    assert "The book has 1 error" in html
    assert html.index("F105") < html.index("Forecasters")


def test_report_does_not_overwrite_with_half_a_file(tmp_path: Path, monkeypatch) -> None:
    """A failure while writing leaves the previous report untouched and no stray files."""
    target = tmp_path / "report.html"
    target.write_text("previous report")

    def failing_replace(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("foretell.files.os.replace", failing_replace)
    result = run("report", str(REPORT_BOOK), "--as-of", "2026-06-30", "-o", str(target))
    assert result.exit_code == 1
    assert f"Error: cannot write {target}: disk full" in result.stderr
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_what_the_system_refuses_is_a_clear_error_not_an_internal_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An id too long for a file name: the system's refusal, named, with exit code 1."""
    book = tmp_path / "book"
    with pytest.raises(SystemExit):
        main(["init", str(book), "--forecaster", "me"])
    capsys.readouterr()
    arguments = [
        *("add", str(book), "--id", "x" * 300, "--question", "Will X happen?"),
        *("--probability", "70%", "--resolves", "2026-12-31", "--criteria", "YES if", "-y"),
    ]
    with pytest.raises(SystemExit) as raised:
        main(arguments)
    error = capsys.readouterr().err
    assert raised.value.code == 1
    assert "internal error" not in error
    assert "foretell: cannot use" in error
    assert "File name too long" in error or "name too long" in error.lower()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_draft_refuses_a_fifo_instead_of_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "foretell", "draft", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "it is a FIFO" in result.stderr
