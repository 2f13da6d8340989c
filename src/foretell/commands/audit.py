"""The ``foretell audit`` command."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
import pendulum

from foretell.commands.common import as_of_day_option, book_argument


def _grace(ctx: click.Context, param: click.Parameter, value: str) -> dt.timedelta:
    from foretell.audit import parse_grace  # noqa: PLC0415

    try:
        return parse_grace(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


def _kinds(ctx: click.Context, param: click.Parameter, value: str) -> frozenset[object]:
    from foretell.audit.render import parse_kinds  # noqa: PLC0415

    try:
        return frozenset(parse_kinds(value))
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


@click.command()
@book_argument
@click.option(
    "--since",
    metavar="REV",
    default=None,
    help="Report only what commits after REV did (and uncommitted changes); the whole "
    "history is still read.",
)
@click.option(
    "--grace",
    metavar="DURATION",
    default="2d",
    show_default=True,
    callback=_grace,
    help="How long after its 'made' day a prediction may be first committed (2d, 36h, 1w).",
)
@as_of_day_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one finding per line; json: the findings as data.",
)
@click.option(
    "--fail-on",
    metavar="KINDS",
    default="all",
    show_default=True,
    callback=_kinds,
    help="Exit with 1 when a finding of one of these kinds exists: comma-separated from "
    "back-dated, recorded-after-the-fact, changed-after-recording, removed, "
    "evidence-rewritten, not-yet-recorded; or all, none.",
)
def audit(  # noqa: PLR0917 - one parameter per command-line option
    book: Path,
    since: str | None,
    grace: dt.timedelta,
    as_of: pendulum.Date | None,
    output_format: str,
    fail_on: frozenset[object],
) -> None:
    """Check every prediction of BOOK against the book's git history.

    Finds predictions back-dated or first committed after their question resolved, recorded
    fields changed later, forecasts, predictions or evidence removed, evidence outcomes
    rewritten in place, and entries not committed yet. Dates are committer dates.
    Exits with 0 when no finding of a --fail-on kind exists, 1 when one does, 2 when the
    history cannot be read (no git, not a repository, a shallow clone).
    """
    from foretell.audit import GitError, audit_book  # noqa: PLC0415
    from foretell.audit.render import render_text, summary_line  # noqa: PLC0415
    from foretell.safetext import json_text  # noqa: PLC0415

    try:
        result = audit_book(book, grace=grace, as_of=as_of, since=since)
    except GitError as error:
        message = f"foretell audit: {error.message}"
        if error.hint:
            message += f"\n  hint: {error.hint}"
        click.echo(message, err=True)
        sys.exit(2)
    if output_format == "json":
        click.echo(json_text(result.to_json()))
    else:
        click.echo(render_text(result), nl=False)
        click.echo(summary_line(result), err=True)
    sys.exit(1 if result.failing(fail_on) else 0)  # type: ignore[arg-type]
