"""Where a book stands on a date, and what needs attention: the data behind ``foretell status``.

:func:`book_status` is pure (a book and dates in, a :class:`BookStatus` out);
:func:`render_table` and :func:`to_json` turn it into text for people and data for programs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from foretell.dates import calendar_date
from foretell.model import Book, Resolution, Status
from foretell.problems import Location, Problem
from foretell.resolution import book_as_of, resolve
from foretell.safetext import excerpt

__all__ = [
    "BookStatus",
    "book_status",
    "parse_window",
    "provisional_reason",
    "render_table",
    "to_json",
]

_WINDOW = re.compile(
    r" *([0-9]+) *(d|day|days|w|week|weeks|m|month|months|y|year|years) *", re.IGNORECASE
)
_ISO_DURATION = re.compile(
    r" *P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)? *", re.IGNORECASE
)
_LAST_DAY = pendulum.Date(9999, 12, 31)


def parse_window(text: str, start: pendulum.Date) -> pendulum.Date:
    """The last day of a window such as ``30d`` starting at ``start``.

    Accepts a whole number with a unit (``d``/``days``, ``w``/``weeks``, ``m``/``months``,
    ``y``/``years``) or an ISO 8601 duration in whole years, months, weeks and days (``P30D``,
    ``P1M``, ``P1Y2M``; no fractions, no time part: foretell counts whole days). Months and
    years are calendar months and years (2026-01-31 + 1 month = 2026-02-28). A window reaching
    past 9999-12-31, the last day a date can name, ends on that day.

    Raises:
        ValueError: when the text is neither.
    """
    years = months = weeks = days = 0
    match = _WINDOW.fullmatch(text)
    iso = _ISO_DURATION.fullmatch(text)
    if match is not None:
        amount, unit = int(match.group(1)), match.group(2)[0].lower()
        years, months, weeks, days = (
            amount if unit == which else 0 for which in ("y", "m", "w", "d")
        )
    elif iso is not None and any(iso.groups()):
        years, months, weeks, days = (int(part or 0) for part in iso.groups())
    else:
        raise ValueError(
            f"invalid duration {excerpt(text)}: write whole days, weeks, months or years, "
            "e.g. 30d, 6w, 3m, 1y or P30D"
        )
    if years > _LAST_DAY.year or months > 12 * _LAST_DAY.year or weeks > 10**6 or days > 10**7:
        return _LAST_DAY
    try:
        return start.add(years=years, months=months, weeks=weeks, days=days)
    except (OverflowError, ValueError):  # past 9999-12-31
        return _LAST_DAY


@attrs.frozen
class BookStatus:
    """The state of every forecast of a book on one day.

    Attributes:
        as_of: the day, or the instant, the book is resolved on.
        due_by: the last day of the "due soon" window.
        resolutions: every forecast's resolution, in the book's order.
        sealed: ids of the sealed forecasts (not scored until revealed).
        problems: the errors found in the book; entries with errors are left out of
            ``resolutions``, and a book with errors makes the command exit with 1.
        left_out: ``(kind, id, location)`` of each entry left out for its errors.
    """

    as_of: pendulum.Date | pendulum.DateTime
    due_by: pendulum.Date
    resolutions: tuple[Resolution, ...]
    sealed: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    left_out: tuple[tuple[str, str, Location], ...] = ()

    def exit_code(self, fail_on: Iterable[str] = ()) -> int:
        """1 when the book has errors or a forecast is in a state of ``fail_on``, else 0.

        ``fail_on`` holds state names (``overdue``, ``conflict``, ...) and ``due``.
        """
        present = {r.status.value for r in self.resolutions}
        if self.due:
            present.add("due")
        return 1 if self.problems or set(fail_on) & present else 0

    @property
    def counts(self) -> dict[str, int]:
        """Number of forecasts per status, every status listed (zero included)."""
        counter = Counter(r.status for r in self.resolutions)
        return {status.value: counter.get(status, 0) for status in Status}

    @property
    def overdue(self) -> tuple[Resolution, ...]:
        """Forecasts past their deadline with no evidence and no ``otherwise``, oldest first."""
        return self._sorted(r for r in self.resolutions if r.status is Status.OVERDUE)

    @property
    def conflicts(self) -> tuple[Resolution, ...]:
        """Forecasts whose evidence disagrees."""
        return self._sorted(r for r in self.resolutions if r.status is Status.CONFLICT)

    @property
    def provisional(self) -> tuple[Resolution, ...]:
        """Forecasts whose ``otherwise`` outcome waits for the evidence to be checked."""
        return self._sorted(r for r in self.resolutions if r.status is Status.PROVISIONAL)

    @property
    def due(self) -> tuple[Resolution, ...]:
        """Open forecasts whose deadline falls on or before :attr:`due_by`, soonest first."""
        return self._sorted(
            r
            for r in self.resolutions
            if r.status is Status.OPEN and r.forecast.resolves <= self.due_by
        )

    @property
    def attention(self) -> tuple[Resolution, ...]:
        """Everything that needs a person: overdue, conflicting, provisional and due forecasts."""
        return self.overdue + self.conflicts + self.provisional + self.due

    @staticmethod
    def _sorted(resolutions: Any) -> tuple[Resolution, ...]:
        return tuple(sorted(resolutions, key=lambda r: (r.forecast.resolves, r.forecast.id)))


def book_status(
    book: Book,
    as_of: pendulum.Date | pendulum.DateTime,
    due_by: pendulum.Date,
    problems: tuple[Problem, ...] = (),
    *,
    left_out: tuple[tuple[str, str, Location], ...] = (),
) -> BookStatus:
    """Resolve the book as it stood on a day or instant; collect what needs attention by ``due_by``.

    Predictions made after ``as_of`` and evidence observed after it are left out
    (:func:`foretell.resolution.book_as_of`).
    """
    return BookStatus(
        as_of=as_of,
        due_by=due_by,
        resolutions=resolve(book_as_of(book, as_of), as_of),
        problems=problems,
        left_out=left_out,
        sealed=tuple(s.id for s in book.sealed),
    )


def provisional_reason(resolution: Resolution) -> str:
    """Why a provisional outcome is not final, in words."""
    return (
        f"deadline passed, evidence not checked since {resolution.evidence_checked_through}: "
        f"'{resolution.outcome}' by default is provisional"
    )


def to_json(status: BookStatus) -> dict[str, Any]:
    """The status as plain data: dates as ISO strings, ``null`` for what is not known."""
    return {
        "as_of": status.as_of.isoformat(),
        "due_by": status.due_by.isoformat(),
        "counts": status.counts,
        "attention": [r.forecast.id for r in status.attention],
        "sealed": list(status.sealed),
        "problems": [
            {"location": str(p.location), "code": p.code, "message": p.message}
            for p in status.problems
        ],
        "left_out": [
            {"kind": kind, "id": name, "location": str(where)}
            for kind, name, where in status.left_out
        ],
        "forecasts": [
            {
                "id": r.forecast.id,
                "status": r.status.value,
                "outcome": r.outcome,
                "resolved_on": r.resolved_on.isoformat() if r.resolved_on else None,
                "resolves": r.forecast.resolves.isoformat(),
                "evidence": list(r.evidence),
                "evidence_checked_through": (
                    r.evidence_checked_through.isoformat() if r.evidence_checked_through else None
                ),
            }
            for r in status.resolutions
        ],
    }


def render_table(status: BookStatus, *, title: str) -> str:
    """The status for people: counts, then the forecasts that need attention."""
    counts = status.counts
    total = sum(counts.values())
    lines = [
        f"{title} as of {status.as_of.isoformat()}: {total} forecast{'' if total == 1 else 's'}",
        "  " + ", ".join(f"{n} {name}" for name, n in counts.items()),
        "",
    ]
    if status.sealed:
        sealed = len(status.sealed)
        lines[2:2] = [
            f"  {sealed} sealed forecast{'' if sealed == 1 else 's'}, not scored until "
            f"revealed: {', '.join(status.sealed)}"
        ]
    if status.problems:
        count = len(status.problems)
        lines.append(
            f"The book has {count} error{'' if count == 1 else 's'}; the entries with errors are "
            "left out of these counts (foretell check explains each):"
        )
        lines += [f"  {p.location}: {p.code}: {p.message}" for p in status.problems]
        if status.left_out:
            lines.append("Left out:")
            lines += [f"  {kind} {name} ({where})" for kind, name, where in status.left_out]
        lines.append("")
    rows = [
        *(_row("overdue", r, status.as_of, "no evidence, no 'otherwise'") for r in status.overdue),
        *(
            _row("conflict", r, status.as_of, "evidence disagrees: " + ", ".join(r.evidence))
            for r in status.conflicts
        ),
        *(_row("provisional", r, status.as_of, provisional_reason(r)) for r in status.provisional),
        *(_row("due", r, status.as_of, _days_left(r, status.as_of)) for r in status.due),
    ]
    if not rows:
        lines.append(
            "Nothing needs attention: no overdue, conflicting or provisional forecasts, none "
            f"due by {status.due_by}."
        )
        return "\n".join(lines) + "\n"
    lines.append(f"Needs attention (due by {status.due_by}):")
    header = ("STATE", "DEADLINE", "FORECAST", "WHY")
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(3)]
    for row in (header, *rows):
        cells = [row[i].ljust(widths[i]) for i in range(3)]
        lines.append("  " + "  ".join([*cells, row[3]]).rstrip())
    return "\n".join(lines) + "\n"


def _row(
    state: str, resolution: Resolution, as_of: pendulum.Date | pendulum.DateTime, why: str
) -> tuple[str, ...]:
    return (state, resolution.forecast.resolves.isoformat(), resolution.forecast.id, why)


def _days_left(resolution: Resolution, as_of: pendulum.Date | pendulum.DateTime) -> str:
    days = (resolution.forecast.resolves - calendar_date(as_of)).in_days()
    if days == 0:
        return "deadline today"
    return f"deadline in {days} day{'' if days == 1 else 's'}"
