"""Reading the fields of one YAML mapping, each problem pointing at the key or value concerned.

An :class:`Entry` wraps one mapping of a file (a forecast, a prediction, a source, the top of a
file) and collects its own problems; an entry read inside another (a forecast's source) is a
*part* of it, so that the outer entry knows when anything inside it was wrong. An entry whose
only errors are unknown keys of its own is still built (so that a misspelt optional key does not
hide a forecast from the book-wide checks); an unknown key inside one of its parts is an error of
the entry like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pendulum

from foretell.dates import parse_date, parse_instant
from foretell.model import Outcome
from foretell.problems import MAX_PROBLEMS_PER_FILE, Location, Problem, Severity
from foretell.safetext import describe, excerpt
from foretell.suggest import did_you_mean, slugify
from foretell.yamlio import LocatedList, LocatedMap, YamlFile

from .keys import PROSE_KEYS
from .values import Invalid, is_slug, parse_outcome, parse_probability

__all__ = ["Entry"]

_new_location = tuple.__new__


class Entry:
    """One YAML mapping being read into a model object, with its file for locations.

    Attributes:
        file: the file the mapping is in.
        data: the mapping.
        problems: the problems found in this entry's values (not in its parts).
        key_problems: the unknown keys of this entry.
        parts: entries read inside this one.
    """

    __slots__ = ("data", "file", "key_problems", "parts", "problems")

    def __init__(self, file: YamlFile, data: LocatedMap) -> None:
        self.file = file
        self.data = data
        self.problems: list[Problem] = []
        self.key_problems: list[Problem] = []
        self.parts: list[Entry] = []

    def part(self, data: LocatedMap) -> Entry:
        """An entry for a mapping inside this one, whose problems count as this entry's."""
        sub = Entry(self.file, data)
        self.parts.append(sub)
        return sub

    @property
    def has_errors(self) -> bool:
        """Whether the entry cannot be built: an error in its values or anywhere in its parts.

        Warnings do not count, nor do the entry's own unknown keys.
        """
        return any(p.is_error for p in self.problems) or any(
            p.is_error for sub in self.parts for p in sub.all_problems()
        )

    def all_problems(self) -> Iterator[Problem]:
        """The problems of this entry and of its parts."""
        yield from self.key_problems
        yield from self.problems
        for sub in self.parts:
            yield from sub.all_problems()

    # -- locations ------------------------------------------------------------------------

    @property
    def location(self) -> Location:
        """Where the mapping starts."""
        return self.file.location(self.data.mark)

    def key_location(self, key: str) -> Location:
        """Where ``key`` is written (the mapping's start when absent)."""
        mark = self.data.key_marks.get(key)
        return self.file.location(mark) if mark is not None else self.location

    def value_location(self, key: str) -> Location:
        """Where the value of ``key`` is written (the mapping's start when absent)."""
        mark = self.data.value_marks.get(key)
        if mark is None:
            return self.location
        # self.file.location(mark), inlined: the loader's most frequent call.
        return _new_location(Location, (self.file.path, mark[0] + 1, mark[1] + 1))

    # -- problems -------------------------------------------------------------------------

    def error(self, location: Location, code: str, message: str, hint: str | None = None) -> None:
        """Record an error (up to :data:`MAX_PROBLEMS_PER_FILE`; the file reports the rest)."""
        if len(self.problems) <= MAX_PROBLEMS_PER_FILE:  # one more shows the file has too many
            self.problems.append(Problem(location, code, message, hint))

    def warn(self, location: Location, code: str, message: str, hint: str | None = None) -> None:
        """Record a warning (up to :data:`MAX_PROBLEMS_PER_FILE`)."""
        if len(self.problems) <= MAX_PROBLEMS_PER_FILE:  # one more shows the file has too many
            self.problems.append(Problem(location, code, message, hint, Severity.WARNING))

    def invalid(self, location: Location, invalid: Invalid) -> None:
        """Record the error a value parser returned."""
        self.error(location, invalid.code, invalid.message, invalid.hint)

    def check_keys(
        self,
        allowed: frozenset[str],
        what: str,
        misplaced: tuple[frozenset[str], str] | None = None,
    ) -> None:
        """Report every key not in ``allowed``, suggesting the nearest known key.

        Args:
            allowed: the keys this mapping may hold.
            what: the mapping, for messages ("a forecast").
            misplaced: keys that belong elsewhere, with the hint to give for them.
        """
        for key in self.data:
            if key in allowed:
                continue
            if len(self.key_problems) > MAX_PROBLEMS_PER_FILE:
                break
            hint = did_you_mean(key, allowed)
            if hint is None and misplaced is not None and key in misplaced[0]:
                hint = misplaced[1]
            if hint is None:
                hint = "known keys: " + ", ".join(sorted(allowed))
            self.key_problems.append(
                Problem(
                    self.key_location(key), "F101", f"unknown key {excerpt(key)} in {what}", hint
                )
            )

    def missing(self, key: str, what: str, hint: str | None = None) -> None:
        """Report that a required key is absent."""
        self.error(self.location, "F102", f"{what} has no '{key}'", hint)

    # -- fields ---------------------------------------------------------------------------

    def text(self, key: str, *, required: str | None = None) -> str | None:
        """A text value; ``required`` names the entry for the message when the key is required."""
        if key not in self.data:
            if required:
                self.missing(key, required)
            return None
        value = self.data[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(
                    self.value_location(key), "F111", f"'{key}' is empty", f"write the {key} here"
                )
                return None
            return None
        if not isinstance(value, str):
            self.error(
                self.value_location(key),
                "F110",
                f"'{key}' must be text, got {describe(value)}",
                "put it in quotes" if isinstance(value, int | float) else None,
            )
            return None
        if key in PROSE_KEYS and self.data.value_marks[key] in self.file.commented:
            self.warn(
                self.value_location(key),
                "F115",
                f"'{key}' is followed by a ' #' comment, which YAML drops: {excerpt(str(value))}",
                "if the '#' belongs to the text, put the text in quotes or use a '>' block",
            )
        return value.strip()

    def name(self, key: str) -> str | None:
        """A short name (forecaster, category): text, numbers written as text."""
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.text(key)

    def slug(self, key: str, what: str, default: str | None = None) -> str | None:
        """An id: a lowercase slug, or ``default`` (the file name) when the key is absent."""
        if key not in self.data:
            if default is None:
                self.missing(key, what, "give it a unique lowercase id such as 'my-question-2026'")
                return None
            if not is_slug(default):
                self.error(
                    self.file.location((0, 0)),
                    "F118",
                    f"the {what} takes its id from the file name, which is not a lowercase "
                    f"slug: '{default}'",
                    f"rename the file to '{slugify(default) or 'entry'}.yaml' or add an 'id'",
                )
                return None
            return default
        value = self.data[key]
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        location = self.value_location(key)
        if not isinstance(value, str) or not value.strip():
            self.error(
                location,
                "F107",
                f"'{key}' must be a lowercase slug, got {describe(value)}",
                "use lowercase letters, digits and '-', e.g. 'my-question-2026'",
            )
            return None
        if not is_slug(value):
            suggestion = slugify(value)
            self.error(
                location,
                "F107",
                f"'{key}' must be a lowercase slug (a-z, 0-9 and '-'): '{value}'",
                f"did you mean '{suggestion}'?" if suggestion else None,
            )
            return None
        return value

    def date(self, key: str) -> pendulum.Date | None:
        """A calendar date (see :func:`foretell.dates.parse_date`)."""
        if key not in self.data:
            return None
        value = self.data[key]
        try:
            return parse_date(value)
        except ValueError as error:
            self.error(self.value_location(key), "F108", f"'{key}': {error}")
            return None

    def instant(self, key: str) -> pendulum.Date | pendulum.DateTime | None:
        """A date, or a date-time with its offset (see :func:`foretell.dates.parse_instant`)."""
        if key not in self.data:
            return None
        value = self.data[key]
        try:
            return parse_instant(value)
        except ValueError as error:
            self.error(self.value_location(key), "F108", f"'{key}': {error}")
            return None

    def names(self, key: str) -> tuple[str, ...] | None:
        """A list of short names (tags, categories, ids); a single name is a list of one."""
        if key not in self.data:
            return ()
        value = self.data[key]
        if value is None:
            return ()
        if isinstance(value, str | int) and not isinstance(value, bool):
            value = [value]
            marks = [self.data.value_marks[key]]
        elif isinstance(value, LocatedList):
            marks = value.item_marks
        else:
            self.error(
                self.value_location(key),
                "F110",
                f"'{key}' must be a list, got {describe(value)}",
                f"write it as [a, b] or as lines starting with '- ' under '{key}:'",
            )
            return None
        result = []
        ok = True
        for raw, mark in zip(value, marks, strict=True):
            item = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
            if not isinstance(item, str) or not item.strip():
                self.error(
                    self.file.location(mark),
                    "F110",
                    f"each item of '{key}' must be text, got {describe(item)}",
                )
                ok = False
                continue
            result.append(item.strip())
        return tuple(result) if ok else None

    def mapping(self, key: str) -> LocatedMap | None:
        """A nested mapping."""
        value = self.data.get(key)
        if isinstance(value, LocatedMap):
            return value
        self.error(
            self.value_location(key),
            "F110",
            f"'{key}' must be a mapping of keys to values, got {describe(value)}",
        )
        return None

    def outcome(self, value: Any, location: Location, key: str) -> Outcome | None:
        """An outcome written at ``location`` (see :func:`~.values.parse_outcome`)."""
        outcome = parse_outcome(value)
        if isinstance(outcome, Invalid):
            self.error(
                location,
                outcome.code,
                f"'{key}': {outcome.message}",
                "write yes, no, annulled, ambiguous, a category, or a number in [0, 1]",
            )
            return None
        return outcome

    def probability(self, value: Any, location: Location, name: str) -> float | None:
        """A probability written at ``location`` (see :func:`~.values.parse_probability`)."""
        probability = parse_probability(value, name)
        if isinstance(probability, Invalid):
            self.invalid(location, probability)
            return None
        return probability
