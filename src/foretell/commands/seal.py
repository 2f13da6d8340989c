"""The ``foretell seal`` command."""

from __future__ import annotations

import sys

import click

from foretell.commands.common import book_and_id


@click.command()
@click.argument("arguments", nargs=-1, metavar="[BOOK] ID")
@click.option(
    "--dry-run", is_flag=True, help="Check that the forecast can be sealed; write nothing."
)
def seal(arguments: tuple[str, ...], dry_run: bool) -> None:
    """Replace forecast ID of BOOK by a salted SHA-256 commitment, to reveal it later.

    The entry becomes 'id' and 'sealed: sha256:...'. Its text and the salt are kept in
    .foretell/seals/ID.json inside the book, which git ignores: keep that file safe, only it
    can reveal the forecast. Commit the book, and run 'foretell reveal' when the time comes;
    'foretell audit' then counts the predictions as recorded by the commit of the seal.
    Exits with 0 when sealed, 1 when the forecast cannot be sealed.
    """
    book, forecast_id = book_and_id(arguments)
    from foretell.audit.sealing import SealError, seal_forecast  # noqa: PLC0415
    from foretell.safetext import for_terminal  # noqa: PLC0415

    try:
        done = seal_forecast(book, forecast_id, dry_run=dry_run)
    except (SealError, OSError) as error:
        click.echo(f"foretell seal: {for_terminal(str(error))}", err=True)
        sys.exit(1)
    verb = "Would seal" if dry_run else "Sealed"
    click.echo(f"{verb} '{done.forecast}' in {done.path} as {done.commitment}")
    if not dry_run:
        click.echo(f"The private record is {done.record}: keep it, git ignores it.", err=True)
