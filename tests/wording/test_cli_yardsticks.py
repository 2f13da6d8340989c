"""`foretell yardsticks [PHRASE]`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from foretell.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_table_lists_every_yardstick_with_source() -> None:
    result = run("yardsticks")
    assert result.exit_code == 0
    for name in ("icd203:", "kent1964:", "ipcc-ar5:", "uk-phia:", "nato:", "efsa:"):
        assert name in result.stdout
    assert "roughly even chance     50%  [45%, 55%]" in result.stdout
    assert "licence:" in result.stdout


def test_one_phrase_under_every_yardstick() -> None:
    result = run("yardsticks", "will likely")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "'will likely' is the phrase 'likely'."
    assert "  icd203        67.5%  [55%, 80%]  'likely'" in lines
    assert "  kent1964        75%  [63%, 87%]  'probable'" in lines


def test_phrase_json_says_when_a_yardstick_has_no_word() -> None:
    result = run("yardsticks", "may", "--format", "json")
    data = json.loads(result.stdout)
    by_name = {row["yardstick"]: row for row in data["yardsticks"]}
    assert by_name["capphrase"]["reading"]["point"] == 0.4
    assert by_name["perceptions"]["reading"] is None
    assert by_name["kent1964"]["reading"] is None
    assert by_name["icd203"]["reading"]["rule"] == "modal"


def test_no_phrase_exits_1() -> None:
    result = run("yardsticks", "the sky is blue")
    assert result.exit_code == 1
    assert "no estimative phrase found" in result.stderr
