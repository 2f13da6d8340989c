"""One object for each short text a book repeats, while the book is read.

A book repeats its forecasters' names, tags, publishers, outcomes and forecast ids thousands of
times. Read from YAML or from the parse cache, each would be a separate object; sharing them
saves about a quarter of a loaded book's memory.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator

__all__ = [
    "SHARED_TEXT_LENGTH",
    "file_texts",
    "share_number",
    "share_text",
    "shared_table",
    "shared_texts",
]

#: Texts up to this many characters are shared while :func:`shared_texts` is active.
SHARED_TEXT_LENGTH = 64
# The texts shared by the files read under :func:`shared_texts` (``None`` outside it).
_shared: dict[str, str] | None = None
# The same for numbers (probabilities): a separate table, so that no text is ever a number.
_shared_numbers: dict[float, float] | None = None
# The longer texts of the one file being read under :func:`file_texts` (``None`` outside it).
_file_shared: dict[str, str] | None = None


@contextlib.contextmanager
def shared_texts() -> Iterator[None]:
    """While active, equal short texts read from YAML are one object, however many files hold them.

    A book repeats its forecasters' names, tags, publishers, outcomes and forecast ids thousands
    of times; as separate objects they take a quarter of a loaded book's memory. Texts up to
    :data:`SHARED_TEXT_LENGTH` characters are kept in a table for the duration of the block
    (a book's reading), which is dropped at its end. Nested blocks share the outer table.
    Probabilities are shared the same way (:func:`share_number`).
    """
    global _shared, _shared_numbers  # noqa: PLW0603 - one table for the files of one reading
    outer = _shared
    if outer is None:
        _shared = {}
        _shared_numbers = {}
    try:
        yield
    finally:
        if outer is None:
            _shared = None
            _shared_numbers = None


def shared_table() -> dict[str, str] | None:
    """The table of shared texts while :func:`shared_texts` is active, else ``None``.

    For readers that share many texts in a loop and look the table up once.
    """
    return _shared


@contextlib.contextmanager
def file_texts() -> Iterator[None]:
    """While active, equal texts longer than :data:`SHARED_TEXT_LENGTH` are one object too.

    For the reading of one file: a long text repeated in a file (a forecast's quote, and the
    same quote kept for the check of its source) is one object, as the YAML reader gives it,
    when the reading is rebuilt from the parse cache. The table lives for one file only.
    """
    global _file_shared  # noqa: PLW0603 - one table for the texts of one file
    outer = _file_shared
    _file_shared = {}
    try:
        yield
    finally:
        _file_shared = outer


def share_text(text: str) -> str:
    """The shared object equal to ``text``: short texts inside :func:`shared_texts`, longer
    ones inside :func:`file_texts`; else ``text`` itself."""
    shared = _shared if len(text) <= SHARED_TEXT_LENGTH else _file_shared
    return text if shared is None else shared.setdefault(text, text)


def share_number(number: float) -> float:
    """The shared float equal to ``number`` inside :func:`shared_texts`, else ``number`` itself.

    Zeros (``0.0`` equals ``-0.0``) and NaN (equal to nothing) are never shared, so the value
    given back is always the very number given, bit for bit.
    """
    shared = _shared_numbers
    if shared is None or not number or math.isnan(number):
        return number
    return shared.setdefault(number, number)
