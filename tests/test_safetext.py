"""What foretell prints from a book is escaped: terminals, problem lines, JSON, Windows consoles."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from foretell.cli import cli
from foretell.problems import Location, Problem
from foretell.safetext import display_path, excerpt, for_terminal, json_text

FORECAST = """\
question: {question}
criteria: YES if it happens.
forecaster: me
made: 2026-01-10
probability: 0.6
resolves: 2026-01-11
"""


def test_excerpt_is_short_quoted_and_escaped() -> None:
    assert excerpt("short") == "'short'"
    assert excerpt("x" * 100) == "'" + "x" * 40 + "…'"
    assert excerpt("a\x1b[31mb\r") == "'a\\x1b[31mb\\r'"
    assert excerpt("\u202egnp.exe") == "'\\u202egnp.exe'"


def test_for_terminal_escapes_controls_and_keeps_text() -> None:
    assert for_terminal("plain ünïcödé — ok") == "plain ünïcödé — ok"
    assert for_terminal("a\x1b]8;;http://x\x07b") == "a\\x1b]8;;http://x\\x07b"
    assert for_terminal("one\ntwo\r") == "one\\ntwo\\r"
    assert for_terminal("one\ntwo\x9b", keep_newlines=True) == "one\ntwo\\x9b"


def test_paths_cannot_forge_a_problem_line() -> None:
    forged = "forecasts/x.yaml:99:1: error[Z999]: all is lost.yaml"
    shown = display_path(forged)
    assert ":" not in shown
    assert str(Location(forged, 3, 4)).count(":") == 2
    assert display_path("forecasts/caf\udce9.yaml") == "forecasts/caf\\xe9.yaml"
    assert display_path("forecasts/caf\udce9.yaml", for_json=True) == "forecasts/caf\\xe9.yaml"


def test_json_text_is_valid_utf8_without_raw_controls() -> None:
    text = json_text({"a": "x\x85y\u202ez\udcff", "b": "é"})
    text.encode("utf-8")  # no lone surrogates
    assert json.loads(text) == {"a": "x\x85y\u202ez\udcff", "b": "é"}
    assert "é" in text


def test_problem_lines_escape_every_part() -> None:
    problem = Problem(Location("forecasts/a\nb.yaml", 1, 2), "F101", "bad \x1b[2J", "fix\r")
    line = str(problem)
    assert "\n" not in line
    assert "\x1b" not in line
    assert "\r" not in line


def test_messages_are_bounded() -> None:
    problem = Problem(Location("x"), "F101", "m" * 10_000, "h" * 10_000)
    assert len(problem.message) <= 500
    assert problem.hint is not None
    assert len(problem.hint) <= 500


@pytest.fixture
def hostile_book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    (root / "forecasts").mkdir(parents=True)
    text = FORECAST.format(question='"Will \\e]8;;http://evil\\a the \\r \\x9b war end?"')
    (root / "forecasts" / "ok.yaml").write_text(text + "bogus\x1b: 1\n".replace("\x1b", ""))
    (root / "forecasts" / "x.yaml:99:1: error[Z999]: forged.yaml").write_text("- 1\n")
    (root / "forecasts" / "new\nline.yaml").write_text("- 1\n")
    (root / "forecasts" / "id-\x1b[31m.yaml").write_text("- 1\n")
    return root


def test_check_output_has_one_line_per_problem_and_no_escape_sequences(
    hostile_book: Path,
) -> None:
    result = CliRunner().invoke(cli, ["check", str(hostile_book)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert all(line.startswith("forecasts/") for line in lines)
    assert "\x1b" not in result.output
    pattern = re.compile(r"([^:]+)(?::\d+:\d+)?: (?:error|warning)\[([A-Z]\d{3})\]: ")
    for line in lines:
        match = pattern.match(line)
        assert match is not None, line
        assert match.group(2) != "Z999"
    forged = next(line for line in lines if "forged" in line)
    assert forged.startswith(
        "forecasts/x.yaml\\x3a99\\x3a1\\x3a error[Z999]\\x3a forged.yaml:1:1: "
    )


def test_status_and_report_escape_book_text(hostile_book: Path) -> None:
    for name in list((hostile_book / "forecasts").iterdir()):
        if name.name != "ok.yaml":
            name.unlink()
    text = (hostile_book / "forecasts" / "ok.yaml").read_text().replace("bogus: 1\n", "")
    (hostile_book / "forecasts" / "ok.yaml").write_text(text)
    for args in (["status", "--as-of", "2026-01-05"], ["report", "--as-of", "2026-02-01"]):
        result = CliRunner().invoke(cli, [args[0], str(hostile_book), *args[1:]])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output
        assert "\x9b" not in result.output
        assert "\r" not in result.output


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_non_utf8_file_names_give_valid_json(tmp_path: Path) -> None:
    root = tmp_path / "book"
    (root / "forecasts").mkdir(parents=True)
    (root / "forecasts" / os.fsdecode(b"caf\xe9.yaml")).write_text("- 1\n")
    result = subprocess.run(
        [sys.executable, "-m", "foretell", "check", "--format", "json", str(root)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1
    document = json.loads(result.stdout.decode("utf-8"))
    assert document["problems"][0]["path"] == "forecasts/caf\\xe9.yaml"


def test_a_windows_console_degrades_instead_of_crashing(tmp_path: Path) -> None:
    """PYTHONIOENCODING=cp1252 with Cyrillic text raised UnicodeEncodeError (exit 123)."""
    root = tmp_path / "book"
    (root / "forecasts").mkdir(parents=True)
    (root / "forecasts" / "war.yaml").write_text(
        FORECAST.format(question="Закончится ли война?") + "примечание: 1\n"
    )
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    outputs = []
    for command in (["check"], ["status", "--as-of", "2026-01-05"]):
        result = subprocess.run(
            [sys.executable, "-m", "foretell", *command, str(root)],
            capture_output=True,
            env=env,
            check=False,
        )
        assert result.returncode == 1, result.stderr
        assert b"Traceback" not in result.stderr
        outputs.append(result.stdout + result.stderr)
    assert all(b"\\u043f" in output for output in outputs)  # the key "примечание", escaped
