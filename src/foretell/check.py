"""Book-wide rules: what no single file can tell.

Each rule is a plain function from a :class:`~foretell.load.BookReading` to problems; :data:`RULES`
lists them in the order they run. :func:`check_book` reads a book and runs every rule, returning
all problems (from the files and from the rules) in reading order.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import attrs

from foretell.dates import end_of_day
from foretell.files import FileRefusedError, read_regular_file
from foretell.load import BookReading, ParseCache, paused_garbage_collection, read_book
from foretell.load.book import (
    book_state,
    documents_state,
    hidden_documents,
    open_book_cache,
    read_files,
    unreadable_book,
)
from foretell.load.compact import IdLocations
from foretell.load.config import read_config
from foretell.load.paths import is_inside, real_root
from foretell.load.plain import PlainDataError, problems_from_plain, problems_to_plain
from foretell.model import YES, Book, Evidence, Forecast, outcome_fits, outcomes_hint
from foretell.problems import BookError, Location, Problem, Severity, sorted_problems
from foretell.resolution import END_OF_TIME, late_predictions, resolve
from foretell.safetext import excerpt
from foretell.suggest import Suggestions, did_you_mean
from foretell.textmatch import contains_quote, normalise

__all__ = ["RULES", "CheckResult", "check_book", "check_reading", "load_book", "run_check"]

Rule = Callable[[BookReading], Iterable[Problem]]


def unique_ids(reading: BookReading) -> Iterator[Problem]:
    """Forecast ids are unique among forecasts, evidence ids among evidence."""
    for kind, ids in (("forecast", reading.forecast_ids), ("evidence", reading.evidence_ids)):
        for identifier, locations in _repeated(ids).items():
            first = locations[0]
            for location in locations[1:]:
                yield Problem(
                    location,
                    "B101",
                    f"{kind} id '{identifier}' is already used at {first}",
                    f"give each {kind} its own id",
                )


def sources_and_quotes(reading: BookReading) -> Iterator[Problem]:
    """Source documents exist inside the book, and every quote occurs in its document."""
    root = reading.book.root
    documents: dict[str, str | None] = {}
    for citation in reading.citations:
        if citation.document not in documents:
            text, problem = _read_document(root, citation.document, citation.document_location)
            documents[citation.document] = text
            if problem is not None:
                yield problem
        text = documents[citation.document]
        if text is None or citation.quote is None:
            continue
        if not contains_quote(text, citation.quote):
            name = f"forecast '{citation.forecast_id}'" if citation.forecast_id else "a forecast"
            yield Problem(
                citation.quote_location or citation.document_location,
                "B103",
                f"the quote of {name} does not occur in {citation.document}",
                "copy the words exactly; whitespace, quote marks and dashes may differ, "
                "nothing else",
            )


def evidence_links(reading: BookReading) -> Iterator[Problem]:
    """Evidence names existing forecasts, with outcomes valid for them."""
    book = reading.book
    known: Suggestions | None = None  # indexed once, on the first unknown id
    for link in reading.links:
        name = f"evidence '{link.evidence_id}'" if link.evidence_id else "evidence"
        if link.forecast_id not in reading.forecast_ids:
            known = known or Suggestions(reading.forecast_ids)
            yield Problem(
                link.key_location,
                "B104",
                f"{name} resolves an unknown forecast {excerpt(link.forecast_id)}",
                known.hint(link.forecast_id) or "check the forecast's id in forecasts/",
            )
            continue
        if link.outcome is None or not book.has_forecast(link.forecast_id):
            continue  # the outcome or the forecast has errors of its own, reported where it is
        forecast = book.forecast(link.forecast_id)
        if not outcome_fits(link.outcome, forecast.outcomes):
            outcome = link.outcome
            shown = excerpt(outcome) if isinstance(outcome, str) else repr(outcome)
            yield Problem(
                link.value_location,
                "B105",
                f"{name} gives forecast '{link.forecast_id}' the outcome {shown}, "
                "which is not one of its outcomes",
                outcomes_hint(forecast.outcomes),
            )


def supersession(reading: BookReading) -> Iterator[Problem]:
    """``supersedes`` names existing evidence, and no records supersede each other in a cycle."""
    graph: dict[str, list[str]] = {}
    first_link: dict[str, Location] = {}
    known: Suggestions | None = None  # indexed once, on the first unknown id
    for entry in reading.supersessions:
        if entry.superseded not in reading.evidence_ids:
            known = known or Suggestions(reading.evidence_ids)
            name = f"evidence '{entry.evidence_id}'" if entry.evidence_id else "evidence"
            yield Problem(
                entry.location,
                "B106",
                f"{name} supersedes unknown evidence {excerpt(entry.superseded)}",
                known.hint(entry.superseded) or "name the id of an earlier evidence record",
            )
        elif entry.evidence_id is not None:
            graph.setdefault(entry.evidence_id, []).append(entry.superseded)
            first_link.setdefault(entry.evidence_id, entry.location)
    for cycle in _cycles(graph):
        yield Problem(
            first_link[cycle[0]],
            "B107",
            "evidence records supersede each other in a cycle: " + " -> ".join(cycle),
            "a record can only supersede earlier records; remove one link",
        )


def timing(reading: BookReading) -> Iterator[Problem]:
    """Warn about predictions made once the answer was known, and about late evidence.

    The book is resolved with every record applied (as of the end of time), so the warnings do
    not depend on today's date.
    """
    book = reading.book
    for resolution in resolve(book, END_OF_TIME):
        forecast = resolution.forecast
        for prediction in late_predictions(resolution):
            how = "by evidence" if resolution.method == "evidence" else "by its 'otherwise'"
            yield Problem(
                prediction.field_locations.get("made")
                or prediction.field_locations.get("probability")
                or prediction.location
                or _nowhere(forecast),
                "B108",
                f"{prediction.by}'s prediction on forecast '{forecast.id}' is made on "
                f"{_moment(prediction.made, prediction.made_at)}, on or after it resolved "
                f"({_moment(resolution.resolved_on, resolution.resolved_at)}, {how}); it is "
                "not scored",
                "predictions must be made before the answer is known",
                Severity.WARNING,
            )
    for evidence in book.evidence:
        for forecast_id, outcome in evidence.resolves.items():
            if not book.has_forecast(forecast_id):
                continue
            forecast = book.forecast(forecast_id)
            happened = outcome == YES or (isinstance(outcome, float) and outcome == 1.0)
            if happened and evidence.instant >= end_of_day(forecast.resolves, book.timezone):
                yield Problem(
                    evidence.where(f"resolves.{forecast_id}") or _nowhere(evidence),
                    "B109",
                    f"evidence '{evidence.id}' is observed on "
                    f"{_moment(evidence.observed, evidence.observed_at)}, after the "
                    f"deadline of forecast '{forecast_id}' ({forecast.resolves}), yet says yes",
                    "if the event happened by the deadline, set 'observed' to the day it "
                    "happened; if it happened later, the answer is no",
                    Severity.WARNING,
                )


#: The book-wide rules, in the order they run.
def table_timing(reading: BookReading) -> Iterable[Problem]:
    """Warn about table predictions made once the answer was known (as :func:`timing`)."""
    if reading.tables is None:
        return ()
    from foretell.tables.checks import late_table_predictions  # noqa: PLC0415 - optional engine

    return late_table_predictions(reading)


RULES: tuple[Rule, ...] = (
    unique_ids,
    sources_and_quotes,
    evidence_links,
    supersession,
    timing,
    table_timing,
)


def check_reading(reading: BookReading, rules: Iterable[Rule] = RULES) -> tuple[Problem, ...]:
    """Every problem of a book that has been read: the files' own and the book-wide rules'."""
    problems = list(reading.problems)
    for rule in rules:
        problems.extend(rule(reading))
    return sorted_problems(problems)


def check_book(root: str | Path, *, cache: ParseCache | None = None) -> tuple[Problem, ...]:
    """Read the book in ``root`` and return every problem in it, in reading order.

    Errors make the book unusable for reports until fixed; warnings do not.

    Args:
        root: the book's folder.
        cache: a parse cache; the problems are the same with or without it.
    """
    return run_check(root, cache=cache).problems


@attrs.frozen
class CheckResult:
    """What checking a book found.

    Attributes:
        problems: every problem, in reading order.
        forecasts: how many forecast entries the book has (valid or not).
        evidence: how many evidence entries it has (valid or not).
    """

    problems: tuple[Problem, ...]
    forecasts: int
    evidence: int

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(p.is_error for p in self.problems)


def run_check(root: str | Path, *, cache: ParseCache | None = None) -> CheckResult:
    """Check the book in ``root``: its files and the book-wide rules.

    With a ``cache``, unchanged files are not parsed again, and when nothing in the book's
    folder has changed since the last check (see :func:`foretell.load.book.book_state`) its
    result is reused without reading the book at all.
    """
    root = Path(root)
    with paused_garbage_collection():
        try:
            config = read_config(root)
        except OSError as error:  # a race with the file system, or a path too long to use
            return _check_result(unreadable_book(root, error))
        if cache is None:
            return _check_result(read_files(root, config, None))
        with open_book_cache(cache, root, config) as entries:
            state = book_state(root, entries)
            if state is not None:
                kept = _kept_check_result(root, entries.memo("check", state))
                if kept is not None:
                    return kept
            reading = read_files(root, config, entries)
            result = _check_result(reading)
            if state is not None and book_state(root, entries) == state:
                # Documents in hidden folders are outside the book's state: their own state is
                # kept with the result and checked before it is used again.
                documents = hidden_documents(citation.document for citation in reading.citations)
                seen = documents_state(root, documents)
                if seen is not None:
                    kept_data = [*_check_result_to_plain(result), documents, seen.hex()]
                    entries.keep_memo("check", state, kept_data)
            return result


def _check_result(reading: BookReading) -> CheckResult:
    return CheckResult(
        problems=check_reading(reading),
        forecasts=_uses(reading.forecast_ids),
        evidence=_uses(reading.evidence_ids),
    )


def _repeated(ids: Mapping[str, tuple[Location, ...]]) -> Mapping[str, tuple[Location, ...]]:
    """The ids used by more than one entry (ids used once make no problem)."""
    if isinstance(ids, IdLocations):
        return ids.repeated()
    return {identifier: locations for identifier, locations in ids.items() if len(locations) > 1}


def _uses(ids: Mapping[str, tuple[Location, ...]]) -> int:
    """How many entries use an id."""
    if isinstance(ids, IdLocations):
        return ids.uses()
    return sum(len(locations) for locations in ids.values())


def _check_result_to_plain(result: CheckResult) -> list[object]:
    return [problems_to_plain(result.problems), result.forecasts, result.evidence]


def _kept_check_result(root: Path, data: object) -> CheckResult | None:
    """A kept check result, if it is well formed and the hidden documents it read are as they
    were then."""
    if not isinstance(data, list) or len(data) != 5:
        return None
    problems, forecasts, evidence, documents, seen = data
    if type(forecasts) is not int or type(evidence) is not int:
        return None
    if not isinstance(documents, list) or not all(type(d) is str for d in documents):
        return None
    now = documents_state(root, hidden_documents(documents))
    if type(seen) is not str or now is None or now.hex() != seen:
        return None
    try:
        return CheckResult(problems_from_plain(problems), forecasts, evidence)
    except PlainDataError:
        return None


def load_book(root: str | Path) -> Book:
    """Load a book, insisting that it is free of errors.

    Runs the same checks as ``foretell check`` (file contents and book-wide rules).

    Raises:
        BookError: when any error is found; its ``problems`` attribute lists them all.
    """
    with paused_garbage_collection():
        reading = read_book(root)
        problems = check_reading(reading)
    if any(p.is_error for p in problems):
        raise BookError(problems)
    return reading.book


def _read_document(root: Path, document: str, where: Location) -> tuple[str | None, Problem | None]:
    """The normalised text of a source document, or the problem that prevents reading it.

    The document must be a regular file whose real path (symbolic links resolved) lies inside
    the book: a document outside would turn the quote check into an oracle for any file.
    """
    shown = excerpt(document)

    def problem(message: str, hint: str | None = None) -> tuple[None, Problem]:
        return None, Problem(where, "B102", f"source document {shown} {message}", hint)

    path = Path(document)
    if path.is_absolute() or ".." in path.parts or "\0" in document:
        return problem(
            "must be a path inside the book",
            "give the path relative to the book's folder, e.g. seeds/article.txt",
        )
    full = root / path
    real = real_root(root)
    try:
        if not _exists(full):
            return problem(
                "does not exist",
                did_you_mean(document, _candidate_documents(root, real, path))
                or "give the path relative to the book's folder, e.g. seeds/article.txt",
            )
        if not is_inside(real, full):
            return problem(
                "leads outside the book (through a symbolic link); foretell reads nothing "
                "outside the book's folder",
                "copy the document into the book",
            )
        return normalise(read_regular_file(full).decode("utf-8")), None
    except FileRefusedError as error:
        return problem(f"cannot be read: {error.reason}")
    except OSError as error:
        return problem(f"cannot be read: {error.strerror or type(error).__name__}")
    except UnicodeDecodeError as error:
        return problem(
            f"is not UTF-8 text (byte offset {error.start})", "save the document as UTF-8 text"
        )


def _exists(path: Path) -> bool:
    """Whether ``path`` exists, following links; False only when it is truly missing.

    Raises:
        OSError: when that cannot be known (a folder on the way cannot be searched).
    """
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            return False
        raise
    return True


def _candidate_documents(root: Path, real: str, path: Path) -> list[str]:
    """The files of the book beside a missing document (or in ``seeds/``), for a hint."""
    folder = root / path.parent
    try:
        if not folder.is_dir():
            folder = root / "seeds"
        if not folder.is_dir() or not is_inside(real, folder):
            return []
        return [
            p.relative_to(root).as_posix()
            for p in folder.iterdir()
            if not p.name.startswith(".") and p.is_file() and is_inside(real, p)
        ]
    except OSError:
        return []


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Cycles of a directed graph, each from its first node back to it (depth-first search)."""
    state: dict[str, int] = {}  # absent: unvisited, 1: on the current path, 2: finished
    cycles: list[list[str]] = []
    for start in sorted(graph):
        if start in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        state[start] = 1
        while stack:
            node, successors = stack[-1]
            step = next(successors, None)
            if step is None:
                state[node] = 2
                stack.pop()
            elif state.get(step) == 2:
                continue
            elif state.get(step) == 1:
                path = [n for n, _ in stack]
                cycles.append([*path[path.index(step) :], step])
            else:
                state[step] = 1
                stack.append((step, iter(graph.get(step, ()))))
    return cycles


def _moment(day: object, instant: dt.datetime | None) -> str:
    """A date as written, with its time of day when it has one (not midnight)."""
    if instant is None or instant.time() == dt.time(0, 0):
        return str(day)
    return instant.isoformat()


def _nowhere(item: Forecast | Evidence) -> Location:
    return item.location or Location("?")
