"""``foretell.toml``: the book's settings: title, forecaster, time zone, yardstick, evidence."""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date as _date
from pathlib import Path

import attrs
import pendulum

from foretell import wording
from foretell.dates import parse_date
from foretell.files import FileRefusedError, read_regular_file
from foretell.problems import Location, Problem
from foretell.safetext import excerpt
from foretell.suggest import did_you_mean

from .keys import CONFIG_KEYS
from .paths import is_inside, outside_problem, real_root

__all__ = ["CONFIG_FILE", "Config", "read_config"]

CONFIG_FILE = "foretell.toml"


@attrs.frozen
class Config:
    """The settings of a book.

    Attributes:
        forecaster: who made the predictions that name nobody, if set.
        title: the book's title, if set.
        timezone: the IANA name of the book's time zone (default ``UTC``): a bare ``made`` or
            ``observed`` date is the start of that day there, a deadline the whole day.
        yardstick: the yardstick that reads wordings which name none, if set.
        yardstick_location: where ``yardstick`` is set.
        evidence_checked_through: the day up to which the search for evidence is complete,
            for the whole book (``evidence_checked_through = 2026-07-10``, or the ``"evidence"``
            entry of the table form).
        evidence_checked_by_folder: the same for evidence folders below ``evidence/``
            (``[evidence_checked_through]`` table: ``"evidence/economy" = 2026-09-30``).
        problems: what is wrong in the file.
    """

    forecaster: str | None = None
    title: str | None = None
    timezone: str = "UTC"
    yardstick: str | None = None
    yardstick_location: Location | None = None
    evidence_checked_through: pendulum.Date | None = None
    evidence_checked_by_folder: dict[str, pendulum.Date] = attrs.field(factory=dict, hash=False)
    problems: tuple[Problem, ...] = ()


def read_config(root: Path) -> Config:
    """The settings in ``root/foretell.toml``; a missing file means no settings."""
    path = root / CONFIG_FILE
    if not os.path.lexists(path):
        return Config()
    if not is_inside(real_root(root), path):
        return Config(problems=(outside_problem(CONFIG_FILE, "the settings file"),))
    try:
        text = read_regular_file(path).decode("utf-8-sig")
        config = tomllib.loads(text)
    except FileRefusedError as error:
        return _unreadable(f"foretell does not read {CONFIG_FILE}: {error.reason}")
    except OSError as error:
        return _unreadable(f"cannot read {CONFIG_FILE}: {error.strerror or type(error).__name__}")
    except UnicodeDecodeError as error:
        return _unreadable(f"{CONFIG_FILE} is not UTF-8 text (byte offset {error.start})")
    except RecursionError:
        return _unreadable(f"a value in {CONFIG_FILE} is nested too deeply to read")
    except tomllib.TOMLDecodeError as error:
        line, column = _toml_position(str(error))
        problem = Problem(
            Location(CONFIG_FILE, line, column),
            "C101",
            f"TOML syntax error: {str(error).split(' (at')[0]}",
        )
        return Config(problems=(problem,))
    problems: list[Problem] = []
    settings: dict[str, str] = {}
    checked: dict[str, pendulum.Date] = {}
    for key, value in config.items():
        where = _toml_key_location(text, key)
        if key == CHECKED_KEY:
            checked = _read_checked(value, where, problems)
        elif key not in CONFIG_KEYS:
            problems.append(
                Problem(
                    where,
                    "C101",
                    f"unknown setting {excerpt(key)}",
                    did_you_mean(key, CONFIG_KEYS)
                    or "known settings: " + ", ".join(sorted(CONFIG_KEYS)),
                )
            )
        elif not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(where, "C101", f"'{key}' must be non-empty text", 'e.g. title = "..."')
            )
        elif key == "timezone" and not _is_timezone(value.strip()):
            problems.append(
                Problem(
                    where,
                    "C101",
                    f"unknown time zone '{value.strip()}'",
                    "use an IANA name such as 'Europe/Brussels' or 'UTC'",
                )
            )
        elif key == "yardstick" and value.strip() not in _yardstick_names():
            problems.append(
                Problem(
                    where,
                    "C101",
                    f"unknown yardstick '{value.strip()}'",
                    did_you_mean(value.strip(), _yardstick_names())
                    or "yardsticks: " + ", ".join(_yardstick_names()),
                )
            )
        else:
            settings[key] = value.strip()
    return Config(
        forecaster=settings.get("forecaster"),
        title=settings.get("title"),
        timezone=settings.get("timezone", "UTC"),
        yardstick=settings.get("yardstick"),
        yardstick_location=_toml_key_location(text, "yardstick")
        if "yardstick" in settings
        else None,
        evidence_checked_through=checked.pop(EVIDENCE_FOLDER, None),
        evidence_checked_by_folder=checked,
        problems=tuple(problems),
    )


def _is_timezone(name: str) -> bool:
    """Whether ``name`` is a time zone of the IANA database (as pendulum knows it)."""
    import pendulum  # noqa: PLC0415 - pendulum is loaded already by the dates

    try:
        pendulum.timezone(name)
    except Exception:  # pendulum raises several kinds of error for unknown names
        return False
    return True


def _unreadable(message: str) -> Config:
    return Config(problems=(Problem(Location(CONFIG_FILE), "C101", message),))


def _yardstick_names() -> tuple[str, ...]:
    return tuple(y.name for y in wording.yardsticks())


CHECKED_KEY = "evidence_checked_through"
EVIDENCE_FOLDER = "evidence"
_CHECKED_HINT = (
    "write a date, evidence_checked_through = 2026-07-10, or a table of evidence folders: "
    '[evidence_checked_through] then "evidence/economy" = 2026-07-10'
)


def _read_checked(
    value: object, where: Location, problems: list[Problem]
) -> dict[str, pendulum.Date]:
    """``evidence_checked_through``: one date for the book, or a table of folder → date."""
    entries = value.items() if isinstance(value, dict) else [(EVIDENCE_FOLDER, value)]
    checked: dict[str, pendulum.Date] = {}
    for folder, day in entries:
        name = str(folder).strip().strip("/")
        if name != EVIDENCE_FOLDER and not name.startswith(EVIDENCE_FOLDER + "/"):
            problems.append(
                Problem(
                    where,
                    "C101",
                    f"'{CHECKED_KEY}' names the folder {str(folder)!r}, which is not "
                    f"'{EVIDENCE_FOLDER}' or a folder below it",
                    _CHECKED_HINT,
                )
            )
            continue
        if isinstance(day, bool) or not isinstance(day, str | _date):
            problems.append(
                Problem(where, "C101", f"'{CHECKED_KEY}' must be a date: {day!r}", _CHECKED_HINT)
            )
            continue
        try:
            checked[name] = parse_date(day)
        except ValueError as error:
            problems.append(Problem(where, "C101", f"'{CHECKED_KEY}': {error}", _CHECKED_HINT))
    return checked


def _toml_key_location(text: str, key: str) -> Location:
    """Where a top-level key of foretell.toml is written (the file itself if not found)."""
    name = rf"[\"']?{re.escape(key)}[\"']?"
    pattern = re.compile(rf"^\s*(?:{name}\s*=|\[\s*{name}\s*\])", re.M)
    match = pattern.search(text)
    if match is None:
        return Location(CONFIG_FILE)
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    indent = len(match.group()) - len(match.group().lstrip())
    return Location(CONFIG_FILE, line, column + indent)


def _toml_position(message: str) -> tuple[int, int]:
    match = re.search(r"at line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)
