"""The renderers: snapshots of every format, and byte-identical output run after run.

The figures themselves are checked against hand computations in test_build.py; the snapshots
here pin the layout and wording, so that a change to either is seen in review.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pendulum
import pytest

from foretell import load_book
from foretell.report import (
    ReportOptions,
    build_report,
    render_html,
    render_json,
    render_markdown,
    report_data,
)
from foretell.report.plot import reliability_svg

ROOT = Path(__file__).parents[2]
BOOK = ROOT / "tests" / "books" / "report"
AS_OF = pendulum.date(2026, 6, 30)


@pytest.fixture(scope="module")
def report():
    return build_report(load_book(BOOK), ReportOptions(as_of=AS_OF), title="Report fixture")


def test_markdown(report, file_regression) -> None:
    text = render_markdown(report, diagrams={"alice": "report.alice.svg"})
    file_regression.check(text, extension=".md")


def test_json(report, data_regression) -> None:
    data_regression.check(report_data(report))


def test_json_text_is_the_data(report) -> None:
    assert json.loads(render_json(report)) == json.loads(json.dumps(report_data(report)))


def test_json_matches_its_schema(report) -> None:
    schema = json.loads((ROOT / "docs" / "schema" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(render_json(report)), schema)


def test_html(report, file_regression) -> None:
    file_regression.check(render_html(report), extension=".html")


def test_svg(report, file_regression) -> None:
    alice = next(s for s in report.forecasters if s.name == "alice")
    svg = reliability_svg(alice)
    assert svg.startswith("<svg")
    assert "<dc:date>" not in svg
    assert "Matplotlib v" not in svg
    file_regression.check(svg, extension=".svg")


def test_html_is_self_contained(report) -> None:
    html = render_html(report)
    assert "<script" not in html
    assert "src=" not in html
    assert "@import" not in html
    assert html.count("<svg") == 2  # one reliability diagram per forecaster


def test_untrusted_text_is_escaped() -> None:
    from foretell.model import Book, Evidence, Forecast, Prediction, Source  # noqa: PLC0415

    forecast = Forecast(
        id="x", question="<script>alert(1)</script>", resolves=pendulum.date(2026, 1, 2),
        predictions=(Prediction(by="<b>", made=pendulum.date(2026, 1, 1), probability=0.5),),
    )  # fmt: skip
    evidence = Evidence(
        id="e", observed=pendulum.date(2026, 1, 1), resolves={"x": "yes"},
        sources=(Source(url="javascript:alert(1)", publisher="evil"),),
    )  # fmt: skip
    book = Book(root=BOOK, forecasts=(forecast,), evidence=(evidence,))
    html = render_html(build_report(book, ReportOptions(as_of=AS_OF)))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<code>javascript:alert(1)</code>" in html  # the address shown as text, not a link
    markdown = render_markdown(build_report(book, ReportOptions(as_of=AS_OF)))
    assert "<script>" not in markdown
    assert "\\<script\\>alert(1)\\</script\\>" in markdown  # shown as text, not markup
    assert "](javascript:" not in markdown


def test_output_is_byte_identical_across_processes(tmp_path: Path) -> None:
    """Same book, same --as-of: the same bytes, in every format (no dates, ids or versions)."""
    outputs = []
    for run in range(2):
        folder = tmp_path / str(run)
        folder.mkdir()
        for name in ("report.html", "report.json", "report.md"):
            subprocess.run(
                [sys.executable, "-m", "foretell", "report", str(BOOK), "--as-of", "2026-06-30",
                 "--output", str(folder / name)],
                check=True, capture_output=True,
            )  # fmt: skip
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == {
        "report.html", "report.json", "report.md", "report.alice.svg", "report.bob.svg",
    }  # fmt: skip


@pytest.mark.parametrize("name", ["$$", "$\\foo$", "price $5 or $6", "{" * 200, "<b>&"])
def test_plot_text_is_literal(name: str) -> None:
    """Forecaster names are drawn as written: no mathtext, no markup."""
    from foretell.model import Book, Evidence, Forecast, Prediction  # noqa: PLC0415

    forecast = Forecast(
        id="x", question="q", resolves=pendulum.date(2026, 1, 2),
        predictions=(Prediction(by=name, made=pendulum.date(2025, 12, 1), probability=0.7),),
    )  # fmt: skip
    evidence = Evidence(id="e", observed=pendulum.date(2026, 1, 1), resolves={"x": "yes"})
    report = build_report(Book(root=BOOK, forecasts=(forecast,), evidence=(evidence,)),
                          ReportOptions(as_of=AS_OF))  # fmt: skip
    [summary] = report.forecasters
    svg = reliability_svg(summary)
    from xml.sax.saxutils import escape  # noqa: PLC0415

    if len(name) <= 30:
        assert f"Reliability: {escape(name)} (n=1)" in svg
    else:  # cut to 48 characters and wrapped, still literal
        assert escape(name[:30]) in svg
    html = render_html(report)
    assert "<b>&" not in html


def test_skill_against_a_reference_that_scores_0_is_undefined_and_explained() -> None:
    """Every outcome exactly 0.5: always saying 50% is perfect, so skill against it is undefined."""
    from foretell.model import Book, Evidence, Forecast, Prediction  # noqa: PLC0415

    forecasts = tuple(
        Forecast(
            id=f"x{i}", question="q", resolves=pendulum.date(2026, 1, 2),
            predictions=(Prediction(by="a", made=pendulum.date(2025, 12, 1), probability=p),),
        )
        for i, p in enumerate((0.2, 0.9))
    )  # fmt: skip
    evidence = Evidence(id="e", observed=pendulum.date(2026, 1, 1), resolves={"x0": 0.5, "x1": 0.5})
    report = build_report(Book(root=BOOK, forecasts=forecasts, evidence=(evidence,)),
                          ReportOptions(as_of=AS_OF))  # fmt: skip
    [summary] = report.forecasters
    assert summary.skill_vs_half is None
    assert summary.skill_vs_base_rate is None
    markdown = render_markdown(report)
    assert "| skill vs always 50% | – | undefined: every outcome was exactly 0.5" in markdown
    assert "undefined: every outcome was exactly 0.5" in render_html(report)
    assert json.loads(render_json(report))["forecasters"]["a"]["brier_skill_vs_half"] is None
