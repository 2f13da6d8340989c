"""The ``foretell export`` command."""

from __future__ import annotations

from pathlib import Path

import click
import pendulum

from foretell import today
from foretell.commands.common import as_of_day_option, book_argument, read_clean_book, write_output
from foretell.load import BookReading

_FORMATS = ("csv", "fatebook", "jsonl", "parquet")


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

    parquet writes a forecast table in the book's own table format (docs/tables.md), YAML and
    table predictions alike, to --output (required): a book holding it in forecasts/ instead of
    the YAML files reads back the same yes/no forecasts and predictions.
    """
    from foretell.exporters import export_book  # noqa: PLC0415

    reading = read_clean_book(book)
    if output is not None:
        _refuse_book_files(book, output, format_name)
    if format_name == "parquet":
        _export_parquet(reading, output, as_of=as_of, forecaster=forecaster)
        return
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


def _export_parquet(
    reading: BookReading,
    output: Path | None,
    *,
    as_of: pendulum.Date | None,
    forecaster: str | None,
) -> None:
    """``foretell export parquet``: a forecast table through the table engine."""
    if output is None:
        raise click.UsageError("export parquet writes a binary file: give --output PATH")
    try:
        from foretell.tables.report import book_forecasters  # noqa: PLC0415
        from foretell.tables.write import export_parquet  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the extra is part of the test environment
        raise click.UsageError("export parquet needs: pip install 'foretell[tables]'") from None
    names = book_forecasters(reading)
    if forecaster is not None and forecaster not in names:
        raise click.BadParameter(
            f"no forecaster {forecaster!r} in the book; forecasters: " + ", ".join(names),
            param_hint="'--forecaster'",
        )
    try:
        result = export_parquet(reading, output, as_of=as_of, forecaster=forecaster)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error}") from None
    for forecast_id in result.left_out:
        click.echo(f"left out {forecast_id}: a table holds yes/no questions only", err=True)
    click.echo(f"Wrote {result.rows} rows to {output}", err=True)


def _refuse_book_files(book: Path, output: Path, format_name: str) -> None:
    """Refuse an --output that would overwrite or add to the book's own records.

    Book files (.yaml/.yml, foretell.toml) and git's or foretell's folders are never
    overwritten; a text export is not written into forecasts/ or evidence/, where the
    book would read it as a record. (A parquet table in forecasts/ is a valid book file.)
    """
    root = book.resolve()
    target = output.resolve()
    if not target.is_relative_to(root):
        return
    parts = target.relative_to(root).parts
    protected = (
        (parts[:1] in (("forecasts",), ("evidence",)) and format_name != "parquet")
        or (parts[:1] in ((".git",), (".foretell",)))
        or parts == ("foretell.toml",)
        or (target.exists() and target.suffix.lower() in (".yaml", ".yml"))
    )
    if protected:
        raise click.BadParameter(
            f"{output} is one of the book's own files or folders: an export there would "
            "overwrite or corrupt the book's records; write it elsewhere (e.g. exports/)",
            param_hint="'--output'",
        )
