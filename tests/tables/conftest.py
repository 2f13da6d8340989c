"""Helpers for the table tests: YAML fixture books converted to tables."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from foretell.check import load_book
from foretell.model import Forecast
from foretell.tables.write import evidence_table, forecast_table, write_table

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

BOOKS = Path(__file__).parents[1] / "books"


def _yaml_entry(forecast: Forecast) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": forecast.id,
        "question": forecast.question,
        "resolves": forecast.resolves.isoformat(),
        "outcomes": list(forecast.outcomes),
        "predictions": [
            {
                "by": p.by,
                "made": p.made.isoformat(),
                "probability": dict(p.probability),  # type: ignore[arg-type]
                **({"note": p.note} if p.note else {}),
            }
            for p in forecast.predictions
        ],
    }
    for key in ("criteria", "otherwise"):
        if getattr(forecast, key) is not None:
            entry[key] = getattr(forecast, key)
    if forecast.tags:
        entry["tags"] = list(forecast.tags)
    return entry


def convert_book(
    source: Path, target: Path, *, fmt: str = "parquet", evidence: bool = False
) -> Path:
    """Copy a YAML book with its yes/no forecasts moved into tables, in the same order.

    Runs of consecutive yes/no forecasts become one table each; multi-category forecasts (which
    a table cannot hold) stay YAML, in files named so that the book's order is kept. With
    ``evidence``, the evidence records move into one table too.
    """
    book = load_book(source)
    shutil.copytree(source, target)
    shutil.rmtree(target / "forecasts")
    (target / "forecasts").mkdir()
    runs: list[list[Forecast]] = []
    for forecast in book.forecasts:
        if runs and runs[-1][0].is_binary == forecast.is_binary:
            runs[-1].append(forecast)
        else:
            runs.append([forecast])
    for number, run in enumerate(runs):
        if run[0].is_binary:
            table, left_out = forecast_table(run)
            assert not left_out
            write_table(table, target / "forecasts" / f"{number:02d}-table.{fmt}")
        else:
            text = yaml.safe_dump({"forecasts": [_yaml_entry(f) for f in run]}, sort_keys=False)
            (target / "forecasts" / f"{number:02d}-categories.yaml").write_text(text, "utf-8")
    if evidence and book.evidence:
        table, left_out = evidence_table(book.evidence)
        assert not left_out
        shutil.rmtree(target / "evidence")
        (target / "evidence").mkdir()
        write_table(table, target / "evidence" / f"evidence.{fmt}")
    return target


@pytest.fixture
def convert() -> Callable[..., Path]:
    """:func:`convert_book`, for the tests."""
    return convert_book
