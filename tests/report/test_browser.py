"""The HTML report in a real browser: headless Chromium, as a reader on a phone would see it.

Checks that the page logs no console error, that at 400 px wide the page itself never scrolls
sideways (wide tables scroll inside their own box), and that every reliability diagram is shown
within the screen. Runs Debian's ``chromium`` through Playwright's Python package (no browser
download); ``.ci/run`` installs both. Skips, saying why, only when no browser can be had.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest

from foretell import load_book
from foretell.load import read_book
from foretell.report import ReportOptions, build_report, render_html

ROOT = Path(__file__).parents[2]
BOOKS = {
    "fixture": (ROOT / "tests" / "books" / "report", pendulum.date(2026, 6, 30)),
    "hostile": (ROOT / "tests" / "books" / "report-hostile", pendulum.date(2026, 6, 1)),
    "repository": (ROOT, pendulum.date(2027, 1, 5)),
}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(f"no browser to open the HTML report: none of {', '.join(BROWSERS)} on PATH "
                "(apt-get install chromium)")  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')"
    )
    executable = _browser()
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
            )
        except Exception as error:
            pytest.skip(f"{executable} did not start: {error}")
        yield launched
        launched.close()


def page_facts(browser, html_file: Path, width: int) -> dict:
    page = browser.new_page(viewport={"width": width, "height": 900})
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    page.goto(html_file.as_uri())
    facts = page.evaluate(
        """() => {
        const root = document.documentElement;
        const boxes = (selector) => Array.from(document.querySelectorAll(selector)).map(e => {
            const r = e.getBoundingClientRect();
            return {left: r.left, right: r.right, width: r.width, height: r.height,
                    visible: getComputedStyle(e).visibility !== 'hidden'
                             && getComputedStyle(e).display !== 'none'};
        });
        return {
            scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth),
            clientWidth: root.clientWidth,
            diagrams: boxes('figure.diagram svg'),
            wraps: boxes('.table-wrap'),
            unwrapped: Array.from(document.querySelectorAll('main table'))
                .filter(t => !t.parentElement.classList.contains('table-wrap')).length,
            blocks: boxes('main > *, main p, main li, main blockquote, main h2, main h3'),
        };
    }"""
    )
    facts["messages"] = messages
    page.close()
    return facts


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[Path, int]]:
    """Each book's HTML report, and how many diagrams it should show.

    The repository's book goes through the command, as a user runs it, so that every section
    the command adds (the audit of its git history among them) is on the page.
    """
    folder = tmp_path_factory.mktemp("html")
    result = {}
    command = folder / "command.html"
    subprocess.run(
        [sys.executable, "-m", "foretell", "report", str(ROOT), "--as-of", "2027-01-05",
         "--output", str(command)],
        check=False, capture_output=True,
    )  # fmt: skip
    if command.exists():
        book, as_of = BOOKS["repository"]
        drawn = sum(
            1 for s in build_report(load_book(book), ReportOptions(as_of=as_of)).forecasters if s.n
        )
        result["command"] = (command, drawn)
    for name, (book, as_of) in BOOKS.items():
        report = build_report(
            load_book(book), ReportOptions(as_of=as_of), title=read_book(book).title or name
        )
        path = folder / f"{name}.html"
        path.write_text(render_html(report), encoding="utf-8")
        result[name] = (path, sum(1 for s in report.forecasters if s.n))
    return result


@pytest.mark.parametrize("name", [*sorted(BOOKS), "command"])
@pytest.mark.parametrize("width", [400, 1280])
def test_page_in_chromium(browser, pages, name: str, width: int) -> None:
    if name not in pages:
        pytest.fail("foretell report did not write the repository's HTML report")
    path, drawn = pages[name]
    facts = page_facts(browser, path, width)
    assert [m for m in facts["messages"] if m.startswith(("error", "pageerror"))] == []
    # The page never scrolls sideways; tables scroll inside their own box.
    assert facts["scrollWidth"] <= facts["clientWidth"], facts["scrollWidth"]
    for box in facts["wraps"] + facts["blocks"]:
        assert box["right"] <= width + 0.5, box
    assert facts["unwrapped"] == 0  # every table scrolls in its own box
    # Every reliability diagram is shown, scaled to fit the screen.
    assert len(facts["diagrams"]) == drawn
    for box in facts["diagrams"]:
        assert box["visible"]
        assert box["width"] >= min(300, width - 40)
        assert box["height"] > 200
        assert box["left"] >= 0
        assert box["right"] <= width
