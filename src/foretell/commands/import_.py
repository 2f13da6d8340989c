"""The ``foretell import`` command."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from foretell import today
from foretell.commands.common import styled
from foretell.model import AMBIGUOUS, ANNULLED, NO, YES, Outcome

_FORMATS = ("csv", "fatebook", "predictionbook", "forecastbench", "metaculus")
_OUTCOME_NAMES: dict[str, Outcome | None] = {
    "yes": YES,
    "no": NO,
    "ambiguous": AMBIGUOUS,
    "annulled": ANNULLED,
    "open": None,
}
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _pairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, equals, target = value.partition("=")
        if not equals:
            raise click.BadParameter(f"{value!r}: write NAME=VALUE", ctx, param)
        pairs[key.strip()] = target.strip()
    return pairs


@click.command(name="import")
@click.argument("format_name", metavar="FORMAT", type=click.Choice(_FORMATS))
@click.argument(
    "sources",
    metavar="SOURCE...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--into",
    "book",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The book to write into (created if it does not exist).",
)
@click.option(
    "--forecaster",
    default=None,
    help="Who made predictions the source does not attribute (csv rows without a forecaster, "
    "your own Metaculus forecasts); for PredictionBook, replaces the user name.",
)
@click.option("--update", is_flag=True, help="Merge a newer export into an earlier import.")
@click.option(
    "--name",
    default=None,
    help="Name of the import: its files are forecasts/NAME.yaml, evidence/NAME.yaml and "
    "imports/NAME.yaml, and ids start with NAME-. Default: the format.",
)
@click.option(
    "--column",
    "columns",
    multiple=True,
    callback=_pairs,
    metavar="FIELD=HEADER",
    help="csv: read FIELD (question, probability, outcome, made, resolves, forecaster, id, "
    "question_id, tags, observed, criteria, url) from the column HEADER. Repeatable.",
)
@click.option(
    "--outcome",
    "outcomes",
    multiple=True,
    callback=_pairs,
    metavar="WORD=OUTCOME",
    help="csv: read the cell WORD as OUTCOME (yes, no, ambiguous, annulled, open); "
    "'=ambiguous' maps empty cells. Repeatable.",
)
@click.option(
    "--as",
    "written_as",
    type=click.Choice(["yaml", "parquet"]),
    default="yaml",
    show_default=True,
    help="yaml: forecast and evidence files; parquet: forecast and evidence tables "
    "(docs/tables.md; needs foretell[tables]), for records of many thousands of predictions.",
)
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
def import_(  # noqa: PLR0917 - one parameter per command-line option
    format_name: str,
    sources: tuple[Path, ...],
    book: Path,
    forecaster: str | None,
    update: bool,
    name: str | None,
    columns: dict[str, str],
    outcomes: dict[str, str],
    written_as: str,
    dry_run: bool,
) -> None:
    """Import forecasts from FORMAT files into a book.

    FORMAT is csv (any table, one row per prediction), fatebook (Fatebook's CSV export),
    predictionbook (the PredictionBook scrape), forecastbench (ForecastBench question, forecast
    and resolution set JSON files) or metaculus (posts downloaded from Metaculus' API).
    Importing the same files twice changes nothing. Exit codes: 0 imported, 1 problems in the
    files (nothing written) or entries --update left alone, 2 usage error.
    """
    from foretell.importers import parse  # noqa: PLC0415
    from foretell.importers.run import import_into  # noqa: PLC0415

    prefix = name or format_name
    if not _NAME.fullmatch(prefix):
        raise click.BadParameter(
            f"{prefix!r} is not a lowercase slug (a-z, 0-9 and '-')", param_hint="'--name'"
        )
    from foretell.importers.table import FIELDS  # noqa: PLC0415

    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise click.BadParameter(
            f"unknown field {unknown[0]!r}; fields: {', '.join(FIELDS)}", param_hint="'--column'"
        )
    words: dict[str, Outcome | None] = {}
    for word, target in outcomes.items():
        if target.lower() not in _OUTCOME_NAMES:
            raise click.BadParameter(
                f"{word}={target}: the outcome must be one of {', '.join(_OUTCOME_NAMES)}",
                param_hint="'--outcome'",
            )
        words[word.lower()] = _OUTCOME_NAMES[target.lower()]
    try:
        result = parse(
            format_name,
            list(sources),
            prefix=prefix,
            forecaster=forecaster,
            columns=columns,
            outcomes=words,
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    options = {
        "forecaster": forecaster,
        "columns": dict(sorted(columns.items())),
        "outcomes": dict(sorted(outcomes.items())),
    }
    if written_as == "parquet":
        if update:
            raise click.UsageError("--update merges into YAML imports: leave out --as parquet")
        try:
            import foretell.tables.write  # noqa: F401, PLC0415 - the optional engine is here
        except ModuleNotFoundError:
            raise click.UsageError("--as parquet needs: pip install 'foretell[tables]'") from None
        from foretell.importers.as_tables import import_as_tables  # noqa: PLC0415

        outcome = import_as_tables(
            book, result, name=prefix, options=options, today=today(), dry_run=dry_run
        )
    else:
        outcome = import_into(
            book,
            result,
            name=prefix,
            options=options,
            update=update,
            today=today(),
            dry_run=dry_run,
        )
    for problem in outcome.problems:
        click.echo(styled(problem), err=True)
    errors = sum(p.is_error for p in outcome.problems)
    if errors:
        click.echo(f"Nothing was written: {errors} error{'s' if errors > 1 else ''}.", err=True)
        sys.exit(1)
    for line in outcome.summary:
        click.echo(line, err=True)
    for identifier, reason in outcome.kept:
        click.echo(f"kept {identifier}: {reason}", err=True)
    if outcome.unchanged:
        click.echo("Nothing to write: the book already holds this import.", err=True)
    else:
        verb = "Would write" if dry_run else "Wrote"
        for path in outcome.written:
            click.echo(f"{verb} {book / path}", err=True)
    if outcome.kept:
        sys.exit(1)
