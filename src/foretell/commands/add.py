"""The ``foretell add`` command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from foretell.commands.authoring import (
    ask,
    book_config,
    confirm_and_write,
    date_phrase,
    is_terminal,
    parse_made,
    parse_probability_text,
    refuse,
)
from foretell.commands.common import book_argument

#: Words that say little in an id: question openers, articles, most prepositions.
_FILLER_WORDS = frozenset(
    [
        "will",
        "would",
        "is",
        "are",
        "be",
        "been",
        "does",
        "do",
        "did",
        "has",
        "have",
        "had",
        "can",
        "could",
        "should",
        "the",
        "a",
        "an",
        "of",
        "by",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "than",
        "that",
        "this",
        "any",
        "its",
        "it",
    ]
)
_ID_WORDS = 7
_ID_LENGTH = 60


@click.command()
@book_argument
@click.option("--question", "-q", help="The question, crisp enough for an outsider to resolve.")
@click.option("--probability", "-p", help="The probability of yes: 0.7, .7 or 70%.")
@click.option(
    "--wording",
    help="The source's estimative words (e.g. 'likely'); the probability is read from them.",
)
@click.option(
    "--yardstick",
    metavar="NAME",
    help="The yardstick that reads --wording (foretell yardsticks lists them; default icd203).",
)
@click.option(
    "--resolves",
    "-r",
    metavar="DATE",
    help="The deadline: YYYY-MM-DD or a phrase such as 'end of 2026', 'in 3 months', "
    "'next friday' (counted from --made).",
)
@click.option("--criteria", "-c", help="How the question resolves, in words.")
@click.option(
    "--otherwise",
    type=click.Choice(["yes", "no"]),
    help="The outcome if no evidence settles the question by the deadline.",
)
@click.option("--quote", help="The exact words of the source (needs --document).")
@click.option(
    "--document",
    metavar="PATH",
    help="The local copy of the source, relative to the book (e.g. seeds/article.txt).",
)
@click.option("--url", help="The address of the source.")
@click.option("--tag", "tags", multiple=True, help="A label (repeat for several).")
@click.option("--forecaster", help="Who makes the prediction (default: foretell.toml).")
@click.option(
    "--made",
    metavar="DATE",
    help="When the prediction was made: YYYY-MM-DD, a date-time with an offset "
    "(2026-01-21T10:00+01:00) or a phrase such as 'yesterday'. Default: today.",
)
@click.option("--id", "forecast_id", help="The forecast's id (default: from the question).")
@click.option(
    "--file",
    "file",
    metavar="PATH",
    help="The forecast file to append to, relative to the book (default: forecasts/ID.yaml).",
)
@click.option("--yes", "-y", is_flag=True, help="Write without asking for confirmation.")
def add(  # noqa: PLR0917 - one parameter per command-line option
    book: Path,
    question: str | None,
    probability: str | None,
    wording: str | None,
    yardstick: str | None,
    resolves: str | None,
    criteria: str | None,
    otherwise: str | None,
    quote: str | None,
    document: str | None,
    url: str | None,
    tags: tuple[str, ...],
    forecaster: str | None,
    made: str | None,
    forecast_id: str | None,
    file: str | None,
    yes: bool,
) -> None:
    """Add a forecast to BOOK: a question, a probability and a deadline.

    On a terminal, missing fields are asked for and the entry is shown before it is written;
    without one, --question, --probability (or --wording) and --resolves are required. The
    book is checked as it would be after the change: if the forecast would bring an error,
    nothing is written and the problems are printed (exit 1).
    """
    from foretell.write import WriteRefusedError, append_forecast  # noqa: PLC0415 - ruamel

    interactive = is_terminal()
    config = book_config(book)
    made_value = _convert(lambda: parse_made(made), "--made")
    question = ask(question, "--question", "Question", _text, interactive=interactive)
    chance = _probability(probability, wording, yardstick, interactive)
    deadline = ask(
        _convert(lambda: date_phrase(resolves, made_value), "--resolves")
        if resolves is not None
        else None,
        "--resolves",
        "Resolves by (a date or e.g. 'end of 2026')",
        lambda text: date_phrase(text, made_value),
        interactive=interactive,
    )
    if resolves is not None and resolves.strip() != deadline.isoformat():
        click.echo(f"resolves: {resolves!r} is {deadline.isoformat()}", err=True)
    if criteria is None and interactive:
        criteria = click.prompt("Criteria (how it resolves; empty to skip)", default="") or None
    forecaster = forecaster or config.forecaster
    if forecaster is None:
        forecaster = ask(
            None,
            "--forecaster (or set forecaster in foretell.toml)",
            "Forecaster",
            _text,
            interactive=interactive,
        )
    if (quote is None) != (document is None):
        raise click.UsageError("--quote and --document go together")
    identifier = forecast_id or _derived_id(book, question)
    entry: dict[str, Any] = {"id": identifier, "question": question}
    if quote is not None:
        entry["quote"] = quote
    source = {k: v for k, v in (("url", url), ("document", document)) if v is not None}
    if source:
        entry["source"] = source
    if criteria:
        entry["criteria"] = criteria
    entry["resolves"] = deadline
    if otherwise:
        entry["otherwise"] = otherwise
    entry["forecaster"] = forecaster
    entry["made"] = made_value
    entry.update(chance)
    if tags:
        entry["tags"] = list(dict.fromkeys(tags))
    try:
        preview = append_forecast(book, entry, file=file, dry_run=True)
        written = confirm_and_write(
            preview,
            lambda: append_forecast(book, entry, file=file),
            yes=yes,
            interactive=interactive,
            what=f"forecast '{identifier}'",
        )
    except WriteRefusedError as error:
        refuse(error)
    click.echo(f"Added forecast '{identifier}' to {written.path}.", err=True)


def _text(text: str) -> str:
    if not text.strip():
        raise ValueError("this cannot be empty")
    return text.strip()


def _convert(function: Any, flag: str) -> Any:
    try:
        return function()
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=f"'{flag}'") from None


def _probability(
    probability: str | None, wording: str | None, yardstick: str | None, interactive: bool
) -> dict[str, Any]:
    """The entry's ``probability`` (and ``note`` or ``wording``) from the flags, or asked for."""
    given = (
        _convert(lambda: parse_probability_text(probability), "--probability")
        if probability is not None
        else None
    )
    if wording is None:
        value = ask(
            given,
            "--probability (or --wording)",
            "Probability (0.7 or 70%)",
            parse_probability_text,
            interactive=interactive,
        )
        return {"probability": value}
    from foretell import wording as words  # noqa: PLC0415
    from foretell.load.keys import FORECAST_KEYS  # noqa: PLC0415

    name = yardstick or words.DEFAULT_YARDSTICK
    try:
        reading = words.read(wording, name)
    except words.WordingError as error:
        raise click.BadParameter(str(error), param_hint="'--wording'") from None
    click.echo(
        f"wording: {wording!r} reads as {reading.point:g} on {reading.yardstick} "
        f"('{reading.term}': {reading.low:g} to {reading.high:g})",
        err=True,
    )
    if "wording" in FORECAST_KEYS:  # the book format records the words themselves
        entry: dict[str, Any] = {"wording": wording.strip()}
        if yardstick is not None and "yardstick" in FORECAST_KEYS:
            entry["yardstick"] = yardstick
        if given is not None:
            entry["probability"] = given
        return entry
    note = (
        f"Read from the wording '{wording.strip()}' on the {reading.yardstick} yardstick "
        f"('{reading.term}', {reading.low:g} to {reading.high:g})."
    )
    return {"probability": given if given is not None else reading.point, "note": note}


def _derived_id(book: Path, question: str) -> str:
    """An id from the question's first words, made unique in the book with -2, -3, ..."""
    from foretell.load import read_book  # noqa: PLC0415
    from foretell.suggest import slugify  # noqa: PLC0415

    words = [w for w in slugify(question).split("-") if w not in _FILLER_WORDS] or ["forecast"]
    base = ""
    for word in words[:_ID_WORDS]:
        candidate = f"{base}-{word}" if base else word
        if len(candidate) > _ID_LENGTH:
            break
        base = candidate
    base = base or "forecast"
    taken = set(read_book(book).forecast_ids)
    identifier, number = base, 2
    while identifier in taken:
        identifier, number = f"{base}-{number}", number + 1
    return identifier
