"""The JSON Schemas of forecast and evidence files, shipped inside the package.

The package's copies (``foretell/schema/*.schema.json``) are the source of truth: ``foretell
schema`` prints them, ``foretell init`` copies them into a new book for editor completion, and
``docs/schema/`` holds identical copies for readers of the repository (a test keeps them equal).
The schemas describe structure and types; ``foretell check`` checks more.
"""

from __future__ import annotations

from importlib import resources

__all__ = ["SCHEMA_KINDS", "schema_text"]

#: The kinds of file with a schema, named after the folder their files live in.
SCHEMA_KINDS = ("forecasts", "evidence")


def schema_text(kind: str) -> str:
    """The JSON Schema of one kind of file, as text.

    Raises:
        ValueError: for a kind other than those of :data:`SCHEMA_KINDS`.
    """
    if kind not in SCHEMA_KINDS:
        raise ValueError(f"no schema for {kind!r}; choose from {', '.join(SCHEMA_KINDS)}")
    return (
        resources.files("foretell")
        .joinpath("schema", f"{kind}.schema.json")
        .read_text(encoding="utf-8")
    )
