"""Where a report may be written: the rules behind ``--output``.

* ``-`` means standard output (the usual convention); so does no ``--output`` at all.
* An empty name, a name ending in ``/`` and an existing folder are refused.
* A file of the book (anything under ``forecasts/``, ``evidence/`` or ``seeds/``, and
  ``foretell.toml``) is never written, whatever path (``..``, a symbolic link) leads to it:
  a report must not replace the data it reports on.
* A symbolic link is followed to the file it names, unless the path lies in the book's folder
  and the link leads out of it: a book (perhaps a stranger's pull request) could plant
  ``docs/report.md -> ~/.bashrc``, so no path inside the book is written outside it.
* A device or FIFO is written through (so ``-o /dev/null`` stays a device), and then no diagram
  files are written beside it. A diagram file (whose name comes from the book) must be a
  regular file or not exist yet: a FIFO there would make the report wait for ever.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from foretell.problems import ForetellError

__all__ = [
    "BOOK_PARTS",
    "OutputRefusedError",
    "check_companion",
    "check_not_in_book",
    "is_regular_target",
    "output_path",
]

#: The files and folders of a book that foretell reads, relative to its root.
BOOK_PARTS = ("forecasts", "evidence", "seeds", "foretell.toml")


class OutputRefusedError(ForetellError, ValueError):
    """An ``--output`` that foretell will not write to; the message says why and what to do."""


def output_path(raw: str | None, book: Path) -> Path | None:
    """The file to write a report to, or ``None`` for standard output.

    Args:
        raw: the ``--output`` value as given (``None`` when absent).
        book: the book's folder.

    Raises:
        OutputRefusedError: the name is empty, names a folder, a missing folder, or a file of
            the book.
    """
    if raw is None or raw == "-":
        return None
    if not raw.strip():
        raise OutputRefusedError("the output file name is empty; give a file name, or - for stdout")
    if raw.endswith(("/", os.sep)) or Path(raw).is_dir():
        raise OutputRefusedError(
            f"{raw} is a folder; give a file name such as {raw.rstrip('/' + os.sep)}/report.md"
        )
    path = Path(raw)
    if not path.parent.is_dir():
        raise OutputRefusedError(f"the folder {path.parent} does not exist; create it first")
    check_not_in_book(path, book)
    return path


def check_not_in_book(path: Path, book: Path) -> None:
    """Refuse ``path`` when it is, or would become, a file that the book in ``book`` reads.

    Raises:
        OutputRefusedError: naming the part of the book the path falls in.
    """
    target = Path(os.path.realpath(path))
    root = Path(os.path.realpath(book))
    try:
        parts = target.relative_to(root).parts
    except ValueError:
        if _is_within(Path(os.path.abspath(path)), Path(os.path.abspath(book))):  # noqa: PTH100
            raise OutputRefusedError(
                f"{path} is in the book's folder but leads outside it through a symbolic link; "
                "foretell does not write outside the book through a link the book holds: "
                "remove the link, or give the path it leads to"
            ) from None
        return
    if parts and parts[0] in BOOK_PARTS:
        part = parts[0] + ("" if parts[0].endswith(".toml") else "/")
        raise OutputRefusedError(
            f"{path} is part of the book ({part}); foretell does not write a report over the "
            "book's files: choose a path outside forecasts/, evidence/, seeds/ and foretell.toml"
        )


def check_companion(path: Path, book: Path) -> None:
    """Refuse a file written beside the report (a diagram) that lands in the book's files, leads
    out of the book's folder through a link, or exists and is not a regular file.

    Raises:
        OutputRefusedError: saying which.
    """
    check_not_in_book(path, book)
    if not is_regular_target(path):
        raise OutputRefusedError(
            f"{path} exists and is not a regular file; foretell writes diagrams only to regular "
            "files: remove it, or write the report elsewhere"
        )


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def is_regular_target(path: Path) -> bool:
    """Whether ``path`` (followed through symbolic links) is a regular file or does not exist."""
    try:
        mode = path.stat().st_mode
    except OSError:  # missing, or unreachable: writing it reports the reason
        return True
    return stat.S_ISREG(mode)
