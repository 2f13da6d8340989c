"""Book text made safe for output: which addresses become links, how Markdown is escaped."""

from __future__ import annotations

import pytest

from foretell.report.links import MarkdownText, escape_markdown, markdown_link, safe_url
from foretell.report.plot import diagram_file_names


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\nscript:alert(1)",
        "javascript://example.org/%0Aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//example.org/no-scheme",
        "/relative/path",
        "https://",
        "http:///no-host",
        "https://exa mple.org\x00",
        "",
        None,
    ],
)
def test_only_http_addresses_with_a_host_become_links(url: str | None) -> None:
    assert safe_url(url) is None


def test_http_addresses_are_kept_with_unsafe_characters_encoded() -> None:
    assert safe_url("https://example.org/a?b=1&c=2#d") == "https://example.org/a?b=1&c=2#d"
    assert safe_url("HTTP://example.org/") == "HTTP://example.org/"
    encoded = safe_url('https://example.org/x" onmouseover="alert(1)')
    assert encoded == "https://example.org/x%22%20onmouseover=%22alert%281%29"
    assert safe_url("https://example.org/a)(b|c>") == "https://example.org/a%29%28b%7Cc%3E"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words, with (parentheses)", "plain words, with (parentheses)"),
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("a | b", "a \\| b"),
        ("*bold* _it_ `code` ~~x~~ $x$", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~x\\~\\~ \\$x\\$"),
        ("[link](https://example.org)", "\\[link\\](https://example.org)"),
        ("![img](x.png)", "!\\[img\\](x.png)"),
        ("two\nlines\r\n\n# heading", "two lines # heading"),
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("0.25 is a number", "0.25 is a number"),
        ("&lt; &#60; AT&T", "\\&lt; \\&#60; AT&T"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_markdown_escaping(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_markdown_text_made_by_foretell_passes_unchanged() -> None:
    assert escape_markdown(MarkdownText("**0.25**")) == "**0.25**"


def test_markdown_links() -> None:
    assert markdown_link("Wire [1]", "https://example.org/a b") == (
        "[Wire \\[1\\]](https://example.org/a%20b)"
    )
    assert markdown_link("evil", "javascript:alert(1)") == "evil"


def test_diagram_file_names_are_distinct_even_ignoring_case() -> None:
    names = diagram_file_names("r", ["a b", "a-b", "A B", "a-b-2", "$$", "%%"])
    assert len({n.casefold() for n in names.values()}) == 6
    assert names["$$"] == "r.forecaster.svg"
    assert diagram_file_names("r", ["a b", "a-b", "A B"]) == diagram_file_names(
        "r", ["A B", "a-b", "a b"]
    )
