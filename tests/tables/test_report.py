"""The report of a book with tables is the report of the equivalent YAML book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest

from foretell.check import check_reading, load_book
from foretell.load import read_book
from foretell.report import ReportOptions, build_report, render_html, render_json, render_markdown
from foretell.tables.report import build_table_report

BOOKS = Path(__file__).parents[1] / "books"
FIXTURES = sorted(
    p.relative_to(BOOKS).as_posix()
    for p in [*(BOOKS / "resolution").iterdir(), BOOKS / "report"]
    if p.is_dir()
)
OPTIONS = [
    ReportOptions(as_of=pendulum.date(2026, 3, 1)),
    ReportOptions(as_of=pendulum.date(2026, 12, 31), brier_scale="0-2", bins=5),
]


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_tables_give_the_same_report_as_yaml(
    name: str, fmt: str, tmp_path: Path, convert: Callable[..., Path]
) -> None:
    source = BOOKS / name
    target = convert(source, tmp_path / "book", fmt=fmt, evidence=fmt == "parquet")
    assert list((target / "forecasts").glob(f"*.{fmt}")), "the book must hold a table"
    book = load_book(source)
    reading = read_book(target)
    assert reading.tables is not None
    assert [p for p in check_reading(reading) if p.is_error] == []
    for options in OPTIONS:
        expected = build_report(book, options, title="Book")
        actual = build_table_report(reading, options, title="Book")
        assert render_json(actual) == render_json(expected)
        assert render_markdown(actual) == render_markdown(expected)
        if name == "report":
            assert render_html(actual) == render_html(expected)


def test_one_forecaster_of_a_table_book(tmp_path: Path, convert: Callable[..., Path]) -> None:
    target = convert(BOOKS / "report", tmp_path / "book")
    options = ReportOptions(as_of=pendulum.date(2026, 12, 31), forecaster="bob")
    expected = build_report(load_book(BOOKS / "report"), options, title="Book")
    actual = build_table_report(read_book(target), options, title="Book")
    assert render_json(actual) == render_json(expected)


def test_hand_worked_figures_of_a_table(tmp_path: Path) -> None:
    """Independent of the YAML path: figures worked out by hand from the rows."""
    book = tmp_path / "book"
    (book / "forecasts").mkdir(parents=True)
    (book / "evidence").mkdir()
    (book / "forecasts" / "t.csv").write_text(
        "id,question,resolves,forecaster,made,probability,criteria,otherwise\n"
        "a,A?,2026-06-30,m1,2026-01-01,0.8,c,no\n"
        "a,,,m1,2026-02-01,0.9,,\n"  # an update: the later one is scored
        "a,,,m2,2026-01-01,40%,,\n"
        "b,B?,2026-03-31,m1,2026-01-01,0.3,c,no\n"
        "b,,,m2,2026-01-01,0.5,,\n"
        "b,,,m2,2026-04-01,0.9,,\n",  # made after the deadline: an error
        encoding="utf-8",
    )
    reading = read_book(book)
    errors = [p for p in check_reading(reading) if p.is_error]
    assert [(p.location.line, p.code) for p in errors] == [(7, "F109")]
    (book / "forecasts" / "t.csv").write_text(
        "\n".join((book / "forecasts" / "t.csv").read_text("utf-8").splitlines()[:-1]) + "\n",
        encoding="utf-8",
    )
    (book / "evidence" / "e.csv").write_text(
        "id,forecast,outcome,observed,url,summary\n"
        "a-yes,a,yes,2026-03-01,https://example.org/a,It happened.\n",
        encoding="utf-8",
    )
    reading = read_book(book)
    assert [p for p in check_reading(reading) if p.is_error] == []
    report = build_table_report(reading, ReportOptions(as_of=pendulum.date(2026, 5, 1)))
    figures = {s.name: s for s in report.forecasters}
    # a resolved yes on 2026-03-01; b is past its deadline with 'otherwise: no'.
    # m1: a at 0.9 -> 0.01, b at 0.3 -> 0.09: mean 0.05. m2: a at 0.4 -> 0.36, b 0.5 -> 0.25.
    assert figures["m1"].n == 2
    assert figures["m1"].brier is not None
    assert figures["m1"].brier.estimate == pytest.approx(0.05)
    assert figures["m2"].brier is not None
    assert figures["m2"].brier.estimate == pytest.approx(0.305)
    assert figures["m1"].time_averaged is not None
    # m1 on a: 0.8 for 31 days (Jan), 0.9 for 28 days (Feb): (31*0.04 + 28*0.01) / 59.
    assert figures["m1"].time_averaged.brier == pytest.approx((31 * 0.04 + 28 * 0.01) / 59)
    assert [c.a + c.b for c in report.comparisons] == ["m1m2"]


def test_options_that_need_listed_predictions_on_a_big_table_book(
    tmp_path: Path, convert: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond the listed size, scoring first or all predictions and aggregating are refused:
    in the library's own words, and through the command line with the options named."""
    from click.testing import CliRunner  # noqa: PLC0415

    import foretell.tables.report as table_report  # noqa: PLC0415
    from foretell.cli import cli  # noqa: PLC0415

    target = convert(BOOKS / "report", tmp_path / "book")
    monkeypatch.setattr(table_report, "LISTED_PREDICTIONS", 0)
    options = ReportOptions(as_of=pendulum.date(2026, 12, 31), score="all")
    with pytest.raises(table_report.TableReportError) as raised:
        build_table_report(read_book(target), options, title="Book")
    assert "--" not in str(raised.value)
    assert "every prediction as an object" in str(raised.value)
    result = CliRunner().invoke(
        cli, ["report", str(target), "--as-of", "2026-12-31", "--score", "all"]
    )
    assert result.exit_code == 2
    assert "--score first/all and --aggregate cannot be used on this book" in result.output
    assert "Traceback" not in result.output
