"""The walk over a book's folder: settings, then every forecast file, then every evidence file."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from foretell.files import read_regular_file
from foretell.model import Book
from foretell.problems import Location, Problem, sorted_problems
from foretell.sharedtext import shared_texts
from foretell.tables.columns import TABLE_SUFFIXES
from foretell.yamlio import YamlFile, parse_yaml, read_yaml_file

from .cache import BookCache, ParseCache
from .compact import IdLocations, Records
from .config import Config, read_config
from .entries import EntryKind, read_entry_file
from .evidence import EVIDENCE
from .forecasts import FORECASTS
from .paths import BOOK_FOLDER, folder_problem, walk_folders, walk_yaml_files
from .reading import BookReading, Citation, FileReading, Link, Supersession

__all__ = [
    "EVIDENCE_FOLDER",
    "FOLDERS",
    "FORECASTS_FOLDER",
    "YAML_SUFFIXES",
    "book_state",
    "documents_state",
    "hidden_documents",
    "open_book_cache",
    "paused_garbage_collection",
    "read_book",
    "read_files",
    "unreadable_book",
    "yaml_files",
]

FORECASTS_FOLDER = "forecasts"
EVIDENCE_FOLDER = "evidence"
YAML_SUFFIXES = (".yaml", ".yml")
_TABLE_SUFFIXES = tuple(TABLE_SUFFIXES)
#: The folders of a book that hold entries, in reading order, with the kind of their files.
FOLDERS: tuple[tuple[str, EntryKind[Any]], ...] = (
    (FORECASTS_FOLDER, FORECASTS),
    (EVIDENCE_FOLDER, EVIDENCE),
)
#: Beyond this many files besides the files of entries, a book's state is not told.
STATE_FILE_LIMIT = 20_000
#: A file changed this recently (seconds) may change again within the same time stamp.
RACY_SECONDS = 2.0


def read_book(
    root: str | Path,
    *,
    overlay: Mapping[str, str] | None = None,
    cache: ParseCache | None = None,
) -> BookReading:
    """Read every forecast and evidence file of the book in ``root``.

    Args:
        root: the book's folder, holding ``forecasts/`` and (optionally) ``evidence/``,
            ``seeds/`` and ``foretell.toml``.
        overlay: file texts that stand in for the files on disk, by path relative to the book
            (forward slashes): the book as it would be after a change, read without writing
            anything (the safe writer checks a change this way).
        cache: a parse cache (see :mod:`foretell.load.cache`): files whose content is
            unchanged since they were last read are not parsed again. The reading is the
            same with or without it. Not used with an ``overlay``.

    Returns:
        The book built from the valid entries and the problems found in the files; book-wide
        rules (unique ids, quotes, evidence links) are checked by :func:`foretell.check_book`.
    """
    root = Path(root)
    with paused_garbage_collection():
        try:
            config = read_config(root)
        except OSError as error:  # a race with the file system, or a path too long to use
            return unreadable_book(root, error)
        if cache is None or overlay:
            return read_files(root, config, None, overlay or {})
        with open_book_cache(cache, root, config) as entries:
            return read_files(root, config, entries)


@contextlib.contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Pause Python's cycle collector for a bulk job that makes many objects and no cycles.

    Reading a book makes hundreds of thousands of small objects and no reference cycles; with
    the collector running, every collection rescans all of them (a quarter of the time on
    10,000 files). The collector is switched back on afterwards if it was on before.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def open_book_cache(cache: ParseCache, root: Path, config: Config) -> BookCache:
    """The cache entries of the book in ``root``, whose settings are ``config``."""
    # Every setting counts (a file's reading may depend on any of them), its problems do not.
    return cache.open_book(root, salt=repr(attrs.evolve(config, problems=())))


def read_files(
    root: Path,
    config: Config,
    entries: BookCache | None,
    overlay: Mapping[str, str] | None = None,
) -> BookReading:
    """Read the book's files, with its settings ``config`` read already.

    Args:
        root: the book's folder.
        config: its settings.
        entries: the book's cache entries, if a cache is used.
        overlay: file texts standing in for files on disk (see :func:`read_book`).
    """
    try:
        with shared_texts():  # the book's repeated names and ids: one object each
            return _read(root, config, entries, overlay or {})
    except OSError as error:  # a race with the file system, or a path too long to use
        return unreadable_book(root, error)


def unreadable_book(root: Path, error: OSError) -> BookReading:
    """The reading of a book that the file system does not let foretell read."""
    problem = folder_problem(
        BOOK_FOLDER, f"cannot read the book: {error.strerror or type(error).__name__}"
    )
    return _combine(root, Config(), [problem], ())


def _read(
    root: Path, config: Config, entries: BookCache | None, overlay: Mapping[str, str]
) -> BookReading:
    try:
        with os.scandir(root):
            pass
    except OSError as error:
        problem = folder_problem(
            BOOK_FOLDER,
            f"cannot read the book's folder: {error.strerror or type(error).__name__}",
            "make it readable (and searchable) by the user running foretell",
        )
        return _combine(root, Config(), [problem], ())
    problems: list[Problem] = list(config.problems)
    if not os.path.lexists(root / FORECASTS_FOLDER):
        problems.append(
            Problem(
                Location(FORECASTS_FOLDER),
                "B100",
                f"the book has no '{FORECASTS_FOLDER}' folder",
                "a book is a folder holding forecasts/: use the book's folder, "
                "or create forecasts/ with a forecast file",
            )
        )
    files, found_tables, walk_problems = _walk_book(root, overlay)
    problems.extend(walk_problems)
    tables, table_readings = _read_tables(found_tables)
    if entries is None:
        readings: Iterable[FileReading] = (
            read_entry_file(
                _yaml_file(_on_disk(root, relative), relative, overlay),
                _stem(relative),
                kind,
                config,
            )
            for relative, kind in files
        )
    else:
        # One file at a time, like the reading without a cache: each file's reading is
        # dropped once it is combined into the book.
        readings = (
            _read_with_cache(entries, _on_disk(root, relative), relative, kind, config)
            for relative, kind in files
        )
    if tables is None and not table_readings:
        combined = _combine(root, config, problems, readings)
    else:
        ordered = _in_order(files, readings, table_readings)
        combined = attrs.evolve(_combine(root, config, problems, ordered), tables=tables)
    if entries is not None:  # every file was looked up
        entries.complete = True
    return combined


def _read_tables(
    found: Mapping[str, list[tuple[Path, str, str]]],
) -> tuple[Any, dict[str, FileReading]]:
    """The book's forecast and evidence tables (``docs/tables.md``), if it has any.

    Args:
        found: the table files of each folder: path on disk, path in the book, format.

    Returns the prediction rows for the engine (``None`` without tables) and each table's
    reading by its path in the book.
    """
    if not found[FORECASTS_FOLDER] and not found[EVIDENCE_FOLDER]:
        return None, {}
    from foretell.tables.read import read_tables  # noqa: PLC0415 - optional, heavy engine

    table_book = read_tables(found[FORECASTS_FOLDER], found[EVIDENCE_FOLDER])
    return table_book.predictions, table_book.readings


def _in_order(
    files: list[tuple[str, EntryKind[Any]]],
    readings: Iterable[FileReading],
    table_readings: Mapping[str, FileReading],
) -> Iterator[FileReading]:
    """YAML files and tables in one order: forecasts before evidence, then by path."""
    yaml_readings = iter(readings)
    pending = sorted(
        [(relative, True) for relative, _ in files]
        + [(relative, False) for relative in table_readings],
        key=lambda item: (not item[0].startswith(f"{FORECASTS_FOLDER}/"), item[0]),
    )
    # The YAML readings come in the order of ``files``, which this order keeps.
    for relative, is_yaml in pending:
        yield next(yaml_readings) if is_yaml else table_readings[relative]


def _book_files(
    root: Path, overlay: Mapping[str, str]
) -> tuple[list[tuple[str, EntryKind[Any]]], list[Problem]]:
    """Every file of entries in the book (path in the book, kind), in reading order, and the
    problems met while looking for them. The path on disk is :func:`_on_disk` (not kept: text
    per file that a big book would hold for its whole reading)."""
    files, _, problems = _walk_book(root, overlay)
    return files, problems


def _walk_book(
    root: Path, overlay: Mapping[str, str]
) -> tuple[
    list[tuple[str, EntryKind[Any]]],
    dict[str, list[tuple[Path, str, str]]],
    list[Problem],
]:
    """The book's files of entries (as :func:`_book_files`), its table files by folder (path on
    disk, path in the book, format), and the problems met while looking for them: one walk of
    each folder finds both."""
    files: list[tuple[str, EntryKind[Any]]] = []
    tables: dict[str, list[tuple[Path, str, str]]] = {}
    problems: list[Problem] = []
    for folder, kind in FOLDERS:
        found, walk_problems = walk_yaml_files(root, folder, YAML_SUFFIXES + _TABLE_SUFFIXES)
        problems.extend(walk_problems)
        yaml_found = [item for item in found if item[1].endswith(YAML_SUFFIXES)]
        tables[folder] = [
            (Path(path), relative, TABLE_SUFFIXES[os.path.splitext(path)[1]])  # noqa: PTH122
            for path, relative in found
            if not relative.endswith(YAML_SUFFIXES)
        ]
        yaml_found = _with_overlay(root, folder, yaml_found, overlay)
        files.extend((relative, kind) for _, relative in yaml_found)
    return files, tables, problems


def _on_disk(root: Path, relative: str) -> str:
    """The path on disk of the book's file ``relative``, as the walk found it."""
    return os.path.join(root, relative)  # noqa: PTH118 - paths on disk as text


def _stem(path: str) -> str:
    """The file's name without its suffix: the id of a file that holds one entry."""
    return os.path.basename(path).rsplit(".", 1)[0]  # noqa: PTH119 - a path as text


def _read_with_cache(
    entries: BookCache, path: str, relative: str, kind: EntryKind[Any], config: Config
) -> FileReading:
    try:
        raw = read_regular_file(path)
    except OSError:  # refused or unreadable: read_yaml_file says what is wrong
        return read_entry_file(read_yaml_file(path, relative), _stem(path), kind, config)
    digest = entries.digest(relative, raw)
    reading = entries.get(relative, digest)
    if reading is None:
        reading = read_entry_file(parse_yaml(raw, relative), _stem(path), kind, config)
        entries.put(relative, digest, reading)
    return reading


def book_state(root: Path, entries: BookCache) -> bytes | None:
    """A digest of the state of everything in the book's folder, for results computed from the
    whole book (such as a check's problems), which stay valid while it is unchanged.

    Like git's index, it tells a file by its size, modification and change times, inode and
    device: an edit, a copy over the file or a ``touch`` changes at least the change time, which
    no ordinary tool can set back. Hidden files and folders do not count. It also holds what
    else the results depend on: foretell's source and the book's settings (``entries``).
    ``None`` when the state cannot be told reliably: a problem while looking for the files of
    entries, a symbolic link or special file elsewhere, a file changed in the last
    :data:`RACY_SECONDS` (a later change could keep its time stamps), or more than
    :data:`STATE_FILE_LIMIT` files.
    """
    try:
        files, problems = _book_files(root, {})
        if problems or len(files) > STATE_FILE_LIMIT * 10:
            return None
        recent = time.time_ns() - int(RACY_SECONDS * 1e9)
        digest = hashlib.blake2b(entries.digest("", b""), digest_size=32)
        entry_files = set()
        for relative, _ in files:
            if not _add_state(digest, relative, (root / relative).stat(), recent):
                return None
            entry_files.add(relative)
        others = 0
        # Strict: a folder that cannot be listed hides files the check may read.
        for directory, subdirectories, names in walk_folders(root, strict=True):
            subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
            if any(Path(directory, d).is_symlink() for d in subdirectories):
                return None
            relative_directory = Path(directory).relative_to(root).as_posix()
            # Folders count by name, empty ones too (a new forecasts/ changes the check).
            digest.update(f"{relative_directory}/\0".encode("utf-8", "surrogateescape"))
            for name in sorted(names):
                relative = f"{relative_directory}/{name}" if relative_directory != "." else name
                if name.startswith(".") or relative in entry_files:
                    continue
                others += 1
                status = os.lstat(Path(directory, name))
                if others > STATE_FILE_LIMIT or not stat.S_ISREG(status.st_mode):
                    return None
                if not _add_state(digest, relative, status, recent):
                    return None
        return digest.digest()
    except OSError:
        return None


def hidden_documents(documents: Iterable[str]) -> list[str]:
    """The documents, of those given (paths relative to the book), that :func:`book_state` does
    not see: those with a hidden file or folder name on their path. Sorted, each once."""
    return sorted({document for document in documents if _is_hidden_path(document)})


def _is_hidden_path(path: str) -> bool:
    return any(part.startswith(".") and part not in {".", ".."} for part in Path(path).parts)


def documents_state(root: Path, documents: Iterable[str]) -> bytes | None:
    """A digest of the state of source documents named by their paths in the book, for the
    documents :func:`book_state` does not see (:func:`hidden_documents`).

    Each document counts with its file (links followed, or the error that stating it gives),
    its real path and its folder (whose times change when a file is added to it or removed
    from it). ``None`` when one of them changed in the last :data:`RACY_SECONDS`.
    """
    recent = time.time_ns() - int(RACY_SECONDS * 1e9)
    digest = hashlib.blake2b(digest_size=32)
    for document in documents:
        path = root / document
        for label, target in ((document, path), (f"{document}/..", path.parent)):
            try:
                status = os.stat(target)  # noqa: PTH116 - links followed, as reading does
            except OSError as error:
                digest.update(f"{label}\0error {error.errno}\0".encode("utf-8", "surrogateescape"))
                continue
            if not _add_state(digest, label, status, recent):
                return None
        digest.update(f"{os.path.realpath(path)}\0".encode("utf-8", "surrogateescape"))
    return digest.digest()


def _add_state(digest: Any, relative: str, status: os.stat_result, recent: int) -> bool:
    """Add a file's state to ``digest``; False if it changed too recently to be told apart."""
    if status.st_mtime_ns > recent or status.st_ctime_ns > recent:
        return False
    digest.update(
        f"{relative}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ctime_ns}\0"
        f"{status.st_ino}\0{status.st_dev}\0".encode("utf-8", "surrogateescape")
    )
    return True


def _combine(
    root: Path, config: Config, problems: list[Problem], readings: Iterable[FileReading]
) -> BookReading:
    """One reading of the book from the readings of its files, in reading order."""
    forecasts = []
    evidence = []
    forecast_ids = IdLocations()
    evidence_ids = IdLocations()
    citations = Records(Citation)
    links = Records(Link)
    supersessions = Records(Supersession)
    sealed = []
    for reading in readings:
        problems.extend(reading.problems)
        forecasts.extend(reading.forecasts)
        evidence.extend(reading.evidence)
        for identifier, location in reading.forecast_ids:
            forecast_ids.add(identifier, location)
        for identifier, location in reading.evidence_ids:
            evidence_ids.add(identifier, location)
        citations.extend(reading.citations)
        links.extend(reading.links)
        supersessions.extend(reading.supersessions)
        sealed.extend(reading.sealed)
    return BookReading(
        book=Book(
            root=root,
            forecasts=tuple(forecasts),
            evidence=tuple(evidence),
            sealed=tuple(sealed),
            evidence_checked_through=config.evidence_checked_through,
            evidence_checked_by_folder=config.evidence_checked_by_folder,
            timezone=config.timezone,
        ),
        problems=sorted_problems(problems),
        forecast_ids=forecast_ids,
        evidence_ids=evidence_ids,
        citations=citations,
        links=links,
        supersessions=supersessions,
        title=config.title,
    )


def _yaml_file(path: str, relative: str, overlay: Mapping[str, str]) -> YamlFile:
    text = overlay.get(relative)
    return read_yaml_file(path, relative) if text is None else parse_yaml(text, relative)


def _with_overlay(
    root: Path, folder: str, found: list[tuple[str, str]], overlay: Mapping[str, str]
) -> list[tuple[str, str]]:
    """The folder's files with the overlay's new files of that folder added, sorted by path."""
    if not overlay:
        return found
    known = {relative for _, relative in found}
    extra = [
        (os.path.join(root, relative), relative)  # noqa: PTH118 - paths on disk as text
        for relative in overlay
        if relative.startswith(f"{folder}/") and relative not in known
    ]
    return sorted([*found, *extra], key=lambda item: item[1])


def yaml_files(root: Path, folder: str) -> list[tuple[Path, str]]:
    """The YAML files under ``root/folder`` (hidden folders and files skipped), sorted by path.

    Files and folders leading outside the book are left out (:func:`read_book` reports them).

    Returns:
        ``(path on disk, path relative to the book with forward slashes)`` pairs.
    """
    return [
        (Path(path), relative) for path, relative in walk_yaml_files(root, folder, YAML_SUFFIXES)[0]
    ]
