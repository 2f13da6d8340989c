"""The building blocks of the report's document: a section, and the report's Brier scale."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Scale", "Section"]


@attrs.frozen
class Scale:
    """The report's Brier scale: the one place a 0–1 Brier figure becomes a reported one.

    Attributes:
        name: ``"0-1"`` or ``"0-2"``.
        factor: 1 or 2.
    """

    name: str
    factor: float

    def brier(self, value: float) -> float:
        """A 0–1 Brier figure on the report's scale."""
        return self.factor * value

    def maybe(self, value: float | None) -> float | None:
        """:meth:`brier`, with ``None`` (undefined) kept."""
        return None if value is None else self.factor * value

    @property
    def coin(self) -> float:
        """The Brier score of always saying 50% on a 0/1 outcome, on this scale."""
        return 0.25 * self.factor


@attrs.frozen
class Section:
    """One section of the report.

    Attributes:
        key: names the templates that format it (``md/KEY.md.j2``, ``html/KEY.html.j2``).
        heading: the section's heading (plain text; may come from the book).
        content: what the templates format: a frozen attrs object (or a tuple of them) of plain
            values; text from the book is kept as it is and escaped by the templates.
        anchor: the HTML id of the section.
    """

    key: str
    heading: str
    content: Any
    anchor: str = ""
