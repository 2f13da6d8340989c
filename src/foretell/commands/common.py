"""What the commands share: the BOOK argument, ``--as-of``, reading a book, printing problems.

Every command module imports from here, never from :mod:`foretell.cli`, which imports them.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click
import pendulum

from foretell.check import check_reading
from foretell.dates import parse_date
from foretell.files import write_atomically
from foretell.load import BookReading, read_book
from foretell.problems import Problem

#: Exit code for a bug in foretell itself (as black does), distinct from 1 and 2.
INTERNAL_ERROR = 123

book_argument = click.argument(
    "book",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)


def parse_as_of(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> pendulum.Date | None:
    """``--as-of`` as a date; an invalid date is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


as_of_option = click.option(
    "--as-of",
    metavar="DATE",
    callback=parse_as_of,
    help="The day to resolve on (YYYY-MM-DD). Default: today (UTC).",
)


def read_for_command(book: Path) -> BookReading:
    """Read a book that the command keeps until it exits.

    The book's objects live as long as the process, so they are moved out of the cycle
    collector's reach (:func:`gc.freeze`): otherwise every later collection rescans them all,
    which on a book of 10,000 forecasts costs more than resolving and scoring it.
    """
    reading = read_book(book)
    gc.freeze()
    return reading


def read_clean_book(book: Path) -> BookReading:
    """Read a book; on errors, print them (and how to see them) and exit with 1."""
    reading = read_for_command(book)
    problems = check_reading(reading)
    errors = [p for p in problems if p.is_error]
    if errors:
        for problem in errors:
            click.echo(styled(problem), err=True)
        click.echo(
            f"The book has {len(errors)} error{'' if len(errors) == 1 else 's'}; fix "
            "them first (foretell check lists them all).",
            err=True,
        )
        sys.exit(1)
    return reading


def write_output(path: Path, text: str) -> None:
    """Write a file atomically; a failure (disk full, no permission) is a one-line error."""
    try:
        write_atomically(path, text)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from None


def styled(problem: Problem) -> str:
    colour = "red" if problem.is_error else "yellow"
    severity = click.style(problem.severity.value, fg=colour, bold=True)
    text = f"{problem.location}: {severity}[{problem.code}]: {problem.message}"
    if problem.hint:
        text += f"; {problem.hint}"
    return text
