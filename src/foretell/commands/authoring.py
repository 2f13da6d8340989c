"""What the writing commands (``add``, ``predict``, ``resolve``) share.

Asking for missing fields on a terminal (and refusing to ask without one), reading dates and
probabilities typed by people, showing an entry before it is written, and turning a refused
write into located problems with exit code 1.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
import pendulum

from foretell.commands.common import styled
from foretell.dates import parse_instant
from foretell.load.config import Config, read_config
from foretell.load.values import Invalid, is_number, parse_probability

__all__ = [
    "ask",
    "book_config",
    "confirm_and_write",
    "date_phrase",
    "is_terminal",
    "parse_made",
    "parse_probability_text",
    "refuse",
]

T = TypeVar("T")


def is_terminal() -> bool:
    """Whether a person can answer prompts: standard input and output are both terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask(
    value: T | None,
    flag: str,
    question: str,
    convert: Callable[[str], T],
    *,
    interactive: bool,
    default: str | None = None,
) -> T:
    """A required field: the flag's value, else a prompt on a terminal, else a usage error.

    ``convert`` turns the typed text into the value (raising :class:`ValueError` with a
    message); on a terminal the question is asked again until the answer converts.
    """
    if value is not None:
        return value
    if not interactive:
        raise click.UsageError(f"missing {flag} (there is no terminal to ask on)")

    def checked(text: str) -> T:
        try:
            return convert(text)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None

    result: T = click.prompt(question, default=default, value_proc=checked)
    return result


def book_config(book: Path) -> Config:
    """The book's settings; problems in foretell.toml are reported by the check before writing."""
    return read_config(book)


def parse_made(text: str | None, *, timezone: str = "UTC") -> pendulum.Date | pendulum.DateTime:
    """``--made`` / ``--observed``: a date, a date-time with an offset, or a phrase like ``today``.

    Default (``None``): today in the book's time zone.
    """
    today = pendulum.today(timezone).date()
    if text is None:
        return today
    try:
        return parse_instant(text)
    except ValueError:
        pass
    return date_phrase(text, today)


def date_phrase(text: str, reference: pendulum.Date) -> pendulum.Date:
    """A date typed by a person, counted from ``reference`` (see :mod:`foretell.datephrases`)."""
    from foretell.datephrases import parse_date_phrase  # noqa: PLC0415 - not for foretell check

    return parse_date_phrase(text, reference)


def parse_probability_text(text: str) -> float:
    """A probability typed by a person: ``0.7``, ``.7`` or ``70%``."""
    value: Any = float(text) if is_number(text) else text
    parsed = parse_probability(value, "probability")
    if isinstance(parsed, Invalid):
        raise ValueError(parsed.message + (f"; {parsed.hint}" if parsed.hint else ""))
    return parsed


def confirm_and_write(
    preview: Any, write: Callable[[], Any], *, yes: bool, interactive: bool, what: str
) -> Any:
    """Show the lines a change adds, ask on a terminal (unless ``--yes``), then write."""
    click.echo(f"{preview.path}:", err=True)
    for line in preview.added_lines:
        click.echo(click.style("+ ", fg="green") + line, err=True)
    if interactive and not yes and not click.confirm(f"Write {what}?", default=True, err=True):
        click.echo("Nothing written.", err=True)
        sys.exit(1)
    return write()


def refuse(error: Any) -> NoReturn:
    """Print why a write was refused, with every located problem, and exit with 1."""
    for problem in error.problems:
        click.echo(styled(problem), err=True)
    click.echo(f"foretell: {error}", err=True)
    sys.exit(1)
