"""The ``foretell check`` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from foretell.check import check_reading
from foretell.commands.common import book_argument, read_for_command, styled
from foretell.safetext import json_text


@click.command()
@book_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one problem per line; json: the problems as data.",
)
@click.option("--strict", is_flag=True, help="Exit with 1 on warnings too.")
def check(book: Path, output_format: str, strict: bool) -> None:
    """Check every file of BOOK and report all problems in one run.

    Each problem is printed as PATH:LINE:COLUMN: SEVERITY[CODE]: message; hint.
    Exits with 0 when there are no errors (warnings allowed), 1 otherwise.
    """
    reading = read_for_command(book)
    problems = check_reading(reading)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    summary = {
        "errors": errors,
        "warnings": warnings,
        "forecasts": sum(len(v) for v in reading.forecast_ids.values()),
        "evidence": sum(len(v) for v in reading.evidence_ids.values()),
    }
    if output_format == "json":
        document = {"problems": [p.to_json() for p in problems], "summary": summary}
        click.echo(json_text(document))
    else:
        for problem in problems:
            click.echo(styled(problem))
        click.echo(_summary_line(summary), err=True)
    failed = errors > 0 or (strict and warnings > 0)
    sys.exit(1 if failed else 0)


def _summary_line(summary: dict[str, int]) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    forecasts = count(summary["forecasts"], "forecast")
    evidence = count(summary["evidence"], "evidence record")
    if not summary["errors"] and not summary["warnings"]:
        return f"All good: {forecasts} and {evidence} checked."
    found = f"{count(summary['errors'], 'error')}, {count(summary['warnings'], 'warning')}"
    return f"{found} in {forecasts} and {evidence}."
