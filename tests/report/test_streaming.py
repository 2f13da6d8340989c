"""Reports written in pieces: the same bytes as a whole, and never half a file on a failure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from foretell import load_book
from foretell.cli import cli
from foretell.files import write_files
from foretell.report import (
    ReportOptions,
    build_report,
    report_data,
    stream_html,
    stream_json,
    stream_markdown,
)
from foretell.report.lazy import LazyRows, blocks
from foretell.report.render import _tidy

BOOK = Path(__file__).parents[1] / "books" / "report"
AS_OF = pendulum.date(2026, 6, 30)


@pytest.fixture(scope="module")
def report():
    return build_report(load_book(BOOK), ReportOptions(as_of=AS_OF), title="Report fixture")


def tidied(text: str) -> str:
    """What the Markdown renderer did to the whole text before it streamed."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "  \n# A\n\n\n\nb\n \n\n\n\nc  \n\n\n",
        "a\n\n\n\n\n\nb\n\n\t\n\n\nc",
        "a\u2028\n\n\nb\u00a0\n",
    ],
)
@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_blank_lines_collapse_alike_in_any_pieces(text: str, size: int) -> None:
    pieces = [text[i : i + size] for i in range(0, len(text), size)]
    assert "".join(_tidy(pieces)) == tidied(text)


def test_streamed_reports_are_the_rendered_ones(report) -> None:
    """The pieces join to the report the snapshot tests pin, in every format."""
    markdown = "".join(stream_markdown(report))
    assert markdown.startswith("# Scoring report: Report fixture\n")
    assert "\n\n\n" not in markdown
    assert markdown.endswith("\n")
    assert "".join(stream_html(report)).rstrip().endswith("</html>")
    assert json.loads("".join(stream_json(report))) == report_data(report)


def test_json_stream_has_no_forecasts_to_list(report) -> None:
    """A book with no forecast as of the day: the forecasts list is written empty."""
    empty = build_report(load_book(BOOK), ReportOptions(as_of=pendulum.date(2000, 1, 1)))
    text = "".join(stream_json(empty))
    assert '"forecasts": []\n}\n' in text
    assert json.loads(text)["forecasts"] == []


def test_lazy_rows_make_each_row_on_access() -> None:
    made: list[int] = []

    def make(n: int) -> int:
        made.append(n)
        return n * 10

    rows = LazyRows((1, 2, 3), make)
    assert len(rows) == 3
    assert made == []
    assert rows[1] == 20
    assert rows[-1] == 30
    assert rows[:2] == (10, 20)
    assert list(rows) == [10, 20, 30]
    assert list(rows) == [10, 20, 30]
    assert made == [2, 3, 1, 2, 1, 2, 3, 1, 2, 3]


def test_blocks_gather_small_pieces() -> None:
    assert list(blocks(["ab", "c", "de", "f"], size=3)) == ["abc", "def"]
    assert list(blocks(["ab"], size=3)) == ["ab"]
    assert list(blocks([], size=3)) == []


def test_pieces_are_written_as_one_file(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    write_files([(target, iter(["caf\u00e9 ", "forecasts/caf\udce9.yaml", "\n"]))])
    assert target.read_bytes() == "caf\u00e9 forecasts/caf\\udce9.yaml\n".encode()


def test_a_stream_that_fails_leaves_the_old_file(tmp_path: Path) -> None:
    """The report fails halfway through: the old report stays whole, no temporary file left."""
    target = tmp_path / "r.md"
    target.write_text("old report\n")
    svg = tmp_path / "r.alice.svg"

    def pieces():
        yield "new report, first half\n"
        raise RuntimeError("a bug halfway")

    with pytest.raises(RuntimeError):
        write_files([(svg, "<svg/>"), (target, pieces())])
    assert target.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


@pytest.mark.parametrize("output_format", ["json", "html"])
def test_stdout_gets_the_same_report_as_a_file(tmp_path: Path, output_format: str) -> None:
    """(Markdown written to a file links its diagrams; on stdout it cannot.)"""
    target = tmp_path / f"r.{output_format}"
    runner = CliRunner()
    day = ["--as-of", "2026-06-30"]
    written = runner.invoke(cli, ["report", str(BOOK), *day, "-o", str(target)])
    assert written.exit_code == 0, written.output
    printed = runner.invoke(cli, ["report", str(BOOK), *day, "--format", output_format])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == target.read_text()
