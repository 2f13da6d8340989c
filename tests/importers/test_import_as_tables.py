"""foretell import --as parquet: the same record as forecast and evidence tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from foretell.check import check_reading
from foretell.cli import cli
from foretell.load import read_book

pytest.importorskip("duckdb", reason="forecast tables need foretell[tables]")

REPORT_BOOK = Path(__file__).parents[1] / "books" / "report"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def figures(book: Path) -> dict:  # type: ignore[type-arg]
    code, out, err = run("report", str(book), "--format", "json", "--as-of", "2026-06-30")
    assert code == 0, err
    return json.loads(out)["forecasters"]  # type: ignore[no-any-return]


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    code, _, err = run("export", "csv", str(REPORT_BOOK), "--as-of", "2026-06-30", "-o", str(path))
    assert code == 0, err
    return path


def test_import_as_parquet_gives_the_same_figures_as_yaml(tmp_path: Path, exported: Path) -> None:
    as_yaml, as_tables = tmp_path / "yaml", tmp_path / "tables"
    assert run("import", "csv", str(exported), "--into", str(as_yaml))[0] == 0
    code, _, err = run("import", "csv", str(exported), "--into", str(as_tables), "--as", "parquet")
    assert code == 0, err
    assert (as_tables / "forecasts" / "csv.parquet").is_file()
    # The csv rows carry no web address, which an evidence table needs: the evidence stays YAML.
    assert (as_tables / "evidence" / "csv.yaml").is_file()
    assert not (as_tables / "evidence" / "csv.parquet").exists()
    assert not list((as_tables / "forecasts").glob("*.yaml"))
    assert [p for p in check_reading(read_book(as_tables)) if p.is_error] == []
    tables, yaml = figures(as_tables), figures(as_yaml)
    assert tables.keys() == yaml.keys() == {"alice", "bob"}
    for name in tables:
        for figure in ("n", "brier", "log_score", "base_rate", "miscalibration"):
            assert tables[name][figure] == pytest.approx(yaml[name][figure]), figure


def test_tables_are_new_files_only(tmp_path: Path, exported: Path) -> None:
    book = tmp_path / "book"
    assert run("import", "csv", str(exported), "--into", str(book), "--as", "parquet")[0] == 0
    before = (book / "forecasts" / "csv.parquet").read_bytes()
    code, _, err = run("import", "csv", str(exported), "--into", str(book), "--as", "parquet")
    assert code == 1
    assert "already exists" in err
    assert (book / "forecasts" / "csv.parquet").read_bytes() == before


def test_tables_that_would_break_the_book_are_not_left_behind(
    tmp_path: Path, exported: Path
) -> None:
    """The same ids already in the book as YAML: the table would be B101, so nothing is kept."""
    book = tmp_path / "book"
    assert run("import", "csv", str(exported), "--into", str(book))[0] == 0
    (book / "evidence" / "csv.yaml").unlink()
    before = sorted(str(p.relative_to(book)) for p in book.rglob("*") if p.is_file())
    code, _, err = run("import", "csv", str(exported), "--into", str(book), "--as", "parquet")
    assert code == 1, err
    assert "B101" in err
    assert "nothing was written" in err
    after = sorted(str(p.relative_to(book)) for p in book.rglob("*") if p.is_file())
    assert after == before


def test_update_is_for_yaml_imports(exported: Path) -> None:
    code, _, err = run("import", "csv", str(exported), "--as", "parquet", "--update")
    assert code == 2
    assert "--update" in err
