"""Text from a book made safe for output: web addresses that may become links, Markdown escaping.

Nothing from a book is trusted (it may come from a stranger's pull request). Two rules:

* Only an absolute ``http`` or ``https`` address with a host becomes a link
  (:func:`safe_url`); anything else (``javascript:``, ``data:``, relative paths) is shown as
  text, never as a link.
* Every text inserted in Markdown is escaped by :func:`escape_markdown`, which the Markdown
  template environment applies to every ``{{ ... }}`` by construction; only values of type
  :class:`MarkdownText` (made by the renderer's own filters) pass unchanged.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urlsplit

__all__ = ["MarkdownText", "escape_markdown", "markdown_link", "safe_url"]

# Characters kept as they are in a link's address; everything else (spaces, quotes, angle
# brackets, parentheses, pipes, backslashes, control characters) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"

# Inline Markdown syntax (GitHub-flavoured: emphasis, code, links, images, autolinks, raw HTML,
# entities, strikethrough, tables, maths): backslash-escaped wherever it appears.
_INLINE = re.compile(r"[\\`*_\[\]<>|~$]|&(?=#?\w+;)")
# Block syntax that only matters at the start of a line: headings, quotes, lists, rules.
_LEADING = re.compile(r"^(?:#{1,6}(?=\s|$)|[+-](?=\s|$)|-+\s*$|=+\s*$|>|\d{1,9}(?=[.)](?:\s|$)))")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class MarkdownText(str):
    """Markdown made by foretell itself (a link, bold figures): inserted without escaping."""

    __slots__ = ()


@functools.lru_cache(maxsize=65536)
def safe_url(url: str | None) -> str | None:
    """The address to link to, or ``None`` when it must not become a link.

    Only absolute ``http(s)`` addresses with a host qualify. Characters that could end an HTML
    attribute or a Markdown link (quotes, spaces, angle brackets, parentheses, ...) are
    percent-encoded, so the result can be placed in either.

    >>> safe_url("https://example.org/a b")
    'https://example.org/a%20b'
    >>> safe_url("javascript:alert(1)") is None
    True
    >>> safe_url(" JavaScript:alert(1)") is None
    True
    """
    if not url:
        return None
    text = url.strip()
    if _CONTROL.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(text, safe=_URL_SAFE)


def escape_markdown(value: object) -> str:
    """Text that renders as itself in Markdown, on one line.

    Whitespace (newlines included) collapses to single spaces, so a value can neither break a
    table row nor start a block; inline syntax is backslash-escaped everywhere, and block
    syntax at the start. :class:`MarkdownText` passes unchanged.

    >>> print(escape_markdown("<b>bold</b> | *x*"))
    \\<b\\>bold\\</b\\> \\| \\*x\\*
    >>> print(escape_markdown("1. not a list"))
    1\\. not a list
    """
    if isinstance(value, MarkdownText):
        return value
    text = _SPACES.sub(" ", str(value))
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    return _LEADING.sub(_escape_leading, text)


def _escape_leading(match: re.Match[str]) -> str:
    # "1." and "1)" start an ordered list: escape the punctuation after the number.
    text = match.group(0)
    return text + "\\" if text[0].isdigit() else "\\" + text


def markdown_link(label: object, url: str | None) -> MarkdownText:
    """``[label](url)`` for an http(s) address, else the label as text."""
    target = safe_url(url)
    if target is None:
        return MarkdownText(escape_markdown(label))
    return MarkdownText(f"[{escape_markdown(label)}]({target})")
