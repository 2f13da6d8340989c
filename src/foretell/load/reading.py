"""What reading gives: :class:`BookReading` for a book, :class:`FileReading` for one file.

Besides the model, a reading keeps what the book-wide rules of :mod:`foretell.check` need from
every entry, valid or not: ids, cited documents, links between evidence and forecasts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from foretell.model import Book, Evidence, Forecast, Outcome, SealedForecast
from foretell.problems import Location, Problem

__all__ = ["BookReading", "Citation", "FileReading", "Link", "Supersession"]


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


@attrs.define
class FileReading:
    """Everything read from one file of the book, in the order it was read.

    Attributes:
        problems: the problems found in the file.
        forecasts: the forecasts built (entries with errors are left out).
        evidence: the evidence records built.
        forecast_ids: ``(id, location)`` of every forecast entry with a valid id.
        evidence_ids: the same for evidence entries.
        citations: every forecast entry's source document and quote.
        links: every forecast named in an evidence record's ``resolves``.
        supersessions: every ``supersedes`` entry.
        sealed: the sealed forecasts (an id and a commitment each).
    """

    problems: list[Problem] = attrs.Factory(list)
    forecasts: list[Forecast] = attrs.Factory(list)
    evidence: list[Evidence] = attrs.Factory(list)
    forecast_ids: list[tuple[str, Location]] = attrs.Factory(list)
    evidence_ids: list[tuple[str, Location]] = attrs.Factory(list)
    citations: list[Citation] = attrs.Factory(list)
    links: list[Link] = attrs.Factory(list)
    supersessions: list[Supersession] = attrs.Factory(list)
    sealed: list[SealedForecast] = attrs.Factory(list)


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

            :func:`~foretell.load.read_book` keeps these five compactly
            (:mod:`foretell.load.compact`): their records and locations are made on access.
        title: the book's title from ``foretell.toml``, if any.
        tables: the prediction rows of the book's forecast tables
            (:class:`foretell.tables.PredictionTables`), or ``None`` when it has none; the
            forecasts those rows belong to are in ``book`` without predictions.
    """

    book: Book
    problems: tuple[Problem, ...]
    forecast_ids: Mapping[str, tuple[Location, ...]] = attrs.field(factory=dict, hash=False)
    evidence_ids: Mapping[str, tuple[Location, ...]] = attrs.field(factory=dict, hash=False)
    citations: Sequence[Citation] = ()
    links: Sequence[Link] = ()
    supersessions: Sequence[Supersession] = ()
    title: str | None = None
    tables: Any = attrs.field(default=None, eq=False, repr=False)

    def left_out(self) -> tuple[tuple[str, str, Location], ...]:
        """The entries with a valid id that were left out of the book for their errors.

        Returns:
            ``(kind, id, location)`` with kind ``"forecast"`` or ``"evidence"``, in reading
            order. Entries without a valid id are named only by their problems' locations.
        """
        kept = {(f.id, f.where("id")) for f in self.book.forecasts}
        kept |= {(e.id, e.where("id")) for e in self.book.evidence}
        found = [
            (kind, identifier, location)
            for kind, ids in (("forecast", self.forecast_ids), ("evidence", self.evidence_ids))
            for identifier, locations in ids.items()
            for location in locations
            if (identifier, location) not in kept
        ]
        return tuple(sorted(found, key=lambda item: (item[2], item[1])))

    @property
    def has_errors(self) -> bool:
        """Whether any problem is an error (warnings do not count)."""
        return any(p.is_error for p in self.problems)
