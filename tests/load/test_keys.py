"""The keys the loader accepts are exactly the keys the JSON Schemas in docs/schema/ allow.

Adding a field means adding it to ``foretell.load.keys`` and to the schema; this test names the
side that is behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from foretell.load import keys

SCHEMAS = Path(__file__).parents[2] / "docs" / "schema"


def properties(schema: str, definitions: str) -> frozenset[str]:
    """The keys the schema's definitions allow (several joined by '+': any of their keys)."""
    document: dict[str, Any] = json.loads((SCHEMAS / f"{schema}.schema.json").read_text())
    return frozenset(
        key for name in definitions.split("+") for key in document["$defs"][name]["properties"]
    )


@pytest.mark.parametrize(
    ("schema", "definition", "loader_keys"),
    [
        ("forecasts", "forecastProperties+sealedForecast", keys.FORECAST_KEYS),
        ("forecasts", "prediction", keys.PREDICTION_KEYS),
        ("forecasts", "source", keys.SOURCE_KEYS),
        ("forecasts", "forecastList", keys.FILE_DEFAULT_KEYS | {"forecasts"}),
        ("evidence", "record", keys.EVIDENCE_KEYS),
        ("evidence", "source", keys.SOURCE_KEYS),
    ],
)
def test_loader_and_schema_allow_the_same_keys(
    schema: str, definition: str, loader_keys: frozenset[str]
) -> None:
    in_schema = properties(schema, definition)
    assert not loader_keys - in_schema, (
        f"add to docs/schema/{schema}.schema.json #/$defs/{definition}"
    )
    assert not in_schema - loader_keys, "add to foretell.load.keys (or remove from the schema)"


def test_closed_schemas_reject_other_keys() -> None:
    """The schema definitions whose keys are checked forbid any other key, like the loader."""
    for schema, definition in [
        ("forecasts", "prediction"),
        ("forecasts", "source"),
        ("forecasts", "forecastList"),
        ("evidence", "record"),
        ("evidence", "source"),
    ]:
        document = json.loads((SCHEMAS / f"{schema}.schema.json").read_text())
        assert document["$defs"][definition].get("additionalProperties") is False, definition
