"""The ``foretell predict`` command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from foretell.commands.authoring import (
    book_config,
    confirm_and_write,
    is_terminal,
    parse_made,
    parse_probability_text,
    refuse,
)


@click.command()
@click.argument("arguments", nargs=-1, metavar="[BOOK] ID PROBABILITY")
@click.option("--by", "by", help="The forecaster (default: forecaster in foretell.toml).")
@click.option(
    "--made",
    metavar="DATE",
    help="When: YYYY-MM-DD, a date-time with an offset, or a phrase. Default: today.",
)
@click.option("--note", help="Free text: the reasoning, what changed.")
@click.option("--yes", "-y", is_flag=True, help="Write without asking for confirmation.")
def predict(
    arguments: tuple[str, ...], by: str | None, made: str | None, note: str | None, yes: bool
) -> None:
    """Add a prediction to the existing forecast ID of BOOK: an update, or a new forecaster's.

    PROBABILITY is the probability of yes (0.7, .7 or 70%); for a forecast with categories,
    give each category's probability: red=0.2,blue=0.8. The prediction is written where the
    forecast lives, in its 'predictions' list.
    """
    from foretell.load import read_book  # noqa: PLC0415
    from foretell.write import WriteRefusedError, add_prediction  # noqa: PLC0415 - ruamel

    if len(arguments) == 3:
        book_text, forecast_id, probability_text = arguments
    elif len(arguments) == 2:
        book_text, (forecast_id, probability_text) = ".", arguments
    else:
        raise click.UsageError("give [BOOK] ID PROBABILITY")
    book = Path(book_text)
    if not book.is_dir():
        raise click.BadParameter(f"{book_text} is not a folder", param_hint="'BOOK'")
    interactive = is_terminal()
    config = book_config(book)
    reading = read_book(book)
    if not reading.book.has_forecast(forecast_id):
        from foretell.suggest import did_you_mean  # noqa: PLC0415

        hint = did_you_mean(forecast_id, reading.forecast_ids) or "foretell status lists them"
        raise click.BadParameter(
            f"no forecast '{forecast_id}' in the book (or it has errors); {hint}",
            param_hint="'ID'",
        )
    forecast = reading.book.forecast(forecast_id)
    try:
        made_value = parse_made(made)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--made'") from None
    probability: Any
    try:
        if forecast.outcomes:
            probability = _categories(probability_text, forecast.outcomes)
        else:
            probability = parse_probability_text(probability_text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'PROBABILITY'") from None
    forecaster = by or config.forecaster
    if forecaster is None:
        if not interactive:
            raise click.UsageError("missing --by (no forecaster in foretell.toml)")
        forecaster = click.prompt("Forecaster").strip()
    prediction: dict[str, Any] = {"by": forecaster, "made": made_value}
    prediction["probability"] = probability
    if note:
        prediction["note"] = note
    try:
        preview = add_prediction(book, forecast_id, prediction, dry_run=True)
        written = confirm_and_write(
            preview,
            lambda: add_prediction(book, forecast_id, prediction),
            yes=yes,
            interactive=interactive,
            what=f"the prediction on '{forecast_id}'",
        )
    except WriteRefusedError as error:
        refuse(error)
    click.echo(f"Added {forecaster}'s prediction on '{forecast_id}' to {written.path}.", err=True)


def _categories(text: str, outcomes: tuple[str, ...]) -> dict[str, float]:
    """``red=0.2,blue=0.8`` as a mapping of category to probability, summing to 1."""
    result: dict[str, float] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(
                "this forecast has categories: give each one's probability, e.g. "
                + ",".join(f"{o}=..." for o in outcomes[:3])
            )
        if name not in outcomes:
            raise ValueError(f"'{name}' is not a category of the forecast: {', '.join(outcomes)}")
        result[name] = parse_probability_text(value.strip())
    if abs(sum(result.values()) - 1.0) > 1e-6:
        raise ValueError(f"the probabilities must sum to 1; they sum to {sum(result.values()):g}")
    return result
