"""The renderers: snapshots of every format, and byte-identical output run after run.

The figures themselves are checked against hand computations in test_build.py; the snapshots
here pin the layout and wording, so that a change to either is seen in review.
"""

from __future__ import annotations

import json
import re
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


def test_the_rug_has_one_tick_per_probability_given() -> None:
    """3,000 forecasts at three probabilities: three ticks, not 3,000 drawn on top of each other."""
    from foretell.model import Book, Evidence, Forecast, Prediction  # noqa: PLC0415

    day = pendulum.date(2026, 1, 2)
    forecasts = tuple(
        Forecast(id=f"q{i}", question="q", resolves=day,
                 predictions=(Prediction(by="a", made=pendulum.date(2025, 12, 1),
                                         probability=(0.2, 0.5, 0.9)[i % 3]),))
        for i in range(3000)
    )  # fmt: skip
    evidence = Evidence(
        id="e", observed=pendulum.date(2026, 1, 1), resolves={f.id: "yes" for f in forecasts}
    )
    report = build_report(Book(root=BOOK, forecasts=forecasts, evidence=(evidence,)),
                          ReportOptions(as_of=AS_OF))  # fmt: skip
    [summary] = report.forecasters
    svg = reliability_svg(summary)
    ticks = re.findall(
        r'<use xlink:href="#m[0-9a-f]+" x="([0-9.]+)" y="256.633468" style="fill: #6b7280', svg
    )
    assert len(ticks) == 3
    assert len(set(ticks)) == 3
    assert "(n=3000)" in svg


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


def _table_cells(markdown: str) -> list[str]:
    cells = []
    for line in markdown.splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            cells += [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
    return cells


@pytest.mark.parametrize("as_of", ["2026-11-25", "2027-01-05"])
def test_markdown_cells_stay_short_on_the_repository_book(as_of: str) -> None:
    """No table cell over 300 characters: long quotes and link lists go below the tables."""
    result = subprocess.run(
        [sys.executable, "-m", "foretell", "report", str(ROOT), "--as-of", as_of],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    cells = _table_cells(result.stdout)
    assert cells
    assert max(len(c) for c in cells) <= 300


def test_markdown_cells_stay_short_with_long_text() -> None:
    from foretell.model import Book, Evidence, Forecast, Prediction, Source  # noqa: PLC0415

    long = "word " * 400
    forecast = Forecast(
        id="x", question=long, quote=long, criteria=long, resolves=pendulum.date(2026, 1, 2),
        source=Source(title=long, url="https://example.org/" + "a" * 400),
        predictions=(Prediction(by="n" * 300, made=pendulum.date(2025, 12, 1), probability=0.7,
                                note=long),),
    )  # fmt: skip
    evidence = Evidence(
        id="e", observed=pendulum.date(2026, 1, 1), resolves={"x": "yes"}, summary=long,
        sources=tuple(Source(url=f"https://example.org/{i}", publisher=long) for i in range(30)),
    )  # fmt: skip
    report = build_report(Book(root=BOOK, forecasts=(forecast,), evidence=(evidence,)),
                          ReportOptions(as_of=AS_OF))  # fmt: skip
    cells = _table_cells(render_markdown(report))
    too_long = [c for c in cells if len(c) > 300]
    # Only a forecaster's name could make a cell long, and names are short in practice.
    assert all("n" * 300 in c for c in too_long), too_long


def test_scorecard_claims_are_cut_at_a_word_boundary(report) -> None:
    from foretell.report.views import shorten  # noqa: PLC0415

    text = "Moscow is likely to seek assurances that NATO's eastern expansion will halt"
    short = shorten(text, 40)
    assert short == "Moscow is likely to seek assurances…"
    assert len(short) <= 40
    assert text.startswith(short[:-1])
    assert shorten("x" * 50, 10) == "x" * 9 + "…"


def test_summary_numbers_come_from_the_scorecard_and_figures() -> None:
    """Every number of the plain-language summary is in the scorecard or the figures table."""
    result = subprocess.run(
        [sys.executable, "-m", "foretell", "report", str(ROOT), "--as-of", "2026-11-25"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    markdown = result.stdout
    section = markdown.split("## Scorecard: brussels-morning")[1].split("\n## ")[0]
    table = [line for line in section.splitlines() if line.startswith("| [")]
    summary = next(line for line in section.splitlines() if line.startswith("Of "))
    said = [float(re.search(r"\| ([\d.]+)% \|", row).group(1)) / 100 for row in table]
    happened = [row.split(" | ")[2].split(" ")[0] for row in table]
    n = len(table)
    assert summary.startswith(f"Of {n} claims that could be checked, {happened.count('yes')} "
                              "happened")  # fmt: skip
    mean = f"{round(100 * sum(said) / n, 1):g}%"
    assert f"gave them {mean}" in summary
    share = f"{round(100 * happened.count('yes') / n, 1):g}%"
    assert f"and {share} happened" in summary
    overview = markdown.split("## Forecasters")[1].split("\n## ")[0]
    brier = re.search(r"\| \[brussels-morning\]\([^)]*\) \| \d+ \| ([0-9.]+) \|", overview).group(1)
    assert f"Brier score {brier}" in summary
    worst = table[0]  # sorted worst first
    worst_brier = worst.rstrip(" |").rsplit("| ", 1)[1]
    assert f"Brier {worst_brier}" in summary
    assert re.search(r"\| ([0-9.]+) \|$", table[0]).group(1) >= re.search(
        r"\| ([0-9.]+) \|$", table[-1]
    ).group(1)
