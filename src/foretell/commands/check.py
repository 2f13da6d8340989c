"""The ``foretell check`` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from foretell.check import run_check
from foretell.commands.common import book_argument, no_cache_option, parse_cache, styled
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
@no_cache_option
def check(book: Path, output_format: str, strict: bool, no_cache: bool) -> None:
    """Check every file of BOOK and report all problems in one run.

    Each problem is printed as PATH:LINE:COLUMN: SEVERITY[CODE]: message; hint.
    Exits with 0 when there are no errors (warnings allowed), 1 otherwise.
    """
    result = run_check(book, cache=parse_cache(no_cache))
    problems = result.problems
    errors = result.errors
    warnings = len(problems) - errors
    summary = {
        "errors": errors,
        "warnings": warnings,
        "forecasts": result.forecasts,
        "evidence": result.evidence,
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
