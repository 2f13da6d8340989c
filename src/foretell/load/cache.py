"""The parse cache: each file's reading, kept under its content hash, so that an unchanged file
is not parsed again.

The cache is one SQLite database in the user's cache folder (``$FORETELL_CACHE_DIR`` if set,
else the platform's, e.g. ``~/.cache/foretell``), never in the book: a book may come from a
stranger, and a cache inside it could claim that a broken file is fine. Each entry holds a
file's reading as plain JSON data (:mod:`.plain`), stored with

* the BLAKE2 digest of everything the reading depends on: foretell's own source code, the
  book's default forecaster, the file's path in the book and its bytes; an entry is used only
  when the file's digest is the same now;
* a BLAKE2 checksum of the stored text: a damaged entry is detected and read again.

Decoding checks every value against the model's types, so an entry that is not exactly what
foretell wrote is ignored too. Stored entries are fetched one file at a time as the book is
read (holding the whole book's stored text would take more memory than the reading itself).
New entries are written in batches of :data:`BATCH_FILES` files as the book is read, each batch
in one SQLite transaction, so another process never sees half of one (and a big book's first
read does not hold every new entry's text until the end); if the database is locked, unreadable
or not foretell's, the book is simply read without it (a foreign or damaged file is replaced).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import sqlite3
import sys
import time
import zoneinfo
from pathlib import Path
from typing import Any

from .plain import PlainDataError, reading_from_plain, reading_to_plain
from .reading import FileReading

__all__ = [
    "BATCH_FILES",
    "CACHE_DIR_VARIABLE",
    "BookCache",
    "ParseCache",
    "default_cache_folder",
]

#: Environment variable naming the cache folder.
CACHE_DIR_VARIABLE = "FORETELL_CACHE_DIR"
_FILE_NAME = "parse-cache.sqlite3"
_FORMAT = "foretell parse cache 3"
#: New entries are written every this many files, each batch in one transaction.
BATCH_FILES = 500
#: How long to wait for another process's write before reading the book without the cache.
BUSY_SECONDS = 5.0
#: Books not read for this long are dropped from the cache.
_KEEP_SECONDS = 60 * 24 * 3600
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS books (book TEXT PRIMARY KEY, used REAL NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    book TEXT NOT NULL,
    path TEXT NOT NULL,
    digest BLOB NOT NULL,
    checksum BLOB NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (book, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS memos (
    book TEXT NOT NULL,
    name TEXT NOT NULL,
    state BLOB NOT NULL,
    checksum BLOB NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (book, name)
) WITHOUT ROWID;
"""


def default_cache_folder() -> Path:
    """``$FORETELL_CACHE_DIR``, or the platform's cache folder for foretell."""
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured)
    import platformdirs  # noqa: PLC0415 - only commands that cache need it

    return platformdirs.user_cache_path("foretell", appauthor=False)


@functools.cache
def source_fingerprint() -> bytes:
    """A digest of what a file's reading depends on besides the file and the book's settings.

    That is foretell's own files (its code and its data, such as the yardsticks' words: a new
    version of foretell ignores older entries), the Python version, and the installed files of
    the libraries that read YAML and dates and of the time-zone database (each told by its
    path, size and modification time, as reading their versions would cost more than reading
    a small book through the cache).
    """
    digest = hashlib.blake2b(package_digest(Path(__file__).resolve().parents[1]), digest_size=16)
    digest.update(f"{sys.version}\0{sys.implementation.cache_tag}\0".encode())
    for path in _dependency_files():
        try:
            status = path.stat()
        except OSError:
            digest.update(f"{path}\0missing\0".encode("utf-8", "surrogateescape"))
            continue
        digest.update(
            f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0".encode("utf-8", "surrogateescape")
        )
    return digest.digest()


def package_digest(package: Path) -> bytes:
    """A digest of every file of a Python package (its code and its data), by name and bytes;
    compiled caches (``__pycache__``) left out."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(package).as_posix().encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.digest()


def _dependency_files() -> list[Path]:
    """Files whose change (an upgrade) may change how a book is read: those of PyYAML (its C
    parser included) and pendulum, the time-zone data that a book's time zone is read with,
    and the table engine's libraries (an impossible path stands for one not installed, so that
    installing it counts too)."""
    import pendulum  # noqa: PLC0415 - imported by the loader already
    import yaml  # noqa: PLC0415

    files: list[Path] = []
    for module in (yaml, pendulum):
        if module.__file__ is not None:
            with os.scandir(Path(module.__file__).parent) as entries:
                files += sorted(Path(entry.path) for entry in entries if entry.is_file())
    files += [Path(folder, "tzdata.zi") for folder in zoneinfo.TZPATH]
    # tzdata for time zones; the table engine's libraries (whether they are installed counts).
    for name in ("tzdata", "duckdb", "pyarrow"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):  # a broken or half-imported package
            spec = None
        origin = spec.origin if spec is not None else None
        files.append(Path(origin) if origin else Path(f"<{name} is not installed>"))
    return files


class ParseCache:
    """A parse cache kept in one folder.

    Args:
        folder: where the database lives; :func:`default_cache_folder` if ``None``.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else default_cache_folder()

    @property
    def path(self) -> Path:
        """The database file."""
        return self.folder / _FILE_NAME

    def open_book(self, root: Path, salt: str) -> BookCache:
        """The entries of the book in ``root``; never raises (a failing cache is empty).

        Args:
            root: the book's folder.
            salt: everything besides a file's path and bytes that its reading depends on
                (the book's settings).
        """
        book = _text_key(str(root.resolve()))
        try:
            connection = self._connect()
        except (sqlite3.Error, OSError):
            return BookCache(None, book, salt)
        try:
            # Entries are fetched file by file (BookCache.get), not all at once.
            cached = connection.execute(
                "SELECT 1 FROM files WHERE book = ? LIMIT 1", (book,)
            ).fetchone()
        except sqlite3.Error:
            connection.close()
            return BookCache(None, book, salt)
        return BookCache(connection, book, salt, cached=cached is not None)

    def _connect(self) -> sqlite3.Connection:
        """A connection to foretell's database, made afresh if the file is foreign or damaged.

        Raises:
            sqlite3.Error, OSError: the database cannot be used now (locked by another
                process, read-only, unreadable); it is left as it is.
        """
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for attempt in range(2):
            connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            try:
                if _is_ours(connection):
                    return connection
                connection.close()
            except sqlite3.DatabaseError as error:
                connection.close()
                if not _is_damage(error):
                    raise  # busy, locked, read-only...: another process's database, keep it
            if attempt == 0:  # foreign or damaged: start afresh
                self.path.unlink(missing_ok=True)
        raise sqlite3.DatabaseError("cannot create the parse cache")


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether an error says the file is not a usable parse cache (damaged, not a database or
    of another layout) rather than that it cannot be used now (locked, busy, read-only, I/O)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return False
    # Primary result codes (the low byte of an extended code).
    return code & 0xFF in {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_ERROR}


def _is_ours(connection: sqlite3.Connection) -> bool:
    """Whether the database is a foretell parse cache (making one of an empty database)."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if not tables:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('format', ?)", (_FORMAT,)
            )
            connection.execute("COMMIT")
        except sqlite3.Error:
            connection.execute("ROLLBACK")
            raise
    elif not {"meta", "books", "files", "memos"} <= tables:
        return False
    row = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    return row is not None and row[0] == _FORMAT


class BookCache:
    """The cache entries of one book, for one reading of it.

    Use :meth:`digest` and :meth:`get` for each file, :meth:`put` for the files read afresh,
    and :meth:`close` at the end, which writes the new entries and drops those of files that
    are gone.
    """

    def __init__(
        self, connection: sqlite3.Connection | None, book: str, salt: str, *, cached: bool = False
    ) -> None:
        self._connection = connection
        self._book = book
        #: Whether the database held entries of this book when it was opened.
        self._cached = cached
        self._prefix = source_fingerprint() + salt.encode("utf-8", "surrogateescape") + b"\0"
        #: The path of every file looked up (the paths only: a digest per file of a big book
        #: would take megabytes for the whole read).
        self.looked_up: set[str] = set()
        #: Set once every file of the book has been looked up: entries of others are dropped.
        self.complete = False
        self._new: list[tuple[str, bytes, bytes, str]] = []
        #: Set when a batch could not be written (locked database): the rest are not tried.
        self._unwritable = False
        self._new_memos: list[tuple[str, bytes, bytes, str]] = []
        #: How many files were read from the cache and how many parsed.
        self.hits = 0
        self.misses = 0

    def digest(self, path: str, raw: bytes) -> bytes:
        """The digest of the file at ``path`` (relative to the book) with content ``raw``."""
        digest = hashlib.blake2b(self._prefix, digest_size=32)
        digest.update(path.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(raw)
        return digest.digest()

    def get(self, path: str, digest: bytes) -> FileReading | None:
        """The cached reading of the file, if there is a sound one for exactly this digest."""
        self.looked_up.add(path)
        data = self._stored(path, digest)
        if data is not None and _checksum(digest, data[1]) == data[0]:
            try:
                reading = reading_from_plain(json.loads(data[1]), path)
            except (PlainDataError, ValueError, RecursionError):
                pass
            else:
                self.hits += 1
                return reading
        self.misses += 1
        return None

    def _stored(self, path: str, digest: bytes) -> tuple[bytes, str] | None:
        """The checksum and text stored for the file at ``path`` under exactly ``digest``."""
        if self._connection is None or not self._cached:
            return None
        try:
            row = self._connection.execute(
                "SELECT checksum, data FROM files WHERE book = ? AND path = ? AND digest = ?",
                (self._book, _text_key(path), digest),
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or type(row[0]) is not bytes or type(row[1]) is not str:
            return None
        return row[0], row[1]

    def put(self, path: str, digest: bytes, reading: FileReading) -> None:
        """Keep a reading made afresh: written with the next batch, or by :meth:`close`."""
        try:
            data = json.dumps(
                reading_to_plain(reading, path), ensure_ascii=True, separators=(",", ":")
            )
        except (PlainDataError, ValueError, RecursionError):
            return
        self._new.append((_text_key(path), digest, _checksum(digest, data), data))
        if len(self._new) >= BATCH_FILES:
            self._write_batch()

    def _write_batch(self) -> None:
        """Write the new entries so far in one transaction; if that fails they are dropped."""
        rows, self._new = self._new, []
        connection = self._connection
        if connection is None or self._unwritable:
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                self._insert_files(connection, rows)
                # the book's row too, so that entries of a read cut short are forgotten in time
                connection.execute(
                    "INSERT OR REPLACE INTO books (book, used) VALUES (?, ?)",
                    (self._book, time.time()),
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            self._unwritable = True  # locked or read-only: the next run reads those files again

    def memo(self, name: str, state: bytes) -> Any | None:
        """The plain data kept under ``name`` for exactly this ``state`` of the book, if any.

        A memo is a result computed from the whole book (such as the problems a check finds),
        kept so that it need not be computed again while nothing it depends on changes.
        """
        if self._connection is None:
            return None
        try:
            row = self._connection.execute(
                "SELECT state, checksum, data FROM memos WHERE book = ? AND name = ?",
                (self._book, name),
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[0] != state or _checksum(state, row[2]) != row[1]:
            return None
        try:
            return json.loads(row[2])
        except (ValueError, RecursionError):
            return None

    def keep_memo(self, name: str, state: bytes, data: Any) -> None:
        """Keep plain ``data`` under ``name`` for this ``state`` (written by :meth:`close`)."""
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
        self._new_memos.append((name, state, _checksum(state, text), text))

    def close(self) -> None:
        """Write the new entries and forget the files that are gone; never raises."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            gone = self._gone(connection) if self.complete else []
            if self._unwritable:  # a batch found the database locked: don't wait for it again
                self._new, self._new_memos, gone = [], [], []
            if self._new or self._new_memos or gone:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    self._insert_files(connection, self._new)
                    connection.executemany(
                        "INSERT OR REPLACE INTO memos (book, name, state, checksum, data) "
                        "VALUES (?, ?, ?, ?, ?)",
                        ((self._book, *row) for row in self._new_memos),
                    )
                    connection.executemany(
                        "DELETE FROM files WHERE book = ? AND path = ?",
                        ((self._book, key) for key in gone),
                    )
                    now = time.time()
                    connection.execute(
                        "INSERT OR REPLACE INTO books (book, used) VALUES (?, ?)",
                        (self._book, now),
                    )
                    _forget_old_books(connection, now - _KEEP_SECONDS)
                    connection.execute("COMMIT")
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
        except sqlite3.Error:
            pass  # locked or read-only: the next run reads those files again
        finally:
            connection.close()

    def _insert_files(
        self, connection: sqlite3.Connection, rows: list[tuple[str, bytes, bytes, str]]
    ) -> None:
        """Store new entries (path key, digest, checksum, text), in the caller's transaction."""
        connection.executemany(
            "INSERT OR REPLACE INTO files (book, path, digest, checksum, data) "
            "VALUES (?, ?, ?, ?, ?)",
            ((self._book, *row) for row in rows),
        )

    def _gone(self, connection: sqlite3.Connection) -> list[str]:
        """The stored paths (as stored) of this book's files that were not looked up."""
        if not self._cached:
            return []
        gone = []
        for (key,) in connection.execute("SELECT path FROM files WHERE book = ?", (self._book,)):
            try:
                path = json.loads(key)
            except (TypeError, ValueError, RecursionError):
                path = None
            if not isinstance(path, str) or path not in self.looked_up:
                gone.append(key)  # gone, or not a key this cache writes: dropped
        return gone

    def __enter__(self) -> BookCache:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def _text_key(text: str) -> str:
    """A path as stored: JSON text, all ASCII (a file name that is not UTF-8 keeps its bytes)."""
    return json.dumps(text, ensure_ascii=True)


def _checksum(digest: bytes, data: str) -> bytes:
    """A checksum of stored text, keyed by what it was stored under."""
    return hashlib.blake2b(
        data.encode("utf-8", "surrogateescape"), key=digest[:32], digest_size=16
    ).digest()


def _forget_old_books(connection: sqlite3.Connection, before: float) -> None:
    old = [row[0] for row in connection.execute("SELECT book FROM books WHERE used < ?", (before,))]
    for book in old:
        connection.execute("DELETE FROM files WHERE book = ?", (book,))
        connection.execute("DELETE FROM memos WHERE book = ?", (book,))
        connection.execute("DELETE FROM books WHERE book = ?", (book,))
