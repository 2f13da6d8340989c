"""Reading and writing files safely.

Reading: :func:`read_regular_file` reads only regular files (never a FIFO, a device or a
folder) and at most :data:`MAX_FILE_BYTES` of them, so that no file of a book can hang foretell
or exhaust its memory.

Writing: :func:`write_files` writes a set of files (a report and its diagrams) so that each
target holds its old content or its new content, never a mix: every new content goes to a
temporary file beside its target, is flushed to disk and read back, and only when all are
written are they renamed over their targets. Symbolic links are followed to the file they
name, devices and FIFOs are written through (``-o /dev/null`` stays a device), and a replaced
file keeps its owner and permissions: when the owner cannot be kept (or the file has several
hard links) the checked content is copied into the existing file instead of renaming over it.
Temporary files are removed on any failure, on SIGTERM (see :func:`cleanup_on_termination`), and
leftovers of a killed process are removed by the next write to the same target.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import signal
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType

__all__ = [
    "MAX_FILE_BYTES",
    "FileRefusedError",
    "cleanup_on_termination",
    "file_kind",
    "read_regular_file",
    "write_atomically",
    "write_files",
]

#: The largest file foretell reads (16 MiB): a forecast or evidence file, a seed document or
#: ``foretell.toml``. About 70,000 forecasts fit in one file of this size.
MAX_FILE_BYTES = 16 * 1024 * 1024

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class FileRefusedError(OSError):
    """A file foretell will not read: not a regular file, or larger than the limit.

    Attributes:
        reason: what is wrong, fit for a problem message (``it is a FIFO, not a regular file``).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def file_kind(mode: int) -> str:
    """What a file is, in words: ``a folder``, ``a FIFO``, ``a character device``..."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISREG, "a regular file"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def read_regular_file(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    ``path`` may be text: a book's files are read by paths kept as text, and making a
    :class:`~pathlib.Path` of each costs more than reading a small file.

    The file is opened without blocking (a FIFO cannot hang the read) and checked with
    ``fstat`` on the open descriptor, so a file swapped for a FIFO or device between the check
    and the read is refused too.

    Raises:
        FileRefusedError: the path is not a regular file, or is larger than ``limit``.
        OSError: the file cannot be opened or read (missing, no permission, a broken link).
    """
    before = os.stat(path)  # noqa: PTH116 - path may be text (see above)
    if not stat.S_ISREG(before.st_mode):
        raise FileRefusedError(f"it is {file_kind(before.st_mode)}, not a regular file")
    _check_size(before.st_size, limit)
    descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY | _CLOEXEC)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise FileRefusedError(f"it is {file_kind(status.st_mode)}, not a regular file")
        _check_size(status.st_size, limit)
        data = _read_to_end(descriptor, status.st_size, limit)
    finally:
        os.close(descriptor)
    _check_size(len(data), limit)
    return data


def _read_to_end(descriptor: int, expected: int, limit: int) -> bytes:
    """The bytes from ``descriptor`` to the end of the file, or the first ``limit + 1`` of them.

    The first call asks for the file's size (``expected``) and one more byte, or 64 KiB if that
    is more; asking for the whole ``limit`` at once would make a buffer of that size (16 MiB)
    for every small file.
    """
    chunks = []
    total = 0
    while total <= limit:
        chunk = os.read(descriptor, min(limit + 1 - total, max(expected + 1 - total, 1 << 16)))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise FileRefusedError(
            f"it is larger than foretell reads ({_mebibytes(size)} over the limit of "
            f"{_mebibytes(limit)})"
        )


def _mebibytes(size: int) -> str:
    return f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size} bytes"


def write_atomically(path: Path, content: str) -> None:
    """Write UTF-8 text to ``path`` so that readers see the old file or the new one, never half.

    The same as :func:`write_files` with one file.
    """
    write_files([(path, content)])


#: How much of a file is read or copied at a time when checking or copying it (1 MiB).
_COPY_BLOCK = 1 << 20

# Temporary files of the targets being written by this process, removed on SIGTERM.
_PENDING: set[str] = set()


def write_files(files: Sequence[tuple[Path, str | Iterable[str]]]) -> None:
    """Write UTF-8 texts to their paths as a set: on any failure, no target is changed.

    Targets that are regular files (or do not exist yet) are written through temporary files
    that are all complete, flushed and checked before the first one replaces its target.
    Targets that are devices or FIFOs are written directly, after the regular files.

    A text may be given in pieces (any iterable of ``str``, such as a report's stream): each is
    written as it comes, so the whole text never needs to be in memory, and the file is
    checked against a digest of what was written.

    Raises:
        OSError: a file cannot be written; every temporary file is removed and every target
            left as it was (devices and FIFOs excepted: what was written to them is gone).
    """
    staged: list[tuple[str, str, os.stat_result | None]] = []
    direct: list[tuple[str, str | Iterable[str]]] = []
    try:
        for path, content in files:
            target = os.path.realpath(path)  # follow symbolic links to the file they name
            try:
                status: os.stat_result | None = Path(target).stat()
            except FileNotFoundError:
                status = None
            if status is not None and stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError(21, "it is a folder", str(path))
            if status is not None and not stat.S_ISREG(status.st_mode):
                direct.append((target, content))
                continue
            _remove_stale_temporaries(target)
            staged.append((target, _stage(target, content, status), status))
        for target, temporary, status in staged:
            if status is not None and not _can_rename_over(temporary, status):
                _copy_into(target, temporary)
                _discard(temporary)
            else:
                os.replace(temporary, target)  # noqa: PTH105 - a test patches os.replace
                _PENDING.discard(temporary)
        for target, content in direct:
            with open(target, "wb") as stream:  # noqa: PTH123 - a device or FIFO: no truncation games
                for data in _encoded(content):
                    stream.write(data)
    finally:
        for _, temporary, _ in staged:
            _discard(temporary)


def _encoded(content: str | Iterable[str]) -> Iterator[bytes]:
    """The UTF-8 bytes of a text or of its pieces.

    Lone surrogates (from file names that are not UTF-8) become ``\\udcXX`` escapes: what
    foretell writes is always valid UTF-8. Each is one character, so pieces encode alike.
    """
    if isinstance(content, str):
        yield content.encode("utf-8", errors="backslashreplace")
        return
    for piece in content:
        yield piece.encode("utf-8", errors="backslashreplace")


def _stage(target: str, content: str | Iterable[str], status: os.stat_result | None) -> str:
    """Write ``content`` to a new temporary file beside ``target`` and check it; its name."""
    folder, name = os.path.split(target)
    temporary = str(Path(folder, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"))
    _PENDING.add(temporary)
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o600)
        written = hashlib.blake2b()
        with os.fdopen(descriptor, "wb") as stream:
            for data in _encoded(content):
                stream.write(data)
                written.update(data)
            stream.flush()
            os.fsync(stream.fileno())
        read = hashlib.blake2b()
        with open(temporary, "rb") as check:  # noqa: PTH123
            for block in iter(lambda: check.read(_COPY_BLOCK), b""):
                read.update(block)
        if read.digest() != written.digest():  # pragma: no cover - a faulty file system
            raise OSError(5, "the written file does not read back as written", temporary)
        if status is not None:
            Path(temporary).chmod(stat.S_IMODE(status.st_mode))
            with contextlib.suppress(OSError):
                os.chown(temporary, status.st_uid, status.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            Path(temporary).chmod(0o666 & ~umask)
    except BaseException:
        _discard(temporary)
        raise
    return temporary


def _can_rename_over(temporary: str, status: os.stat_result) -> bool:
    """Whether renaming ``temporary`` over the target keeps its owner, group and hard links."""
    mine = Path(temporary).stat()
    return status.st_nlink <= 1 and (mine.st_uid, mine.st_gid) == (status.st_uid, status.st_gid)


def _copy_into(target: str, temporary: str) -> None:
    """Copy the checked temporary file's content into the existing target, keeping its inode."""
    with open(temporary, "rb") as source, open(target, "r+b") as stream:  # noqa: PTH123
        shutil.copyfileobj(source, stream, _COPY_BLOCK)
        stream.truncate()
        stream.flush()
        os.fsync(stream.fileno())


def _discard(temporary: str) -> None:
    Path(temporary).unlink(missing_ok=True)
    _PENDING.discard(temporary)


def _remove_stale_temporaries(target: str) -> None:
    """Remove temporary files left beside ``target`` by a killed foretell process."""
    folder, name = os.path.split(target)
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)\.[0-9a-f]{{8}}\.tmp")
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder or "."):
            match = pattern.fullmatch(entry.name)
            if match and not _process_alive(int(match.group(1))):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@contextlib.contextmanager
def cleanup_on_termination() -> Iterator[None]:
    """While active, SIGTERM (a CI timeout, ``kill``) removes pending temporary files and exits.

    Python's default for SIGTERM ends the process without running ``finally`` blocks; this
    handler turns it into ``SystemExit(143)`` so that :func:`write_files` cleans up.
    """

    def terminate(signum: int, frame: FrameType | None) -> None:
        for temporary in list(_PENDING):
            _discard(temporary)
        sys.exit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
