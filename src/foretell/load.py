"""Loading a book from disk: YAML files in, model objects and located problems out.

:func:`read_book` never raises on bad input: every file is read, every entry that can be built is
built, and everything wrong is returned as a :class:`~foretell.problems.Problem` pointing at the
key or value concerned. :func:`load_book` is the strict version for library users: it returns the
:class:`~foretell.model.Book` or raises :class:`~foretell.problems.BookError`.

The file formats are described in ``docs/format.md``.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pendulum

from foretell.dates import parse_date
from foretell.model import (
    AMBIGUOUS,
    ANNULLED,
    NO,
    UNSCORED_OUTCOMES,
    YES,
    Book,
    Evidence,
    Forecast,
    Outcome,
    Prediction,
    Source,
    outcome_fits,
    outcomes_hint,
)
from foretell.problems import Location, Problem, Severity, sorted_problems
from foretell.suggest import did_you_mean, slugify
from foretell.yamlio import LocatedList, LocatedMap, Mark, YamlFile, describe, read_yaml_file

__all__ = ["BookReading", "Citation", "Link", "Supersession", "read_book"]

FORECASTS_FOLDER = "forecasts"
EVIDENCE_FOLDER = "evidence"
CONFIG_FILE = "foretell.toml"
YAML_SUFFIXES = (".yaml", ".yml")

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PERCENT = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*%\s*")
#: Tolerance for category probabilities summing to 1.
SUM_TOLERANCE = 1e-6

SOURCE_KEYS = frozenset({"url", "title", "publisher", "author", "published", "document", "note"})
#: Keys at the top of a file with several forecasts; all but ``forecasts`` are defaults.
FILE_DEFAULT_KEYS = frozenset(
    {"source", "forecaster", "made", "resolves", "otherwise", "outcomes", "tags"}
)
FORECAST_KEYS = frozenset(
    {
        "id",
        "question",
        "quote",
        "source",
        "probability",
        "made",
        "forecaster",
        "note",
        "resolves",
        "criteria",
        "otherwise",
        "outcomes",
        "tags",
        "predictions",
    }
)
PREDICTION_KEYS = frozenset({"by", "made", "probability", "note"})
EVIDENCE_KEYS = frozenset(
    {"id", "observed", "source", "sources", "summary", "resolves", "supersedes", "note"}
)
#: Text values in which an unquoted ' #' most likely cut the text short.
PROSE_KEYS = frozenset({"question", "criteria", "quote", "note", "summary", "title"})
CONFIG_KEYS = frozenset({"forecaster", "title"})


@attrs.frozen
class Citation:
    """A forecast's claim to quote a document: checked even when the forecast has other errors.

    Attributes:
        forecast_id: the forecast's id, if it has a valid one.
        document: the document's path, relative to the book.
        document_location: where the path is written.
        quote: the quoted words, if any.
        quote_location: where the quote is written.
    """

    forecast_id: str | None
    document: str
    document_location: Location
    quote: str | None = None
    quote_location: Location | None = None


@attrs.frozen
class Link:
    """One entry of an evidence record's ``resolves``: the evidence names a forecast.

    Attributes:
        evidence_id: the evidence record's id, if it has a valid one.
        forecast_id: the forecast named.
        outcome: the outcome given, or ``None`` if it is invalid (already reported).
        key_location: where the forecast's id is written.
        value_location: where the outcome is written.
    """

    evidence_id: str | None
    forecast_id: str
    outcome: Outcome | None
    key_location: Location
    value_location: Location


@attrs.frozen
class Supersession:
    """One entry of an evidence record's ``supersedes``."""

    evidence_id: str | None
    superseded: str
    location: Location


@attrs.frozen
class BookReading:
    """Everything read from a book's folder.

    Attributes:
        book: the forecasts and evidence that could be built (entries with errors are left out).
        problems: every problem found while reading, in reading order.
        forecast_ids: the id of every forecast entry, including those left out for errors (so
            that evidence naming them is not also reported as naming an unknown forecast),
            with the location of each entry using it.
        evidence_ids: the same for evidence entries.
        citations: every forecast entry's source document and quote, valid entry or not.
        links: every forecast named in an evidence record's ``resolves``, valid record or not.
        supersessions: every ``supersedes`` entry, valid record or not.
        title: the book's title from ``foretell.toml``, if any.
    """

    book: Book
    problems: tuple[Problem, ...]
    forecast_ids: Mapping[str, tuple[Location, ...]] = attrs.field(factory=dict, hash=False)
    evidence_ids: Mapping[str, tuple[Location, ...]] = attrs.field(factory=dict, hash=False)
    citations: tuple[Citation, ...] = ()
    links: tuple[Link, ...] = ()
    supersessions: tuple[Supersession, ...] = ()
    title: str | None = None

    @property
    def has_errors(self) -> bool:
        """Whether any problem is an error (warnings do not count)."""
        return any(p.is_error for p in self.problems)


def read_book(root: str | Path) -> BookReading:
    """Read every forecast and evidence file of the book in ``root``.

    Args:
        root: the book's folder, holding ``forecasts/`` and (optionally) ``evidence/``,
            ``seeds/`` and ``foretell.toml``.

    Returns:
        The book built from the valid entries and the problems found in the files; book-wide
        rules (unique ids, quotes, evidence links) are checked by :func:`foretell.check_book`.
    """
    with paused_garbage_collection():
        return _read(Path(root))


@contextlib.contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Pause Python's cycle collector for a bulk job that makes many objects and no cycles.

    Reading a book makes hundreds of thousands of small objects and no reference cycles; with
    the collector running, every collection rescans all of them (a quarter of the time on
    10,000 files). The collector is switched back on afterwards if it was on before.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _read(root: Path) -> BookReading:
    reader = _Reader(root)
    reader.read_config()
    if not (root / FORECASTS_FOLDER).is_dir():
        reader.problems.append(
            Problem(
                Location(FORECASTS_FOLDER),
                "B100",
                f"the book has no '{FORECASTS_FOLDER}' folder",
                "run foretell in a book's folder, or create forecasts/ with a forecast file",
            )
        )
    for path, relative in _yaml_files(root, FORECASTS_FOLDER):
        reader.read_forecast_file(read_yaml_file(path, relative), path.name.rsplit(".", 1)[0])
    for path, relative in _yaml_files(root, EVIDENCE_FOLDER):
        reader.read_evidence_file(read_yaml_file(path, relative), path.name.rsplit(".", 1)[0])
    book = Book(root=root, forecasts=tuple(reader.forecasts), evidence=tuple(reader.evidence))
    return BookReading(
        book=book,
        problems=sorted_problems(reader.problems),
        forecast_ids={k: tuple(v) for k, v in reader.forecast_ids.items()},
        evidence_ids={k: tuple(v) for k, v in reader.evidence_ids.items()},
        citations=tuple(reader.citations),
        links=tuple(reader.links),
        supersessions=tuple(reader.supersessions),
        title=reader.title,
    )


def _yaml_files(root: Path, folder: str) -> list[tuple[Path, str]]:
    """The YAML files under ``root/folder`` (hidden folders and files skipped), sorted by path."""
    found: list[tuple[Path, str]] = []
    for directory, subdirectories, files in os.walk(root / folder):
        subdirectories[:] = [d for d in subdirectories if not d.startswith(".")]
        relative = Path(directory).relative_to(root).as_posix()
        found.extend(
            (Path(directory, name), f"{relative}/{name}")
            for name in files
            if name.endswith(YAML_SUFFIXES) and not name.startswith(".")
        )
    return sorted(found, key=lambda item: item[1])


class _Entry:
    """One YAML mapping being read into a model object, with its file for locations."""

    __slots__ = ("data", "file", "reader")

    def __init__(self, reader: _Reader, file: YamlFile, data: LocatedMap) -> None:
        self.reader = reader
        self.file = file
        self.data = data

    @property
    def location(self) -> Location:
        return self.file.location(self.data.mark)

    def key_location(self, key: str) -> Location:
        mark = self.data.key_marks.get(key)
        return self.file.location(mark) if mark is not None else self.location

    def value_location(self, key: str) -> Location:
        mark = self.data.value_marks.get(key)
        return self.file.location(mark) if mark is not None else self.location

    def error(self, location: Location, code: str, message: str, hint: str | None = None) -> None:
        self.reader.problems.append(Problem(location, code, message, hint))

    def warn(self, location: Location, code: str, message: str, hint: str | None = None) -> None:
        self.reader.problems.append(Problem(location, code, message, hint, Severity.WARNING))

    def check_keys(self, allowed: frozenset[str], what: str, misplaced: str | None = None) -> None:
        for key in self.data:
            if key in allowed:
                continue
            hint = did_you_mean(key, allowed)
            if hint is None and misplaced is not None and key in FORECAST_KEYS:
                hint = misplaced
            if hint is None:
                hint = "known keys: " + ", ".join(sorted(allowed))
            self.error(self.key_location(key), "F101", f"unknown key '{key}' in {what}", hint)

    def missing(self, key: str, what: str, hint: str | None = None) -> None:
        self.error(self.location, "F102", f"{what} has no '{key}'", hint)

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
                f"'{key}' is followed by a ' #' comment, which YAML drops: {value!r}",
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
            if SLUG.fullmatch(default) is None:
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
        if SLUG.fullmatch(value) is None:
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
        if key not in self.data:
            return None
        value = self.data[key]
        try:
            return parse_date(value)
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
        value = self.data.get(key)
        if isinstance(value, LocatedMap):
            return value
        self.error(
            self.value_location(key),
            "F110",
            f"'{key}' must be a mapping of keys to values, got {describe(value)}",
        )
        return None


class _Reader:
    """Reads the files of one book, accumulating model objects and problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.forecasts: list[Forecast] = []
        self.evidence: list[Evidence] = []
        self.forecast_ids: dict[str, list[Location]] = {}
        self.evidence_ids: dict[str, list[Location]] = {}
        self.citations: list[Citation] = []
        self.links: list[Link] = []
        self.supersessions: list[Supersession] = []
        self.default_forecaster: str | None = None
        self.title: str | None = None
        self._counted = 0
        self._errors = 0

    # -- foretell.toml ---------------------------------------------------------------------

    def read_config(self) -> None:
        path = self.root / CONFIG_FILE
        if not path.is_file():
            return
        try:
            text = path.read_text(encoding="utf-8")
            config = tomllib.loads(text)
        except (OSError, UnicodeDecodeError) as error:
            self.problems.append(Problem(Location(CONFIG_FILE), "C101", f"cannot read: {error}"))
            return
        except tomllib.TOMLDecodeError as error:
            line, column = _toml_position(str(error))
            self.problems.append(
                Problem(
                    Location(CONFIG_FILE, line, column),
                    "C101",
                    f"TOML syntax error: {str(error).split(' (at')[0]}",
                )
            )
            return
        for key, value in config.items():
            where = _toml_key_location(text, key)
            if key not in CONFIG_KEYS:
                self.problems.append(
                    Problem(
                        where,
                        "C101",
                        f"unknown setting '{key}'",
                        did_you_mean(key, CONFIG_KEYS) or "known settings: forecaster, title",
                    )
                )
            elif not isinstance(value, str) or not value.strip():
                self.problems.append(
                    Problem(where, "C101", f"'{key}' must be non-empty text", 'e.g. title = "..."')
                )
            elif key == "forecaster":
                self.default_forecaster = value.strip()
            else:
                self.title = value.strip()

    # -- forecasts ---------------------------------------------------------------------------

    def read_forecast_file(self, file: YamlFile, stem: str) -> None:
        self.problems.extend(file.problems)
        data = file.data
        if data is None:
            return
        if not isinstance(data, LocatedMap):
            self.wrong_shape(file, data, "a forecast file")
            return
        top = _Entry(self, file, data)
        if "forecasts" not in data:
            top.check_keys(FORECAST_KEYS, "a forecast")
            self.read_forecast(top, _Defaults(), default_id=stem)
            return
        top.check_keys(
            FILE_DEFAULT_KEYS | {"forecasts"},
            "the top of a forecast file",
            misplaced="keys of a forecast belong in an entry under 'forecasts:'",
        )
        defaults = self.read_defaults(top)
        entries = data["forecasts"]
        if not isinstance(entries, LocatedList):
            top.error(
                top.value_location("forecasts"),
                "F110",
                f"'forecasts' must be a list of forecasts, got {describe(entries)}",
                "start each forecast with '- id: ...' under 'forecasts:'",
            )
            return
        if not entries:
            top.warn(top.value_location("forecasts"), "Y109", "'forecasts' is empty")
        for item in self.mapping_items(file, entries, "forecasts"):
            entry = _Entry(self, file, item)
            entry.check_keys(FORECAST_KEYS, "a forecast")
            self.read_forecast(entry, defaults, default_id=None)

    def read_defaults(self, top: _Entry) -> _Defaults:
        defaults = _Defaults()
        if "source" in top.data:
            defaults.source = self.read_source(top, "source")
        defaults.forecaster = top.name("forecaster")
        if "made" in top.data:
            defaults.made = top.date("made")
            defaults.made_location = top.value_location("made")
        if "resolves" in top.data:
            defaults.resolves = top.date("resolves")
            defaults.resolves_location = top.value_location("resolves")
        if "otherwise" in top.data:
            defaults.otherwise = (top.data["otherwise"], top.value_location("otherwise"))
        if "outcomes" in top.data:
            defaults.outcomes = self.read_outcomes(top)
        defaults.tags = top.names("tags") or ()
        return defaults

    def read_forecast(self, entry: _Entry, defaults: _Defaults, default_id: str | None) -> None:
        errors_before = self.error_count()
        data = entry.data
        forecast_id = entry.slug("id", "forecast", default_id)
        if forecast_id is not None:
            where = entry.value_location("id") if "id" in data else entry.location
            self.forecast_ids.setdefault(forecast_id, []).append(where)
        what = f"forecast '{forecast_id}'" if forecast_id else "this forecast"
        question = entry.text("question", required=what)
        criteria = entry.text("criteria")
        quote = entry.text("quote")
        note = entry.text("note")
        forecaster = entry.name("forecaster") or defaults.forecaster or self.default_forecaster
        source = self.read_source(entry, "source") if "source" in data else defaults.source
        if source is not None and source.document is not None:
            self.citations.append(
                Citation(
                    forecast_id=forecast_id,
                    document=source.document,
                    document_location=source.field_locations.get("document") or entry.location,
                    quote=quote,
                    quote_location=entry.value_location("quote") if quote else None,
                )
            )

        resolves = entry.date("resolves")
        if "resolves" not in data:
            resolves = defaults.resolves
            if defaults.resolves_location is None:
                entry.missing("resolves", what, "add the deadline, e.g. 'resolves: 2026-12-31'")
        made_location: Location | None = None
        if "made" in data:
            made, made_location = entry.date("made"), entry.value_location("made")
        else:
            made, made_location = defaults.made, defaults.made_location

        outcomes = self.read_outcomes(entry) if "outcomes" in data else defaults.outcomes
        tags = defaults.tags + (entry.names("tags") or ())

        otherwise = self.read_otherwise(entry, defaults, outcomes, what)
        predictions: list[Prediction] = []
        if outcomes is not None:
            context = _PredictionContext(
                what=what,
                outcomes=outcomes,
                forecaster=forecaster,
                made=made,
                made_location=made_location,
                deadline=resolves,
                deadline_location=(
                    entry.value_location("resolves") if "resolves" in data else entry.location
                ),
            )
            predictions = self.read_predictions(entry, context, note)

        if criteria is None and "criteria" not in data:
            entry.warn(
                entry.location,
                "F113",
                f"{what} has no 'criteria'",
                "say how the question resolves, so that anyone can settle it",
            )

        if self.error_count() > errors_before:
            return
        if forecast_id is None or question is None or resolves is None or outcomes is None:
            return  # pragma: no cover - each of these has been reported as an error
        locations = {"id": entry.value_location("id") if "id" in data else entry.location}
        for key in ("quote", "resolves", "question"):
            if key in data:
                locations[key] = entry.value_location(key)
        self.forecasts.append(
            Forecast(
                id=forecast_id,
                question=question,
                resolves=resolves,
                predictions=tuple(predictions),
                criteria=criteria,
                quote=quote,
                source=source,
                otherwise=otherwise,
                outcomes=outcomes,
                tags=tuple(dict.fromkeys(tags)),
                location=entry.location,
                field_locations=locations,
            )
        )

    def read_otherwise(
        self, entry: _Entry, defaults: _Defaults, outcomes: tuple[str, ...] | None, what: str
    ) -> Outcome | None:
        raw: tuple[Any, Location] | None = defaults.otherwise
        if "otherwise" in entry.data:
            raw = (entry.data["otherwise"], entry.value_location("otherwise"))
        if raw is None or raw[0] is None or outcomes is None:
            return None  # 'otherwise: null' cancels a file-level default
        otherwise = self.read_outcome(entry, *raw, "otherwise")
        if otherwise is not None and not outcome_fits(otherwise, outcomes):
            entry.error(
                raw[1],
                "F112",
                f"'otherwise' is not a valid outcome for {what}: {otherwise!r}",
                outcomes_hint(outcomes),
            )
            return None
        return otherwise

    def read_predictions(
        self, entry: _Entry, context: _PredictionContext, note: str | None
    ) -> list[Prediction]:
        """The forecast's ``probability`` shorthand and its ``predictions`` list."""
        data = entry.data
        predictions: list[Prediction] = []
        if "probability" in data:
            prediction = self.read_prediction(
                entry, context, by=context.forecaster, note=note, by_key="forecaster"
            )
            if prediction is not None:
                predictions.append(prediction)
        if "predictions" not in data:
            if "probability" not in data:
                entry.missing(
                    "probability",
                    context.what,
                    "give 'probability: 0.7' (or 70%), or a 'predictions:' list",
                )
            return predictions
        items = data["predictions"]
        if not isinstance(items, LocatedList):
            entry.error(
                entry.value_location("predictions"),
                "F110",
                f"'predictions' must be a list, got {describe(items)}",
                "start each prediction with '- {by: ..., made: ..., probability: ...}'",
            )
            return predictions
        if not items and "probability" not in data:
            entry.error(
                entry.value_location("predictions"),
                "F111",
                "'predictions' is empty",
                "add at least one prediction",
            )
        for item, mark in zip(items, items.item_marks, strict=True):
            if not isinstance(item, LocatedMap):
                entry.error(
                    entry.file.location(mark),
                    "Y107",
                    f"each prediction must be a mapping, got {describe(item)}",
                )
                continue
            sub = _Entry(self, entry.file, item)
            sub.check_keys(PREDICTION_KEYS, "a prediction")
            prediction = self.read_prediction(
                sub,
                context,
                by=sub.name("by") or context.forecaster,
                note=sub.text("note"),
                by_key="by",
            )
            if prediction is not None:
                predictions.append(prediction)
        return predictions

    def read_prediction(
        self,
        entry: _Entry,
        context: _PredictionContext,
        *,
        by: str | None,
        note: str | None,
        by_key: str,
    ) -> Prediction | None:
        """A prediction from an entry's ``probability``, ``made`` and the given forecaster."""
        has_made = "made" in entry.data
        made = entry.date("made") if has_made else context.made
        made_known = has_made or context.made_location is not None
        what = context.what
        ok = True
        if made is not None and context.deadline is not None and made > context.deadline:
            entry.error(
                entry.value_location("made") if has_made else context.deadline_location,
                "F109",
                f"a prediction on {what} is made on {made}, after the deadline "
                f"'resolves' ({context.deadline})",
                "a prediction must be made on or before the forecast's deadline",
            )
        probability = None
        if "probability" not in entry.data:
            entry.missing("probability", f"a prediction on {what}", "add 'probability: 0.7'")
            ok = False
        else:
            probability = self.read_probability(entry, context.outcomes)
            ok = probability is not None
        if by is None:
            entry.missing(
                by_key,
                f"a prediction on {what}",
                "add 'forecaster:' at the top of the file or to the forecast, "
                "'by:' to the prediction, or set 'forecaster' in foretell.toml",
            )
            ok = False
        if not made_known:
            entry.missing(
                "made",
                f"a prediction on {what}",
                "add the date the prediction was made, e.g. 'made: 2026-01-21'",
            )
        if not ok or by is None or made is None or probability is None:
            return None
        locations = {"probability": entry.value_location("probability")}
        if has_made:
            locations["made"] = entry.value_location("made")
        return Prediction(
            by=by,
            made=made,
            probability=probability,
            note=note,
            location=entry.location,
            field_locations=locations,
        )

    def read_probability(
        self, entry: _Entry, outcomes: tuple[str, ...]
    ) -> float | dict[str, float] | None:
        value = entry.data["probability"]
        location = entry.value_location("probability")
        if not outcomes:
            if isinstance(value, LocatedMap):
                entry.error(
                    location,
                    "F110",
                    "'probability' is a mapping of categories, but the forecast lists "
                    "no 'outcomes'",
                    "give a single number for a yes/no question, or list the "
                    "categories under 'outcomes'",
                )
                return None
            return _probability_number(entry, value, location, "probability")
        if not isinstance(value, LocatedMap):
            entry.error(
                location,
                "F110",
                f"'probability' must map each category to a probability, got {describe(value)}",
                "write e.g. {" + ", ".join(f"{o}: ..." for o in outcomes[:3]) + "}",
            )
            return None
        result: dict[str, float] = {}
        ok = True
        for category, raw in value.items():
            category_location = entry.file.location(value.key_marks[category])
            if category not in outcomes:
                entry.error(
                    category_location,
                    "F106",
                    f"'probability' names a category that is not in 'outcomes': '{category}'",
                    did_you_mean(category, outcomes) or "categories: " + ", ".join(outcomes),
                )
                ok = False
                continue
            number = _probability_number(
                entry,
                raw,
                entry.file.location(value.value_marks[category]),
                f"probability of '{category}'",
            )
            if number is None:
                ok = False
            else:
                result[category] = number
        if not ok:
            return None
        total = math.fsum(result.values())
        if abs(total - 1.0) > SUM_TOLERANCE:
            entry.error(
                location,
                "F105",
                f"category probabilities must sum to 1, they sum to {total:.6g}",
                "adjust the numbers so that they add up to 1 (100%)",
            )
            return None
        return result

    def read_outcomes(self, entry: _Entry) -> tuple[str, ...] | None:
        names = entry.names("outcomes")
        if names is None:
            return None
        location = entry.value_location("outcomes")
        if len(names) == 1:
            entry.error(
                location,
                "F116",
                "'outcomes' must list at least two categories",
                "leave 'outcomes' out for a yes/no question",
            )
            return None
        seen: set[str] = set()
        for name in names:
            if name in seen:
                entry.error(location, "F116", f"'outcomes' lists '{name}' twice")
                return None
            if name.lower() in UNSCORED_OUTCOMES:
                entry.error(
                    location,
                    "F116",
                    f"'{name}' cannot be a category: it is reserved for questions "
                    "that end without a score",
                )
                return None
            seen.add(name)
        return names

    def read_outcome(
        self, entry: _Entry, value: Any, location: Location, key: str
    ) -> Outcome | None:
        outcome, code, message = _parse_outcome(value)
        if message is not None:
            entry.error(
                location,
                code,
                f"'{key}': {message}",
                "write yes, no, annulled, ambiguous, a category, or a number in [0, 1]",
            )
        return outcome

    def read_source(
        self, entry: _Entry, key: str, item: tuple[Any, Mark] | None = None
    ) -> Source | None:
        if item is None:
            value, location = entry.data[key], entry.value_location(key)
        else:
            value, location = item[0], entry.file.location(item[1])
        if not isinstance(value, LocatedMap):
            self.problems.append(
                Problem(
                    location,
                    "F110",
                    f"'{key}' must be a mapping (url, title, publisher, ...), "
                    f"got {describe(value)}",
                    "write e.g. 'source: {url: https://..., publisher: ...}'",
                )
            )
            return None
        sub = _Entry(self, entry.file, value)
        sub.check_keys(SOURCE_KEYS, "a source")
        before = self.error_count()
        source = Source(
            url=sub.text("url"),
            title=sub.text("title"),
            publisher=sub.text("publisher"),
            author=sub.text("author"),
            published=sub.date("published"),
            document=sub.text("document"),
            note=sub.text("note"),
            location=sub.location,
            field_locations={"document": sub.value_location("document")}
            if "document" in value
            else {},
        )
        if source.url is None and source.title is None and source.document is None:
            sub.error(
                sub.location,
                "F117",
                f"'{key}' needs a 'url' or a 'title'",
                "say where the statement or fact can be found",
            )
        return source if self.error_count() == before else None

    # -- evidence ----------------------------------------------------------------------------

    def read_evidence_file(self, file: YamlFile, stem: str) -> None:
        self.problems.extend(file.problems)
        data = file.data
        if data is None:
            return
        if not isinstance(data, LocatedMap):
            self.wrong_shape(file, data, "an evidence file")
            return
        top = _Entry(self, file, data)
        if "evidence" not in data:
            top.check_keys(EVIDENCE_KEYS, "an evidence record")
            self.read_evidence(top, default_id=stem)
            return
        top.check_keys(
            frozenset({"evidence"}),
            "the top of an evidence file",
            misplaced="keys of a record belong in an entry under 'evidence:'",
        )
        entries = data["evidence"]
        if not isinstance(entries, LocatedList):
            top.error(
                top.value_location("evidence"),
                "F110",
                f"'evidence' must be a list of records, got {describe(entries)}",
            )
            return
        for item in self.mapping_items(file, entries, "evidence"):
            entry = _Entry(self, file, item)
            entry.check_keys(EVIDENCE_KEYS, "an evidence record")
            self.read_evidence(entry, default_id=None)

    def read_evidence(self, entry: _Entry, default_id: str | None) -> None:
        before = self.error_count()
        data = entry.data
        evidence_id = entry.slug("id", "evidence record", default_id)
        if evidence_id is not None:
            where = entry.value_location("id") if "id" in data else entry.location
            self.evidence_ids.setdefault(evidence_id, []).append(where)
        what = f"evidence '{evidence_id}'" if evidence_id else "this evidence record"
        observed = entry.date("observed")
        if "observed" not in data:
            entry.missing(
                "observed", what, "add the date the fact occurred, e.g. 'observed: 2026-01-23'"
            )
        summary = entry.text("summary")
        if "summary" not in data:
            entry.warn(
                entry.location,
                "F114",
                f"{what} has no 'summary'",
                "describe the fact in your own words",
            )
        entry.text("note")

        sources = self.read_evidence_sources(entry, what)
        locations: dict[str, Location] = {
            "id": entry.value_location("id") if "id" in data else entry.location,
        }
        resolves = self.read_resolves(entry, what, evidence_id, locations)

        supersedes = entry.names("supersedes")
        if supersedes:
            raw_supersedes = data["supersedes"]
            marks = (
                raw_supersedes.item_marks
                if isinstance(raw_supersedes, LocatedList)
                else [data.value_marks["supersedes"]]
            )
            for index, (superseded, mark) in enumerate(zip(supersedes, marks, strict=True)):
                locations[f"supersedes[{index}]"] = entry.file.location(mark)
                self.supersessions.append(
                    Supersession(evidence_id, superseded, entry.file.location(mark))
                )

        if self.error_count() > before:
            return
        if evidence_id is None or observed is None:
            return  # pragma: no cover - both have been reported as errors
        self.evidence.append(
            Evidence(
                id=evidence_id,
                observed=observed,
                resolves=resolves,
                sources=tuple(sources),
                summary=summary,
                supersedes=supersedes or (),
                location=entry.location,
                field_locations=locations,
            )
        )

    def read_evidence_sources(self, entry: _Entry, what: str) -> list[Source]:
        """An evidence record's ``source`` or ``sources``."""
        data = entry.data
        sources: list[Source] = []
        if "source" in data and "sources" in data:
            entry.error(
                entry.key_location("sources"),
                "F110",
                "give either 'source' or 'sources', not both",
                "move the 'source' mapping into the 'sources' list",
            )
        elif "source" in data:
            source = self.read_source(entry, "source")
            if source is not None:
                sources.append(source)
        elif "sources" in data:
            items = data["sources"]
            if not isinstance(items, LocatedList) or not items:
                entry.error(
                    entry.value_location("sources"),
                    "F110",
                    f"'sources' must be a non-empty list of sources, got {describe(items)}",
                )
            else:
                for item, mark in zip(items, items.item_marks, strict=True):
                    source = self.read_source(entry, "sources", (item, mark))
                    if source is not None:
                        sources.append(source)
        else:
            entry.missing(
                "source",
                what,
                "cite where the fact is reported: "
                "'source: {url: ..., publisher: ..., published: ...}'",
            )

        return sources

    def read_resolves(
        self,
        entry: _Entry,
        what: str,
        evidence_id: str | None,
        locations: dict[str, Location],
    ) -> dict[str, Outcome]:
        """An evidence record's ``resolves`` mapping; records every link for the book checks."""
        data = entry.data
        resolves: dict[str, Outcome] = {}
        if "resolves" not in data:
            entry.missing(
                "resolves",
                what,
                "map each forecast id it settles to its outcome, "
                "e.g. 'resolves: {my-question: yes}'",
            )
        else:
            mapping = entry.mapping("resolves")
            if mapping is not None and not mapping:
                entry.error(
                    entry.value_location("resolves"),
                    "F111",
                    "'resolves' is empty",
                    "map each forecast id it settles to its outcome",
                )
            if mapping is not None:
                for forecast_id, raw in mapping.items():
                    value_location = entry.file.location(mapping.value_marks[forecast_id])
                    outcome = self.read_outcome(
                        entry, raw, value_location, f"resolves: {forecast_id}"
                    )
                    if outcome is not None:
                        resolves[forecast_id] = outcome
                    key_location = entry.file.location(mapping.key_marks[forecast_id])
                    locations[f"resolves.{forecast_id}"] = value_location
                    locations[f"resolves.{forecast_id}:key"] = key_location
                    self.links.append(
                        Link(evidence_id, forecast_id, outcome, key_location, value_location)
                    )
        return resolves

    # -- helpers -----------------------------------------------------------------------------

    def error_count(self) -> int:
        """How many errors (not warnings) have been found so far; cheap to call often."""
        for problem in self.problems[self._counted :]:
            self._errors += problem.is_error
        self._counted = len(self.problems)
        return self._errors

    def mapping_items(self, file: YamlFile, items: LocatedList, key: str) -> Iterator[LocatedMap]:
        """The mappings of a list of entries; anything else is reported (Y107) and skipped."""
        for item, mark in zip(items, items.item_marks, strict=True):
            if isinstance(item, LocatedMap):
                yield item
            else:
                self.problems.append(
                    Problem(
                        file.location(mark),
                        "Y107",
                        f"each entry under '{key}' must be a mapping, got {describe(item)}",
                    )
                )

    def wrong_shape(self, file: YamlFile, data: Any, what: str) -> None:
        mark = getattr(data, "mark", (0, 0))
        self.problems.append(
            Problem(
                file.location(mark),
                "Y107",
                f"{what} must be a mapping of keys to values, got {describe(data)}",
                "see docs/format.md for the layout of the file",
            )
        )


@attrs.frozen
class _PredictionContext:
    """What the predictions of one forecast inherit from it."""

    what: str
    outcomes: tuple[str, ...]
    forecaster: str | None
    made: pendulum.Date | None
    made_location: Location | None
    deadline: pendulum.Date | None
    deadline_location: Location


@attrs.define
class _Defaults:
    """File-level defaults for the forecasts of one file."""

    source: Source | None = None
    forecaster: str | None = None
    made: pendulum.Date | None = None
    made_location: Location | None = None
    resolves: pendulum.Date | None = None
    resolves_location: Location | None = None
    otherwise: tuple[Any, Location] | None = None
    outcomes: tuple[str, ...] | None = ()
    tags: tuple[str, ...] = ()


def _probability_number(entry: _Entry, value: Any, location: Location, name: str) -> float | None:
    number: float
    if isinstance(value, bool) or value is None or isinstance(value, LocatedMap | LocatedList):
        entry.error(
            location,
            "F104",
            f"'{name}' must be a number, got {describe(value)}",
            "write a probability such as 0.7 or 70%",
        )
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        match = _PERCENT.fullmatch(value)
        if match is None:
            hint = "write a probability such as 0.7 or 70%"
            if _is_number(value):
                hint = "remove the quotes around the number"
            elif value.strip().isalpha() or " " in value.strip():
                hint = (
                    "write a number; record the source's words (such as 'likely') in "
                    "'note' and the number you chose here"
                )
            entry.error(location, "F104", f"'{name}' must be a number, got {value!r}", hint)
            return None
        number = float(match.group(1)) / 100.0
    else:  # pragma: no cover - YAML gives no other scalar types
        entry.error(location, "F104", f"'{name}' must be a number, got {describe(value)}")
        return None
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        shown = value if isinstance(value, str) else _format_number(number)
        entry.error(
            location,
            "F103",
            f"'{name}' must be between 0 and 1: {shown}",
            "write 0.7 or 70% for a 70% chance" if number > 1 else None,
        )
        return None
    return number


def _parse_outcome(value: Any) -> tuple[Outcome | None, str, str | None]:
    """An outcome from a YAML value, or a problem code and message."""
    if isinstance(value, bool):
        word = "yes" if value else "no"
        return None, "F110", f"write '{word}' instead of {str(value).lower()}"
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "F111", "the outcome is empty"
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number) or not 0.0 <= number <= 1.0:
            message = f"a fractional outcome must be between 0 and 1: {_format_number(number)}"
            return None, "F103", message
        return number, "", None
    if isinstance(value, str):
        text = value.strip()
        lowered = text.lower()
        if lowered in (YES, NO, ANNULLED, AMBIGUOUS):
            return lowered, "", None
        match = _PERCENT.fullmatch(text)
        if match is not None:
            number = float(match.group(1)) / 100.0
            if number > 1.0:
                return None, "F103", f"a fractional outcome must be between 0 and 1: {text}"
            return number, "", None
        return text, "", None
    return None, "F110", f"expected an outcome, got {describe(value)}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _format_number(number: float) -> str:
    return f"{number:g}" if math.isfinite(number) else str(number)


def _toml_key_location(text: str, key: str) -> Location:
    """Where a top-level key of foretell.toml is written (the file itself if not found)."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.M)
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
