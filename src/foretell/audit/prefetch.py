"""git's share of an audit, started early so that it runs while the rest of a command does.

Reading a book's history is mostly waiting for git: finding the repository, ``git log`` over
every commit and ``git cat-file`` for the book's file versions (about 25 ms for a book with a
hundred commits, more for a longer history). ``foretell report`` starts that on a thread before
it imports the scoring modules and reads the book; git runs as child processes, so on a machine
with two cores both proceed at once, and the audit later takes the results instead of waiting
for git. Nothing changes in what is read or found: :func:`foretell.audit.run.audit_book` uses
the same repository, log and blobs it would have asked git for.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

import pendulum

from foretell.audit.gitrepo import Changes, GitError, Repository, open_repository
from foretell.audit.model import Commit
from foretell.audit.versions import is_book_file

__all__ = ["HistoryPrefetch", "read_history"]

#: The log of a book (parents first, each commit's changes limited to the book's files).
BookLog = list[tuple[Commit, Changes]]


def read_history(
    repository: Repository, as_of: pendulum.Date | None = None
) -> tuple[BookLog, Mapping[str, bytes]]:
    """The book's log up to ``as_of`` (every commit when ``None``) and its file versions."""
    log = [
        (commit, {p: b for p, b in changes.items() if is_book_file(p)})
        for commit, changes in repository.log()
        if as_of is None or commit.day <= as_of
    ]
    blobs = repository.blobs(
        {blob for _, changes in log for blob in changes.values() if blob is not None}
    )
    return log, blobs


class HistoryPrefetch:
    """A book's repository, its log and every version of the book's files, read on a thread.

    :meth:`repository` and :meth:`history` wait for the thread and then return what
    :func:`~foretell.audit.gitrepo.open_repository`, :meth:`Repository.log` and
    :meth:`Repository.blobs` would have; they raise what those would have raised
    (:class:`~foretell.audit.gitrepo.GitError`, or anything unexpected, re-raised here).
    """

    def __init__(self, book: Path) -> None:
        self._repository: Repository | None = None
        self._log: BookLog = []
        self._blobs: Mapping[str, bytes] = {}
        self._repository_error: BaseException | None = None
        self._history_error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._read, args=(book,), name="foretell-git-history", daemon=True
        )
        self._thread.start()

    def _read(self, book: Path) -> None:
        try:
            self._repository = open_repository(book)
        except BaseException as error:  # handed to the caller's thread
            self._repository_error = error
            return
        try:
            self._log, self._blobs = read_history(self._repository)
        except BaseException as error:  # handed to the caller's thread
            self._history_error = error

    def repository(self) -> Repository:
        """The git work tree holding the book, as :func:`open_repository` gives it."""
        self._thread.join()
        if self._repository_error is not None:
            raise self._repository_error
        if self._repository is None:  # pragma: no cover - the thread sets one or the other
            raise GitError("the book's repository could not be read")
        return self._repository

    def history(self) -> tuple[BookLog, Mapping[str, bytes]]:
        """The log (parents first, changes limited to the book's files) and their contents."""
        self.repository()
        if self._history_error is not None:
            raise self._history_error
        return self._log, self._blobs
