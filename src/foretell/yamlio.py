"""Reading YAML files into plain values that remember where they came from.

foretell reads YAML with PyYAML's C parser (libyaml) and builds the values itself from the
composed node tree, which gives three things the stock loaders do not:

* **Positions.** Mappings are :class:`LocatedMap` and sequences :class:`LocatedList`: ordinary
  ``dict`` and ``list`` objects that also record the line and column of every key and value, so
  later stages can point a problem at the exact place in the file.
* **YAML 1.2 scalars.** Only ``true``/``false`` are booleans; ``yes``, ``no``, ``on``, ``off``
  and ``NO`` stay strings (as editors using yaml-language-server show them). Dates stay strings
  and are parsed by :mod:`foretell.dates`, so ``2026-02-30`` becomes a located problem instead of
  a crash. As in YAML 1.2, ``010`` is ten, and ``1:30`` and ``1_000`` are strings.
* **Problems, never exceptions.** Undecodable bytes, syntax errors, tabs, duplicate keys, several
  documents, recursive aliases and unsupported tags all come back as :class:`Problem` values.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import attrs
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from foretell.problems import Location, Problem, Severity

__all__ = [
    "LocatedList",
    "LocatedMap",
    "YamlFile",
    "describe",
    "parse_yaml",
    "read_yaml_file",
]

#: A 0-based (line, column) pair, as libyaml reports it.
Mark = tuple[int, int]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"

# libyaml's parser, when PyYAML was built with it (the usual case for wheels from PyPI).
_BaseParser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None


class LocatedMap(dict[str, Any]):
    """A mapping read from YAML, with the position of the mapping, its keys and its values.

    Positions are 0-based ``(line, column)`` pairs as libyaml reports them; :meth:`location`
    turns them into 1-based :class:`~foretell.problems.Location` values.
    """

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}


class LocatedList(list[Any]):
    """A sequence read from YAML, with its own position and the position of each item."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


if _BaseParser is not None:

    class _Loader(_BaseParser, yaml.resolver.BaseResolver):  # type: ignore[misc]
        """libyaml's parser and composer with YAML 1.2 core-schema scalar resolution."""

        def __init__(self, stream: str) -> None:
            _BaseParser.__init__(self, stream)
            yaml.resolver.BaseResolver.__init__(self)

        # libyaml calls these three for every node. foretell uses no path resolvers, so the
        # lean versions below give the same tags as BaseResolver's, with less overhead.
        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, pattern in _IMPLICIT.get(value[:1], ()):
                        if pattern.match(value):
                            return tag
                return _STR
            return _SEQ if kind is SequenceNode else _MAP

else:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        yaml.resolver.BaseResolver,
    ):
        """The pure-Python parser and composer (slower) with the same scalar resolution."""

        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+.0123456789"),
)
_Loader.add_implicit_resolver(_MERGE, re.compile(r"^<<$"), ["<"])
_Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first or "": resolvers for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}

# YAML's printable character set (YAML 1.2, section 5.1), minus tab/LF/CR which are allowed.
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)

_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf")}


@attrs.frozen
class YamlFile:
    """The result of reading one YAML file.

    Attributes:
        path: the file, relative to the book, with forward slashes.
        data: the document's value (a :class:`LocatedMap`, :class:`LocatedList`, scalar or
            ``None``); ``None`` also when the file could not be read or parsed.
        problems: what went wrong while reading; empty for a clean file.
        commented: the 0-based ``(line, column)`` of every plain (unquoted) text value that is
            followed by a ``#`` comment on the same line: a sign that ``#`` cut the text short.
    """

    path: str
    data: Any
    problems: tuple[Problem, ...] = ()
    commented: frozenset[Mark] = frozenset()

    def location(self, mark: Mark) -> Location:
        """The 1-based location of a 0-based mark in this file."""
        return Location(self.path, mark[0] + 1, mark[1] + 1)


def read_yaml_file(path: Path, relative: str) -> YamlFile:
    """Read and parse one file; every failure becomes a problem in the result.

    Args:
        path: the file on disk.
        relative: the name to report, relative to the book.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        problem = Problem(
            Location(relative), "Y101", f"cannot read the file: {error.strerror or error}"
        )
        return YamlFile(relative, None, (problem,))
    return parse_yaml(raw, relative)


def parse_yaml(raw: bytes | str, relative: str) -> YamlFile:
    """Parse YAML text (bytes must be UTF-8) into located values."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return YamlFile(relative, None, (_not_utf8(raw, error, relative),))
    else:
        text = raw
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, column = _line_column(text, bad.start())
        problem = Problem(
            Location(relative, line + 1, column + 1),
            "Y103",
            f"YAML does not allow the control character {_char_name(bad.group())} in a file",
            "delete it, or write it as an escape inside a double-quoted string",
        )
        return YamlFile(relative, None, (problem,))

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return YamlFile(relative, None, (_syntax_problem(error, text, relative),))
    except yaml.YAMLError as error:  # pragma: no cover - reader errors are caught above
        problem = Problem(Location(relative), "Y103", f"YAML error: {error}")
        return YamlFile(relative, None, (problem,))
    finally:
        loader.dispose()

    if node is None or (type(node) is ScalarNode and node.tag == _NULL):
        problem = Problem(
            Location(relative),
            "Y109",
            "the file is empty",
            "add entries or delete the file",
            Severity.WARNING,
        )
        return YamlFile(relative, None, (problem,))
    builder = _Builder(relative, text)
    try:
        data = builder.build(node)
    except RecursionError:
        builder.problem(node, "Y108", "the YAML is nested too deeply to read")
        data = None
    return YamlFile(relative, data, tuple(builder.problems), frozenset(builder.commented))


class _Builder:
    """Turns a composed node tree into located Python values, collecting problems."""

    __slots__ = ("active", "commented", "hash_lines", "lines", "memo", "path", "problems")

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.split("\n") if "#" in text else []
        # Lines where a '#' follows other text: only there can a comment cut a value short.
        self.hash_lines = {
            number
            for number, line in enumerate(self.lines)
            if "#" in line and not line.lstrip().startswith("#")
        }
        self.problems: list[Problem] = []
        self.commented: list[Mark] = []
        self.memo: dict[int, Any] = {}
        self.active: set[int] = set()

    def problem(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(Location(self.path, mark.line + 1, mark.column + 1), code, message, hint)
        )

    def build(self, node: Node) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            return self.scalar(node)  # type: ignore[arg-type]
        key = id(node)
        if key in self.memo:
            return self.memo[key]
        if key in self.active:
            self.problem(node, "Y108", "an alias refers to the mapping or list that contains it")
            return None
        self.active.add(key)
        try:
            if kind is MappingNode:
                value: Any = self.mapping(node)
            elif kind is SequenceNode:
                value = self.sequence(node)
            else:  # pragma: no cover - the composer makes no other node kinds
                value = None
        finally:
            self.active.discard(key)
        self.memo[key] = value
        return value

    def mapping(self, node: Node) -> LocatedMap:
        if node.tag != _MAP:
            self.unsupported_tag(node)
        start = node.start_mark
        result = LocatedMap((start.line, start.column))
        key_marks = result.key_marks
        value_marks = result.value_marks
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                self.problem(
                    key_node,
                    "Y108",
                    "a key must be plain text, not a mapping or list",
                    "write the key as text",
                )
                continue
            if key_node.tag == _MERGE:
                self.problem(
                    key_node,
                    "Y108",
                    "merge keys ('<<') are not supported",
                    "write the keys out in full",
                )
                continue
            key = key_node.value
            mark = key_node.start_mark
            if key in result:
                first = key_marks[key]
                self.problem(
                    key_node,
                    "Y105",
                    f"duplicate key '{key}' (first given on line {first[0] + 1})",
                    "keep one of them: YAML readers silently drop one",
                )
                continue
            value_start = value_node.start_mark
            result[key] = self.build(value_node)
            key_marks[key] = (mark.line, mark.column)
            value_marks[key] = (value_start.line, value_start.column)
        return result

    def sequence(self, node: Node) -> LocatedList:
        if node.tag != _SEQ:
            self.unsupported_tag(node)
        start = node.start_mark
        result = LocatedList((start.line, start.column))
        marks = result.item_marks
        for item in node.value:
            item_start = item.start_mark
            result.append(self.build(item))
            marks.append((item_start.line, item_start.column))
        return result

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        value: str = node.value
        if tag == _STR:
            if self.hash_lines and not node.style and node.end_mark.line in self.hash_lines:
                self.note_comment(node)
            return value
        try:
            if tag == _INT:
                return int(value)
            if tag == _FLOAT:
                lowered = value.lower()
                if lowered in _SPECIAL_FLOATS:
                    return _SPECIAL_FLOATS[lowered]
                return float(lowered)
            if tag == _BOOL:
                lowered = value.lower()
                if lowered in ("true", "false"):
                    return lowered == "true"
                raise ValueError(value)
            if tag == _NULL:
                if value in ("", "~", "null", "Null", "NULL"):
                    return None
                raise ValueError(value)
        except ValueError:
            short = tag.rsplit(":", 1)[-1]
            self.problem(node, "Y108", f"the value {value!r} is not a valid !!{short}")
            return value
        # The problem is reported; reading on with the text avoids knock-on complaints.
        self.unsupported_tag(node)
        return value

    def note_comment(self, node: ScalarNode) -> None:
        """Remember a plain text value followed by a comment on the same line."""
        end = node.end_mark
        rest = self.lines[end.line][end.column :]
        if rest.lstrip(" \t").startswith("#"):
            start = node.start_mark
            self.commented.append((start.line, start.column))

    def unsupported_tag(self, node: Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.problem(
            node,
            "Y108",
            f"the YAML tag '{tag}' is not supported",
            "remove the tag; foretell files use plain text, numbers, lists and mappings",
        )


def _not_utf8(raw: bytes, error: UnicodeDecodeError, relative: str) -> Problem:
    good = raw[: error.start].decode("utf-8", errors="replace")
    line, column = _line_column(good, len(good))
    return Problem(
        Location(relative, line + 1, column + 1),
        "Y102",
        f"the file is not UTF-8 text: byte 0x{raw[error.start]:02x} at offset {error.start}",
        "save the file as UTF-8 (most editors offer it under 'Save with encoding')",
    )


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, relative: str) -> Problem:
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
    if "another document" in problem:
        return Problem(
            location,
            "Y106",
            "the file holds more than one YAML document ('---' separates documents)",
            "put each document in its own file, or list the entries under one key",
        )
    return Problem(location, "Y103", f"YAML syntax error: {problem}", _syntax_hint(problem))


def _syntax_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "a ': ' inside an unquoted value starts a new key; put the value in quotes"
    if "could not find expected ':'" in problem or "did not find expected key" in problem:
        return "check the indentation of this line and of the line before it"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "a quote or bracket is not closed"
    if "found character that cannot start any token" in problem:
        return "a value starting with '@', '`' or '%' must be put in quotes"
    return None


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return line, index - start


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def describe(value: Any) -> str:
    """How a value read from YAML is named in a message: ``true``, ``the number 42``, ``a list``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value:g}" if math.isfinite(value) else f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
