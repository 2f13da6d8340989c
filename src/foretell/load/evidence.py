"""Evidence files: dated, cited facts that resolve forecasts.

An evidence file holds one record, or a list under ``evidence:``. A record says when the fact
was observed, where it is reported (``source`` or ``sources``), which forecasts it settles and
how (``resolves``), and which earlier records it corrects (``supersedes``).
"""

from __future__ import annotations

from foretell.dates import calendar_date, instant_of
from foretell.model import Evidence, Outcome, Source
from foretell.problems import Location
from foretell.safetext import describe
from foretell.yamlio import LocatedList

from .config import Config
from .entries import EntryKind
from .fields import Entry
from .keys import EVIDENCE_KEYS
from .reading import FileReading, Link, Supersession
from .sources import read_source

__all__ = ["EVIDENCE", "read_evidence"]


def read_evidence(
    entry: Entry, timezone: str, default_id: str | None, reading: FileReading
) -> None:
    """Read one evidence record; it joins ``reading.evidence`` only when it has no errors.

    ``timezone`` is the book's: a bare ``observed`` date is the start of that day there.
    """
    data = entry.data
    evidence_id = entry.slug("id", "evidence record", default_id)
    if evidence_id is not None:
        where = entry.value_location("id") if "id" in data else entry.location
        reading.evidence_ids.append((evidence_id, where))
    what = f"evidence '{evidence_id}'" if evidence_id else "this evidence record"
    observed = entry.instant("observed")
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

    sources = read_sources(entry, what)
    locations: dict[str, Location] = {
        "id": entry.value_location("id") if "id" in data else entry.location,
    }
    resolves = read_resolves(entry, what, evidence_id, locations, reading)

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
            reading.supersessions.append(
                Supersession(evidence_id, superseded, entry.file.location(mark))
            )

    if entry.has_errors:
        return
    if evidence_id is None or observed is None:
        return  # pragma: no cover - both have been reported as errors
    reading.evidence.append(
        Evidence(
            id=evidence_id,
            observed=calendar_date(observed),
            observed_at=instant_of(observed, timezone),
            resolves=resolves,
            sources=tuple(sources),
            summary=summary,
            supersedes=supersedes or (),
            location=entry.location,
            field_locations=locations,
        )
    )


def read_sources(entry: Entry, what: str) -> list[Source]:
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
        source = read_source(entry, "source")
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
                source = read_source(entry, "sources", (item, mark))
                if source is not None:
                    sources.append(source)
    else:
        entry.missing(
            "source",
            what,
            "cite where the fact is reported: 'source: {url: ..., publisher: ..., published: ...}'",
        )
    return sources


def read_resolves(
    entry: Entry,
    what: str,
    evidence_id: str | None,
    locations: dict[str, Location],
    reading: FileReading,
) -> dict[str, Outcome]:
    """An evidence record's ``resolves`` mapping; records every link for the book checks."""
    data = entry.data
    resolves: dict[str, Outcome] = {}
    if "resolves" not in data:
        entry.missing(
            "resolves",
            what,
            "map each forecast id it settles to its outcome, e.g. 'resolves: {my-question: yes}'",
        )
        return resolves
    mapping = entry.mapping("resolves")
    if mapping is None:
        return resolves
    if not mapping:
        entry.error(
            entry.value_location("resolves"),
            "F111",
            "'resolves' is empty",
            "map each forecast id it settles to its outcome",
        )
    for forecast_id, raw in mapping.items():
        value_location = entry.file.location(mapping.value_marks[forecast_id])
        outcome = entry.outcome(raw, value_location, f"resolves: {forecast_id}")
        if outcome is not None:
            resolves[forecast_id] = outcome
        key_location = entry.file.location(mapping.key_marks[forecast_id])
        locations[f"resolves.{forecast_id}"] = value_location  # the link keeps the key's
        reading.links.append(Link(evidence_id, forecast_id, outcome, key_location, value_location))
    return resolves


def _time_zone(top: Entry | None, config: Config) -> str:
    """Evidence files have no file-level defaults; records need the book's time zone."""
    return config.timezone


#: Files under ``evidence/``.
EVIDENCE = EntryKind(
    entry="an evidence record",
    file="an evidence file",
    list_key="evidence",
    list_of="records",
    list_hint=None,
    keys=EVIDENCE_KEYS,
    default_keys=frozenset(),
    read_defaults=_time_zone,
    read_entry=read_evidence,
)
