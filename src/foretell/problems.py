"""Problems found in a book: where they are, how bad, what to do about them.

Errors are data. Loading and checking a book never stop at the first problem: every stage
returns :class:`Problem` values, and the command line prints them all in one run as
``PATH:LINE:COLUMN: error[CODE]: message; hint``. Exceptions are kept for misuse of the Python
API (:class:`ForetellError` and its subclasses).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import NamedTuple

import attrs

from foretell.safetext import display_path, for_terminal

__all__ = [
    "CODES",
    "MAX_PROBLEMS_PER_FILE",
    "BookError",
    "ForetellError",
    "Location",
    "Problem",
    "Severity",
    "sorted_problems",
    "too_many_problems",
    "too_many_warnings",
]


class ForetellError(Exception):
    """Base class of every exception foretell raises on purpose."""


class Location(NamedTuple):
    """A place in a file of the book (a named tuple: cheap to make, ordered by path then line).

    Attributes:
        path: the file, relative to the book's folder, with forward slashes.
        line: 1-based line number (0 when the problem concerns the whole file).
        column: 1-based column number (0 when the problem concerns the whole file).
    """

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        path = display_path(self.path)
        if self.line <= 0:
            return path
        return f"{path}:{self.line}:{self.column}"


class Severity(enum.Enum):
    """How bad a problem is: errors make ``foretell check`` fail, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


#: The longest message or hint kept; a longer one is cut (a backstop: messages quote values
#: as short excerpts already).
MAX_MESSAGE_LENGTH = 500


def _bounded(text: str) -> str:
    if len(text) <= MAX_MESSAGE_LENGTH:
        return text
    return text[: MAX_MESSAGE_LENGTH - 1] + "…"


def _bounded_hint(text: str | None) -> str | None:
    return None if text is None else _bounded(text)


@attrs.frozen
class Problem:
    """One thing wrong (or suspicious) in a book.

    Attributes:
        location: where it is.
        code: a stable identifier such as ``F103``; :data:`CODES` describes each one.
        message: what is wrong, naming the key and the value found.
        hint: how to fix it, or ``None`` when the message says it all.
        severity: :attr:`Severity.ERROR` or :attr:`Severity.WARNING`.
    """

    location: Location
    code: str
    message: str = attrs.field(converter=_bounded)
    hint: str | None = attrs.field(default=None, converter=_bounded_hint)
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        """The problem as one line, with everything from the book escaped for a terminal."""
        text = f"{self.location}: {self.severity.value}[{self.code}]: {for_terminal(self.message)}"
        if self.hint:
            text += f"; {for_terminal(self.hint)}"
        return text

    def to_json(self) -> dict[str, object]:
        """The problem as plain data, for ``--format json``."""
        return {
            "path": display_path(self.location.path, for_json=True),
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


#: The most problems reported for one file; past it, the rest of the file is not read (one more
#: problem, Y110, says so). Reading and printing millions of problems would take minutes and
#: gigabytes, and the first thousand tell what is wrong.
MAX_PROBLEMS_PER_FILE = 1000


def too_many_problems(location: Location) -> Problem:
    """The problem that ends the reading of a file with too many problems (Y110)."""
    return Problem(
        Location(location.path),
        "Y110",
        f"more than {MAX_PROBLEMS_PER_FILE:,} problems in this file: the rest of it is not checked",
        "fix the problems above (they often share one cause), then check again",
    )


def too_many_warnings(location: Location) -> Problem:
    """The warning that stands for a file's warnings past the first thousand (Y111).

    Unlike errors, warnings never stop the reading: every entry of the file still loads.
    """
    return Problem(
        Location(location.path),
        "Y111",
        f"more than {MAX_PROBLEMS_PER_FILE:,} warnings in this file: the rest are not shown",
        "fix the warnings above (they often share one cause), then check again",
        Severity.WARNING,
    )


def sorted_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Problems in reading order (file, line, column, code), duplicates removed."""
    unique = dict.fromkeys(problems)
    return tuple(sorted(unique, key=lambda p: (p.location, p.code, p.message)))


class BookError(ForetellError, ValueError):
    """Raised by :func:`foretell.load_book` when a book has errors.

    Attributes:
        problems: every problem found (errors and warnings), in reading order.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted_problems(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = "\n".join(str(p) for p in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"the book has {len(errors)} error(s):\n{lines}{more}")


#: Every problem code with a one-line description. ``docs/format.md`` explains each one with an
#: example; a test keeps the two in step.
CODES: dict[str, str] = {
    # Files and YAML
    "Y101": "the file cannot be read (permissions, not a regular file, larger than 16 MiB)",
    "Y102": "the file is not UTF-8 text",
    "Y103": "YAML syntax error",
    "Y104": "a tab character is used for indentation",
    "Y105": "a key appears twice in one mapping",
    "Y106": "the file holds several YAML documents",
    "Y107": "the file, or an entry, is not a mapping of keys to values",
    "Y108": "a YAML feature foretell does not accept (complex keys, merge keys, recursive aliases)",
    "Y109": "the file is empty (warning)",
    "Y110": "a file has more than 1,000 problems: the rest of it is not checked",
    "Y111": "a file has more than 1,000 warnings: the rest are not shown (warning)",
    # Fields of forecast and evidence entries
    "F101": "unknown key",
    "F102": "a required key is missing",
    "F103": "a probability or a fractional outcome is outside [0, 1]",
    "F104": "a probability is not a number",
    "F105": "category probabilities do not sum to 1",
    "F106": "a probability names a category the forecast does not list",
    "F107": "an id is not a lowercase slug",
    "F108": "a date is not a valid calendar date",
    "F109": "a prediction is made after the forecast's deadline ('resolves' before 'made')",
    "F110": "a value has the wrong type",
    "F111": "a required value is empty",
    "F112": "an outcome is not valid for the forecast",
    "F113": "a forecast has no 'criteria' (warning)",
    "F114": "an evidence record has no 'summary' (warning)",
    "F115": "text was cut short by ' #', which starts a YAML comment (warning)",
    "F116": "a multi-category forecast's 'outcomes' are invalid",
    "F117": "a source has neither 'url' nor 'title'",
    "F118": "an entry takes its id from a file name that is not a lowercase slug",
    "F119": "a sealed or revealed forecast's 'sealed' or 'revealed' is malformed",
    "F120": "rows of one id in a table disagree on a field of the forecast or evidence record",
    # Estimative words (wording, yardstick, draft)
    "W101": "a yardstick name is not one foretell ships",
    "W102": "a wording does not occur in the forecast's quote",
    "W103": "a wording holds no estimative phrase that any yardstick can read",
    "W104": "the yardstick in force has no reading for the wording",
    "W105": "a probability lies outside the yardstick's range for its wording (warning)",
    "W106": "a draft forecast: checked, but not resolved or scored (warning)",
    "W107": "a wording is given for a multi-category forecast",
    # Tables
    "T101": "a table cannot be read (truncated, not Parquet, not CSV text) or a CSV row is ragged",
    "T102": "the book holds tables but the table engine is not installed",
    # The book as a whole
    "C101": "foretell.toml cannot be read or has an invalid setting",
    "B100": "the book has no 'forecasts' folder",
    "B101": "an id is used twice",
    "B102": "a source document does not exist",
    "B103": "a quote does not occur in its source document",
    "B104": "evidence names a forecast that does not exist",
    "B105": "evidence gives an outcome that is not valid for the forecast",
    "B106": "'supersedes' names evidence that does not exist",
    "B107": "'supersedes' forms a cycle",
    "B108": "a prediction made on or after the resolution date is not scored (warning)",
    "B109": "evidence observed after the deadline says the event happened (warning)",
    # Paths of the book
    "P101": "a path leads outside the book (a symbolic link): refused, not read",
    "P102": "a folder cannot be read, or is not a folder",
    "P103": "a folder is reached a second time through a symbolic link (warning)",
}
