"""The ``foretell`` command: a thin shell over the library.

Each command parses its arguments, calls one library function, picks a renderer and returns an
exit code: 0 when all is well, 1 when problems were found, 2 for a usage error. The commands live
in :mod:`foretell.commands`, one module each. Heavy modules (numpy, scipy, matplotlib) are
imported inside the commands that need them, so that ``foretell check`` starts fast enough to run
on every commit.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from typing import Any

import click

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


# One line per command, in alphabetical order: the command's name, and the module of
# foretell.commands and the function in it. A command's module is imported only when that
# command runs (or when --help lists them all), so a run pays only for what it uses.
COMMANDS: dict[str, str] = {
    "add": "add:add",
    "audit": "audit:audit",
    "check": "check:check",
    "draft": "draft:draft",
    "export": "export:export",
    "import": "import_:import_",
    "init": "init:init",
    "predict": "predict:predict",
    "report": "report:report",
    "resolve": "resolve:resolve",
    "reveal": "reveal:reveal",
    "schema": "schema:schema",
    "seal": "seal:seal",
    "status": "status:status",
    "yardsticks": "yardsticks:yardsticks",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported from its module on first use.

    Stands in for :attr:`click.Group.commands`, which click reads as a mapping, so listing,
    lookup and ``add_command`` work unchanged.
    """

    def __init__(self, where: dict[str, str]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module_name, attribute = self._where[name].split(":")
            module = importlib.import_module(f"foretell.commands.{module_name}")
            command = getattr(module, attribute)
            if not isinstance(command, click.Command):  # pragma: no cover - a wiring mistake
                raise TypeError(f"foretell.commands.{module_name}.{attribute} is not a command")
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._where and name not in self._loaded:
            raise KeyError(name)
        self._where.pop(name, None)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({*self._where, *self._loaded}))

    def __len__(self) -> int:
        return len({*self._where, *self._loaded})


cli.commands = LazyCommands(COMMANDS)


def main(argv: Sequence[str] | None = None) -> Any:
    """Entry point of the ``foretell`` console script; never shows a traceback."""
    degrade_unencodable_output()
    try:
        return cli.main(args=list(argv) if argv is not None else None, prog_name="foretell")
    except SystemExit:
        raise
    except OSError as error:
        # The system refused (no permission, a name too long, a read-only or full disk): not a
        # bug, and the user can act on it.
        sys.exit(_system_refusal(error))
    except Exception as error:
        click.echo(
            f"foretell: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in foretell; please report it with the command you ran.",
            err=True,
        )
        sys.exit(INTERNAL_ERROR)


def _system_refusal(error: OSError) -> int:
    """Print what the system refused, naming the file; the exit code (1)."""
    from foretell.safetext import for_terminal  # noqa: PLC0415 - only on this path

    where = f" {for_terminal(os.fsdecode(error.filename))}" if error.filename else ""
    click.echo(f"foretell: cannot use{where}: {error.strerror or error}", err=True)
    return 1


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
