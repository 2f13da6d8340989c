"""What the importers share: the result record, problems with locations, ids, values.

Importers never raise on bad input: each collects :class:`~foretell.problems.Problem` values that
name the file, line and column, and carries on, so that every problem of a file is reported in
one run. An import with errors writes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

import attrs
import pendulum

from foretell.dates import parse_date
from foretell.model import AMBIGUOUS, ANNULLED, NO, YES, Evidence, Forecast, Outcome
from foretell.problems import Location, Problem, Severity

__all__ = [
    "ImportResult",
    "Issues",
    "SourceFile",
    "date_of",
    "evidence_id",
    "forecast_id",
    "parse_outcome",
    "parse_probability",
    "read_csv_rows",
    "slug",
]

#: Longest slug taken from question text (ids stay readable in file listings).
SLUG_LENGTH: Final = 48

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_DATE_HEAD = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[Tt ]\d{1,2}:\d{2}(?::\d{1,2}(?:\.\d+)?)?.*)?")


@attrs.frozen
class SourceFile:
    """A file an import read: its path as given, size and SHA-256 (for the import note)."""

    path: str
    sha256: str
    size: int

    @classmethod
    def of(cls, path: Path, content: bytes) -> SourceFile:
        return cls(str(path), hashlib.sha256(content).hexdigest(), len(content))


@attrs.frozen
class ImportResult:
    """Forecasts and evidence parsed from another system's files, before anything is written.

    Attributes:
        format: the format name (``csv``, ``fatebook``, ...).
        sources: the files read.
        forecasts: the forecasts, in a deterministic order.
        evidence: the evidence records resolving them, in a deterministic order.
        problems: errors and warnings about the input, each with file, line and column.
        notes: how the data was mapped, in sentences, for the import note and the user.
    """

    format: str
    sources: tuple[SourceFile, ...]
    forecasts: tuple[Forecast, ...]
    evidence: tuple[Evidence, ...]
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


class Issues:
    """A list of problems being collected, with shorthands for errors and warnings."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, where: Location, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(where, "I101", message, hint))

    def warn(self, where: Location, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(where, "I102", message, hint, Severity.WARNING))

    @property
    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Text without control characters (YAML files cannot hold them), line ends as ``\\n``."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def slug(text: str, length: int = SLUG_LENGTH) -> str:
    """A lowercase ``a-z0-9-`` slug of ``text`` (accents dropped), at most ``length`` long."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(value) > length:
        value = value[:length].rsplit("-", 1)[0] if "-" in value[:length] else value[:length]
    return value.strip("-")


def short_hash(*parts: str, length: int = 8) -> str:
    """A short, stable hexadecimal digest of some text (for ids that must not collide)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def forecast_id(prefix: str, key: str) -> str:
    """The id of an imported forecast: ``PREFIX-KEY``, KEY slugged.

    A key that does not survive slugging unchanged (upper case, punctuation) gets a short hash
    of the original appended, so that two keys differing only in case stay apart.
    """
    cleaned = slug(key, length=80)
    if cleaned != key:
        cleaned = f"{cleaned}-{short_hash(key)}" if cleaned else short_hash(key)
    return f"{prefix}-{cleaned}"


def evidence_id(forecast: str, suffix: str | None = None) -> str:
    """The id of the evidence record that resolves an imported forecast."""
    return forecast if suffix is None else f"{forecast}-{suffix}"


def date_of(value: str) -> pendulum.Date:
    """A calendar date from ``YYYY-MM-DD``, or a datetime (with or without a UTC offset).

    Exports write datetimes in many ways (``2024-03-01 10:00:00``, ``...T10:00:00.123Z``,
    ``...+00:00``); the date is the one written, as foretell works in whole days.

    Raises:
        ValueError: with a message fit for a user.
    """
    text = value.strip()
    head = _DATE_HEAD.fullmatch(text)
    if head is None:
        return parse_date(text)  # raises with the standard message
    return parse_date(head.group(1))


def date_of_timestamp(seconds: float) -> pendulum.Date:
    """The UTC calendar date of a Unix timestamp.

    Raises:
        ValueError: for NaN, infinities and timestamps outside the years 1..9999.
    """
    try:
        return pendulum.from_timestamp(seconds, tz="UTC").date()
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"{seconds!r} is not a Unix timestamp of a date") from None


_PERCENT = re.compile(r"^\s*([-+]?\d+(?:\.\d*)?|[-+]?\.\d+)\s*%\s*$")


def parse_probability(text: str, *, percent: bool = False) -> float:
    """A probability from ``0.7``, ``70%`` or (with ``percent``) ``70``.

    Raises:
        ValueError: for text that is not a number, or a value outside [0, 1].
    """
    match = _PERCENT.match(text)
    if match:
        value = float(match.group(1)) / 100
    else:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a probability (write 0.7 or 70%)") from None
        if not math.isfinite(value):
            raise ValueError(f"{text!r} is not a probability (write 0.7 or 70%)")
        if percent:
            value /= 100
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"probability {text!r} is outside 0..1 (0%..100%)")
    return value


#: Words read as outcomes, case-insensitively (more can be mapped with ``--outcome``).
OUTCOME_WORDS: Final[Mapping[str, Outcome]] = {
    "yes": YES,
    "y": YES,
    "true": YES,
    "1": YES,
    "1.0": YES,
    "right": YES,
    "no": NO,
    "n": NO,
    "false": NO,
    "0": NO,
    "0.0": NO,
    "wrong": NO,
    "ambiguous": AMBIGUOUS,
    "annulled": ANNULLED,
}


def parse_outcome(text: str, words: Mapping[str, Outcome | None]) -> Outcome | None:
    """An outcome from a table cell; ``None`` for an open question (an empty cell).

    ``words`` maps lowercase words to outcomes (``None`` for "still open") and takes precedence
    over the built-in words. A number strictly between 0 and 1 is a fractional outcome.

    Raises:
        ValueError: for a word that is neither built in nor mapped.
    """
    key = text.strip().lower()
    if key in words:
        return words[key]
    if key == "":
        return None
    if key in OUTCOME_WORDS:
        return OUTCOME_WORDS[key]
    try:
        value = float(key.rstrip("%")) / (100 if key.endswith("%") else 1)
    except ValueError:
        value = math.nan
    if 0.0 <= value <= 1.0:
        return YES if value == 1.0 else NO if value == 0.0 else value
    raise ValueError(
        f"outcome {text.strip()!r} is not yes, no, 1, 0, true, false, ambiguous, annulled, "
        "a fraction in [0, 1] or empty"
    )


def read_csv_rows(
    path: Path, issues: Issues
) -> tuple[bytes, list[str], Iterator[tuple[int, dict[str, str]]]] | None:
    """Read a CSV file: its bytes, header, and ``(line, row)`` pairs; ``None`` if unreadable.

    The file must be UTF-8 (a byte-order mark is allowed). Rows with a different number of
    cells than the header are reported and skipped; blank rows are skipped.
    """
    try:
        content = path.read_bytes()
    except OSError as error:
        issues.error(Location(str(path)), f"cannot read the file: {error.strerror or error}")
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        issues.error(
            Location(str(path)),
            f"the file is not UTF-8 text (byte {error.start})",
            "save it as UTF-8 (CSV UTF-8 in spreadsheet programs)",
        )
        return None
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        issues.error(Location(str(path)), "the file is empty: expected a header row")
        return None
    except csv.Error as error:
        issues.error(Location(str(path), 1, 1), f"invalid CSV: {error}")
        return None
    header = [h.strip() for h in header]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        line = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                issues.error(Location(str(path), line, 1), f"invalid CSV: {error}")
                return
            if not cells or all(not c.strip() for c in cells):
                line = reader.line_num + 1
                continue
            if len(cells) != len(header):
                issues.error(
                    Location(str(path), line, 1),
                    f"the row has {len(cells)} cells but the header has {len(header)}",
                    "quote cells that contain commas",
                )
            else:
                yield line, dict(zip(header, cells, strict=True))
            line = reader.line_num + 1

    return content, header, rows()
