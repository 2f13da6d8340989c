"""Text from a book, made safe to show: short excerpts, escaped for terminals and JSON.

A book may come from a stranger (a pull request run in CI), so every piece of text it controls
(values, ids, file names) is treated as hostile when it is printed:

* :func:`excerpt` quotes at most a few dozen characters of a value, escaped, so that a message
  never echoes a whole file.
* :func:`for_terminal` escapes control characters, terminal escape sequences, bidirectional
  overrides and line breaks, so that printed text cannot move the cursor, recolour the screen,
  forge hyperlinks or split one problem over two lines.
* :func:`display_path` also escapes ``:`` and ``\\`` in file names, so that a file named
  ``x.yaml:99:1: error[Z999]: ...`` cannot pass for a problem line of its own, and shows the
  bytes of a file name that is not UTF-8 as ``\\xNN``.
* :func:`json_text` writes JSON that is valid UTF-8 and carries no raw control characters.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

__all__ = [
    "EXCERPT_LENGTH",
    "describe",
    "display_path",
    "excerpt",
    "for_terminal",
    "format_number",
    "json_safe",
    "json_text",
    "visible_controls",
]

#: The most characters of a value that a message quotes.
EXCERPT_LENGTH = 40

# Characters Python calls printable, minus those that matter to a line-oriented reader.
_PATH_SPECIAL = frozenset(":\\")
# Raw characters that JSON allows inside strings but that a terminal or a UTF-8 encoder does not
# take well: C1 controls, DEL, line/paragraph separators, bidi controls and lone surrogates.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """A quoted, escaped excerpt of at most ``limit`` characters of ``text``.

    >>> excerpt("root:x:0:0:root:/root:/bin/bash\\ndaemon:x:1:1", 20)
    "'root:x:0:0:root:/roo…'"
    >>> excerpt("\\x1b]8;;http://evil\\x07")
    "'\\\\x1b]8;;http://evil\\\\x07'"
    """
    if len(text) <= limit:
        return _quote(text)
    quoted = _quote(text[:limit])
    return f"{quoted[:-1]}…{quoted[-1]}"


def _quote(text: str) -> str:
    # repr escapes every character that str.isprintable() rejects (controls, format characters
    # such as bidi overrides, separators, surrogates) and quotes the text.
    return repr(text)


def for_terminal(text: str, *, keep_newlines: bool = False) -> str:
    r"""``text`` with every non-printable character escaped (``\x1b``, ``\r``, ``\u202e``).

    Args:
        text: any text, typically a message naming values from a book.
        keep_newlines: keep line feeds (and tabs) as they are, for multi-line documents such as
            a rendered table; otherwise they are escaped too, so the text stays on one line.
    """
    if text.isprintable():
        return text
    keep = "\n\t" if keep_newlines else ""
    return "".join(c if c.isprintable() or c in keep else _escape_char(c) for c in text)


def display_path(path: str, *, for_json: bool = False) -> str:
    r"""A file name as it is shown: escaped for a terminal, or only made valid UTF-8 for JSON.

    A file name that is not UTF-8 reaches Python with its bytes as lone surrogates
    (``surrogateescape``); they are shown as ``\xNN``. For a terminal, ``:`` and ``\`` are
    escaped too (``\x3a``, ``\\``), so that a name cannot forge a ``PATH:LINE:COLUMN`` prefix.
    """
    if for_json:
        if path.isprintable() or not _has_surrogate(path):
            return path
        return "".join(_escape_char(c) if _is_surrogate(c) else c for c in path)
    if path.isprintable() and ":" not in path and "\\" not in path:
        return path
    return "".join(
        c if c.isprintable() and c not in _PATH_SPECIAL else _escape_char(c) for c in path
    )


def json_text(document: object, *, indent: int | None = 2) -> str:
    r"""``document`` as JSON text that is valid UTF-8 and has no raw control characters.

    Non-ASCII letters stay as they are; C1 controls, DEL, bidi controls, line separators and
    lone surrogates (from file names that are not UTF-8) become ``\uXXXX`` escapes.
    """
    return json_safe(json.dumps(document, indent=indent, ensure_ascii=False))


def json_safe(text: str) -> str:
    r"""JSON text with raw C1 controls, DEL, bidi controls and lone surrogates as ``\uXXXX``.

    In valid JSON such characters can only stand inside strings, where the escape means the
    same character: the document's data is unchanged.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: Characters no report shows as they are: C0 controls but tab and line feed, DEL and C1
#: controls, and the invisible marks that reorder text (bidi controls, line separators).
_HIDDEN_IN_DOCUMENTS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def visible_controls(text: str) -> str:
    r"""``text`` with control characters and bidi controls written as escapes (``\u202e``).

    For documents (reports, diagrams): a right-to-left override in a name would otherwise turn
    the figures after it around on screen ("63.3%" shown as "%3.36"), and a NUL makes an SVG
    file invalid XML. Tabs and line feeds stay; everything else is unchanged.
    """
    return _HIDDEN_IN_DOCUMENTS.sub(lambda m: _escape_char(m.group()), text)


def _escape_char(char: str) -> str:
    code = ord(char)
    if char == "\\":
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{code:02x}")
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _is_surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


def _has_surrogate(text: str) -> bool:
    return any(_is_surrogate(c) for c in text)


def describe(value: Any) -> str:
    """How a value read from YAML is named in a message: ``true``, ``the number 42``, ``a list``.

    Text is quoted as a short, escaped excerpt (:func:`foretell.safetext.excerpt`): a message
    never repeats more than a few dozen characters of a value.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, int | float):
        return f"the number {format_number(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return excerpt(str(value))


def format_number(number: float) -> str:
    """A number as written in a message: exact (``1.0000001``, not ``1``), short when huge.

    >>> format_number(1.0000001), format_number(0.7), format_number(3), format_number(10**50)
    ('1.0000001', '0.7', '3', '1e+50')
    """
    if isinstance(number, int) and not isinstance(number, bool):
        return str(number) if abs(number) < 10**15 else f"{float(number):.15g}"
    if not math.isfinite(number):
        return str(number)
    if number == int(number) and abs(number) < 10**15:
        return str(int(number))
    return repr(float(number))
