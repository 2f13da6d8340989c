"""Sealed forecasts: an id and a commitment, published before the forecast itself.

A sealed entry holds only ``id`` and ``sealed: sha256:<64 hex digits>``; it takes its id, is
listed in :attr:`~foretell.model.Book.sealed` and is not scored until revealed. A revealed
forecast is an ordinary one with ``revealed: {commitment: ..., salt: ...}``, which
``foretell audit`` checks against the seal (``docs/audit.md``).
"""

from __future__ import annotations

import re

from foretell.model import SealedForecast
from foretell.safetext import describe
from foretell.yamlio import LocatedMap

from .fields import Entry
from .reading import FileReading

__all__ = ["COMMITMENT", "read_revealed", "read_sealed"]

#: A commitment as written in a book.
COMMITMENT = re.compile(r"sha256:[0-9a-f]{64}")
_SEALED_KEYS = frozenset({"id", "sealed"})
_REVEALED_KEYS = frozenset({"commitment", "salt"})
_SALT = re.compile(r"[0-9a-f]{64}")


def read_sealed(entry: Entry, forecast_id: str | None, reading: FileReading) -> None:
    """Read a sealed entry (one with ``sealed``) into ``reading.sealed``."""
    value = entry.data["sealed"]
    location = entry.value_location("sealed")
    for key in entry.data:
        if key not in _SEALED_KEYS:
            entry.error(
                entry.key_location(key),
                "F119",
                f"a sealed forecast holds only 'id' and 'sealed', not '{key}'",
                "sealing the forecast writes this entry, and revealing it restores the forecast",
            )
    if not isinstance(value, str) or COMMITMENT.fullmatch(value.strip()) is None:
        entry.error(
            location,
            "F119",
            f"'sealed' must be a commitment 'sha256:' followed by 64 hex digits, got "
            f"{describe(value)}",
            "sealing the forecast writes it; do not edit it by hand",
        )
        return
    if entry.has_errors or forecast_id is None:
        return
    reading.sealed.append(SealedForecast(forecast_id, value.strip(), entry.location))


def read_revealed(entry: Entry) -> None:
    """Check the shape of a revealed forecast's ``revealed: {commitment, salt}``."""
    value = entry.data["revealed"]
    location = entry.value_location("revealed")
    ok = isinstance(value, LocatedMap) and set(value) == _REVEALED_KEYS
    if ok:
        assert isinstance(value, LocatedMap)
        commitment, salt = value["commitment"], value["salt"]
        ok = (
            isinstance(commitment, str)
            and COMMITMENT.fullmatch(commitment.strip()) is not None
            and isinstance(salt, str)
            and _SALT.fullmatch(salt.strip()) is not None
        )
    if not ok:
        entry.error(
            location,
            "F119",
            "'revealed' must be {commitment: 'sha256:<64 hex digits>', salt: '<64 hex digits>'}",
            "revealing the forecast writes it; do not edit it by hand",
        )
