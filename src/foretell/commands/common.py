"""What the commands share: BOOK, ``--as-of``, ``--no-cache``, reading a book, printing problems.

Every command module imports from here, never from :mod:`foretell.cli`, which imports them.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import click
import pendulum

from foretell.check import check_reading
from foretell.dates import parse_date, parse_instant
from foretell.files import cleanup_on_termination, write_files
from foretell.load import BookReading, ParseCache, read_book
from foretell.output import OutputRefusedError, check_companion, output_path
from foretell.problems import Problem
from foretell.safetext import display_path, for_terminal

#: Exit code for a bug in foretell itself (as black does), distinct from 1 and 2.
INTERNAL_ERROR = 123

# readable=False: a book folder that cannot be read is a located problem (P102) of the reading,
# reported like every other unreadable part of a book, not a usage error.
book_argument = click.argument(
    "book",
    default=".",
    type=click.Path(exists=True, file_okay=False, readable=False, path_type=Path),
)


def book_and_id(arguments: tuple[str, ...]) -> tuple[Path, str]:
    """The BOOK (default: the current folder) and ID of a ``[BOOK] ID`` command line."""
    if len(arguments) == 1:
        book_text, forecast_id = ".", arguments[0]
    elif len(arguments) == 2:
        book_text, forecast_id = arguments
    else:
        raise click.UsageError("give [BOOK] ID")
    book = Path(book_text)
    if not book.is_dir():
        raise click.BadParameter(f"{book_text} is not a folder", param_hint="'BOOK'")
    return book, forecast_id


def parse_as_of(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> pendulum.Date | pendulum.DateTime | None:
    """``--as-of`` as a date or a date-time with its offset; invalid is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return parse_instant(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


def parse_as_of_day(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> pendulum.Date | None:
    """``--as-of`` as a date only; an invalid date is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


#: ``--as-of`` for commands that work in whole days.
as_of_day_option = click.option(
    "--as-of",
    metavar="DATE",
    callback=parse_as_of_day,
    help="The day to resolve on (YYYY-MM-DD). Default: today (UTC).",
)

#: ``--as-of`` for commands that resolve the book: a day or an instant.
as_of_option = click.option(
    "--as-of",
    metavar="DATE",
    callback=parse_as_of,
    help="The day to resolve on (YYYY-MM-DD: up to its end in the book's time zone), or an "
    "instant (2026-06-05T13:34:00+02:00). Default: today (UTC).",
)


no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    help="Read every file afresh, without the parse cache (which is kept in the user's cache "
    "folder, or in $FORETELL_CACHE_DIR).",
)


def parse_cache(no_cache: bool) -> ParseCache | None:
    """The parse cache a command uses: none with ``--no-cache``."""
    return None if no_cache else ParseCache()


def read_for_command(book: Path, *, no_cache: bool = False) -> BookReading:
    """Read a book that the command keeps until it exits.

    The book's objects live as long as the process, so they are moved out of the cycle
    collector's reach (:func:`gc.freeze`): otherwise every later collection rescans them all,
    which on a book of 10,000 forecasts costs more than resolving and scoring it.
    """
    reading = read_book(book, cache=parse_cache(no_cache))
    gc.freeze()
    return reading


def read_clean_book(book: Path, *, no_cache: bool = False) -> BookReading:
    """Read a book; on errors, print them (and how to see them) and exit with 1."""
    reading = read_for_command(book, no_cache=no_cache)
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


def read_book_with_errors(
    book: Path, *, no_cache: bool = False
) -> tuple[BookReading, tuple[Problem, ...]]:
    """Read a book for a command that works on what loaded: print its errors, return them.

    The command goes on with the valid entries and exits with 1 at the end when there were
    errors, so that a scheduled job both publishes and fails loudly.
    """
    reading = read_for_command(book, no_cache=no_cache)
    errors = tuple(p for p in check_reading(reading) if p.is_error)
    if errors:
        for problem in errors:
            click.echo(styled(problem), err=True)
        click.echo(
            f"The book has {len(errors)} error{'' if len(errors) == 1 else 's'}; the entries "
            "with errors are left out (foretell check lists every problem).",
            err=True,
        )
    return reading, errors


def write_output(path: Path, text: str) -> None:
    """Write a file atomically; a failure (disk full, no permission) is a one-line error."""
    write_outputs([(path, text)])


def write_outputs(files: Sequence[tuple[Path, str | Iterable[str]]]) -> None:
    """Write a set of files (a report and its diagrams) all or nothing; failures are one line.

    A text may come in pieces (a report's stream), written as they come. A SIGTERM during the
    write removes the temporary files before the process ends.
    """
    try:
        with cleanup_on_termination():
            write_files(files)
    except OSError as error:
        name = error.filename if isinstance(error.filename, str) else files[-1][0]
        raise click.ClickException(
            f"cannot write {display_path(str(name))}: {error.strerror or error}"
        ) from None


def resolve_output(raw: str | None, book: Path) -> Path | None:
    """The ``--output`` file (``None`` for standard output); a refused one is a usage error."""
    try:
        return output_path(raw, book)
    except OutputRefusedError as error:
        raise click.BadParameter(for_terminal(str(error)), param_hint="'--output'") from None


def check_output(path: Path, book: Path) -> None:
    """Refuse (as a usage error) a companion file of the output that would land in the book,
    leave it through a link, or is not a regular file (:func:`foretell.output.check_companion`)."""
    try:
        check_companion(path, book)
    except OutputRefusedError as error:
        raise click.BadParameter(for_terminal(str(error)), param_hint="'--output'") from None


def echo_document(text: str) -> None:
    """Print a multi-line document (a report, a table) with control characters escaped."""
    click.echo(for_terminal(text, keep_newlines=True), nl=False)


def styled(problem: Problem) -> str:
    """A problem as one line for a terminal: ``PATH:LINE:COLUMN: error[CODE]: message; hint``.

    Everything the book controls is escaped (:mod:`foretell.safetext`): the line cannot hold a
    control character, a terminal escape or a line break, and the path cannot hold a ``:``.
    """
    colour = "red" if problem.is_error else "yellow"
    severity = click.style(problem.severity.value, fg=colour, bold=True)
    text = f"{problem.location}: {severity}[{problem.code}]: {for_terminal(problem.message)}"
    if problem.hint:
        text += f"; {for_terminal(problem.hint)}"
    return text
