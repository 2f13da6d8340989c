"""foretell init and foretell schema: a new book that checks clean and completes in editors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from foretell import check_book
from foretell.cli import cli
from foretell.schemas import SCHEMA_KINDS, schema_text
from foretell.yamlio import parse_yaml

ROOT = Path(__file__).parents[2]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_the_docs_copy_of_each_schema_is_the_packaged_one(kind: str) -> None:
    """The package's schema is the source of truth; docs/schema/ must hold the same bytes."""
    packaged = ROOT / "src" / "foretell" / "schema" / f"{kind}.schema.json"
    docs = ROOT / "docs" / "schema" / f"{kind}.schema.json"
    assert docs.read_text() == packaged.read_text(), (
        f"edit {packaged.relative_to(ROOT)} and copy it to {docs.relative_to(ROOT)}"
    )


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_prints_the_packaged_schema(kind: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    assert result.stdout == schema_text(kind)
    Draft202012Validator.check_schema(json.loads(result.stdout))


def test_schema_of_an_unknown_kind_is_a_usage_error() -> None:
    assert run("schema", "reports").exit_code == 2


def test_init_makes_a_book_that_checks_clean(tmp_path: Path) -> None:
    book = tmp_path / "new"
    result = run("init", str(book), "--title", 'A "quoted" title', "--forecaster", "me", "--ci")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(book).as_posix() for p in book.rglob("*") if p.is_file()) == [
        ".github/workflows/foretell.yml",
        ".pre-commit-config.yaml",
        "README.md",
        "evidence/.gitkeep",
        "forecasts/.gitkeep",
        "foretell.toml",
        "schema/evidence.schema.json",
        "schema/forecasts.schema.json",
        "seeds/.gitkeep",
    ]
    assert check_book(book) == ()
    assert run("status", str(book)).exit_code == 0
    workflow = (book / ".github" / "workflows" / "foretell.yml").read_text()
    assert "foretell status --fail-on overdue,conflict" in workflow
    assert "schedule:" in workflow
    assert "id: foretell-check" in (book / ".pre-commit-config.yaml").read_text()
    import tomllib  # noqa: PLC0415

    config = tomllib.loads((book / "foretell.toml").read_text())
    assert config == {"title": 'A "quoted" title', "forecaster": "me"}


def test_init_without_ci_writes_no_workflow_and_takes_the_folder_name(tmp_path: Path) -> None:
    book = tmp_path / "predictions-2027"
    assert run("init", str(book)).exit_code == 0
    assert not (book / ".github").exists()
    assert 'title = "predictions-2027"' in (book / "foretell.toml").read_text()


def test_init_refuses_a_folder_that_holds_a_book(tmp_path: Path) -> None:
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "notes.txt").write_text("mine")
    result = run("init", str(tmp_path))
    assert result.exit_code == 1
    assert "already holds a book" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forecasts", "notes.txt"]


def test_init_keeps_a_readme_and_pre_commit_config_already_there(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# My project\n")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    result = run("init", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "README.md").read_text() == "# My project\n"
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == "repos: []\n"
    assert "id: foretell-check" in result.stderr  # the snippet to add by hand
    assert (tmp_path / "foretell.toml").is_file()


def test_init_refuses_an_unknown_time_zone(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "b"), "--timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert not (tmp_path / "b").exists()
    assert run("init", str(tmp_path / "c"), "--timezone", "Europe/Brussels").exit_code == 0
    assert 'timezone = "Europe/Brussels"' in (tmp_path / "c" / "foretell.toml").read_text()


def test_editor_completion_works_in_a_new_book_outside_the_repository(tmp_path: Path) -> None:
    """Files written by the commands point at the book's own schema copy, which validates them."""
    book = tmp_path / "elsewhere"
    assert run("init", str(book), "--forecaster", "me").exit_code == 0
    added = run(
        "add",
        str(book),
        "-q",
        "Will it work?",
        "-p",
        "0.9",
        "-r",
        "2026-12-31",
        "--made",
        "2026-01-01",
        "--criteria",
        "YES if it works.",
        "--tag",
        "x",
    )
    assert added.exit_code == 0, added.output
    resolved = run(
        "resolve",
        str(book),
        "work",
        "yes",
        "--source",
        "https://example.org",
        "--observed",
        "2026-06-01T12:00:00Z",
        "--summary",
        "It worked.",
    )
    assert resolved.exit_code == 0, resolved.output
    files = sorted((book / "forecasts").glob("*.yaml")) + sorted((book / "evidence").glob("*.yaml"))
    assert len(files) == 2
    for path in files:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema_path = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema_path.is_relative_to(book.resolve())
        schema = json.loads(schema_path.read_text())
        assert schema == json.loads(schema_text(path.parent.name))
        data = parse_yaml(path.read_bytes(), path.name).data
        assert list(Draft202012Validator(schema).iter_errors(data)) == []
