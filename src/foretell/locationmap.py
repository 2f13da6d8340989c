"""Where a model object's fields are written: a compact read-only mapping of field locations.

A book of 100,000 forecasts holds about a million field locations; :class:`LocationMap` keeps
those of one entry (and the entry's own) in a few dozen bytes, and makes each
:class:`~foretell.problems.Location` when it is asked for.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import ClassVar

from foretell.problems import Location

__all__ = ["NO_LOCATIONS", "LocationMap"]


class LocationMap(Mapping[str, Location]):
    """A read-only mapping of field names to locations in one file, stored compactly.

    A book of 100,000 forecasts holds about a million field locations; as a dict of
    :class:`~foretell.problems.Location` tuples each costs about 150 bytes, here 4: the line and
    column as two 16-bit numbers packed into one ``int`` (two 32-bit numbers in a ``bytes``
    object when a number is 65,536 or more), the names shared by every map with the same
    fields. Values are made on access; the mapping compares equal to a dict with the same
    items.

    The map can also hold the location of the entry itself (:attr:`entry`, not one of its
    items): the model's classes keep it here rather than as a tuple of its own (80 bytes as
    allocated, for each of about 400,000 entries at 100,000 forecasts).
    """

    __slots__ = ("_keys", "_numbers", "_path")

    #: Field-name tuples shared between maps (bounded: ids in names make many distinct tuples).
    _shared_keys: ClassVar[dict[tuple[str, ...], tuple[str, ...]]] = {}

    def __init__(self, path: str, keys: tuple[str, ...], numbers: int | bytes) -> None:
        """``numbers``: each location's line and column, in the order of ``keys`` (and then
        the entry's), as made by :func:`_pack_numbers`."""
        self._path = path
        self._keys = keys
        self._numbers = numbers

    @classmethod
    def of(
        cls, mapping: Mapping[str, Location], entry: Location | None = None
    ) -> Mapping[str, Location]:
        """The compact form of ``mapping`` (a read-only dict when it spans several files or
        holds numbers too large for 32 bits), holding ``entry`` as :attr:`entry` too when it
        can (:meth:`with_entry`)."""
        if type(mapping) is LocationMap:
            if entry is None:
                return mapping
            return mapping.with_entry(entry) or mapping
        if not mapping:
            return NO_LOCATIONS
        keys = tuple(mapping)
        # Columns by zip and numbers interleaved by slices: C loops, as this runs for every
        # entry of a book.
        paths, lines, columns = zip(*mapping.values(), strict=True)
        path = paths[0]
        if paths.count(path) != len(paths):
            return MappingProxyType(dict(mapping))
        numbers = [0] * (2 * len(keys))
        numbers[0::2] = lines
        numbers[1::2] = columns
        packed = None
        if entry is not None and type(entry) is Location and entry[0] == path:
            packed = _pack_numbers([*numbers, entry[1], entry[2]])
        if packed is None:
            packed = _pack_numbers(numbers)
        if packed is None:
            return MappingProxyType(dict(mapping))
        shared = cls._shared_keys.get(keys)
        if shared is None:
            if len(cls._shared_keys) < 4096:
                cls._shared_keys[keys] = keys
            shared = keys
        return cls(path, shared, packed)

    def holds_entry(self) -> bool:
        """Whether the map holds the location of its entry (:attr:`entry`)."""
        return _count_numbers(self._numbers) > 2 * len(self._keys)

    @property
    def entry(self) -> Location | None:
        """The location of the entry these fields belong to, if the map holds it."""
        if not self.holds_entry():
            return None
        line, column = _numbers_at(self._numbers, len(self._keys))
        return Location(self._path, line, column)

    def with_entry(self, location: Location) -> LocationMap | None:
        """This map holding ``location`` as :attr:`entry` (``None`` when it cannot: a map
        without fields, a location in another file or with numbers beyond 32 bits)."""
        if not self._keys or type(location) is not Location:
            return None
        path, line, column = location
        if path != self._path:
            return None
        fields = 32 * len(self._keys)  # bits of the fields' numbers in the int form
        packed: int | bytes | None
        if isinstance(self._numbers, int) and 0 <= line < 0x10000 and 0 <= column < 0x10000:
            own = (1 << 32 | column << 16 | line) << fields
            packed = self._numbers & ((1 << fields) - 1) | own
        else:
            numbers = [n for i in range(len(self._keys)) for n in _numbers_at(self._numbers, i)]
            packed = _pack_numbers([*numbers, line, column])
        return None if packed is None else LocationMap(self._path, self._keys, packed)

    def __getitem__(self, key: str) -> Location:
        try:
            index = self._keys.index(key)
        except ValueError:
            raise KeyError(key) from None
        line, column = _numbers_at(self._numbers, index)
        return Location(self._path, line, column)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"LocationMap({dict(self.items())!r})"


def _pack_numbers(numbers: list[int]) -> int | bytes | None:
    """Line and column numbers packed for :class:`LocationMap`, ``None`` if one is not in
    [0, 2**32).

    Numbers below 65,536 (nearly all) go 16 bits each into an ``int`` whose top bit marks how
    many there are (an ``int`` of four locations takes 48 bytes, a ``bytes`` object 80); larger
    ones into a ``bytes`` object, 32 bits each.
    """
    count = len(numbers)
    try:
        return int.from_bytes(_packer(count, "H").pack(*numbers), "little") | 1 << 16 * count
    except struct.error:  # a number beyond 16 bits (or not a number of the kind)
        pass
    try:
        return _packer(count, "I").pack(*numbers)
    except struct.error:
        return None


@functools.lru_cache(maxsize=64)
def _packer(count: int, code: str) -> struct.Struct:
    """The :class:`struct.Struct` of ``count`` little-endian unsigned numbers of ``code``."""
    return struct.Struct(f"<{count}{code}")


def _count_numbers(numbers: int | bytes) -> int:
    """How many numbers :func:`_pack_numbers` packed."""
    if isinstance(numbers, int):
        return (numbers.bit_length() - 1) // 16
    return len(numbers) // 4


def _numbers_at(numbers: int | bytes, index: int) -> tuple[int, int]:
    """The line and column of the ``index``-th location packed by :func:`_pack_numbers`."""
    if isinstance(numbers, int):
        pair = numbers >> (32 * index)
        return pair & 0xFFFF, pair >> 16 & 0xFFFF
    line, column = _packer(2, "I").unpack_from(numbers, 8 * index)
    return line, column


#: The map of an entry without located fields (one object for all).
NO_LOCATIONS = LocationMap("", (), 1)
