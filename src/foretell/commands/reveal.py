"""The ``foretell reveal`` command."""

from __future__ import annotations

import sys

import click

from foretell.commands.common import book_and_id


@click.command()
@click.argument("arguments", nargs=-1, metavar="[BOOK] ID")
@click.option("--dry-run", is_flag=True, help="Check that the forecast can be revealed.")
def reveal(arguments: tuple[str, ...], dry_run: bool) -> None:
    """Restore the sealed forecast ID of BOOK, with the salt that proves its commitment.

    The text comes back exactly as it was sealed, with 'revealed: {commitment, salt}' added so
    that anyone can check it. Nothing is written unless the restored forecast hashes to the
    commitment in the book. Exits with 0 when revealed, 1 when it cannot be.
    """
    book, forecast_id = book_and_id(arguments)
    from foretell.audit.sealing import SealError, reveal_forecast  # noqa: PLC0415
    from foretell.safetext import for_terminal  # noqa: PLC0415

    try:
        done = reveal_forecast(book, forecast_id, dry_run=dry_run)
    except (SealError, OSError) as error:
        click.echo(f"foretell reveal: {for_terminal(str(error))}", err=True)
        sys.exit(1)
    verb = "Would reveal" if dry_run else "Revealed"
    click.echo(f"{verb} '{done.forecast}' in {done.path}: it matches {done.commitment}")
