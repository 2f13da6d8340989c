"""The ``foretell`` command: a thin shell over the library.

Each command parses its arguments, calls one library function, picks a renderer and returns an
exit code: 0 when all is well, 1 when problems were found, 2 for a usage error. Heavy modules
(numpy, scipy, matplotlib) are imported inside the commands that need them, so that
``foretell check`` starts fast enough to run on every commit.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from foretell.check import check_reading
from foretell.load import read_book
from foretell.problems import Problem

__all__ = ["cli", "main"]

#: Exit code for a bug in foretell itself (as black does), distinct from 1 and 2.
INTERNAL_ERROR = 123

_book_argument = click.argument(
    "book",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="foretell")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Keep score on predictions: forecasts and evidence as YAML files, scored in reports.

    BOOK is a folder holding forecasts/ and evidence/ (default: the current folder).
    Exit codes: 0 all well, 1 problems found, 2 usage error.
    """
    if os.environ.get("NO_COLOR"):
        ctx.color = False


@cli.command()
@_book_argument
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
    reading = read_book(book)
    problems = check_reading(reading)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    summary = {
        "errors": errors,
        "warnings": warnings,
        "forecasts": len(reading.book.forecasts),
        "evidence": len(reading.book.evidence),
    }
    if output_format == "json":
        document = {"problems": [p.to_json() for p in problems], "summary": summary}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(_styled(problem))
        click.echo(_summary_line(summary), err=True)
    failed = errors > 0 or (strict and warnings > 0)
    sys.exit(1 if failed else 0)


def _styled(problem: Problem) -> str:
    colour = "red" if problem.is_error else "yellow"
    severity = click.style(problem.severity.value, fg=colour, bold=True)
    text = f"{problem.location}: {severity}[{problem.code}]: {problem.message}"
    if problem.hint:
        text += f"; {problem.hint}"
    return text


def _summary_line(summary: dict[str, int]) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    forecasts = count(summary["forecasts"], "forecast")
    evidence = count(summary["evidence"], "evidence record")
    if not summary["errors"] and not summary["warnings"]:
        return f"All good: {forecasts} and {evidence} checked."
    found = f"{count(summary['errors'], 'error')}, {count(summary['warnings'], 'warning')}"
    return f"{found} ({forecasts} and {evidence} loaded without errors)."


def main(argv: Sequence[str] | None = None) -> Any:
    """Entry point of the ``foretell`` console script; never shows a traceback."""
    try:
        return cli.main(args=list(argv) if argv is not None else None, prog_name="foretell")
    except SystemExit:
        raise
    except Exception as error:
        click.echo(
            f"foretell: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in foretell; please report it with the command you ran.",
            err=True,
        )
        sys.exit(INTERNAL_ERROR)
