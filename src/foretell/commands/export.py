"""The ``foretell export`` command."""

from __future__ import annotations

from pathlib import Path

import click
import pendulum

from foretell import today
from foretell.commands.common import as_of_day_option, book_argument, read_clean_book, write_output

_FORMATS = ("csv", "fatebook", "jsonl")


@click.command()
@click.argument("format_name", metavar="FORMAT", type=click.Choice(_FORMATS))
@book_argument
@as_of_day_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of printing.",
)
@click.option(
    "--forecaster",
    default=None,
    help="Export this forecaster's predictions only (required for fatebook when the book has "
    "several forecasters: Fatebook gives every imported forecast to you).",
)
def export(
    format_name: str,
    book: Path,
    as_of: pendulum.Date | None,
    output: Path | None,
    forecaster: str | None,
) -> None:
    """Export BOOK's forecasts, predictions and resolutions as of a day.

    FORMAT is csv (one row per prediction with its resolution and Brier contribution; 'foretell
    import csv' reads it back), fatebook (Fatebook's spreadsheet import) or jsonl (one JSON object
    per forecast). Multi-category forecasts are left out of the two CSV formats.
    """
    from foretell.exporters import export_book  # noqa: PLC0415

    reading = read_clean_book(book)
    if forecaster is not None and forecaster not in reading.book.forecasters:
        raise click.BadParameter(
            f"no forecaster {forecaster!r} in the book; forecasters: "
            + ", ".join(reading.book.forecasters),
            param_hint="'--forecaster'",
        )
    try:
        result = export_book(
            reading.book, format_name, as_of=as_of or today(), forecaster=forecaster
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    for forecast_id, reason in result.skipped:
        click.echo(f"left out {forecast_id}: {reason}", err=True)
    if output is None:
        click.echo(result.text, nl=False)
    else:
        write_output(output, result.text)
        click.echo(f"Wrote {result.rows} rows to {output}", err=True)
