"""The ``foretell status`` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pendulum

from foretell import today
from foretell.commands.common import (
    as_of_option,
    book_argument,
    echo_document,
    no_cache_option,
    read_book_with_errors,
)
from foretell.dates import calendar_date
from foretell.model import Status
from foretell.safetext import json_text


@click.command()
@book_argument
@as_of_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: counts and what needs attention; json: every forecast as data.",
)
@click.option(
    "--due-within",
    default="30d",
    show_default=True,
    metavar="DURATION",
    help="List open forecasts whose deadline falls within this window: 30d, 6w, 3m, 1y or P30D.",
)
@click.option(
    "--fail-on",
    default="",
    metavar="STATES",
    help="Exit with 1 if any forecast is in one of these comma-separated states, e.g. "
    "overdue,conflict (states: open, resolved, overdue, conflict, provisional, annulled, "
    "ambiguous, due).",
)
@no_cache_option
def status(  # noqa: PLR0917 - one parameter per command-line option
    book: Path,
    as_of: pendulum.Date | pendulum.DateTime | None,
    output_format: str,
    due_within: str,
    fail_on: str,
    no_cache: bool,
) -> None:
    """Show where every forecast of BOOK stands, and what needs attention.

    Counts forecasts per state (open, resolved, overdue, conflict, provisional, annulled,
    ambiguous), then lists overdue forecasts, conflicting evidence, provisional default outcomes
    and forecasts due within --due-within. A book with errors is shown as far as it loaded, with
    the errors first, and exits with 1.
    """
    from foretell.status import book_status, parse_window, render_table, to_json  # noqa: PLC0415

    day = as_of or today()
    try:
        due_by = parse_window(due_within, calendar_date(day))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--due-within'") from None
    states = {part.strip() for part in fail_on.split(",") if part.strip()}
    known = {s.value for s in Status} | {"due"}
    if states - known:
        unknown = ", ".join(sorted(states - known))
        raise click.BadParameter(
            f"unknown state(s): {unknown}; choose from {', '.join(sorted(known))}",
            param_hint="'--fail-on'",
        )
    reading, errors = read_book_with_errors(book, no_cache=no_cache)
    report = book_status(reading.book, day, due_by, errors, left_out=reading.left_out())
    if output_format == "json":
        click.echo(json_text(to_json(report)))
    else:
        title = reading.title or f"Book {book.resolve().name}"
        echo_document(render_table(report, title=title))
    sys.exit(report.exit_code(states))
