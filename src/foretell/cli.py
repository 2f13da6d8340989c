"""The ``foretell`` command: a thin shell over the library.

Each command parses its arguments, calls one library function, picks a renderer and returns an
exit code: 0 when all is well, 1 when problems were found, 2 for a usage error. The commands live
in :mod:`foretell.commands`, one module each. Heavy modules (numpy, scipy, matplotlib) are
imported inside the commands that need them, so that ``foretell check`` starts fast enough to run
on every commit.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from foretell.commands import (
    add,
    audit,
    check,
    draft,
    export,
    import_,
    init,
    predict,
    report,
    resolve,
    reveal,
    schema,
    seal,
    status,
    yardsticks,
)
from foretell.commands.common import INTERNAL_ERROR

__all__ = ["cli", "main"]


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


# One line per command, in alphabetical order.
cli.add_command(add.add)
cli.add_command(audit.audit)
cli.add_command(check.check)
cli.add_command(draft.draft)
cli.add_command(export.export)
cli.add_command(import_.import_)
cli.add_command(init.init)
cli.add_command(predict.predict)
cli.add_command(report.report)
cli.add_command(resolve.resolve)
cli.add_command(reveal.reveal)
cli.add_command(schema.schema)
cli.add_command(seal.seal)
cli.add_command(status.status)
cli.add_command(yardsticks.yardsticks)


def main(argv: Sequence[str] | None = None) -> Any:
    """Entry point of the ``foretell`` console script; never shows a traceback."""
    degrade_unencodable_output()
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


def degrade_unencodable_output() -> None:
    r"""Print what the console cannot encode as escapes (``ф``) instead of crashing.

    A Windows console (``PYTHONIOENCODING=cp1252``) cannot encode most non-Latin text; with
    Python's default ``strict`` errors, printing a Cyrillic question would raise.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "errors", None) or "strict") == "strict":
            with contextlib.suppress(OSError, ValueError):  # a closed or odd stream
                reconfigure(errors="backslashreplace")
