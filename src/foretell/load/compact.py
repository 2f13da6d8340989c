"""The book-wide part of a reading, kept compactly: ids, citations, evidence links.

What the book-wide rules of :mod:`foretell.check` need from every entry holds about five
locations per forecast. As :class:`~foretell.problems.Location` tuples each costs 80 bytes as
allocated (half a million of them at 100,000 forecasts); here each is a reference to its path
and two 32-bit numbers, 16 bytes, and the records are columns. Locations and records are made
again on access: they compare equal to the ones stored, they are not the same objects.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

import attrs

from foretell.problems import Location

__all__ = ["IdLocations", "LocationColumn", "Records"]

Record = TypeVar("Record")


class LocationColumn:
    """Locations (or ``None``) stored as a path reference and two unsigned 32-bit numbers each."""

    __slots__ = ("_numbers", "_other", "_paths")

    def __init__(self) -> None:
        self._paths: list[str | None] = []
        self._numbers = array("I")
        #: Rare values that do not fit the columns (numbers beyond 32 bits), by index.
        self._other: dict[int, Location] = {}

    def append(self, location: Location | None) -> None:
        """Add ``location`` (or ``None``) at the end."""
        numbers = self._numbers
        if location is not None:
            path, line, column = location
            try:
                numbers.append(line)  # an unsigned 32-bit number, or OverflowError/TypeError
                try:
                    numbers.append(column)
                except (OverflowError, TypeError):
                    numbers.pop()
                    raise
            except (OverflowError, TypeError):
                self._other[len(self._paths)] = location
            else:
                self._paths.append(path)
                return
        self._paths.append(None)
        numbers.append(0)
        numbers.append(0)

    def __getitem__(self, index: int) -> Location | None:
        path = self._paths[index]
        if path is None:
            return self._other.get(index % len(self._paths) if index < 0 else index)
        position = 2 * (index % len(self._paths))
        return Location(path, self._numbers[position], self._numbers[position + 1])

    def __len__(self) -> int:
        return len(self._paths)

    def __iter__(self) -> Iterator[Location | None]:
        numbers = self._numbers
        other = self._other
        for index, (path, line, column) in enumerate(
            zip(self._paths, numbers[0::2], numbers[1::2], strict=True)
        ):
            yield other.get(index) if path is None else Location(path, line, column)


class Records(Sequence[Record], Generic[Record]):
    """A read-only sequence of frozen attrs records, stored as one column per field.

    Fields whose values are locations are kept in a :class:`LocationColumn`; the others as
    references. Indexing and iterating make each record again (equal, not identical); the
    sequence compares equal to any sequence of the same records.
    """

    __slots__ = ("_appends", "_columns", "_fields", "_kind", "_length")

    def __init__(self, kind: type[Record], records: Iterable[Record] = ()) -> None:
        fields = attrs.fields(kind)  # type: ignore[arg-type]
        self._kind = kind
        names = [field.name for field in fields]
        self._fields: Callable[[Any], tuple[Any, ...]] = (
            attrgetter(*names) if len(names) > 1 else lambda record: (getattr(record, names[0]),)
        )
        self._columns: list[Any] = [
            LocationColumn() if _holds_locations(field) else [] for field in fields
        ]
        self._appends = [column.append for column in self._columns]
        self._length = 0
        self.extend(records)

    def append(self, record: Record) -> None:
        """Add ``record`` at the end."""
        self.extend((record,))

    def extend(self, records: Iterable[Record]) -> None:
        """Add every one of ``records`` at the end."""
        appends = self._appends
        fields = self._fields
        for record in records:
            for append, value in zip(appends, fields(record)):  # noqa: B905 - one per field
                append(value)
            self._length += 1

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Record, ...]: ...

    def __getitem__(self, index: int | slice) -> Record | tuple[Record, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        if not -self._length <= index < self._length:
            raise IndexError("record index out of range")
        index %= self._length
        return self._kind(*(column[index] for column in self._columns))

    def __iter__(self) -> Iterator[Record]:
        return map(self._kind, *self._columns)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Records({self._kind.__name__}, {len(self)} records)"


class IdLocations(Mapping[str, tuple[Location, ...]]):
    """Each id of a kind of entry, with the location of every entry using it (in reading order).

    Ids are kept in the order of their first use; an id used once costs a dict entry and one
    compact location.
    """

    __slots__ = ("_first", "_locations", "_repeated")

    def __init__(self, uses: Iterable[tuple[str, Location]] = ()) -> None:
        self._first: dict[str, int] = {}
        self._locations = LocationColumn()
        self._repeated: dict[str, list[Location]] = {}
        for identifier, location in uses:
            self.add(identifier, location)

    def add(self, identifier: str, location: Location) -> None:
        """Note one use of ``identifier`` at ``location``."""
        index = self._first.get(identifier)
        if index is None:
            self._first[identifier] = len(self._locations)
            self._locations.append(location)
            return
        more = self._repeated.get(identifier)
        if more is None:
            first = self._locations[index]
            assert first is not None
            self._repeated[identifier] = [first, location]
        else:
            more.append(location)

    def __getitem__(self, identifier: str) -> tuple[Location, ...]:
        more = self._repeated.get(identifier)
        if more is not None:
            return tuple(more)
        location = self._locations[self._first[identifier]]
        assert location is not None
        return (location,)

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._first

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)

    def uses(self) -> int:
        """How many entries use an id (an id used twice counts twice)."""
        return len(self._locations) + sum(len(v) - 1 for v in self._repeated.values())

    def repeated(self) -> dict[str, tuple[Location, ...]]:
        """The ids used more than once, each with every location using it."""
        return {identifier: tuple(more) for identifier, more in self._repeated.items()}

    def __repr__(self) -> str:
        return f"IdLocations({dict(self.items())!r})"


def _holds_locations(field: attrs.Attribute[Any]) -> bool:
    """Whether a record field is annotated as a location (``Location`` or ``Location | None``)."""
    annotation = field.type
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return text.replace(" ", "") in {"Location", "Location|None"}
