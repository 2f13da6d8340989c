"""The ``foretell report`` command."""

from __future__ import annotations

import gc
import itertools
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pendulum

from foretell import today
from foretell.commands.common import (
    as_of_option,
    book_argument,
    check_output,
    echo_document,
    no_cache_option,
    read_book_with_errors,
    resolve_output,
    write_outputs,
)
from foretell.safetext import excerpt, for_terminal, json_safe

if TYPE_CHECKING:
    from foretell.audit.prefetch import HistoryPrefetch
    from foretell.load import BookReading
    from foretell.problems import Location, Problem
    from foretell.report import Report, ReportOptions

_REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".json": "json"}
_AGGREGATES = ("median", "mean", "geometric-mean-of-odds")


def parse_bins(ctx: click.Context, param: click.Parameter, value: str) -> int | tuple[float, ...]:
    """``--bins``: a number of equal-width bins (1-100), or edges such as ``0,0.5,0.6,...,1``."""
    text = value.strip()
    if "," not in text:
        try:
            count = int(text)
        except ValueError:
            raise click.BadParameter(
                f"{value!r} is neither a number of bins nor a list of edges like 0,0.5,1",
                ctx,
                param,
            ) from None
        if not 1 <= count <= 100:
            raise click.BadParameter(f"the number of bins must be 1 to 100: {count}", ctx, param)
        return count
    try:
        edges = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise click.BadParameter(f"bin edges must be numbers: {value!r}", ctx, param) from None
    if edges[0] != 0 or edges[-1] != 1:
        raise click.BadParameter(f"bin edges must start at 0 and end at 1: {value!r}", ctx, param)
    if any(b <= a for a, b in itertools.pairwise(edges)):
        raise click.BadParameter(f"bin edges must increase: {value!r}", ctx, param)
    return edges


def parse_tags(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """``--group-mean``: tags separated by commas."""
    if value is None:
        return ()
    tags = tuple(t.strip() for t in value.split(",") if t.strip())
    if not tags:
        raise click.BadParameter("name at least one tag", ctx, param)
    return tags


@click.command()
@book_argument
@as_of_option
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
    metavar="FILE",
    default=None,
    help="Write the report to this file (atomically; - for standard output) instead of printing "
    "it. With Markdown, the reliability diagrams are written next to it as SVG files. Files of "
    "the book are never overwritten.",
)
@click.option("--forecaster", default=None, help="Report on this forecaster only.")
@click.option(
    "--bins",
    metavar="N|EDGES",
    default="10",
    show_default=True,
    callback=parse_bins,
    help="Number of equal-width bins of the calibration tables, or their edges from 0 to 1 "
    "(e.g. 0,0.5,0.6,0.7,0.8,0.9,1).",
)
@click.option(
    "--bin-closed",
    type=click.Choice(["right", "left"]),
    default="right",
    show_default=True,
    help="right: bins (a, b]; left: bins [a, b), as PredictionBook's tables.",
)
@click.option(
    "--score",
    "score",
    type=click.Choice(["latest", "all", "first"]),
    default="latest",
    show_default=True,
    help="Which predictions count: each forecaster's latest before the question resolved, "
    "every one (each counting once, as PredictionBook), or the first.",
)
@click.option(
    "--aggregate",
    type=click.Choice(_AGGREGATES),
    default=None,
    help="Add a forecaster named after the method whose prediction is that aggregate of the "
    "other forecasters' latest predictions on each question.",
)
@click.option(
    "--group-mean",
    metavar="TAG,TAG...",
    callback=parse_tags,
    default=None,
    help="Also give each forecaster the mean of these tags' Brier scores, each tag weighing "
    "the same (ForecastBench's Overall = mean of dataset and market).",
)
@click.option(
    "--brier-scale",
    type=click.Choice(["0-1", "0-2"]),
    default="0-1",
    show_default=True,
    help="0-1: (p - o)^2; 0-2: twice that, as Good Judgment Open and Fatebook report it.",
)
@click.option(
    "--audit/--no-audit",
    "with_audit",
    default=None,
    help="Show when each scored prediction was first recorded in the book's git history, and "
    "each forecaster's pre-registered share (see foretell audit). Default: when BOOK is the "
    "top folder of a git repository.",
)
@no_cache_option
def report(  # noqa: PLR0917 - one parameter per command-line option
    book: Path,
    as_of: pendulum.Date | pendulum.DateTime | None,
    output_format: str | None,
    output: str | None,
    forecaster: str | None,
    bins: int | tuple[float, ...],
    bin_closed: str,
    score: str,
    aggregate: str | None,
    group_mean: tuple[str, ...],
    brier_scale: str,
    with_audit: bool | None,
    no_cache: bool,
) -> None:
    """Score every forecaster of BOOK on the forecasts resolved as of a day.

    Prints Markdown by default; --format json gives every figure as data, --format html (or
    --output report.html) a single self-contained page with reliability diagrams. A book with
    errors still gets a report of everything that loaded, the errors listed first (and on
    stderr), and the command exits with 1.
    """
    target = resolve_output(output, book)
    prefetch = _history_on_a_thread(book, with_audit)
    from foretell.load.cache import default_cache_folder  # noqa: PLC0415
    from foretell.report import ReportOptions  # noqa: PLC0415 - scoring pulls in scipy

    if output_format is None:
        output_format = (
            _REPORT_SUFFIXES.get(target.suffix.lower(), "markdown") if target else "markdown"
        )
    reading, errors = read_book_with_errors(book, no_cache=no_cache)
    forecasters = _forecasters(reading)
    if forecaster is not None and forecaster not in forecasters:
        raise _unknown_forecaster(forecaster, forecasters)
    if aggregate is not None and aggregate in reading.book.forecasters:
        raise click.BadParameter(
            f"a forecaster of the book is called {aggregate!r}, the name of the aggregate "
            "forecaster; rename them",
            param_hint="'--aggregate'",
        )
    options = ReportOptions(
        as_of=as_of or today(),
        brier_scale="0-2" if brier_scale == "0-2" else "0-1",
        bins=bins,
        forecaster=forecaster,
        bin_closed="left" if bin_closed == "left" else "right",
        score="all" if score == "all" else "first" if score == "first" else "latest",
        aggregate=aggregate,
        group_mean=group_mean,
    )
    from foretell.audit import GitError, audit_for_report  # noqa: PLC0415

    try:
        audit, warning = audit_for_report(
            book, wanted=with_audit, as_of=options.as_of, reading=reading, prefetch=prefetch
        )
    except GitError as error:
        click.echo(f"foretell report: --audit: {error.message}", err=True)
        sys.exit(2)
    if warning:
        click.echo(f"foretell report: {warning}", err=True)
    title = reading.title or book.resolve().name
    left_out = reading.left_out() if reading.tables is None else ()
    # What only the check needed (every entry's ids, citations and links) goes before the
    # report is built: on a large book it is a fifth of the reading.
    reading = _for_report(reading)
    from foretell.load import paused_garbage_collection  # noqa: PLC0415

    # Scoring makes millions of objects and no cycles; the collector would rescan them all.
    with paused_garbage_collection():
        data = _build(reading, options, title=title, errors=errors, left_out=left_out, audit=audit)
    # The book and the report live until the process ends: out of the collector's reach.
    gc.freeze()
    _output(data, output_format, target, book, None if no_cache else default_cache_folder())
    sys.exit(data.exit_code)


def _output(
    data: Report, output_format: str, target: Path | None, book: Path, cache_folder: Path | None
) -> None:
    """Write the report (and, for Markdown, its diagrams) as it is made, piece by piece."""
    from foretell.output import is_regular_target  # noqa: PLC0415
    from foretell.report import stream_html, stream_json, stream_markdown  # noqa: PLC0415

    files: list[tuple[Path, str | Iterable[str]]] = []
    text: Iterable[str]
    if output_format == "json":
        text = map(json_safe, stream_json(data))  # valid UTF-8 whatever the book's names
    elif output_format == "html":
        text = stream_html(data, cache_folder=cache_folder)
    else:
        diagrams: dict[str, str] = {}
        if target is not None and is_regular_target(target):
            from foretell.report.plot import diagram_file_names, reliability_svg  # noqa: PLC0415

            drawn = [summary for summary in data.forecasters if summary.n]
            names = diagram_file_names(target.stem, (s.name for s in drawn))
            for summary in drawn:
                name = names[summary.name]
                svg = target.with_name(name)
                check_output(svg, book)
                files.append((svg, reliability_svg(summary)))
                diagrams[summary.name] = name
        text = stream_markdown(data, diagrams=diagrams, cache_folder=cache_folder)
    if target is None and output_format == "json":
        for piece in text:
            click.echo(piece, nl=False)
    elif target is None:
        for piece in text:
            echo_document(piece)
    else:
        write_outputs([*files, (target, text)])
        click.echo(f"Wrote {for_terminal(str(target))}", err=True)


def _history_on_a_thread(book: Path, wanted: bool | None) -> HistoryPrefetch | None:
    """Start git reading the book's history while the scoring modules load and the book is read."""
    if wanted is False:
        return None
    from foretell.audit.prefetch import HistoryPrefetch  # noqa: PLC0415

    return HistoryPrefetch(book)


def _forecasters(reading: BookReading) -> tuple[str, ...]:
    """Every forecaster of the book, in YAML files and tables."""
    if reading.tables is None:
        return reading.book.forecasters
    from foretell.tables.report import book_forecasters  # noqa: PLC0415 - optional engine

    return book_forecasters(reading)


def _for_report(reading: BookReading) -> BookReading:
    """The reading without what only the check needs, for a book of YAML files."""
    import attrs  # noqa: PLC0415

    if reading.tables is not None:
        return reading
    return attrs.evolve(
        reading, forecast_ids={}, evidence_ids={}, citations=(), links=(), supersessions=()
    )


def _build(
    reading: BookReading,
    options: ReportOptions,
    *,
    title: str,
    errors: tuple[Problem, ...],
    left_out: tuple[tuple[str, str, Location], ...],
    audit: Any,
) -> Report:
    """The report: through the table engine when the book holds tables."""
    from foretell.report import build_report  # noqa: PLC0415

    if reading.tables is None:
        return build_report(
            reading.book,
            options,
            title=title,
            problems=errors,
            left_out=left_out,
            audit=audit,
        )
    from foretell.tables.report import TableReportError, build_table_report  # noqa: PLC0415

    try:
        return build_table_report(reading, options, title=title, problems=errors, audit=audit)
    except TableReportError as error:
        raise click.UsageError(
            f"--score first/all and --aggregate cannot be used on this book: {error}"
        ) from None


def _unknown_forecaster(name: str, forecasters: Iterable[str]) -> click.BadParameter:
    """The usage error for a --forecaster the book does not have, with a hint (20 names at most)."""
    from foretell.suggest import did_you_mean  # noqa: PLC0415

    known = sorted(forecasters)
    hint = did_you_mean(name, known) or (
        "forecasters: " + ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
    )
    return click.BadParameter(
        for_terminal(f"no forecaster {excerpt(name)} in the book; {hint}"),
        param_hint="'--forecaster'",
    )
