"""Checking tables: located problems with the codes of YAML files, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from foretell.check import check_book
from foretell.cli import cli

HEADER = "id,question,resolves,forecaster,made,probability,criteria\n"


def make_book(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "forecasts").mkdir(exist_ok=True)
    return root


def located(root: Path) -> list[tuple[str, str]]:
    return [(str(p.location), p.code) for p in check_book(root)]


def test_every_row_problem_is_located_in_one_run(tmp_path: Path) -> None:
    book = make_book(
        tmp_path,
        {
            "forecasts/t.csv": HEADER
            + "ok-one,Q?,2026-06-30,m,2026-01-01,0.5,c\n"
            + "Bad Id,Q?,2026-06-30,m,2026-01-01,0.5,c\n"
            + "two,Q2?,2026-06-31,m,2026-01-01,0.5,c\n"
            + "three,Q3?,2026-06-30,,2026-01-01,likely,c\n"
            + "four,Q4?,2026-06-30,m,2026-01-01,150%,c\n"
            + "ok-one,Other question?,2026-06-30,n,2026-01-01,0.5,c\n"
            + "five,Q5?,2026-06-30,m,2026-07-01,0.5,c\n"
        },
    )
    assert located(book) == [
        ("forecasts/t.csv:3:1", "F107"),
        ("forecasts/t.csv:4:3", "F108"),
        ("forecasts/t.csv:5:4", "F111"),
        ("forecasts/t.csv:5:6", "F104"),
        ("forecasts/t.csv:6:6", "F103"),
        ("forecasts/t.csv:7:2", "F120"),
        ("forecasts/t.csv:8:5", "F109"),
    ]


def test_header_problems(tmp_path: Path) -> None:
    book = make_book(
        tmp_path,
        {
            "forecasts/t.csv": "id,question,forecaster,made,probability,colour\n"
            "a,Q?,m,2026-01-01,0.5,red\n"
        },
    )
    problems = check_book(book)
    assert [(str(p.location), p.code) for p in problems if p.is_error] == [
        ("forecasts/t.csv:1:1", "F102"),
        ("forecasts/t.csv:1:6", "F101"),
    ]
    assert "resolves" in problems[0].message


def test_many_bad_rows_are_counted_not_listed(tmp_path: Path) -> None:
    rows = "".join(f"q-{i},Q?,2026-06-30,m,2026-01-01,2,c\n" for i in range(100))
    problems = check_book(make_book(tmp_path, {"forecasts/t.csv": HEADER + rows}))
    f103 = [p for p in problems if p.code == "F103"]
    assert len(f103) == 21
    assert "80 more rows" in f103[-1].message
    assert f103[-1].location.line == 22


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("forecasts/t.parquet", b"PAR1 this is not a parquet file"),
        ("forecasts/t.parquet", b""),
        ("forecasts/t.parquet", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        ("forecasts/t.csv", b"id,question\n\xff\xfe bad bytes\n"),
        ("evidence/e.parquet", b"PAR1\x00\x00"),
    ],
)
def test_foreign_and_truncated_files_are_problems(
    tmp_path: Path, name: str, content: bytes
) -> None:
    book = make_book(tmp_path, {name: content})
    problems = check_book(book)
    assert [p.location.path for p in problems] == [name]
    assert problems[0].code in {"T101", "Y102"}
    result = CliRunner().invoke(cli, ["check", str(book)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_a_truncated_real_parquet_file(tmp_path: Path) -> None:
    whole = tmp_path / "whole.parquet"
    pq.write_table(pa.table({"id": ["a"] * 1000, "probability": [0.5] * 1000}), whole)
    data = whole.read_bytes()
    book = make_book(tmp_path / "book", {"forecasts/t.parquet": data[: len(data) // 2]})
    assert located(book) == [("forecasts/t.parquet", "T101")]


def test_empty_and_ragged_csv(tmp_path: Path) -> None:
    book = make_book(
        tmp_path,
        {
            "forecasts/empty.csv": "",
            "forecasts/ragged.csv": HEADER
            + "a,Q?,2026-06-30,m,2026-01-01,0.5,c\n"
            + "b,Q?,2026-06-30,m\n"
            + "c,Q?,2026-06-30,m,2026-01-01,0.5,c\n",
        },
    )
    assert located(book) == [("forecasts/empty.csv", "Y109"), ("forecasts/ragged.csv:3:1", "T101")]


def test_typed_parquet_columns(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": ["a", "a", "b"],
            "question": ["A?", "A?", "B?"],
            "resolves": [dt.date(2026, 6, 30)] * 3,
            "forecaster": ["m", "n", "m"],
            "made": pa.array(
                [dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2), dt.datetime(2026, 1, 3, 12)],
                pa.timestamp("us"),
            ),
            "probability": pa.array([1, 0, 7], pa.int64()),
            "tags": pa.array([["x", "y"], ["x", "y"], []], pa.list_(pa.string())),
            "criteria": ["c", None, "c"],
        }
    )
    (tmp_path / "forecasts").mkdir()
    pq.write_table(table, tmp_path / "forecasts" / "t.parquet")
    assert located(tmp_path) == [
        ("forecasts/t.parquet:4:5", "F108"),  # a timestamp with a time of day
        ("forecasts/t.parquet:4:6", "F103"),  # 7 is not a probability
    ]


def test_a_table_and_a_yaml_file_may_not_define_the_same_id(tmp_path: Path) -> None:
    book = make_book(
        tmp_path,
        {
            "forecasts/a.yaml": "made: 2026-01-01\nforecaster: m\nforecasts:\n"
            "  - {id: same, question: Q?, resolves: 2026-06-30, probability: 0.5, criteria: c}\n",
            "forecasts/b.csv": HEADER + "same,Q?,2026-06-30,m,2026-01-01,0.5,c\n",
        },
    )
    assert located(book) == [("forecasts/b.csv:2:1", "B101")]


def test_evidence_table_problems(tmp_path: Path) -> None:
    book = make_book(
        tmp_path,
        {
            "forecasts/t.csv": HEADER + "a,A?,2026-06-30,m,2026-01-01,0.5,c\n",
            "evidence/e.csv": "id,forecast,outcome,observed,url,summary\n"
            "e1,a,yes,2026-03-01,https://example.org,s\n"
            "e2,missing,yes,2026-03-01,https://example.org,s\n"
            "e3,a,maybe,2026-03-01,https://example.org,s\n"
            "e4,a,1.5,2026-03-01,https://example.org,s\n"
            "e5,a,no,2026-02-30,javascript:alert(1),s\n"
            "e1,a,no,2026-03-01,https://example.org,s\n",
        },
    )
    assert located(book) == [
        ("evidence/e.csv:3:2", "B104"),
        ("evidence/e.csv:4:3", "B105"),
        ("evidence/e.csv:5:3", "F103"),
        ("evidence/e.csv:6:4", "F108"),
        ("evidence/e.csv:6:5", "F110"),
        ("evidence/e.csv:7:3", "F120"),
    ]


def test_report_refuses_a_table_book_with_errors(tmp_path: Path) -> None:
    book = make_book(tmp_path, {"forecasts/t.csv": HEADER + "a,A?,2026-06-30,m,2026-01-01,x,c\n"})
    result = CliRunner().invoke(cli, ["report", str(book), "--as-of", "2026-07-01"])
    assert result.exit_code == 1
    assert "forecasts/t.csv:2:6" in result.output


def test_tables_without_the_engine_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = make_book(tmp_path, {"forecasts/t.csv": HEADER + "a,A?,2026-06-30,m,2026-01-01,0.5,c\n"})
    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb raises ImportError
    problems = check_book(book)
    assert [(str(p.location), p.code) for p in problems] == [("forecasts/t.csv", "T102")]
    assert "foretell[tables]" in (problems[0].hint or "")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
@pytest.mark.parametrize("command", [["check", "--no-cache"], ["status"], ["report"]])
def test_a_fifo_table_is_refused_not_waited_on(tmp_path: Path, command: list[str]) -> None:
    """A named pipe in a table's place would make the table reader wait for ever."""
    book = make_book(tmp_path, {})
    os.mkfifo(book / "forecasts" / "pipe.csv")
    os.mkfifo(book / "forecasts" / "pipe.parquet")
    env = {**os.environ, "FORETELL_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "foretell", *command, str(book)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    output = result.stdout + result.stderr
    for name in ("pipe.csv", "pipe.parquet"):
        assert f"forecasts/{name}" in output
    assert "it is a FIFO (named pipe), not a regular file" in output
    assert "Traceback" not in output
