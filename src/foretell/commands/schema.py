"""The ``foretell schema`` command."""

from __future__ import annotations

import click

from foretell.schemas import SCHEMA_KINDS, schema_text


@click.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS))
def schema(kind: str) -> None:
    """Print the JSON Schema of forecast or evidence files (for editors and validators).

    The schemas ship with foretell; 'foretell init' copies them into a new book's schema/
    folder. To refresh a book's copy after upgrading: foretell schema forecasts >
    schema/forecasts.schema.json
    """
    click.echo(schema_text(kind), nl=False)
