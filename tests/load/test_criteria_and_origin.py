"""A file-level 'criteria' default, and the 'origin' an importer writes."""

from __future__ import annotations

from pathlib import Path

from foretell import read_book
from foretell.check import check_reading


def _book(tmp_path: Path, text: str) -> Path:
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "forecasts" / "f.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_file_level_criteria_is_a_default(tmp_path: Path) -> None:
    """Forecasts without criteria take the file's; their own replaces it; no F113."""
    root = _book(
        tmp_path,
        "criteria: As judged on PredictionBook.\n"
        "forecaster: me\nmade: 2020-01-01\nresolves: 2020-12-31\n"
        "forecasts:\n"
        "  - {id: a, question: A?, probability: 0.5}\n"
        "  - {id: b, question: B?, probability: 0.5, criteria: Own words.}\n",
    )
    reading = read_book(root)
    a, b = reading.book.forecasts
    assert a.criteria == "As judged on PredictionBook."
    assert b.criteria == "Own words."
    assert not [p for p in check_reading(reading) if p.code == "F113"]


def test_without_any_criteria_warns(tmp_path: Path) -> None:
    root = _book(
        tmp_path,
        "forecaster: me\nmade: 2020-01-01\nresolves: 2020-12-31\n"
        "forecasts:\n  - {id: a, question: A?, probability: 0.5}\n",
    )
    assert [p.code for p in check_reading(read_book(root))] == ["F113"]


def test_origin_is_kept_as_text(tmp_path: Path) -> None:
    root = _book(
        tmp_path,
        "id: pb-1\nquestion: A?\nforecaster: me\nmade: 2020-01-01\nresolves: 2020-12-31\n"
        "probability: 0.5\ncriteria: c\n"
        "origin: {format: predictionbook, id: 1279, known_on: 2020-06-01}\n",
    )
    reading = read_book(root)
    assert check_reading(reading) == ()
    assert dict(reading.book.forecasts[0].origin) == {
        "format": "predictionbook",
        "id": "1279",
        "known_on": "2020-06-01",
    }


def test_origin_must_hold_scalars(tmp_path: Path) -> None:
    root = _book(
        tmp_path,
        "id: pb-1\nquestion: A?\nforecaster: me\nmade: 2020-01-01\nresolves: 2020-12-31\n"
        "probability: 0.5\ncriteria: c\norigin: {ids: [1, 2]}\n",
    )
    problems = check_reading(read_book(root))
    assert [(p.code, p.location.line) for p in problems] == [("F110", 8)]
    assert "'origin.ids' must be text or a number" in problems[0].message
