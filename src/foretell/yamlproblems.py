"""What goes wrong while reading a YAML file, as located problems that say how to fix it."""

from __future__ import annotations

import re

import yaml

from foretell.problems import Location, Problem

__all__ = [
    "char_name",
    "control_character",
    "hash_lines",
    "line_column",
    "not_utf8",
    "syntax_problem",
]

# YAML's printable character set (YAML 1.2, section 5.1), minus tab/LF/CR which are allowed.
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


def control_character(text: str, relative: str) -> Problem | None:
    """The first character YAML does not allow in a file, as a problem (``None`` if none)."""
    bad = _NON_PRINTABLE.search(text)
    if bad is None:
        return None
    line, column = line_column(text, bad.start())
    return Problem(
        Location(relative, line + 1, column + 1),
        "Y103",
        f"YAML does not allow the control character {char_name(bad.group())} in a file",
        "delete it, or write it as an escape inside a double-quoted string",
    )


def not_utf8(raw: bytes, error: UnicodeDecodeError, relative: str) -> Problem:
    """Bytes that are not UTF-8, located at the first bad byte."""
    good = raw[: error.start].decode("utf-8", errors="replace")
    line, column = line_column(good, len(good))
    return Problem(
        Location(relative, line + 1, column + 1),
        "Y102",
        f"the file is not UTF-8 text: byte 0x{raw[error.start]:02x} at offset {error.start}",
        "save the file as UTF-8 (most editors offer it under 'Save with encoding')",
    )


def syntax_problem(
    error: yaml.MarkedYAMLError, text: str, relative: str, max_depth: int
) -> Problem:
    """libyaml's syntax error as a located problem: tabs, depth and documents told apart."""
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark is not None else 0
    column = mark.column if mark is not None else 0
    location = Location(relative, line + 1, column + 1)
    lines = text.split("\n")
    here = lines[line][column : column + 1] if line < len(lines) else ""
    if here == "\t" or ("\t" in lines[line][: column + 1] if line < len(lines) else False):
        return Problem(
            location,
            "Y104",
            "a tab character is used for indentation",
            "indent with spaces; YAML does not allow tabs there",
        )
    problem = error.problem or "invalid YAML"
    if error.context and error.context_mark is not None and error.problem_mark is not None:
        problem = f"{problem} ({error.context} on line {error.context_mark.line + 1})"
    if "maximum nesting depth" in problem:
        # Newer libyaml releases stop at their own depth limit before ours: say it the same way.
        return Problem(
            location,
            "Y108",
            f"the YAML is nested more than {max_depth} levels deep",
            "foretell files need a few levels: check the brackets and indentation",
        )
    if "another document" in problem:
        return Problem(
            location,
            "Y106",
            "the file holds more than one YAML document ('---' separates documents)",
            "put each document in its own file, or list the entries under one key",
        )
    return Problem(location, "Y103", f"YAML syntax error: {problem}", syntax_hint(problem))


def syntax_hint(problem: str) -> str | None:
    """How to fix the commonest syntax errors, from libyaml's description."""
    if "mapping values are not allowed" in problem:
        return "a ': ' inside an unquoted value starts a new key; put the value in quotes"
    if "could not find expected ':'" in problem or "did not find expected key" in problem:
        return "check the indentation of this line and of the line before it"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "a quote or bracket is not closed"
    if "found character that cannot start any token" in problem:
        return "a value starting with '@', '`' or '%' must be put in quotes"
    return None


def line_column(text: str, index: int) -> tuple[int, int]:
    """The 0-based line and column of a character index."""
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return line, index - start


def char_name(char: str) -> str:
    """A character as its code point, e.g. ``U+0007``."""
    return f"U+{ord(char):04X}"


def hash_lines(text: str) -> dict[int, str]:
    """The lines of ``text`` where a ``#`` follows other text, by 0-based line number: only
    there can a comment have cut a plain value short (see ``YamlFile.commented``).

    Only the lines holding a ``#`` are looked at (most files have none but a leading comment).
    """
    found: dict[int, str] = {}
    line = 0
    counted = 0  # line numbers are counted up to here
    at = text.find("#")
    while at != -1:
        begin = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end == -1:
            end = len(text)
        line += text.count("\n", counted, begin)
        counted = begin
        content = text[begin:end]
        if not content.lstrip().startswith("#"):
            found[line] = content
        at = text.find("#", end)
    return found
