"""Which files of a book are read: nothing outside the book, nothing skipped in silence.

A book may come from a stranger, so its paths are not trusted. Every path is resolved (symbolic
links followed) and anything whose real path lies outside the book's real folder is refused
with a located problem (P101), never read, listed or hinted at. Folders are walked without
recursion (any depth), each real folder once (P103 when a link reaches one a second time), and
a folder that cannot be read, or a ``forecasts``/``evidence`` that is not a folder, is a located
problem (P102) rather than a silent gap. Which files are regular files, and how large, is
checked when they are read (:func:`foretell.files.read_regular_file`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from foretell.files import file_kind
from foretell.problems import Location, Problem, Severity

__all__ = ["BOOK_FOLDER", "is_inside", "real_root", "walk_folders", "walk_yaml_files"]

#: How the book's own folder is named in a problem's location.
BOOK_FOLDER = "."


def real_root(root: Path) -> str:
    """The book folder's real path (symbolic links resolved), the bound of everything read."""
    return os.path.realpath(root)


def is_inside(real: str, path: Path | str) -> bool:
    """Whether ``path``, with every symbolic link resolved, lies in the real folder ``real``."""
    return _is_within(real, os.path.realpath(path))


def outside_problem(relative: str, what: str) -> Problem:
    """The problem for a path whose real path is outside the book (P101)."""
    return Problem(
        Location(relative),
        "P101",
        f"{what} '{relative}' leads outside the book (through a symbolic link); foretell "
        "reads nothing outside the book's folder",
        "copy it into the book, or remove the link",
    )


def folder_problem(relative: str, message: str, hint: str | None = None) -> Problem:
    """The problem for a folder that cannot be read or is not a folder (P102)."""
    return Problem(Location(relative), "P102", message, hint)


def walk_yaml_files(
    root: Path, folder: str, suffixes: tuple[str, ...]
) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The YAML files under ``root/folder``, and the problems met on the way.

    Hidden files and folders (a name starting with ``.``) are skipped, as the format says.
    Symbolic links to files and folders inside the book are followed; those leading outside are
    problems. A missing ``folder`` gives neither files nor problems (the caller decides whether
    it is required).

    Returns:
        ``(path on disk, path relative to the book with forward slashes)`` pairs sorted by the
        relative path, and the problems.
    """
    real = real_root(root)
    # Paths on disk are kept as text: a Path object per file takes about 500 bytes, which for a
    # big book is a sizeable share of its reading's memory.
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []
    start = os.path.join(root, folder)  # noqa: PTH118 - text, see above
    if not os.path.lexists(start):
        return found, problems
    seen: dict[tuple[int, int], str] = {}
    # (path on disk, path relative to the book, real path): a folder reached without a link has
    # its parent's real path plus its name, so only links cost a realpath() (which is O(depth)).
    stack = [(start, folder, os.path.realpath(start))]
    while stack:
        directory, relative, real_directory = stack.pop()
        if not _is_within(real, real_directory):
            problems.append(outside_problem(relative, "the folder"))
            continue
        entries = _folder_entries(directory, relative, seen, problems)
        for entry in sorted(entries, key=lambda e: e.name, reverse=True):
            name = entry.name
            if name.startswith("."):
                continue
            path = entry.path
            child = f"{relative}/{name}"
            link = entry.is_symlink()
            if _is_folder(entry):
                target = os.path.realpath(path) if link else f"{real_directory}{os.sep}{name}"
                stack.append((path, child, target))
            elif name.endswith(suffixes):
                if link and _exists(path) and not is_inside(real, path):
                    problems.append(outside_problem(child, "the file"))
                else:
                    found.append((path, child))
    found.sort(key=lambda item: item[1])
    return found, problems


def _is_within(real: str, target: str) -> bool:
    return target == real or target.startswith(real.rstrip(os.sep) + os.sep)


def _folder_entries(
    directory: str,
    relative: str,
    seen: dict[tuple[int, int], str],
    problems: list[Problem],
) -> list[os.DirEntry[str]]:
    """The entries of one folder of the walk, or none (with a problem) if it is not readable."""
    try:
        status = os.stat(directory)  # noqa: PTH116 - text, as in walk_yaml_files
    except OSError as error:
        problems.append(folder_problem(relative, f"cannot read '{relative}': {_reason(error)}"))
        return []
    if not stat.S_ISDIR(status.st_mode):
        problems.append(
            folder_problem(
                relative,
                f"'{relative}' must be a folder, but it is {file_kind(status.st_mode)}",
                "move the file into a folder of that name",
            )
        )
        return []
    identity = (status.st_dev, status.st_ino)
    if identity in seen:
        problems.append(
            Problem(
                Location(relative),
                "P103",
                f"the folder '{relative}' is '{seen[identity]}' again (through a symbolic "
                "link); its files are read once",
                "remove the link",
                Severity.WARNING,
            )
        )
        return []
    seen[identity] = relative
    try:
        with os.scandir(directory) as scan:
            return list(scan)
    except OSError as error:
        problems.append(
            folder_problem(
                relative,
                f"cannot read the folder '{relative}': {_reason(error)}",
                "make it readable (and searchable) by the user running foretell",
            )
        )
        return []


def walk_folders(
    top: Path | str, *, strict: bool = False
) -> Iterator[tuple[str, list[str], list[str]]]:
    """:func:`os.walk` (top-down, links to folders not followed) without recursion.

    Python 3.11's ``os.walk`` recurses once per level, so 1,000 nested folders raise
    ``RecursionError``. As with ``os.walk``, the caller may prune or reorder the list of
    sub-folders it is given, and a folder that cannot be listed is skipped, or, if
    ``strict``, raises its :class:`OSError`.
    """
    stack = [os.fspath(top)]
    while stack:
        directory = stack.pop()
        folders: list[str] = []
        files: list[str] = []
        try:
            with os.scandir(directory) as scan:
                for entry in scan:
                    (folders if _is_folder(entry) else files).append(entry.name)
        except OSError:
            if strict:
                raise
            continue
        yield directory, folders, files
        stack.extend(
            os.path.join(directory, name)  # noqa: PTH118 - os.walk's own joining
            for name in reversed(folders)
            if not Path(directory, name).is_symlink()
        )


def _exists(path: str) -> bool:
    return os.path.exists(path)  # noqa: PTH110 - unlike Path.exists, it never raises


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symbolic links
    except OSError:
        return False


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
