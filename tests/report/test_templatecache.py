"""Compiled templates kept between runs: same output, damaged files ignored, never in a book."""

from __future__ import annotations

import os
from pathlib import Path

import pendulum
import pytest

from foretell import load_book
from foretell.report import ReportOptions, build_report, render_html, render_markdown
from foretell.report import render as render_module

BOOK = Path(__file__).parents[2] / "tests" / "books" / "report"
AS_OF = pendulum.date(2026, 6, 30)


@pytest.fixture
def report():
    return build_report(load_book(BOOK), ReportOptions(as_of=AS_OF), title="Report fixture")


def _fresh_environments() -> None:
    render_module._environment.cache_clear()


def test_cached_templates_give_the_same_report(report, tmp_path: Path) -> None:
    _fresh_environments()
    expected_md, expected_html = render_markdown(report), render_html(report)
    _fresh_environments()
    assert render_markdown(report, cache_folder=tmp_path) == expected_md
    assert render_html(report, cache_folder=tmp_path) == expected_html
    written = sorted((tmp_path / "templates").glob("*.code"))
    assert written, "compiled templates were not kept"
    _fresh_environments()  # a later run reads them back
    assert render_markdown(report, cache_folder=tmp_path) == expected_md
    assert render_html(report, cache_folder=tmp_path) == expected_html
    assert not list((tmp_path / "templates").glob(".tmp-*"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:30] + b"\x00" * (len(data) - 30),
        lambda data: b"garbage" * 10,
        lambda data: data[:-8] + b"\xff" * 8,
    ],
    ids=["empty", "truncated", "zeroed", "foreign", "tail-damaged"],
)
def test_damaged_cache_files_are_ignored_and_rewritten(report, tmp_path: Path, damage) -> None:
    _fresh_environments()
    expected = render_markdown(report)
    _fresh_environments()
    render_markdown(report, cache_folder=tmp_path)
    files = sorted((tmp_path / "templates").glob("*.code"))
    originals = {path: path.read_bytes() for path in files}
    for path, data in originals.items():
        path.write_bytes(damage(data))
    _fresh_environments()
    assert render_markdown(report, cache_folder=tmp_path) == expected
    for path, data in originals.items():
        assert path.read_bytes() == data  # rebuilt


def test_a_template_edit_is_not_served_from_the_cache(tmp_path: Path) -> None:
    from jinja2 import DictLoader, Environment  # noqa: PLC0415

    from foretell.report.templatecache import TemplateCache  # noqa: PLC0415

    def render(source: str) -> str:
        environment = Environment(
            loader=DictLoader({"t": source}), bytecode_cache=TemplateCache(tmp_path)
        )
        return environment.get_template("t").render(x=1)

    assert render("one {{ x }}") == "one 1"
    assert render("two {{ x }}") == "two 1"


def test_an_unwritable_cache_only_costs_time(report, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    _fresh_environments()
    expected = render_markdown(report)
    _fresh_environments()
    assert render_markdown(report, cache_folder=blocker) == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero", "folder"])
def test_cache_files_that_are_not_regular_files_are_ignored(
    report, tmp_path: Path, kind: str
) -> None:
    """A FIFO, a link to an endless device or a folder in place of a compiled template
    neither hangs the report nor fills the memory: the template is compiled again."""
    _fresh_environments()
    expected = render_markdown(report)
    _fresh_environments()
    render_markdown(report, cache_folder=tmp_path)
    files = sorted((tmp_path / "templates").glob("*.code"))
    assert files
    for path in files:
        path.unlink()
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        else:
            path.symlink_to("/dev/zero")
    _fresh_environments()
    assert render_markdown(report, cache_folder=tmp_path) == expected


HOSTILE = Path(__file__).parents[2] / "tests" / "books" / "report-hostile"


@pytest.mark.parametrize("first", ["md", "html"])
def test_code_compiled_for_one_format_never_serves_the_other(tmp_path: Path, first: str) -> None:
    """Templates shared by the Markdown and the HTML report compile to different code (the
    HTML code escapes every value): each format's cached code serves that format only."""
    hostile = build_report(
        load_book(HOSTILE), ReportOptions(as_of=pendulum.date(2026, 6, 1)), title="Hostile"
    )
    renderers = {"md": render_markdown, "html": render_html}
    second = "html" if first == "md" else "md"
    _fresh_environments()
    expected = {kind: render(hostile) for kind, render in renderers.items()}
    assert "<script>" not in expected["html"]
    _fresh_environments()
    renderers[first](hostile, cache_folder=tmp_path)  # fills the cache
    _fresh_environments()  # a later run: the other format, through the cache
    assert renderers[second](hostile, cache_folder=tmp_path) == expected[second]
    _fresh_environments()
    assert renderers[first](hostile, cache_folder=tmp_path) == expected[first]
    names = {path.name.split("-")[0] for path in (tmp_path / "templates").glob("*.code")}
    assert names == {"md", "html"}
