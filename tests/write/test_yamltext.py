"""Editing YAML text: round trips keep every byte; insertions add lines, change nothing else."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml

from foretell.write.yamltext import (
    RoundTrip,
    UneditableFileError,
    add_key,
    append_to_list,
    dump_document,
    dump_flow,
)
from foretell.yamlio import parse_yaml

ROOT = Path(__file__).parents[2]
BOOKS = ROOT / "tests" / "books"

#: Fixture files that are not a readable YAML document: nothing to round-trip.
UNREADABLE = {"Y102", "Y103", "Y104", "Y105", "Y106"}
#: Files using YAML features foretell refuses (Y108: '!!binary', merge keys): ruamel writes
#: '!!binary' values as a block, so they are not round-tripped (and never edited).
UNSUPPORTED = {"Y108"}


def _yaml_files() -> list[Path]:
    files = sorted(BOOKS.rglob("*.yaml"))
    files += sorted((ROOT / "forecasts").rglob("*.yaml"))
    files += sorted((ROOT / "evidence").rglob("*.yaml"))
    return [
        path
        for path in files
        if not any(part.split("-")[0] in UNREADABLE | UNSUPPORTED for part in path.parts)
    ]


FILES = _yaml_files()


def test_the_files_cover_the_fixture_books_and_the_repository_book() -> None:
    assert len(FILES) > 70
    assert ROOT / "forecasts" / "brussels-morning-2026.yaml" in FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_load_and_dump_without_changes_gives_the_same_bytes(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert RoundTrip(text).dump() == text


def test_round_trip_keeps_null_styles_quotes_and_comments() -> None:
    for text in (
        "a: null  # none\nb: 'x'\nc: \"y\"\n",
        "a: ~\nlist:\n- 1\n- {b: 2}\n",
        "a:\nb: [1, 2]   # flow\n",
        "just some text\n",
        "# only a comment\n",
    ):
        assert RoundTrip(text).dump() == text


def test_not_yaml_is_uneditable() -> None:
    with pytest.raises(UneditableFileError, match="not valid YAML"):
        RoundTrip("a: [1, 2\n")


def _insertions_only(before: str, after: str) -> list[str]:
    """The lines added; fails if any line of ``before`` is changed or removed."""
    matcher = difflib.SequenceMatcher(
        a=before.splitlines(keepends=True), b=after.splitlines(keepends=True), autojunk=False
    )
    added: list[str] = []
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), f"{tag}: the edit changed existing lines"
        if tag == "insert":
            added.extend(after.splitlines()[j1:j2])
    return added


def _forecast_entries(data: Any) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    if isinstance(data, dict) and isinstance(data.get("forecasts"), list):
        return [
            (("forecasts", i), entry)
            for i, entry in enumerate(data["forecasts"])
            if isinstance(entry, dict) and "sealed" not in entry
        ]
    if isinstance(data, dict) and "question" in data:
        return [((), data)]
    return []


FORECAST_FILES = [
    p
    for p in FILES
    if "forecasts" in p.parts
    and "invalid" not in p.parts
    and p.read_text().strip()
    and _forecast_entries(yaml.safe_load(p.read_text()))  # sealed forecasts take no prediction
]


@pytest.mark.parametrize("path", FORECAST_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_adding_a_prediction_to_every_forecast_adds_only_its_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    original = yaml.safe_load(text)
    entries = _forecast_entries(original)
    assert entries
    prediction = {"by": "new-forecaster", "made": dt.date(2026, 1, 2), "probability": 0.25}
    for node_path, entry in entries:
        if "predictions" in entry:
            after = append_to_list(text, (*node_path, "predictions"), prediction)
        else:
            after = add_key(text, node_path, "predictions", [prediction])
        if entry.get("predictions") is not None and "[" in text and _is_flow(text, node_path):
            assert len(after.splitlines()) == len(text.splitlines())
        else:
            added = _insertions_only(text, after)
            assert any("new-forecaster" in line for line in added)
        expected = yaml.safe_load(text)
        target = expected
        for step in node_path:
            target = target[step]
        target.setdefault("predictions", []).append(prediction)
        assert yaml.safe_load(after) == expected
        assert not [p for p in parse_yaml(after, "x.yaml").problems if p.is_error]


def _is_flow(text: str, node_path: tuple[str | int, ...]) -> bool:
    node = yaml.compose(text)
    for step in node_path:
        if isinstance(step, int):
            node = node.value[step]
        else:
            node = next(v for k, v in node.value if k.value == step)
    value = next(v for k, v in node.value if k.value == "predictions")
    return bool(value.flow_style)


@pytest.mark.parametrize(
    "path", [p for p in FORECAST_FILES if "forecasts:" in p.read_text()], ids=lambda p: p.name
)
def test_appending_a_forecast_adds_only_its_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    forecast = {
        "id": "appended-forecast",
        "question": "Will the appended forecast's question: keep its 'quotes' and #hash?",
        "resolves": dt.date(2026, 12, 31),
        "criteria": "YES if it does.\nOtherwise NO.",
        "probability": 0.7,
        "tags": ["one", "two"],
        "source": {"url": "https://example.org/a?b=c#d", "publisher": "Example"},
    }
    after = append_to_list(text, ("forecasts",), forecast)
    added = _insertions_only(text, after)
    assert any("appended-forecast" in line for line in added)
    expected = yaml.safe_load(text)
    expected["forecasts"].append({**forecast, "criteria": "YES if it does.\nOtherwise NO.\n"})
    assert yaml.safe_load(after) == expected


def test_the_entry_goes_before_trailing_comments_of_the_file_and_after_its_own() -> None:
    text = (
        "forecasts:\n"
        "  - id: a\n"
        "    question: A?\n"
        "    # criteria: to be written\n"
        "\n"
        "# The end of the file.\n"
    )
    after = append_to_list(text, ("forecasts",), {"id": "b", "question": "B?"})
    assert after == (
        "forecasts:\n"
        "  - id: a\n"
        "    question: A?\n"
        "    # criteria: to be written\n"
        "  - id: b\n"
        "    question: B?\n"
        "\n"
        "# The end of the file.\n"
    )


def test_entries_separated_by_blank_lines_stay_so_and_indentation_follows_the_file() -> None:
    text = "forecasts:\n- id: a\n  question: A?\n\n- id: b\n  question: B?\n"
    after = append_to_list(text, ("forecasts",), {"id": "c", "question": "C?"})
    assert after == text + "\n- id: c\n  question: C?\n"


def test_flow_entries_get_a_flow_entry_and_flow_lists_grow_on_their_line() -> None:
    text = "predictions:\n  - {by: a, probability: 0.5}\nnext: 1\n"
    after = append_to_list(text, ("predictions",), {"by": "b", "probability": 0.25})
    assert after == (
        "predictions:\n  - {by: a, probability: 0.5}\n  - {by: b, probability: 0.25}\nnext: 1\n"
    )
    text = "predictions: [{by: a, probability: 0.5}]  # one\nnext: 1\n"
    after = append_to_list(text, ("predictions",), {"by": "b", "probability": 0.25})
    assert after == (
        "predictions: [{by: a, probability: 0.5}, {by: b, probability: 0.25}]  # one\nnext: 1\n"
    )


def test_a_file_without_a_final_newline_gets_one_before_the_new_lines() -> None:
    text = "forecasts:\n  - id: a\n    question: A?"
    after = append_to_list(text, ("forecasts",), {"id": "b", "question": "B?"})
    assert after == "forecasts:\n  - id: a\n    question: A?\n  - id: b\n    question: B?\n"


def test_values_that_would_change_meaning_are_quoted() -> None:
    data = {
        "question": "Yes: or no? # not a comment",
        "made": dt.date(2026, 1, 2),
        "at": dt.datetime(2026, 1, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        "text_date": "2026-01-02",
        "number_text": "0.5",
        "word": "yes",
        "blank": "",
    }
    text = dump_document(data)
    assert "made: 2026-01-02\n" in text
    assert "at: 2026-01-02T10:00:00+01:00\n" in text
    assert yaml.safe_load(text)["question"] == data["question"]
    loaded = parse_yaml(text, "x.yaml").data
    assert loaded["number_text"] == "0.5"
    assert loaded["text_date"] == "2026-01-02"
    assert loaded["word"] == "yes"
    assert loaded["blank"] == ""


def test_flow_dump_is_one_line() -> None:
    assert dump_flow({"by": "me", "made": dt.date(2026, 1, 2), "probability": 0.7}) == (
        "{by: me, made: 2026-01-02, probability: 0.7}"
    )


def test_uneditable_layouts_are_refused_with_a_reason() -> None:
    with pytest.raises(UneditableFileError, match="not a list"):
        append_to_list("forecasts: 3\n", ("forecasts",), {"id": "x"})
    with pytest.raises(UneditableFileError, match="no key"):
        append_to_list("a: []\n", ("forecasts",), {"id": "x"})
    with pytest.raises(UneditableFileError, match="already has"):
        add_key("a: 1\nb: 2\n", (), "b", 3)
    with pytest.raises(UneditableFileError, match="not a block mapping"):
        add_key("- {a: 1}\n", (0,), "b", 3)


ALIASED = """\
forecasts:
  - id: a1
    predictions: &p
      - {by: me, probability: 0.4}
  - id: a2
    predictions: *p
  - id: a3
    predictions:
      - {by: me, probability: 0.2}
"""


@pytest.mark.parametrize("index", [0, 1])
def test_a_list_shared_through_an_alias_is_not_edited(index: int) -> None:
    """Appending to a1's or a2's predictions would change both forecasts."""
    with pytest.raises(UneditableFileError, match="shared with another entry"):
        append_to_list(
            ALIASED, ("forecasts", index, "predictions"), {"by": "me", "probability": 0.5}
        )


def test_a_list_beside_an_alias_is_edited() -> None:
    after = append_to_list(
        ALIASED, ("forecasts", 2, "predictions"), {"by": "me", "probability": 0.5}
    )
    assert after.startswith(ALIASED)
    assert yaml.safe_load(after)["forecasts"][2]["predictions"][-1]["probability"] == 0.5


@pytest.mark.parametrize("final_newline", [True, False])
def test_new_lines_in_a_crlf_file_end_in_crlf(final_newline: bool) -> None:
    """A file written on Windows keeps one kind of line ending after an edit."""
    text = (
        "forecasts:\r\n  - id: a1\r\n    predictions:\r\n      - by: me\r\n        probability: 0.4"
    )
    text += "\r\n" if final_newline else ""
    after = append_to_list(text, ("forecasts", 0, "predictions"), {"by": "me", "probability": 0.5})
    assert "\n" not in after.replace("\r\n", "")
    assert after.startswith(text.rstrip("\r\n"))
    assert yaml.safe_load(after)["forecasts"][0]["predictions"][-1]["probability"] == 0.5


def test_a_file_check_reads_is_a_file_the_writer_edits() -> None:
    """A tab after 'criteria:' is read by check (libyaml); the writer reads it the same way."""
    text = (
        "forecasts:\n  - id: a1\n    criteria:\tYES if it happens.\n    predictions:\n"
        "      - {by: me, probability: 0.4}\n"
    )
    assert parse_yaml(text, "f.yaml").problems == ()
    after = append_to_list(text, ("forecasts", 0, "predictions"), {"by": "me", "probability": 0.5})
    assert after.startswith(text)


def test_a_file_the_writer_cannot_read_is_refused_with_its_line() -> None:
    with pytest.raises(UneditableFileError, match=r"\(line 3, column 1\)"):
        append_to_list("forecasts:\n  - id: [a1\n", ("forecasts",), {"id": "a2"})
