"""Hostile text in every field a book controls never becomes live markup or a live link.

The book tests/books/report-hostile puts script tags, event-handler attributes, Markdown links
to ``javascript:`` and other markup in the title, questions, criteria, quotes, sources (title,
publisher, author, address), tags, categories, forecaster names, notes and evidence (summary,
sources). Every report format is parsed as a browser or a Markdown renderer would parse it,
and every element and link is checked.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pendulum
import pytest
from markdown_it import MarkdownIt

from foretell import load_book
from foretell.load import read_book
from foretell.report import ReportOptions, build_report, render_html, render_json, render_markdown

BOOK = Path(__file__).parents[1] / "books" / "report-hostile"
AS_OF = pendulum.date(2026, 6, 1)
#: Elements the HTML report is made of (the page, its tables and the SVG diagrams).
PAGE_ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "main", "section", "article", "header",
    "footer", "figure", "h1", "h2", "h3", "h4", "p", "div", "span", "b", "small", "code", "a",
    "ul", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "br", "strong", "em",
}  # fmt: skip
SVG_ELEMENTS = {
    "svg", "g", "defs", "clippath", "path", "rect", "use", "text", "style", "metadata", "rdf:rdf",
    "cc:work", "dc:type", "dc:format", "polyline", "line", "circle", "tspan",
}  # fmt: skip
#: What a book puts in each field; every one must appear only as text.
PAYLOADS = ("alert(", "<script", "onerror=", "onload=", "onmouseover=")


class Elements(HTMLParser):
    """Every element and attribute of a document, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def assert_no_live_markup(html: str, allowed: set[str]) -> None:
    parsed = parse(html)
    assert set(parsed.tags) <= allowed, set(parsed.tags) - allowed
    for tag, name, value in parsed.attributes:
        assert not name.startswith("on"), (tag, name, value)
        if name in ("href", "src", "xlink:href", "action", "formaction"):
            assert value.startswith(("https://", "http://", "#")), (tag, name, value)
        if name == "style":
            assert "javascript" not in value.lower()


@pytest.fixture(scope="module")
def report():
    reading = read_book(BOOK)
    assert not reading.has_errors  # the book is valid: hostile text is allowed as text
    return build_report(load_book(BOOK), ReportOptions(as_of=AS_OF), title=reading.title or "")


def test_the_book_puts_hostile_text_in_every_field(report) -> None:
    text = json.dumps(json.loads(render_json(report)))
    for field in ("question", "criteria", "quote", "title", "publisher", "author", "summary",
                  "note", "wording"):  # fmt: skip
        assert f'"{field}": "<' in text, field
    assert "javascript:alert('source')" in text  # addresses are kept as data


def test_html_has_no_live_markup_and_no_unsafe_link(report) -> None:
    html = render_html(report)
    assert_no_live_markup(html, PAGE_ELEMENTS | SVG_ELEMENTS)
    parsed = parse(html)
    links = [v for t, n, v in parsed.attributes if t == "a" and n == "href" and v[0] != "#"]
    assert "https://ok.example/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E" in links
    assert not any("javascript" in v.lower() or v.startswith("data:") for v in links)
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html  # shown as text


def test_markdown_renders_no_live_markup_and_no_unsafe_link(report) -> None:
    """Rendered as CommonMark with GitHub tables and raw HTML allowed, as a forge would."""
    markdown = render_markdown(report, diagrams={s.name: "d.svg" for s in report.forecasters})
    html = (
        MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(markdown)
    )
    allowed = {"h1", "h2", "h3", "h4", "p", "em", "strong", "a", "ul", "li", "table", "thead",
               "tbody", "tr", "th", "td", "blockquote", "br", "code", "img", "s"}  # fmt: skip
    parsed = parse(html)
    assert set(parsed.tags) <= allowed, set(parsed.tags) - allowed
    for tag, name, value in parsed.attributes:
        assert not name.startswith("on"), (tag, name, value)
        if name == "href":
            assert value.startswith(("https://", "http://", "#")), value
        if name == "src":
            assert value == "d.svg", value
    assert "<script>alert('title')</script>" in html.replace("&lt;", "<").replace("&gt;", ">")


def test_markdown_table_rows_keep_their_columns(report) -> None:
    """A pipe in book text cannot add a column: every row has as many cells as its header."""
    markdown = render_markdown(report)
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "b|c" in html  # the category with a pipe, inside one cell
    for table in html.split("<table>")[1:]:
        body = table.split("</table>")[0]
        header = len(re.findall(r"<th[ >]", body.split("</thead>")[0]))
        for row in body.split("</thead>")[1].split("<tr>")[1:]:
            assert len(re.findall(r"<td[ >]", row)) == header


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_unescaped_in_html(report, payload: str) -> None:
    html = render_html(report)
    start = html.index("<main>")
    body = html[start:]
    parsed = parse(body)
    assert not parsed.script_text
    assert payload not in "".join(f"{t} {n}={v}" for t, n, v in parsed.attributes)


def test_anchors_of_forecasters_are_distinct() -> None:
    from foretell.report.figures import forecaster_anchor  # noqa: PLC0415

    names = ["a b", "a-b", "A B", "alice", "$$", "%%"]
    anchors = [forecaster_anchor(n) for n in names]
    assert len(set(anchors)) == len(names)
    assert forecaster_anchor("alice") == "forecaster-alice"
    assert all(a.replace("-", "").isalnum() for a in anchors)


HIDDEN = ("\u202e", "\u2066", "\u200f", "\x00", "\x0b", "\x1b", "\x85")


@pytest.fixture(scope="module")
def controls_report(tmp_path_factory: pytest.TempPathFactory):
    """A forecaster and a question holding bidi controls and other control characters."""
    root = tmp_path_factory.mktemp("controls")
    (root / "forecasts").mkdir()
    name = "a\u202eb\u2066c\u200fd\x00e\x0bf\x1b[31mg\x85"
    question = "Will it \u202erain\x00?"
    (root / "forecasts" / "q.yaml").write_text(
        "id: q\n"
        f"question: {json.dumps(question)}\n"
        "criteria: Yes if it rains.\n"
        "resolves: 2026-03-01\n"
        f"forecaster: {json.dumps(name)}\n"
        "made: 2026-01-01\n"
        "probability: 0.63\n"
        "otherwise: yes\n",
        encoding="utf-8",
    )
    return build_report(load_book(root), ReportOptions(as_of=AS_OF), title="Controls")


def test_control_and_bidi_characters_show_as_escapes(controls_report) -> None:
    """A right-to-left override would turn the figures after it around on screen; a NUL makes
    an SVG invalid XML. Neither reaches a report: each shows as its escape."""
    import xml.dom.minidom  # noqa: PLC0415

    from foretell.report.plot import reliability_svg  # noqa: PLC0415

    for text in (render_html(controls_report), render_markdown(controls_report)):
        assert not any(char in text for char in HIDDEN)
        assert "a\\u202eb\\u2066c\\u200fd\\x00e" in text
    svg = reliability_svg(controls_report.forecasters[0])
    assert not any(char in svg for char in HIDDEN)
    xml.dom.minidom.parseString(svg)  # well-formed


def test_a_quote_and_its_source_form_one_quotation_in_markdown() -> None:
    """The source line continues the quotation (no escaped '\\>' shown as a character)."""
    article = build_report(
        load_book(Path(__file__).parents[1] / "books" / "valid" / "article"),
        ReportOptions(as_of=AS_OF),
        title="Article",
    )
    text = render_markdown(article)
    assert "\\>" not in text
    assert "\n> — [City council news](https://example.org/council/2026-01-10)" in text
