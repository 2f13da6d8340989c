"""Editing YAML text without disturbing it: round trips and insertions that keep every byte.

Two tools, both built on ruamel.yaml, the round-trip YAML library of the Python ecosystem:

* :class:`RoundTrip` loads a file into ruamel's round-trip objects (which remember comments, key
  order, quoting and flow or block style) and dumps it back. The indentation is guessed from the
  file, so that a load and a dump without changes gives the file back byte for byte (tested on
  every file of the fixture books and of the repository's book). :func:`dump_document` writes a
  whole new file the same way.
* The insertion functions (:func:`append_to_list`, :func:`add_key`) add an entry to a list or a
  key to a mapping by inserting new lines into the text, serialised by ruamel at the
  indentation of their neighbours. Nothing else in the file changes, so ``git diff`` shows only
  the added lines: the guarantee holds by construction, whatever ruamel would make of the rest
  of the file, and :func:`insert_lines` checks it before returning.

Positions come from PyYAML's composer (which records where every node starts and ends); the
node paths are tuples of mapping keys and list indices from the top of the document.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import pendulum
import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from foretell.problems import ForetellError

__all__ = [
    "NodePath",
    "RoundTrip",
    "UneditableFileError",
    "add_key",
    "append_to_list",
    "dump_document",
    "dump_flow",
    "to_yaml_value",
]

#: Mapping keys and list indices leading from the top of a document to a node.
NodePath = tuple[str | int, ...]

_NULL_STYLES = (
    ("null", re.compile(r"(?m)(?::|^\s*-)\s+null\s*(?:#.*)?$")),
    ("~", re.compile(r"(?m)(?::|^\s*-)\s+~\s*(?:#.*)?$")),
)
#: Wide enough that ruamel never folds a long question over several lines.
_WIDTH = 4096


class UneditableFileError(ForetellError):
    """A file cannot be edited without changing what the person wrote; the message says why."""


@attrs.frozen
class _Indent:
    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def _configured_yaml(indent: _Indent, null: str = "") -> YAML:
    handler = YAML(typ="rt")
    handler.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    handler.preserve_quotes = True
    handler.width = _WIDTH
    handler.allow_unicode = True
    handler.constructor.add_constructor(_TIMESTAMP, _construct_timestamp_text)
    representer = handler.representer
    representer.add_representer(_TimestampText, _represent_timestamp_text)
    representer.add_representer(pendulum.Date, _represent_date)
    representer.add_representer(_dt.date, _represent_date)
    representer.add_representer(pendulum.DateTime, _represent_datetime)
    representer.add_representer(_dt.datetime, _represent_datetime)
    representer.add_representer(
        type(None), lambda rep, _value: rep.represent_scalar("tag:yaml.org,2002:null", null)
    )
    return handler


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _TimestampText(str):
    """A date or time read from a file, kept as written (``2026-02-30`` must survive a dump)."""

    __slots__ = ()


def _construct_timestamp_text(constructor: Any, node: Any) -> _TimestampText:
    return _TimestampText(constructor.construct_scalar(node))


def _represent_timestamp_text(representer: Any, value: _TimestampText) -> Any:
    return representer.represent_scalar(_TIMESTAMP, str(value))


def _represent_date(representer: Any, value: _dt.date) -> Any:
    return representer.represent_scalar(_TIMESTAMP, value.isoformat())


def _represent_datetime(representer: Any, value: _dt.datetime) -> Any:
    if value.tzinfo is None:
        raise ValueError(f"a time of day needs a UTC offset: {value.isoformat()}")
    return representer.represent_scalar(_TIMESTAMP, _iso_instant(value))


def _iso_instant(value: _dt.datetime) -> str:
    offset = value.utcoffset()
    text = value.replace(tzinfo=None).isoformat(timespec="seconds")
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{rest:02d}"


class RoundTrip:
    """One YAML file loaded for a faithful round trip.

    Attributes:
        text: the file's text.
        data: ruamel's round-trip value of the document (a ``CommentedMap`` for foretell
            files); change it in place and call :meth:`dump`.
    """

    def __init__(self, text: str) -> None:
        """Load ``text``.

        Raises:
            UneditableFileError: the text is not a single, valid YAML document.
        """
        self.text = text
        try:
            self._indent = _indent_of(text)
            self._null = _null_style(text)
            self._yaml = _configured_yaml(self._indent, self._null)
            self.data: Any = self._yaml.load(text)
        except Exception as error:  # ruamel raises many types; each means "not editable"
            raise UneditableFileError(f"the file is not valid YAML: {_first_line(error)}") from None

    def dump(self) -> str:
        """The document as text, in the file's own layout."""
        if self.data is None and _only_comments(self.text):
            return self.text  # nothing but comments: ruamel keeps no comments without data
        stream = io.StringIO()
        self._yaml.dump(self.data, stream)
        text = stream.getvalue()
        if text.endswith("\n...\n") and not self.text.rstrip().endswith("..."):
            # ruamel ends a document holding only a plain scalar with an explicit end marker
            text = text[: -len("...\n")]
        return text


def dump_document(data: Mapping[str, Any], *, header: str = "") -> str:
    """A new file's text: ``header`` (comment lines, each starting with ``#``) then ``data``.

    Mappings are written in block style with an indent of 2, lists of plain values in flow style
    (``[a, b]``), lists of mappings in block style (``- url: ...``), dates as ``YYYY-MM-DD``.
    """
    stream = io.StringIO()
    _configured_yaml(_Indent()).dump(to_yaml_value(data), stream)
    return header + stream.getvalue()


def dump_flow(data: Mapping[str, Any]) -> str:
    """A mapping as one line of flow YAML, e.g. ``{by: me, made: 2026-01-21, probability: 0.7}``."""
    value = to_yaml_value(data, flow=True)
    stream = io.StringIO()
    _configured_yaml(_Indent()).dump(value, stream)
    text = stream.getvalue().strip()
    if "\n" in text:  # pragma: no cover - ruamel keeps flow mappings on one line at this width
        raise UneditableFileError("the entry cannot be written on one line")
    return text


def to_yaml_value(value: Any, *, flow: bool = False) -> Any:
    """Plain Python values as ruamel round-trip values in foretell's house style."""
    if isinstance(value, Mapping):
        result = CommentedMap()
        for key, item in value.items():
            result[key] = to_yaml_value(item, flow=flow)
        numbers_only = bool(value) and all(
            isinstance(item, int | float) and not isinstance(item, bool) for item in value.values()
        )
        if flow or numbers_only:  # e.g. a probability per category: one line
            result.fa.set_flow_style()
        return result
    if isinstance(value, list | tuple):
        sequence = CommentedSeq(to_yaml_value(item, flow=flow) for item in value)
        if flow or not any(isinstance(item, Mapping) for item in value):
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, str) and "\n" in value.strip() and not flow:
        return LiteralScalarString(value.strip() + "\n")
    return value


# -- insertions ------------------------------------------------------------------------------


def append_to_list(text: str, path: NodePath, item: Any, *, flow: bool | None = None) -> str:
    """Append ``item`` to the list at ``path``; only new lines (or, in a flow list, new text).

    Args:
        text: the file's text.
        path: where the list is, e.g. ``("forecasts",)`` or ``("forecasts", 3, "predictions")``.
        item: the entry to append (plain Python values).
        flow: write a mapping item in flow style (``- {by: me, ...}``); ``None`` follows the
            style of the list's last item.

    Raises:
        UneditableFileError: the text is not YAML, the path does not lead to a list, or the list is
            written in a way that cannot take a new entry without rewriting other lines.
    """
    root = _compose(text)
    node = _find(root, path)
    if not isinstance(node, yaml.SequenceNode):
        raise UneditableFileError(f"'{_dotted(path)}' is not a list")
    if node.flow_style:
        return _append_to_flow_list(text, node, item)
    if not node.value:  # pragma: no cover - an empty block list is written as a flow list
        raise UneditableFileError(f"'{_dotted(path)}' is empty")
    lines = text.splitlines(keepends=True)
    last = node.value[-1]
    dash_column, content_column = _dash_columns(lines, last)
    if flow is None:
        flow = isinstance(last, yaml.MappingNode) and bool(last.flow_style)
    if flow and isinstance(item, Mapping):
        body = [dump_flow(item) + "\n"]
    else:
        body = _block_lines(item, _indent_of(text))
    first = " " * dash_column + "-" + " " * (content_column - dash_column - 1)
    new = [first + body[0]] + [_indented(line, content_column) for line in body[1:]]
    after = _end_of_entry(lines, last, dash_column)
    separated = _blank_before(lines, last.start_mark.line) and len(node.value) > 1
    return insert_lines(text, after, (["\n"] if separated else []) + new)


def add_key(text: str, path: NodePath, key: str, value: Any) -> str:
    """Add ``key: value`` at the end of the block mapping at ``path`` (new lines only).

    Raises:
        UneditableFileError: the path does not lead to a block mapping, or the key is there already.
    """
    root = _compose(text)
    node = _find(root, path)
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise UneditableFileError(f"'{_dotted(path) or 'the file'}' is not a block mapping")
    if any(isinstance(k, yaml.ScalarNode) and k.value == key for k, _ in node.value):
        raise UneditableFileError(f"'{_dotted(path)}' already has a '{key}'")
    if not node.value:  # pragma: no cover - an empty block mapping is written as {}
        raise UneditableFileError(f"'{_dotted(path)}' is empty")
    lines = text.splitlines(keepends=True)
    key_column = node.value[0][0].start_mark.column
    body = _block_lines({key: value}, _indent_of(text))
    new = [_indented(line, key_column) for line in body]
    last_value = node.value[-1][1]
    after = _end_of_entry(lines, last_value, key_column - 1)
    return insert_lines(text, after, new)


_LONE_LINE_FEED = re.compile(r"(?<!\r)\n")


def insert_lines(text: str, after: int, new: Sequence[str]) -> str:
    """Insert ``new`` lines after the first ``after`` lines of ``text``.

    The result is checked to be exactly the old text with the new lines in between. The new
    lines end as the file's first line does (``\r\n`` in a file written on Windows).
    """
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    if newline != "\n":
        new = [_LONE_LINE_FEED.sub(newline, line) for line in new]
    result = "".join([*lines[:after], *new, *lines[after:]])
    kept = "".join([*lines[:after], *lines[after:]])
    if kept.rstrip("\r\n") != text.rstrip("\r\n"):  # pragma: no cover - a guard, not a branch
        raise UneditableFileError("the insertion would change existing lines")
    return result


def _append_to_flow_list(text: str, node: yaml.SequenceNode, item: Any) -> str:
    """Insert ``, ITEM`` before the closing bracket of a flow list (one line changes)."""
    end = _offset(text, node.end_mark.line, node.end_mark.column) - 1
    if text[end] != "]":  # pragma: no cover - a flow list ends with its bracket
        raise UneditableFileError("cannot find the end of the list")
    rendered = dump_flow(item) if isinstance(item, Mapping) else _flow_scalar(item)
    if node.value:
        last = node.value[-1]
        at = _offset(text, last.end_mark.line, last.end_mark.column)
        return text[:at] + ", " + rendered + text[at:]
    return text[:end] + rendered + text[end:]


def _flow_scalar(value: Any) -> str:
    stream = io.StringIO()
    _configured_yaml(_Indent()).dump(CommentedSeq([value]), stream)
    return stream.getvalue().strip()[2:]


def _block_lines(value: Any, indent: _Indent) -> list[str]:
    """``value`` in block style as lines, not yet indented to its place."""
    stream = io.StringIO()
    handler = _configured_yaml(indent)
    handler.dump(to_yaml_value(value), stream)
    lines = stream.getvalue().splitlines(keepends=True)
    if not lines:  # pragma: no cover - ruamel always writes something
        raise UneditableFileError("nothing to write")
    return lines


def _indented(line: str, columns: int) -> str:
    return line if not line.strip() else " " * columns + line


def _end_of_entry(lines: list[str], node: yaml.Node, outer_column: int) -> int:
    """How many lines (from the top) the entry ending with ``node`` takes, with its comments.

    The entry ends at the last line of its content, blank lines excluded; comment lines that
    follow it, without a blank line between and indented deeper than ``outer_column`` (the
    column of the list's dash, or of the mapping's keys), belong to it.
    """
    end = _last_leaf(node).end_mark
    last = end.line if end.column > 0 else end.line - 1
    last = min(last, len(lines) - 1)
    while last > node.start_mark.line and not lines[last].strip():
        last -= 1
    following = last + 1
    while following < len(lines):
        line = lines[following]
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) <= outer_column:
            break
        following += 1
    return following


def _last_leaf(node: yaml.Node) -> yaml.Node:
    while True:
        if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
            node = node.value[-1]
        else:
            return node


def _dash_columns(lines: list[str], item: yaml.Node) -> tuple[int, int]:
    """The column of the dash before a block list item, and of the item's content."""
    line = lines[item.start_mark.line]
    content = item.start_mark.column
    dash = line.rfind("-", 0, content)
    if dash < 0 or line[:dash].strip():
        raise UneditableFileError(
            f"line {item.start_mark.line + 1}: a list entry that does not start its own line "
            "cannot be extended"
        )
    return dash, content


def _blank_before(lines: list[str], line_number: int) -> bool:
    return line_number > 0 and not lines[line_number - 1].strip()


#: libyaml's parser, as ``foretell check`` reads with (PyYAML's own parser refuses some files
#: libyaml takes, such as a tab after ``key:``); PyYAML's where libyaml is missing.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise UneditableFileError(
            f"the file is not valid YAML{where}: {_first_line(error)}"
        ) from None
    if node is None:
        raise UneditableFileError("the file holds no YAML document")
    return node


def _find(node: yaml.Node, path: NodePath) -> yaml.Node:
    """The node at ``path``; refused when it, or a node on the way, is shared through a YAML
    alias (``&name`` ... ``*name``): an edit there would change every entry that shares it."""
    shared = _shared_nodes(node)
    found = _walk_to(node, path)
    for step in range(len(path) + 1):
        if id(_walk_to(node, path[:step])) in shared:
            raise UneditableFileError(
                f"'{_dotted(path[:step]) or 'the document'}' is shared with another entry "
                "through a YAML alias (*name): write it out in full before changing it"
            )
    return found


def _shared_nodes(root: yaml.Node) -> set[int]:
    """The ids of nodes reached more than once (through aliases) in a composed document."""
    seen: set[int] = set()
    shared: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return shared


def _walk_to(node: yaml.Node, path: NodePath) -> yaml.Node:
    for step in path:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
            if not 0 <= step < len(node.value):
                raise UneditableFileError(f"no entry {step} in the list")
            node = node.value[step]
            continue
        if isinstance(step, str) and isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == step:
                    node = value
                    break
            else:
                raise UneditableFileError(f"no key '{step}'")
            continue
        raise UneditableFileError(f"cannot find '{step}' in the file")
    return node


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line):
        start = text.index("\n", start) + 1
    return start + column


def _indent_of(text: str) -> _Indent:
    """The file's indentation as ruamel guesses it; foretell's house style where it has no lists."""
    _, sequence, offset = load_yaml_guess_indent(text)
    mapping = _guess_mapping_indent(text)
    if sequence is None or offset is None:
        return _Indent(mapping=mapping)
    return _Indent(mapping=mapping, sequence=sequence, offset=offset)


def _guess_mapping_indent(text: str) -> int:
    """The indent of a block mapping nested in another, as the file writes it (default 2)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 2
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode) and not node.flow_style:
            for key, value in node.value:
                if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
                    step: int = value.value[0][0].start_mark.column - key.start_mark.column
                    if step > 0:
                        return step
                pending.append(value)
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            pending.extend(node.value)
    return 2


def _null_style(text: str) -> str:
    """How the file writes null values (``null``, ``~`` or nothing), so a dump keeps it."""
    for word, pattern in _NULL_STYLES:
        if pattern.search(text):
            return word
    return ""


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _dotted(path: NodePath) -> str:
    return ".".join(str(step) for step in path)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
