"""The JSON Schemas in docs/schema/ agree with the loader on every fixture file.

The schemas describe structure and types (what an editor can check while typing); the loader
checks more (dates in order, sums, links between files). For every YAML file of the fixture books,
the schema must accept it exactly when the loader finds no structure or type error in it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from foretell.check import check_book
from foretell.yamlio import parse_yaml

ROOT = Path(__file__).parents[1]
BOOKS = Path(__file__).parent / "books"
SCHEMAS = {
    kind: Draft202012Validator(
        json.loads((ROOT / "docs" / "schema" / f"{kind}.schema.json").read_text()),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    for kind in ("forecasts", "evidence")
}
#: Problem codes a JSON Schema can express: structure, types, ranges, patterns.
STRUCTURAL = {
    "Y107",
    "F101",
    "F102",
    "F103",
    "F104",
    "F107",
    "F108",
    "F110",
    "F111",
    "F116",
    "F117",
    "W101",
    "F119",
}
#: Problems that stop the YAML from being read at all: nothing to validate.
UNREADABLE = {"Y102", "Y103", "Y104", "Y106"}

BOOK_DIRS = sorted(p for group in ("valid", "invalid") for p in (BOOKS / group).iterdir())
FILES = [
    (book, path)
    for book in BOOK_DIRS
    for kind in ("forecasts", "evidence")
    for path in sorted((book / kind).rglob("*.yaml"))
]


def test_schemas_are_valid_draft_2020_12() -> None:
    for validator in SCHEMAS.values():
        Draft202012Validator.check_schema(validator.schema)


@pytest.mark.parametrize(("book", "path"), FILES, ids=lambda x: x.name)
def test_schema_and_loader_agree(book: Path, path: Path) -> None:
    relative = path.relative_to(book).as_posix()
    problems = [p for p in check_book(book) if p.location.path == relative and p.is_error]
    codes = {p.code for p in problems}
    if codes & UNREADABLE:
        pytest.skip("the file cannot be read as YAML")
    data = parse_yaml(path.read_bytes(), relative).data
    if data is None:
        pytest.skip("an empty file is only a warning")
    schema_errors = list(SCHEMAS[relative.split("/")[0]].iter_errors(data))
    loader_says_invalid = bool(codes & STRUCTURAL)
    assert bool(schema_errors) == loader_says_invalid, (
        f"schema: {[e.message for e in schema_errors][:3]}; loader: {sorted(codes)}"
    )


def test_the_agreement_is_not_trivial() -> None:
    """Plenty of fixture files are rejected by both, and plenty accepted by both."""
    verdicts = []
    for book, path in FILES:
        relative = path.relative_to(book).as_posix()
        data = parse_yaml(path.read_bytes(), relative).data
        if data is not None:
            verdicts.append(bool(list(SCHEMAS[relative.split("/")[0]].iter_errors(data))))
    assert sum(verdicts) >= 12
    assert len(verdicts) - sum(verdicts) >= 12


def test_example_files_reference_the_schema() -> None:
    """Files written for people to copy start with the yaml-language-server modeline."""
    for path in (BOOKS / "valid" / "article").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = path.parent.name
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (ROOT / "docs" / "schema" / f"{kind}.schema.json").resolve()
