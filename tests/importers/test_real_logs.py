"""The real logs in ../shared/data/logs, imported then reported, against expected_figures.py.

The logs belong to their authors and are never committed: these tests skip, saying so, where
the folder is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from foretell.check import check_reading
from foretell.cli import cli
from foretell.load import read_book


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_acx_brier_per_year(tmp_path: Path, shared: Path, expected: ModuleType) -> None:
    folder = shared / "logs" / "acx-2020-2021"
    book = tmp_path / "acx"
    run(
        "import", "csv", *sorted(str(p) for p in folder.glob("predictions_*.csv")),
        "--into", str(book), "--name", "acx", "--forecaster", "scott-alexander",
        "--column", "question=claim", "--column", "made=forecast_date",
        "--column", "resolves=resolution_date", "--column", "tags=year",
        "--outcome", "=ambiguous",
    )  # fmt: skip
    assert not [p for p in check_reading(read_book(book)) if p.is_error]
    data = json.loads(run("report", str(book), "--as-of", "2023-01-01", "--format", "json"))
    by_year = data["forecasters"]["scott-alexander"]["by_tag"]
    for year, (n, brier) in expected.acx_brier_by_year(folder).items():
        assert by_year[year]["n"] == n
        assert by_year[year]["brier"] == pytest.approx(brier, abs=1e-12)


def test_predictionbook_brier_all_and_last(
    tmp_path: Path, shared: Path, expected: ModuleType
) -> None:
    source = shared / "logs" / "predictionbook-gwern" / "gwern_predictionbook_forecasts.csv"
    book = tmp_path / "pb"
    run("import", "predictionbook", str(source), "--into", str(book))
    assert not [p for p in check_reading(read_book(book)) if p.is_error]
    figures = expected.predictionbook_brier(source)
    for policy, key in (("all", "all"), ("latest", "last")):
        text = run(
            "report", str(book), "--as-of", "2023-01-01", "--format", "json", "--score", policy
        )
        gwern = json.loads(text)["forecasters"]["gwern"]
        assert gwern["n"] == figures[key][0]
        assert gwern["brier"] == pytest.approx(figures[key][1], abs=1e-12)
