"""The ``foretell resolve`` command."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import pendulum

from foretell.commands.authoring import (
    ask,
    confirm_and_write,
    is_terminal,
    parse_made,
    refuse,
)
from foretell.load.values import Invalid, is_number, parse_outcome
from foretell.model import Outcome, outcome_fits, outcomes_hint


@click.command()
@click.argument("arguments", nargs=-1, metavar="[BOOK] ID OUTCOME | [BOOK] ID=OUTCOME...")
@click.option("--source", "url", metavar="URL", help="The address where the fact is reported.")
@click.option("--publisher", help="Who published it.")
@click.option(
    "--observed",
    metavar="DATE",
    help="When the fact occurred: YYYY-MM-DD, a date-time with an offset "
    "(2026-06-12T13:34:00+02:00) or a phrase such as 'yesterday'. Default: today.",
)
@click.option("--summary", help="The fact in your own words.")
@click.option(
    "--supersedes",
    multiple=True,
    metavar="EVIDENCE_ID",
    help="An earlier evidence record this one corrects (repeat for several).",
)
@click.option("--id", "evidence_id", help="The record's id (default: the forecast's and date).")
@click.option("--yes", "-y", is_flag=True, help="Write without asking for confirmation.")
def resolve(  # noqa: PLR0917 - one parameter per command-line option
    arguments: tuple[str, ...],
    url: str | None,
    publisher: str | None,
    observed: str | None,
    summary: str | None,
    supersedes: tuple[str, ...],
    evidence_id: str | None,
    yes: bool,
) -> None:
    """Record the evidence that settles forecasts of BOOK, in a new file under evidence/.

    OUTCOME is yes, no, a category, a fraction in [0, 1], annulled or ambiguous, and must suit
    the forecast. One event may settle several forecasts: give ID=OUTCOME pairs. On a terminal,
    missing fields are asked for and the record is shown before it is written.
    """
    from foretell.load import read_book  # noqa: PLC0415
    from foretell.write import WriteRefusedError, write_evidence  # noqa: PLC0415 - ruamel

    interactive = is_terminal()
    book, pairs = _split_arguments(arguments)
    reading = read_book(book)
    if not pairs:
        forecast_id = ask(None, "ID OUTCOME", "Forecast id", _text, interactive=interactive)
        outcome_text = ask(None, "OUTCOME", "Outcome", _text, interactive=interactive)
        pairs = [(forecast_id, outcome_text)]
    resolves: dict[str, Outcome] = {}
    for forecast_id, text in pairs:
        if not reading.book.has_forecast(forecast_id):
            from foretell.suggest import did_you_mean  # noqa: PLC0415

            state = "has errors" if forecast_id in reading.forecast_ids else "does not exist"
            hint = did_you_mean(forecast_id, reading.forecast_ids) or "foretell status lists them"
            raise click.BadParameter(f"forecast '{forecast_id}' {state}; {hint}", param_hint="'ID'")
        resolves[forecast_id] = _outcome(text, reading.book.forecast(forecast_id).outcomes)
    try:
        observed_value = parse_made(observed)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--observed'") from None
    if url is not None:
        try:
            url = _web_address(url)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="'--source'") from None
    url = ask(url, "--source", "Source (URL)", _web_address, interactive=interactive)
    if summary is None and interactive:
        summary = click.prompt("Summary (the fact in your words; empty to skip)", default="")
    first = next(iter(resolves))
    day = observed_value.date() if isinstance(observed_value, pendulum.DateTime) else observed_value
    identifier = evidence_id or _unique(book, f"{first}-{day.isoformat()}", reading.evidence_ids)
    record: dict[str, Any] = {"id": identifier, "observed": observed_value}
    if summary:
        record["summary"] = summary.strip()
    source = {"url": url}
    if publisher:
        source["publisher"] = publisher
    record["source"] = source
    record["resolves"] = resolves
    if supersedes:
        record["supersedes"] = list(supersedes)
    try:
        preview = write_evidence(book, record, dry_run=True)
        written = confirm_and_write(
            preview,
            lambda: write_evidence(book, record),
            yes=yes,
            interactive=interactive,
            what=f"evidence '{identifier}'",
        )
    except WriteRefusedError as error:
        refuse(error)
    click.echo(f"Wrote evidence '{identifier}' to {written.path}.", err=True)


def _split_arguments(arguments: tuple[str, ...]) -> tuple[Path, list[tuple[str, str]]]:
    """The book and the (forecast id, outcome) pairs from ``[BOOK] ID OUTCOME`` or pairs."""
    pairs = [a for a in arguments if "=" in a]
    rest = [a for a in arguments if "=" not in a]
    if pairs:
        if len(rest) > 1:
            raise click.UsageError("give [BOOK] ID=OUTCOME..., or [BOOK] ID OUTCOME")
        found = [tuple(part.strip() for part in a.split("=", 1)) for a in pairs]
        book_text = rest[0] if rest else "."
        result = [(k, v) for k, v in found]
    elif len(rest) == 3:
        book_text, result = rest[0], [(rest[1], rest[2])]
    elif len(rest) == 2:
        book_text, result = ".", [(rest[0], rest[1])]
    elif len(rest) <= 1:
        book_text, result = (rest[0] if rest else "."), []
    else:
        raise click.UsageError("give [BOOK] ID OUTCOME, or [BOOK] ID=OUTCOME...")
    book = Path(book_text)
    if not book.is_dir():
        raise click.BadParameter(f"{book_text} is not a folder", param_hint="'BOOK'")
    return book, result


def _outcome(text: str, categories: tuple[str, ...]) -> Outcome:
    value: Any = float(text) if is_number(text) else text
    outcome = parse_outcome(value)
    if isinstance(outcome, Invalid):
        raise click.BadParameter(outcome.message, param_hint="'OUTCOME'")
    if not outcome_fits(outcome, categories):
        raise click.BadParameter(
            f"{text!r} is not an outcome of this forecast: {outcomes_hint(categories)}",
            param_hint="'OUTCOME'",
        )
    return outcome


def _web_address(text: str) -> str:
    """A source is a web page: only http(s) addresses with a host become links in reports."""
    address = _text(text)
    parts = urlsplit(address)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise ValueError(
            f"{address!r} is not an http(s) address; give e.g. https://example.org/page"
        )
    return address


def _text(text: str) -> str:
    if not text.strip():
        raise ValueError("this cannot be empty")
    return text.strip()


def _unique(book: Path, base: str, taken: Any) -> str:
    identifier, number = base, 2
    while identifier in taken or (book / "evidence" / f"{identifier}.yaml").exists():
        identifier, number = f"{base}-{number}", number + 1
    return identifier
