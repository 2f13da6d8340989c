"""Wordings in the book: probabilities read from the words, yardstick defaults, drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foretell import check_book, load_book, wording

BOOKS = Path(__file__).parents[1] / "books"
ROOT = Path(__file__).parents[2]


def test_a_book_of_wordings_only_checks_clean_and_derives_probabilities() -> None:
    book_dir = BOOKS / "valid" / "wording-only"
    assert check_book(book_dir) == ()
    book = load_book(book_dir)
    by_id = {f.id: f for f in book.forecasts}
    rain = by_id["rain"].predictions[0]
    # foretell.toml names capphrase: 'likely' is the survey median, 75%.
    assert (rain.wording, rain.yardstick, rain.derived) == ("is likely to", "capphrase", True)
    assert rain.probability == pytest.approx(0.75)
    snow = by_id["snow"].predictions[0]
    # The forecast's own yardstick wins: ICD 203 'very likely' 80-95%, midpoint 87.5%.
    assert (snow.yardstick, snow.probability) == ("icd203", pytest.approx(0.875))
    might, unlikely = by_id["hail"].predictions
    assert (might.by, might.probability) == ("pundit", pytest.approx(0.40))
    # A probability given beside the words is kept; the words are recorded.
    assert (unlikely.probability, unlikely.derived, unlikely.yardstick) == (0.2, False, "nato")


def write_book(tmp_path: Path, forecasts: str, toml: str | None = None) -> Path:
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "forecasts" / "f.yaml").write_text(forecasts)
    if toml is not None:
        (tmp_path / "foretell.toml").write_text(toml)
    return tmp_path


FORECAST = """\
forecaster: me
made: 2026-01-10
{head}forecasts:
  - id: q
    question: Will it rain?
    criteria: YES if it rains.
    wording: will
    resolves: 2026-01-11
"""


@pytest.mark.parametrize(
    ("head", "toml", "expected"),
    [
        ("", None, "icd203"),
        ("", 'yardstick = "ipcc-ar5"\n', "ipcc-ar5"),
        ("yardstick: nato\n", 'yardstick = "ipcc-ar5"\n', "nato"),
    ],
)
def test_yardstick_defaults_file_then_toml_then_icd203(
    tmp_path: Path, head: str, toml: str | None, expected: str
) -> None:
    book = load_book(write_book(tmp_path, FORECAST.format(head=head), toml))
    prediction = book.forecasts[0].predictions[0]
    assert prediction.yardstick == expected
    assert prediction.probability == wording.read("will", expected).point


def test_unknown_yardstick_in_toml_is_located(tmp_path: Path) -> None:
    problems = check_book(write_book(tmp_path, FORECAST.format(head=""), 'yardstick = "icd"\n'))
    assert [(p.code, str(p.location)) for p in problems] == [("C101", "foretell.toml:1:1")]
    assert "did you mean 'icd203'" in problems[0].hint


def test_drafts_are_warned_about_and_stay_out_of_the_book() -> None:
    book_dir = BOOKS / "invalid" / "W106-draft"
    assert {p.code for p in check_book(book_dir)} == {"W106"}
    assert load_book(book_dir).forecasts == ()


def test_schema_names_every_yardstick() -> None:
    schema = json.loads((ROOT / "docs" / "schema" / "forecasts.schema.json").read_text())
    assert schema["$defs"]["yardstick"]["enum"] == [y.name for y in wording.yardsticks()]
