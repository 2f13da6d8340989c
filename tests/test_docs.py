"""The documentation keeps up with the code: every command and problem code is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from foretell.cli import cli
from foretell.problems import CODES

ROOT = Path(__file__).parents[1]


def test_every_problem_code_is_documented() -> None:
    documented = set(
        re.findall(r"^\| ([A-Z]\d{3}) \|", (ROOT / "docs" / "format.md").read_text(), re.M)
    )
    assert documented == set(CODES)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_documented(name: str) -> None:
    """docs/cli.md holds each command's --help text verbatim (regenerate it when they change)."""
    help_text = (
        CliRunner().invoke(cli, [name, "--help"], terminal_width=100, prog_name="foretell").output
    )
    assert cli.commands[name].help
    assert help_text.strip() in (ROOT / "docs" / "cli.md").read_text()


def test_readme_opens_with_the_two_commands() -> None:
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    assert lines[1].startswith("pip install -e . && foretell ")
    assert lines[2] == "pip install -e '.[test]' && pytest"
    assert lines[2] in (ROOT / ".ci" / "run").read_text()
