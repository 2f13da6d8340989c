"""The ``foretell`` command: a thin shell over the library.

Each command parses its arguments, calls one library function, picks a renderer and returns an
exit code: 0 when all is well, 1 when problems were found, 2 for a usage error. Heavy modules
(numpy, scipy, matplotlib) are imported inside the commands that need them, so that
``foretell check`` starts fast enough to run on every commit.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import pendulum

from foretell import today
from foretell.check import check_reading
from foretell.dates import parse_date
from foretell.files import write_atomically
from foretell.load import BookReading, read_book
from foretell.model import Status
from foretell.problems import Problem

__all__ = ["cli", "main"]

#: Exit code for a bug in foretell itself (as black does), distinct from 1 and 2.
INTERNAL_ERROR = 123

_book_argument = click.argument(
    "book",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)


def _parse_as_of(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> pendulum.Date | None:
    """``--as-of`` as a date; an invalid date is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


_as_of_option = click.option(
    "--as-of",
    metavar="DATE",
    callback=_parse_as_of,
    help="The day to resolve on (YYYY-MM-DD). Default: today (UTC).",
)


def _read_for_command(book: Path) -> BookReading:
    """Read a book that the command keeps until it exits.

    The book's objects live as long as the process, so they are moved out of the cycle
    collector's reach (:func:`gc.freeze`): otherwise every later collection rescans them all,
    which on a book of 10,000 forecasts costs more than resolving and scoring it.
    """
    reading = read_book(book)
    gc.freeze()
    return reading


def _read_clean_book(book: Path) -> BookReading:
    """Read a book; on errors, print them (and how to see them) and exit with 1."""
    reading = _read_for_command(book)
    problems = check_reading(reading)
    errors = [p for p in problems if p.is_error]
    if errors:
        for problem in errors:
            click.echo(_styled(problem), err=True)
        click.echo(
            f"The book has {len(errors)} error{'' if len(errors) == 1 else 's'}; fix "
            "them first (foretell check lists them all).",
            err=True,
        )
        sys.exit(1)
    return reading


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
    reading = _read_for_command(book)
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
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(_styled(problem))
        click.echo(_summary_line(summary), err=True)
    failed = errors > 0 or (strict and warnings > 0)
    sys.exit(1 if failed else 0)


@cli.command()
@_book_argument
@_as_of_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: counts and what needs attention; json: every forecast as data.",
)
@click.option(
    "--due-within",
    default="30d",
    show_default=True,
    metavar="DURATION",
    help="List open forecasts whose deadline falls within this window: 30d, 6w, 3m, 1y or P30D.",
)
@click.option(
    "--fail-on",
    default="",
    metavar="STATES",
    help="Exit with 1 if any forecast is in one of these comma-separated states, e.g. "
    "overdue,conflict (states: open, resolved, overdue, conflict, annulled, ambiguous, due).",
)
def status(
    book: Path,
    as_of: pendulum.Date | None,
    output_format: str,
    due_within: str,
    fail_on: str,
) -> None:
    """Show where every forecast of BOOK stands, and what needs attention.

    Counts forecasts per state (open, resolved, overdue, conflict, annulled, ambiguous), then
    lists overdue forecasts, conflicting evidence, and forecasts due within --due-within.
    """
    from foretell.status import book_status, parse_window, render_table, to_json  # noqa: PLC0415

    day = as_of or today()
    try:
        due_by = parse_window(due_within, day)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--due-within'") from None
    states = {part.strip() for part in fail_on.split(",") if part.strip()}
    known = {s.value for s in Status} | {"due"}
    if states - known:
        unknown = ", ".join(sorted(states - known))
        raise click.BadParameter(
            f"unknown state(s): {unknown}; choose from {', '.join(sorted(known))}",
            param_hint="'--fail-on'",
        )
    reading = _read_clean_book(book)
    report = book_status(reading.book, day, due_by)
    if output_format == "json":
        click.echo(json.dumps(to_json(report), indent=2, ensure_ascii=False))
    else:
        title = reading.title or f"Book {book.resolve().name}"
        click.echo(render_table(report, title=title), nl=False)
    present = {r.status.value for r in report.resolutions}
    if report.due:
        present.add("due")
    sys.exit(1 if states & present else 0)


_REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".json": "json"}


@cli.command()
@_book_argument
@_as_of_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json", "html"]),
    default=None,
    help="Default: from the --output file's extension (.html, .json), else markdown.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the report to this file (atomically) instead of printing it. With Markdown, the "
    "reliability diagrams are written next to it as SVG files.",
)
@click.option("--forecaster", default=None, help="Report on this forecaster only.")
@click.option(
    "--bins",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="Number of equal-width bins of the calibration tables.",
)
@click.option(
    "--brier-scale",
    type=click.Choice(["0-1", "0-2"]),
    default="0-1",
    show_default=True,
    help="0-1: (p - o)^2; 0-2: twice that, as Good Judgment Open and Fatebook report it.",
)
def report(  # noqa: PLR0917 - one parameter per command-line option
    book: Path,
    as_of: pendulum.Date | None,
    output_format: str | None,
    output: Path | None,
    forecaster: str | None,
    bins: int,
    brier_scale: str,
) -> None:
    """Score every forecaster of BOOK on the forecasts resolved as of a day.

    Prints Markdown by default; --format json gives every figure as data, --format html (or
    --output report.html) a single self-contained page with reliability diagrams.
    """
    from foretell.report import (  # noqa: PLC0415 - scoring pulls in scipy: load it only here
        ReportOptions,
        build_report,
        render_html,
        render_json,
        render_markdown,
    )
    from foretell.suggest import did_you_mean, slugify  # noqa: PLC0415

    if output_format is None:
        output_format = (
            _REPORT_SUFFIXES.get(output.suffix.lower(), "markdown") if output else "markdown"
        )
    reading = _read_clean_book(book)
    if forecaster is not None and forecaster not in reading.book.forecasters:
        hint = did_you_mean(forecaster, reading.book.forecasters) or (
            "forecasters: " + ", ".join(reading.book.forecasters)
        )
        raise click.BadParameter(
            f"no forecaster {forecaster!r} in the book; {hint}", param_hint="'--forecaster'"
        )
    options = ReportOptions(
        as_of=as_of or today(),
        brier_scale="0-2" if brier_scale == "0-2" else "0-1",
        bins=bins,
        forecaster=forecaster,
    )
    title = reading.title or book.resolve().name
    data = build_report(reading.book, options, title=title)
    if output_format == "json":
        text = render_json(data)
    elif output_format == "html":
        text = render_html(data)
    else:
        diagrams: dict[str, str] = {}
        if output is not None:
            from foretell.report.plot import reliability_svg  # noqa: PLC0415

            for summary in data.forecasters:
                if summary.n:
                    name = f"{output.stem}.{slugify(summary.name) or 'forecaster'}.svg"
                    _write(output.with_name(name), reliability_svg(summary))
                    diagrams[summary.name] = name
        text = render_markdown(data, diagrams=diagrams)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text)
        click.echo(f"Wrote {output}", err=True)


def _write(path: Path, text: str) -> None:
    """Write a file atomically; a failure (disk full, no permission) is a one-line error."""
    try:
        write_atomically(path, text)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from None


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
    return f"{found} in {forecasts} and {evidence}."


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
