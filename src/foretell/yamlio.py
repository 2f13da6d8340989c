"""Reading YAML files into plain values that remember where they came from.

foretell reads YAML with PyYAML's C parser (libyaml) and builds the values itself from the
parser's events, which gives three things the stock loaders do not:

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
import os
import re
import sys
from typing import Any, NamedTuple

import attrs
import yaml

from foretell.files import FileRefusedError, read_regular_file
from foretell.problems import (
    MAX_PROBLEMS_PER_FILE,
    Location,
    Problem,
    Severity,
    too_many_problems,
)
from foretell.safetext import excerpt
from foretell.sharedtext import SHARED_TEXT_LENGTH, shared_table
from foretell.yamlproblems import control_character, hash_lines, not_utf8, syntax_problem

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_VALUES",
    "LocatedList",
    "LocatedMap",
    "YamlFile",
    "parse_yaml",
    "read_yaml_file",
]

#: A 0-based (line, column) pair, as libyaml reports it.
Mark = tuple[int, int]
#: Builds a Location without the named tuple's argument handling (a book makes hundreds of
#: thousands of them).
_new_location = tuple.__new__

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
    _Parser: Any = _BaseParser
else:  # pragma: no cover - PyYAML built without libyaml

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        """The pure-Python parser (slower), for a PyYAML built without libyaml."""

        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


#: The implicit types of plain (unquoted, untagged) scalars: YAML 1.2's core schema, and ``<<``
#: so that merge keys can be refused. Each type's pattern starts with its own characters, and the
#: first type whose pattern matches the whole text wins; a plain scalar matching none is text.
_PLAIN_TYPES = re.compile(
    r"""(?:(?P<bool>true|True|TRUE|false|False|FALSE)
    |(?P<int>[-+]?[0-9]+)
    |(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))
    |(?P<merge><<)
    |(?P<null>~|null|Null|NULL|))$""",
    re.X,
)
#: The characters a plain scalar of a type other than text starts with (the empty text is null).
_TYPED_STARTS = frozenset("tTfF-+0123456789.<~nN") | {""}

_SPECIAL_FLOATS = {
    ".inf": math.inf,
    "+.inf": math.inf,
    "-.inf": -math.inf,
    ".nan": math.nan,
}

#: The deepest nesting of mappings and lists read; deeper files are a located problem (Y108).
MAX_DEPTH = 100
#: The most values (mappings, lists and scalars, aliases counted in full) one file may hold:
#: twice what the densest forecast file within the size limit needs.
MAX_VALUES = 2_000_000
#: The most values all aliases of one file may stand for together (each alias counts every
#: value of its anchor); past it, reading the file stops with a located problem (Y108).
MAX_ALIAS_NODES = 100_000
# Integers with more digits, or beyond the largest double, are read as (signed) infinity: no
# value of the format can be that large, and later stages report it as out of range.
_MAX_INT_DIGITS = 400
_LARGEST_EXACT = int(sys.float_info.max)


class _Mark(NamedTuple):
    line: int
    column: int


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
        return _new_location(Location, (self.path, mark[0] + 1, mark[1] + 1))


def read_yaml_file(path: str | os.PathLike[str], relative: str) -> YamlFile:
    """Read and parse one file; every failure becomes a problem in the result.

    Args:
        path: the file on disk (a path or text).
        relative: the name to report, relative to the book.
    """
    try:
        raw = read_regular_file(path)
    except FileRefusedError as error:
        problem = Problem(
            Location(relative), "Y101", f"foretell does not read this file: {error.reason}"
        )
        return YamlFile(relative, None, (problem,))
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
            return YamlFile(relative, None, (not_utf8(raw, error, relative),))
    else:
        text = raw
    problem = control_character(text, relative)
    if problem is not None:
        return YamlFile(relative, None, (problem,))

    builder = _Builder(relative, text)
    parser = _Parser(text)
    try:
        data = builder.run(parser)
    except yaml.MarkedYAMLError as error:
        return YamlFile(relative, None, (syntax_problem(error, text, relative, MAX_DEPTH),))
    except yaml.YAMLError as error:  # pragma: no cover - reader errors are caught above
        problem = Problem(Location(relative), "Y103", f"YAML error: {error}")
        return YamlFile(relative, None, (problem,))
    except _StopReadingError:
        data = None
    finally:
        parser.dispose()
    if builder.empty:
        problem = Problem(
            Location(relative),
            "Y109",
            "the file is empty",
            "add entries or delete the file",
            Severity.WARNING,
        )
        return YamlFile(relative, None, (problem,))
    return YamlFile(relative, data, tuple(builder.problems), frozenset(builder.commented))


class _StopReadingError(Exception):
    """Reading a file stops here; the reason is already among the builder's problems."""


#: Marks a mapping whose next scalar is a key; and a key whose value is dropped.
_KEY_NEXT: Any = object()
_DROP: Any = object()

_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceEndEvent = yaml.SequenceEndEvent


class _Open:
    """A mapping or list whose items are still being read."""

    __slots__ = ("anchor", "count_at_start", "key", "key_mark", "value")

    def __init__(self, value: LocatedMap | LocatedList, anchor: str | None, count: int) -> None:
        self.value = value
        self.anchor = anchor
        self.count_at_start = count
        self.key: Any = _KEY_NEXT
        self.key_mark: Mark = (0, 0)


class _Builder:
    """Builds located values straight from the parser's events, without recursion.

    Working on events (rather than on a composed node tree) bounds the work by construction:
    nesting deeper than :data:`MAX_DEPTH` and aliases that would expand to more than
    :data:`MAX_ALIAS_NODES` values stop reading with a located problem, before libyaml or
    Python recurse or the book's later stages walk a huge expansion. An alias gives the same
    Python object as its anchor (no copy), but counts as all the values it stands for.

    :meth:`run` handles the usual scalars (untagged, without an anchor) inline: a book's files
    are mostly such scalars, and a method call per value would cost more than the rest of the
    work on it. Everything else goes through the other methods.
    """

    __slots__ = (
        "alias_nodes",
        "anchors",
        "commented",
        "count",
        "documents",
        "empty",
        "hash_lines",
        "open_anchors",
        "path",
        "problems",
        "root",
        "sizes",
        "stack",
    )

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        # The lines where a '#' follows other text, by 0-based number: only there can a comment
        # cut a value short.
        self.hash_lines = hash_lines(text)
        self.problems: list[Problem] = []
        self.commented: list[Mark] = []
        self.anchors: dict[str, Any] = {}
        self.sizes: dict[str, int] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Open] = []
        self.count = 0
        self.documents = 0
        self.alias_nodes = 0
        self.empty = False
        self.root: Any = None

    def problem(self, mark: Any, code: str, message: str, hint: str | None = None) -> None:
        where = Location(self.path, mark.line + 1, mark.column + 1)
        if len(self.problems) >= MAX_PROBLEMS_PER_FILE:
            self.problems.append(too_many_problems(where))
            raise _StopReadingError
        self.problems.append(Problem(where, code, message, hint))

    def too_many_values(self, event: Any) -> None:
        self.problem(
            event.start_mark,
            "Y108",
            f"the file holds more than {MAX_VALUES:,} values (aliases counted in full)",
            "split the file: a forecast or evidence file needs far fewer",
        )
        raise _StopReadingError

    def run(self, parser: Any) -> Any:  # noqa: PLR0915 - flat: a call per value costs more
        """Read the events of one document; the document's value."""
        get_event = parser.get_event
        hash_lines = self.hash_lines
        shared = shared_table()
        # The innermost open mapping or list (None at the top level), its value, and whether it
        # is a list; kept in step with ``stack``.
        top: _Open | None = None
        container: Any = None
        in_list = False
        while True:
            event = get_event()
            kind = type(event)
            if kind is _ScalarEvent:
                self.count += 1
                if self.count > MAX_VALUES:
                    self.too_many_values(event)
                start = event.start_mark
                mark = (start.line, start.column)
                text: str = event.value
                if shared is not None and len(text) <= SHARED_TEXT_LENGTH:
                    text = shared.setdefault(text, text)
                usual = event.tag is None and event.anchor is None
                if top is not None and not in_list and top.key is _KEY_NEXT:
                    # A key: only its text counts, unless it has an anchor, a tag or a comment
                    # after it, or is not a new key of the mapping.
                    if (
                        usual
                        and text not in container
                        and (text != "<<" or not event.implicit[0])
                        and not (hash_lines and event.end_mark.line in hash_lines)
                    ):
                        top.key = text
                    else:
                        self.anchored_value(event)
                        top.key = self.key(container, event, mark)
                    top.key_mark = mark
                    continue
                if not usual:
                    value = self.anchored_value(event)
                elif not event.implicit[0] or text[:1] not in _TYPED_STARTS:  # quoted, or text
                    value = text
                    if hash_lines and event.implicit[0] and event.end_mark.line in hash_lines:
                        self.note_comment(event)
                else:
                    value = self.plain_value(event, text)
                if in_list:
                    container.append(value)
                    container.item_marks.append(mark)
                elif top is None:
                    self.root = value
                else:
                    key = top.key
                    top.key = _KEY_NEXT
                    if key is not _DROP:
                        container[key] = value
                        container.key_marks[key] = top.key_mark
                        container.value_marks[key] = mark
            elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
                top = self.start(event, kind is _MappingStartEvent)
                container = top.value
                in_list = kind is _SequenceStartEvent
            elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                top = self.end(event)
                container = top.value if top is not None else None
                in_list = type(container) is LocatedList
            elif self.other(event, kind):
                break
        self.empty = self.documents == 0 or self.root is None
        return self.root

    def other(self, event: Any, kind: type) -> bool:
        """Read an alias or the start of a document; True at the end of the stream."""
        if kind is yaml.AliasEvent:
            self.add(self.alias(event), event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self.problem(
                    event.start_mark,
                    "Y106",
                    "the file holds more than one YAML document ('---' separates documents)",
                    "put each document in its own file, or list the entries under one key",
                )
                raise _StopReadingError
        return kind is yaml.StreamEndEvent

    def start(self, event: Any, is_mapping: bool) -> _Open:
        """Open a mapping or list; the new innermost open value."""
        if len(self.stack) >= MAX_DEPTH:
            self.problem(
                event.start_mark,
                "Y108",
                f"the YAML is nested more than {MAX_DEPTH} levels deep",
                "foretell files need a few levels: check the brackets and indentation",
            )
            raise _StopReadingError
        if event.tag is not None:
            self.unsupported_tag(event, event.tag)
        self.count += 1
        if self.count > MAX_VALUES:
            self.too_many_values(event)
        mark = (event.start_mark.line, event.start_mark.column)
        value = LocatedMap(mark) if is_mapping else LocatedList(mark)
        anchor = event.anchor
        if anchor is not None:
            self.anchors[anchor] = value
            self.open_anchors.add(anchor)
        opened = _Open(value, anchor, self.count)
        self.stack.append(opened)
        return opened

    def end(self, event: Any) -> _Open | None:
        """Close the innermost mapping or list; the new innermost open value."""
        done = self.stack.pop()
        if done.anchor is not None:
            self.sizes[done.anchor] = self.count - done.count_at_start + 1
            self.open_anchors.discard(done.anchor)
        self.add(done.value, event, mark=done.value.mark)
        return self.stack[-1] if self.stack else None

    def add(self, value: Any, event: Any, mark: Mark | None = None) -> None:
        """Put a finished mapping or list, or an alias's value, into the open mapping or list
        (or make it the document)."""
        if mark is None:
            mark = (event.start_mark.line, event.start_mark.column)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        container = top.value
        if type(container) is LocatedList:
            container.append(value)
            container.item_marks.append(mark)
            return
        if top.key is _KEY_NEXT:
            self.problem(
                _Mark(*mark),
                "Y108",
                "a key must be plain text, not a mapping or list",
                "write the key as text",
            )
            top.key = _DROP
            top.key_mark = mark
            return
        key = top.key
        top.key = _KEY_NEXT
        if key is not _DROP:
            container[key] = value
            container.key_marks[key] = top.key_mark  # type: ignore[union-attr]
            container.value_marks[key] = mark  # type: ignore[union-attr]

    def key(self, mapping: Any, event: Any, mark: Mark) -> Any:
        """The key a scalar names, or :data:`_DROP` (with a problem) when it cannot be one."""
        where = _Mark(*mark)
        text: str = event.value
        if event.tag is None and event.implicit[0] and text == "<<":
            self.problem(
                where, "Y108", "merge keys ('<<') are not supported", "write the keys out in full"
            )
            return _DROP
        if text in mapping:
            first = mapping.key_marks[text]
            self.problem(
                where,
                "Y105",
                f"duplicate key {excerpt(text)} (first given on line {first[0] + 1})",
                "keep one of them: YAML readers silently drop one",
            )
            return _DROP
        return text

    def alias(self, event: Any) -> Any:
        name = event.anchor
        if name in self.open_anchors:
            self.problem(
                event.start_mark, "Y108", "an alias refers to the mapping or list that contains it"
            )
            return None
        if name not in self.anchors:
            self.problem(
                event.start_mark,
                "Y103",
                f"YAML syntax error: the alias *{excerpt(name)[1:-1]} names no anchor before it",
                "define the anchor (&name) before using it",
            )
            return None
        size = self.sizes.get(name, 1)
        self.alias_nodes += size
        self.count += size
        if self.count > MAX_VALUES:
            self.too_many_values(event)
        if self.alias_nodes > MAX_ALIAS_NODES:
            self.problem(
                event.start_mark,
                "Y108",
                f"aliases in this file stand for more than {MAX_ALIAS_NODES:,} values",
                "write the entries out, or use fewer aliases of large anchors",
            )
            raise _StopReadingError
        return self.anchors[name]

    def anchored_value(self, event: Any) -> Any:
        """The value of any scalar, kept under its anchor if it has one."""
        value = self.scalar_value(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = value
            self.sizes[event.anchor] = 1
        return value

    def scalar_value(self, event: Any) -> Any:
        """The value of any scalar (:meth:`run` reads the usual ones itself)."""
        text: str = event.value
        shared = shared_table()
        if shared is not None and len(text) <= SHARED_TEXT_LENGTH:
            text = shared.setdefault(text, text)
        if event.tag is not None:
            # Explicit tags, '!' included: the format has plain scalars only.
            self.unsupported_tag(event, event.tag)
            return text
        if not event.implicit[0]:  # quoted
            return text
        return self.plain_value(event, text)

    def plain_value(self, event: Any, text: str) -> Any:
        """The value of a plain (unquoted, untagged) scalar: its type is told by its text."""
        match = _PLAIN_TYPES.match(text)
        kind = match.lastgroup if match is not None else None
        if kind is None or kind == "merge":
            if self.hash_lines and event.end_mark.line in self.hash_lines:
                self.note_comment(event)
            return text
        if kind == "int":
            if len(text) > _MAX_INT_DIGITS:
                # Beyond a double's range: read as infinity, reported as out of range later.
                return float(text)
            number = int(text)
            return number if abs(number) <= _LARGEST_EXACT else float(text)
        if kind == "float":
            lowered = text.lower()
            if lowered in _SPECIAL_FLOATS:
                return _SPECIAL_FLOATS[lowered]
            return float(lowered)
        if kind == "bool":
            return text.lower() == "true"
        return None  # null

    def note_comment(self, event: Any) -> None:
        """Remember a plain text value followed by a comment on the same line."""
        end = event.end_mark
        rest = self.hash_lines[end.line][end.column :]
        if rest.lstrip(" \t").startswith("#"):
            start = event.start_mark
            self.commented.append((start.line, start.column))

    def unsupported_tag(self, event: Any, tag: str) -> None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        self.problem(
            event.start_mark,
            "Y108",
            f"the YAML tag {excerpt(shown)} is not supported",
            "remove the tag; foretell files use plain text, numbers, lists and mappings",
        )
