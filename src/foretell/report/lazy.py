"""Rows made as they are read: how a report of 100,000 forecasts stays within its memory.

A report holds one record per forecast and per scored claim (:mod:`foretell.report.records`);
what the templates show of each (a receipt, a scorecard row) is made from that record when the
renderer reaches it and dropped once written, instead of living as long as the document.
:class:`LazyRows` is the read-only sequence that does this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

__all__ = ["BLOCK", "LazyRows", "StreamedList", "blocks"]

#: About how many characters a streamed report gives at a time (:func:`blocks`).
BLOCK = 1 << 16

Source = TypeVar("Source")
Row = TypeVar("Row")


class LazyRows(Sequence[Row], Generic[Source, Row]):
    """A read-only sequence of ``make(item)`` for each of ``items``, made on every access.

    Iterating twice makes every row twice (rows are cheap to make, costly to keep); rows made
    from the same item are equal, not identical.
    """

    __slots__ = ("_items", "_make")

    def __init__(self, items: Sequence[Source], make: Callable[[Source], Row]) -> None:
        self._items = items
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...

    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(index, slice):
            return tuple(map(self._make, self._items[index]))
        return self._make(self._items[index])

    def __iter__(self) -> Iterator[Row]:
        return map(self._make, self._items)

    def __repr__(self) -> str:
        return f"LazyRows({len(self)} rows)"


class StreamedList(list[Any]):
    """A list to :mod:`json`'s encoder whose items are made as it writes them.

    The encoder writes lists and tuples only; this one holds no items of its own but gives
    ``len`` and iteration from ``items``, so that an indented document streams from
    :meth:`json.JSONEncoder.iterencode` without every item existing at once. For the encoder
    only: comparing it or indexing it sees an empty list.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[Any] | Sequence[Any]) -> None:
        super().__init__()
        self._items = items

    def __len__(self) -> int:
        return len(self._items)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)


def blocks(chunks: Iterable[str], size: int = BLOCK) -> Iterator[str]:
    """The text of ``chunks`` in pieces of at least ``size`` characters (the last may be less).

    Templates and encoders give text in many small pieces; writing each on its own would cost
    more than making it.
    """
    pending: list[str] = []
    length = 0
    for chunk in chunks:
        pending.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(pending)
            pending.clear()
            length = 0
    if pending:
        yield "".join(pending)
