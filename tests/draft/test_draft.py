"""foretell draft: candidate forecasts from a document's forward-looking sentences."""

from __future__ import annotations

import shutil
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from foretell import check_book, load_book
from foretell.cli import cli
from foretell.draft import candidates
from foretell.draft.deadlines import guess_deadline
from foretell.draft.detect import cues
from foretell.textmatch import normalise

ROOT = Path(__file__).parents[2]
SEED = ROOT / "seeds" / "brussels-morning-us-russia-ukraine-relations-2026.txt"
MADE = pendulum.date(2026, 1, 21)


def test_the_seed_draft_holds_every_sentence_the_book_quotes() -> None:
    found = [normalise(c.quote) for c in candidates(SEED.read_text(), made=MADE)]
    quotes = [f.quote for f in load_book(ROOT).forecasts if f.quote]
    assert len(quotes) == 13
    for quote in quotes:
        assert any(normalise(quote) in sentence for sentence in found), quote


def test_the_draft_checks_clean_apart_from_draft_warnings(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "forecasts").mkdir()
    output = tmp_path / "forecasts" / "draft.yaml"
    result = CliRunner().invoke(
        cli,
        ["draft", str(tmp_path / "seeds" / SEED.name), "--made", "2026-01-21",
         "--forecaster", "brussels-morning", "--output", str(output)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    problems = check_book(tmp_path)
    assert problems
    assert {p.code for p in problems} == {"W106"}
    text = output.read_text()
    assert 'document: "seeds/brussels-morning-us-russia-ukraine-relations-2026.txt"' in text
    # Relative deadlines count from --made; "By 2026" is the end of that year.
    assert 'resolves: 2026-12-31  # guessed from "By 2026"' in text
    assert "wording: \"is likely to\"  # icd203: 'likely': probability 67.5%" in text


def test_draft_never_replaces_a_file(tmp_path: Path) -> None:
    output = tmp_path / "mine.yaml"
    output.write_text("precious: true\n")
    result = CliRunner().invoke(cli, ["draft", str(SEED), "--output", str(output)])
    assert result.exit_code == 1
    assert "never replaces" in result.stderr
    assert output.read_text() == "precious: true\n"


def test_draft_prints_without_output_and_keeps_exact_words() -> None:
    result = CliRunner().invoke(cli, ["draft", str(SEED), "--made", "2026-01-21"])
    assert result.exit_code == 0
    assert '"Moscow is likely to seek assurances that NATO’s eastern expansion' in result.stdout


def test_unknown_yardstick_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["draft", str(SEED), "--yardstick", "icd"])
    assert result.exit_code == 2
    assert "did you mean 'icd203'" in result.stderr


def test_a_yardstick_without_a_word_leaves_the_probability_to_write() -> None:
    found = candidates("Talks could collapse next week.", made=MADE, yardstick="kent1964")
    assert found[0].reading is None
    assert "kent1964" in (found[0].unread or "")


def fl(text: str, previous: str = "") -> bool:
    return bool(cues(text, MADE, previous))


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the bridge will reopen in March.",
        "Analysts expect the central bank to cut rates.",
        "The vote is expected in March.",
        "The government plans to raise taxes.",
        "The measure could cost billions.",
        "He said he would resign if the bill passed.",
        "The treaty is to be signed next week.",
        "A decision is unlikely before the summer.",
        "Critics warn the law may be used against journalists.",
    ],
)
def test_forward_looking(text: str) -> None:
    assert fl(text)


@pytest.mark.parametrize(
    "text",
    [
        "Will the talks succeed?",
        "The fire may have been started deliberately.",
        "Police said the suspect could not be reached for comment.",
        "In 2019, officials said the plant would close in 2020.",
        "The minister resigned on Tuesday.",
        "Sanctions aimed to pressure Moscow, but they failed.",
        "The company would not comment on the report.",
    ],
)
def test_not_forward_looking(text: str) -> None:
    assert not fl(text)


def test_a_future_perfect_keeps_its_hedge() -> None:
    assert fl("With support, it may have grown.", previous="By 2027, the economy will be larger.")
    assert not fl("With support, it may have grown.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by 2026", "2026-12-31"),
        ("before 2027", "2026-12-31"),
        ("next month", "2026-02-28"),
        ("by the end of the year", "2026-12-31"),
        ("in March", "2026-03-31"),
        ("within two weeks", "2026-02-04"),
        ("by mid-2027", "2027-06-30"),
        ("in the third quarter of 2026", "2026-09-30"),
        ("by June 2027", "2027-06-30"),
        ("next year", "2027-12-31"),
    ],
)
def test_deadline_guesses(text: str, expected: str) -> None:
    guess = guess_deadline(f"It will happen {text}.", MADE)
    assert guess is not None
    assert str(guess.date) == expected


def test_no_deadline_in_the_past() -> None:
    assert guess_deadline("It happened in 2019.", MADE) is None
