"""One writer at a time per book: a lock held for the whole read-check-write cycle.

Two ``foretell add`` commands started at once on one book would otherwise both read the same
file, each add its entry and each write the file back: the second write would lose the first
entry. :func:`book_lock` serialises them with an operating-system file lock (``flock`` on POSIX,
``LockFileEx`` on Windows, through the ``filelock`` package) on ``.foretell/write.lock`` inside
the book. The operating system releases the lock when the process ends, even when it is killed,
so a crashed command never leaves a book locked. ``.foretell/`` holds only machine-local files
and is kept out of git by the ``.gitignore`` written beside the lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from foretell.problems import ForetellError

__all__ = ["LOCK_FILE", "STATE_FOLDER", "BookLockedError", "book_lock"]

#: The book's folder for machine-local state (locks, caches); never committed.
STATE_FOLDER = ".foretell"
LOCK_FILE = "write.lock"
_GITIGNORE = "# Machine-local files of foretell (locks, caches): not part of the book.\n*\n"


class BookLockedError(ForetellError):
    """Another process kept the book's write lock for longer than the timeout."""


@contextlib.contextmanager
def book_lock(root: Path, *, timeout: float = 60.0) -> Iterator[None]:
    """Hold the book's write lock for the duration of the ``with`` block.

    Args:
        root: the book's folder.
        timeout: seconds to wait for another writer to finish before giving up.

    Raises:
        BookLockedError: the lock was not free within ``timeout`` seconds.
        OSError: the lock file cannot be created (a read-only book, for example).
    """
    from filelock import FileLock, Timeout  # noqa: PLC0415 - only writing commands need it

    folder = root / STATE_FOLDER
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            ignore.write_text(_GITIGNORE, encoding="utf-8")
    lock = FileLock(folder / LOCK_FILE, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise BookLockedError(
            f"another foretell command has been writing to {root} for {timeout:g} s; "
            "try again when it has finished"
        ) from None
    try:
        yield
    finally:
        lock.release()
