"""The walk over a book's folder: settings, then every forecast file, then every evidence file."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from foretell.model import Book
from foretell.problems import Location, Problem, sorted_problems
from foretell.yamlio import YamlFile, parse_yaml, read_yaml_file

from .config import Config, read_config
from .entries import EntryKind, read_entry_file
from .evidence import EVIDENCE
from .forecasts import FORECASTS
from .paths import BOOK_FOLDER, folder_problem, walk_yaml_files
from .reading import BookReading, FileReading

__all__ = [
    "EVIDENCE_FOLDER",
    "FOLDERS",
    "FORECASTS_FOLDER",
    "YAML_SUFFIXES",
    "paused_garbage_collection",
    "read_book",
    "yaml_files",
]

FORECASTS_FOLDER = "forecasts"
EVIDENCE_FOLDER = "evidence"
YAML_SUFFIXES = (".yaml", ".yml")
#: The folders of a book that hold entries, in reading order, with the kind of their files.
FOLDERS: tuple[tuple[str, EntryKind[Any]], ...] = (
    (FORECASTS_FOLDER, FORECASTS),
    (EVIDENCE_FOLDER, EVIDENCE),
)


def read_book(root: str | Path, *, overlay: Mapping[str, str] | None = None) -> BookReading:
    """Read every forecast and evidence file of the book in ``root``.

    Args:
        root: the book's folder, holding ``forecasts/`` and (optionally) ``evidence/``,
            ``seeds/`` and ``foretell.toml``.
        overlay: file texts that stand in for the files on disk, by path relative to the book
            (forward slashes): the book as it would be after a change, read without writing
            anything (the safe writer checks a change this way).

    Returns:
        The book built from the valid entries and the problems found in the files; book-wide
        rules (unique ids, quotes, evidence links) are checked by :func:`foretell.check_book`.
    """
    with paused_garbage_collection():
        try:
            return _read(Path(root), overlay or {})
        except OSError as error:  # a race with the file system, or a path too long to use
            problem = folder_problem(
                BOOK_FOLDER, f"cannot read the book: {error.strerror or type(error).__name__}"
            )
            return _combine(Path(root), Config(), [problem], ())


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


def _read(root: Path, overlay: Mapping[str, str]) -> BookReading:
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
    config = read_config(root)
    problems: list[Problem] = list(config.problems)
    if not os.path.lexists(root / FORECASTS_FOLDER):
        problems.append(
            Problem(
                Location(FORECASTS_FOLDER),
                "B100",
                f"the book has no '{FORECASTS_FOLDER}' folder",
                "run foretell in a book's folder, or create forecasts/ with a forecast file",
            )
        )
    files: list[tuple[Path, str, EntryKind[Any]]] = []
    for folder, kind in FOLDERS:
        found, walk_problems = walk_yaml_files(root, folder, YAML_SUFFIXES)
        problems.extend(walk_problems)
        found = _with_overlay(root, folder, found, overlay)
        files.extend((path, relative, kind) for path, relative in found)
    readings = (
        read_entry_file(
            _yaml_file(path, relative, overlay), path.name.rsplit(".", 1)[0], kind, config
        )
        for path, relative, kind in files
    )
    return _combine(root, config, problems, readings)


def _combine(
    root: Path, config: Config, problems: list[Problem], readings: Iterable[FileReading]
) -> BookReading:
    """One reading of the book from the readings of its files, in reading order."""
    forecasts = []
    evidence = []
    forecast_ids: dict[str, list[Location]] = {}
    evidence_ids: dict[str, list[Location]] = {}
    citations = []
    links = []
    supersessions = []
    sealed = []
    for reading in readings:
        problems.extend(reading.problems)
        forecasts.extend(reading.forecasts)
        evidence.extend(reading.evidence)
        for identifier, location in reading.forecast_ids:
            forecast_ids.setdefault(identifier, []).append(location)
        for identifier, location in reading.evidence_ids:
            evidence_ids.setdefault(identifier, []).append(location)
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
        ),
        problems=sorted_problems(problems),
        forecast_ids={k: tuple(v) for k, v in forecast_ids.items()},
        evidence_ids={k: tuple(v) for k, v in evidence_ids.items()},
        citations=tuple(citations),
        links=tuple(links),
        supersessions=tuple(supersessions),
        title=config.title,
    )


def _yaml_file(path: Path, relative: str, overlay: Mapping[str, str]) -> YamlFile:
    text = overlay.get(relative)
    return read_yaml_file(path, relative) if text is None else parse_yaml(text, relative)


def _with_overlay(
    root: Path, folder: str, found: list[tuple[Path, str]], overlay: Mapping[str, str]
) -> list[tuple[Path, str]]:
    """The folder's files with the overlay's new files of that folder added, sorted by path."""
    if not overlay:
        return found
    known = {relative for _, relative in found}
    extra = [
        (root / relative, relative)
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
    return walk_yaml_files(root, folder, YAML_SUFFIXES)[0]
