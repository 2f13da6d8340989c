"""The ``foretell report`` command."""

from __future__ import annotations

from pathlib import Path

import click
import pendulum

from foretell import today
from foretell.commands.common import (
    as_of_option,
    book_argument,
    check_output,
    echo_document,
    read_clean_book,
    resolve_output,
    write_outputs,
)
from foretell.safetext import excerpt, for_terminal, json_safe

_REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".json": "json"}


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
    output: str | None,
    forecaster: str | None,
    bins: int,
    brier_scale: str,
) -> None:
    """Score every forecaster of BOOK on the forecasts resolved as of a day.

    Prints Markdown by default; --format json gives every figure as data, --format html (or
    --output report.html) a single self-contained page with reliability diagrams.
    """
    from foretell.output import is_regular_target  # noqa: PLC0415
    from foretell.report import (  # noqa: PLC0415 - scoring pulls in scipy: load it only here
        ReportOptions,
        build_report,
        render_html,
        render_json,
        render_markdown,
    )
    from foretell.suggest import did_you_mean  # noqa: PLC0415

    target = resolve_output(output, book)
    if output_format is None:
        output_format = (
            _REPORT_SUFFIXES.get(target.suffix.lower(), "markdown") if target else "markdown"
        )
    reading = read_clean_book(book)
    if forecaster is not None and forecaster not in reading.book.forecasters:
        hint = did_you_mean(forecaster, reading.book.forecasters) or (
            "forecasters: " + ", ".join(reading.book.forecasters)
        )
        raise click.BadParameter(
            for_terminal(f"no forecaster {excerpt(forecaster)} in the book; {hint}"),
            param_hint="'--forecaster'",
        )
    options = ReportOptions(
        as_of=as_of or today(),
        brier_scale="0-2" if brier_scale == "0-2" else "0-1",
        bins=bins,
        forecaster=forecaster,
    )
    title = reading.title or book.resolve().name
    data = build_report(reading.book, options, title=title)
    files: list[tuple[Path, str]] = []
    if output_format == "json":
        text = render_json(data)
    elif output_format == "html":
        text = render_html(data)
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
        text = render_markdown(data, diagrams=diagrams)
    if target is None and output_format == "json":
        click.echo(json_safe(text), nl=False)
    elif target is None:
        echo_document(text)
    else:
        write_outputs([*files, (target, text)])
        click.echo(f"Wrote {for_terminal(str(target))}", err=True)
