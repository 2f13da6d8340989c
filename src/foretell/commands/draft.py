"""The ``foretell draft`` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import pendulum

from foretell import wording
from foretell.commands.common import parse_as_of, styled
from foretell.dates import today as utc_today
from foretell.files import read_regular_file
from foretell.suggest import slugify


def _yardstick(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return wording.yardstick(value).name
    except wording.UnknownYardstickError as error:
        raise click.BadParameter(str(error), ctx, param) from None


@click.command()
@click.argument(
    "document", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="DOCUMENT"
)
@click.option(
    "--forecaster", metavar="NAME", help="Who made the statements (default: the file's name)."
)
@click.option(
    "--made",
    metavar="DATE",
    callback=parse_as_of,
    help="The day the statements were made (YYYY-MM-DD); relative time expressions count from "
    "it. Default: today (UTC).",
)
@click.option(
    "--yardstick",
    metavar="NAME",
    callback=_yardstick,
    help="The yardstick that reads the estimative words (default: the book's, else icd203).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft to this new file (never replaces one); default: print it.",
)
def draft(
    document: Path,
    forecaster: str | None,
    made: pendulum.Date | None,
    yardstick: str | None,
    output: Path | None,
) -> None:
    """Draft candidate forecasts from the forward-looking sentences of DOCUMENT.

    Each sentence that states or reports an expectation, a possibility, a plan or an obligation
    about the future becomes an entry with 'draft: true': its exact words as the quote, its
    estimative words as the wording (read through the yardstick), and a deadline guessed from
    its time expressions. Questions and criteria are left for you to write. Drafts are checked
    but never scored. Exits with 1 when the document cannot be read or the output exists.
    """
    from foretell import draft as drafting  # noqa: PLC0415 - loads the sentence segmenter
    from foretell.load import read_book  # noqa: PLC0415

    try:
        # A regular file only: a FIFO or /dev/zero would make the read wait or never end.
        text = read_regular_file(document).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"cannot read {document}: {error}") from None
    book = _book_root(output.parent if output is not None else Path.cwd())
    if yardstick is None:
        yardstick = _book_yardstick(book)
    made = made or utc_today()
    found = drafting.candidates(text, made=made, yardstick=yardstick)
    content = drafting.render(
        found,
        made=made,
        forecaster=forecaster or slugify(document.stem) or "author",
        yardstick=yardstick,
        document=_inside(document, book),
        title=document.name,
        today=utc_today(),
    )
    if output is None:
        click.echo(content, nl=False)
        return
    if output.exists():
        raise click.ClickException(f"{output} exists: foretell draft never replaces a file")
    if book is not None:
        relative = _inside(output, book)
        if relative is not None:
            reading = read_book(book, overlay={relative: content})
            errors = [p for p in reading.problems if p.is_error and p.location.path == relative]
            if errors:  # pragma: no cover - a bug: the draft must check clean
                for problem in errors:
                    click.echo(styled(problem), err=True)
                sys.exit(1)
    from foretell.write.atomic import replace_file  # noqa: PLC0415

    try:
        replace_file(output, content.encode("utf-8"), create=True)
    except FileExistsError:
        raise click.ClickException(
            f"{output} exists: foretell draft never replaces a file"
        ) from None
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
    click.echo(f"{len(found)} candidate forecasts written to {output}", err=True)


def _book_root(start: Path) -> Path | None:
    """The book that holds ``start``: the nearest folder, upwards, with a ``forecasts`` folder."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "forecasts").is_dir():
            return candidate
    return None


def _inside(path: Path, book: Path | None) -> str | None:
    """``path`` relative to the book, with forward slashes, if it lies inside it."""
    if book is None:
        return None
    try:
        return (
            Path(os.path.relpath(path.resolve(), book)).as_posix()
            if path.resolve().is_relative_to(book)
            else None
        )
    except ValueError:
        return None


def _book_yardstick(book: Path | None) -> str:
    if book is None:
        return wording.DEFAULT_YARDSTICK
    from foretell.load.config import read_config  # noqa: PLC0415

    return read_config(book).yardstick or wording.DEFAULT_YARDSTICK
