"""Replacing a file of a book all at once: readers and crashes see the old file or the new one.

:func:`replace_file` writes the new bytes to a temporary file in the same folder, flushes them to
disk (``fsync``), gives the temporary file the permissions of the file it replaces, renames it
over the target (an atomic operation on POSIX and Windows) and finally flushes the folder, so
that the rename itself survives a power cut. A process killed between any two steps leaves the
old file untouched, or the new file complete; the only trace of an interrupted write is a hidden
temporary file (``.NAME.XXXX.tmp``), which the loader skips and the next write of that file
removes (:func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["TEMPORARY_SUFFIX", "remove_stale_temporaries", "replace_file", "stays_inside"]

TEMPORARY_SUFFIX = ".tmp"

#: Called with the name of each step as it is reached; tests set it to interrupt a write.
step_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if step_hook is not None:
        step_hook(name)


def stays_inside(root: Path, path: Path) -> bool:
    """Whether writing ``path`` (relative to ``root``, or absolute) lands inside ``root``'s
    real folder: no link on the way (the file's own, or a folder's) leads out of it, and the
    file itself is not a link. Folders that do not exist yet count by their nearest existing
    ancestor."""
    target = path if path.is_absolute() else root / path
    if target.is_symlink():
        return False
    if not root.exists():
        return True  # a new folder (init): nothing under it exists yet, no link to follow
    from foretell.load.paths import is_inside, real_root  # noqa: PLC0415 - writers only

    existing = target.parent
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():  # a dangling link to a folder elsewhere
            return False
        existing = existing.parent
    return is_inside(real_root(root), existing)


def replace_file(path: Path, content: bytes, *, create: bool = False) -> None:
    """Write ``content`` to ``path`` atomically, keeping the permissions of an existing file.

    Args:
        path: the file to write. Its folder must exist. A symbolic link is replaced by a regular
            file only if ``path`` is not a link: links are refused (the book's files are its own).
        content: the complete new content.
        create: the file must not exist yet (a new evidence file, a new forecast file); an
            existing file is left alone and :class:`FileExistsError` is raised.

    Raises:
        FileExistsError: ``create`` is true and the file exists.
        IsADirectoryError: ``path`` is a folder; :class:`OSError` for anything else that goes
            wrong (no space, no permission). On every error the old file is left as it was and
            the temporary file is removed.
    """
    if path.is_symlink():
        raise OSError(f"{path} is a symbolic link; foretell writes only regular files")
    if create and path.exists():
        raise FileExistsError(f"{path} already exists")
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder")
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _default_mode()
    folder = path.parent
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=folder
    )
    try:
        _step("created")
        with os.fdopen(handle, "wb") as stream:
            half = len(content) // 2
            stream.write(content[:half])
            stream.flush()
            _step("half-written")
            stream.write(content[half:])
            stream.flush()
            os.fsync(stream.fileno())
        _step("written")
        Path(temporary).chmod(mode)
        _step("permissions")
        if create and path.exists():
            raise FileExistsError(f"{path} already exists")
        os.replace(temporary, path)  # noqa: PTH105 - the atomic rename is the point
        _step("renamed")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    _step("done")


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files left beside ``path`` by interrupted writes.

    Call it only while holding the book's write lock, when no other foretell write can be under
    way: the files removed are exactly those :func:`replace_file` names after ``path``.
    """
    folder = path.parent
    if not folder.is_dir():
        return
    prefix = f".{path.name}."
    for candidate in folder.iterdir():
        name = candidate.name
        if (
            name.startswith(prefix)
            and name.endswith(TEMPORARY_SUFFIX)
            and len(name) > len(prefix) + len(TEMPORARY_SUFFIX)
            and candidate.is_file()
            and not candidate.is_symlink()
        ):
            with contextlib.suppress(OSError):
                candidate.unlink()


def _default_mode() -> int:
    """The permissions a new file gets from the process's umask (0o666 masked, as open does)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entry list to disk, so a rename in it survives a crash (POSIX only)."""
    if not hasattr(os, "O_DIRECTORY"):  # pragma: no cover - Windows cannot open folders
        return
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:  # pragma: no cover - unusual file systems
        return
    try:
        os.fsync(handle)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(handle)
