"""The layout shared by forecast and evidence files: one entry, or a list of entries under a key.

A file either *is* one entry (its id defaults to the file name), or holds a list of entries
under ``forecasts:`` / ``evidence:`` beside file-level defaults. :func:`read_entry_file` reads
either layout for any :class:`EntryKind`; :mod:`.forecasts` and :mod:`.evidence` define the kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from foretell.problems import (
    MAX_PROBLEMS_PER_FILE,
    Location,
    Problem,
    too_many_problems,
    too_many_warnings,
)
from foretell.safetext import describe
from foretell.yamlio import LocatedList, LocatedMap, YamlFile

from .config import Config
from .fields import Entry
from .reading import FileReading

__all__ = ["EntryKind", "read_entry_file"]

Defaults = TypeVar("Defaults")


@attrs.frozen
class EntryKind(Generic[Defaults]):
    """How the files of one folder are laid out and how their entries are read.

    Attributes:
        entry: an entry, for messages ("a forecast").
        file: a file, for messages ("a forecast file").
        list_key: the key holding a list of entries ("forecasts").
        list_of: what the list holds, for messages ("forecasts").
        list_hint: how to write the list, or ``None``.
        keys: the keys an entry may hold.
        default_keys: the keys beside ``list_key`` at the top of a file with a list.
        read_defaults: reads the file-level defaults from the top of a file with a list, or
            (given ``None``) gives the defaults of a file holding one entry.
        read_entry: reads one entry into a :class:`FileReading`, given the defaults and the id
            to use when the entry has none (the file name, for a file holding one entry).
    """

    entry: str
    file: str
    list_key: str
    list_of: str
    list_hint: str | None
    keys: frozenset[str]
    default_keys: frozenset[str]
    read_defaults: Callable[[Entry | None, Config], Defaults]
    read_entry: Callable[[Entry, Defaults, str | None, FileReading], None]


def read_entry_file(file: YamlFile, stem: str, kind: EntryKind[Any], config: Config) -> FileReading:
    """Read one parsed file of ``kind``.

    Args:
        file: the parsed file (its own problems are part of the result).
        stem: the file's name without its suffix: the id of a file holding one entry.
        kind: the layout and readers of the file's folder.
        config: the book's settings.
    """
    reading = FileReading(problems=list(file.problems))
    data = file.data
    if data is None:
        return reading
    if not isinstance(data, LocatedMap):
        mark = getattr(data, "mark", (0, 0))
        reading.problems.append(
            Problem(
                file.location(mark),
                "Y107",
                f"{kind.file} must be a mapping of keys to values, got {describe(data)}",
                "see docs/format.md for the layout of the file",
            )
        )
        return reading
    top = Entry(file, data)
    if kind.list_key not in data:
        top.check_keys(kind.keys, kind.entry)
        kind.read_entry(top, kind.read_defaults(None, config), stem, reading)
        reading.problems.extend(top.all_problems())
        _bound(reading, file)
        return reading
    top.check_keys(
        kind.default_keys | {kind.list_key},
        f"the top of {kind.file}",
        misplaced=(kind.keys, f"keys of {kind.entry} belong in an entry under '{kind.list_key}:'"),
    )
    defaults = kind.read_defaults(top, config)
    entries = data[kind.list_key]
    if not isinstance(entries, LocatedList):
        top.error(
            top.value_location(kind.list_key),
            "F110",
            f"'{kind.list_key}' must be a list of {kind.list_of}, got {describe(entries)}",
            kind.list_hint,
        )
    elif not entries:
        top.warn(top.value_location(kind.list_key), "Y109", f"'{kind.list_key}' is empty")
    else:
        errors = sum(p.is_error for p in reading.problems)
        for item, mark in zip(entries, entries.item_marks, strict=True):
            # Only errors stop the reading: a file with many warnings still loads every entry.
            if errors >= MAX_PROBLEMS_PER_FILE:
                reading.problems.append(too_many_problems(file.location(mark)))
                break
            if not isinstance(item, LocatedMap):
                reading.problems.append(
                    Problem(
                        file.location(mark),
                        "Y107",
                        f"each entry under '{kind.list_key}' must be a mapping, "
                        f"got {describe(item)}",
                    )
                )
                errors += 1
                continue
            entry = Entry(file, item)
            entry.check_keys(kind.keys, kind.entry)
            kind.read_entry(entry, defaults, None, reading)
            found = list(entry.all_problems())
            errors += sum(p.is_error for p in found)
            reading.problems.extend(found)
    reading.problems.extend(top.all_problems())
    _bound(reading, file)
    return reading


def _bound(reading: FileReading, file: YamlFile) -> None:
    """Keep at most :data:`MAX_PROBLEMS_PER_FILE` errors and as many warnings of a file.

    Past the bound, one Y110 error says the rest of the file was not checked, or one Y111
    warning says that further warnings are not shown (the entries still load).
    """
    problems = reading.problems
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if len(errors) > MAX_PROBLEMS_PER_FILE and not any(p.code == "Y110" for p in errors):
        errors = [*errors[:MAX_PROBLEMS_PER_FILE], too_many_problems(Location(file.path))]
    if len(warnings) > MAX_PROBLEMS_PER_FILE:
        warnings = [*warnings[:MAX_PROBLEMS_PER_FILE], too_many_warnings(Location(file.path))]
    problems[:] = [*errors, *warnings]
