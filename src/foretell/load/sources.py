"""Sources: where a forecast's statement or an evidence record's fact can be found."""

from __future__ import annotations

from typing import Any

from foretell.model import Source
from foretell.problems import Location
from foretell.safetext import describe
from foretell.yamlio import LocatedMap, Mark

from .fields import Entry
from .keys import SOURCE_KEYS

__all__ = ["read_source"]


def read_source(entry: Entry, key: str, item: tuple[Any, Mark] | None = None) -> Source | None:
    """The source under ``key`` of ``entry`` (or the list item ``item`` of it).

    Returns:
        The source, or ``None`` when it has errors (reported on ``entry``).
    """
    location: Location
    if item is None:
        value, location = entry.data[key], entry.value_location(key)
    else:
        value, location = item[0], entry.file.location(item[1])
    if not isinstance(value, LocatedMap):
        entry.error(
            location,
            "F110",
            f"'{key}' must be a mapping (url, title, publisher, ...), got {describe(value)}",
            "write e.g. 'source: {url: https://..., publisher: ...}'",
        )
        return None
    sub = entry.part(value)
    sub.check_keys(SOURCE_KEYS, "a source")
    source = Source(
        url=sub.text("url"),
        title=sub.text("title"),
        publisher=sub.text("publisher"),
        author=sub.text("author"),
        published=sub.date("published"),
        document=sub.text("document"),
        note=sub.text("note"),
        location=sub.location,
        field_locations={"document": sub.value_location("document")} if "document" in value else {},
    )
    if source.url is None and source.title is None and source.document is None:
        sub.error(
            sub.location,
            "F117",
            f"'{key}' needs a 'url' or a 'title'",
            "say where the statement or fact can be found",
        )
    return None if sub.has_errors else source
