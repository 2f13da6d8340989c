"""foretell export parquet: a book's forecast table, from YAML or tables, that reads back."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pendulum
import pyarrow.parquet as pq
from click.testing import CliRunner

from foretell.check import load_book
from foretell.cli import cli
from foretell.load import read_book
from foretell.report import ReportOptions, build_report, render_json
from foretell.tables.report import build_table_report

BOOKS = Path(__file__).parents[1] / "books"
OPTIONS = ReportOptions(as_of=pendulum.date(2026, 12, 31))


def test_export_parquet_of_a_yaml_book_reads_back_as_the_same_book(tmp_path: Path) -> None:
    source = BOOKS / "resolution" / "supersedes-chain"
    output = tmp_path / "table.parquet"
    result = CliRunner().invoke(cli, ["export", "parquet", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    target = tmp_path / "book"
    shutil.copytree(source, target)
    shutil.rmtree(target / "forecasts")
    (target / "forecasts").mkdir()
    shutil.copy(output, target / "forecasts" / "table.parquet")
    expected = render_json(build_report(load_book(source), OPTIONS, title="Book"))
    assert render_json(build_table_report(read_book(target), OPTIONS, title="Book")) == expected


def test_export_parquet_of_a_table_book(tmp_path: Path, convert: Callable[..., Path]) -> None:
    book = convert(BOOKS / "report", tmp_path / "book")
    output = tmp_path / "out.parquet"
    result = CliRunner().invoke(
        cli, ["export", "parquet", str(book), "-o", str(output), "--forecaster", "bob"]
    )
    assert result.exit_code == 0, result.output
    assert "left out q8" in result.output
    table = pq.read_table(output)
    assert set(table.column("forecaster").to_pylist()) == {"bob"}
    expected = sum(
        1
        for f in load_book(BOOKS / "report").forecasts
        if f.is_binary
        for p in f.predictions
        if p.by == "bob"
    )
    assert table.num_rows == expected
    assert CliRunner().invoke(cli, ["export", "parquet", str(book)]).exit_code == 2
