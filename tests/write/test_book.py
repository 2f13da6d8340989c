"""The safe writer on whole books: check before writing, only added lines, no lost entries."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from foretell import check_book, load_book
from foretell.write import (
    FileWrite,
    WriteRefusedError,
    add_prediction,
    append_forecast,
    write_evidence,
    write_new_files,
)

BOOKS = Path(__file__).parents[1] / "books"
SRC = Path(__file__).parents[2] / "src"


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "book"
    shutil.copytree(BOOKS / name, target)
    return target


def _snapshot(book: Path) -> dict[str, bytes]:
    return {
        p.relative_to(book).as_posix(): p.read_bytes()
        for p in sorted(book.rglob("*"))
        if p.is_file() and ".foretell" not in p.parts
    }


def _forecast(identifier: str, probability: float = 0.7) -> dict[str, object]:
    return {
        "id": identifier,
        "question": f"Will {identifier} happen by the end of 2026?",
        "resolves": dt.date(2026, 12, 31),
        "criteria": "YES if it happens by 2026-12-31.",
        "forecaster": "tester",
        "made": dt.date(2026, 1, 5),
        "probability": probability,
    }


def test_a_forecast_appended_to_a_list_adds_only_its_lines(tmp_path: Path) -> None:
    book = _copy("report", tmp_path)
    before = _snapshot(book)
    write = append_forecast(book, _forecast("q13"), file="forecasts/questions.yaml")
    after = _snapshot(book)
    assert write.path == "forecasts/questions.yaml"
    text = after["forecasts/questions.yaml"].decode()
    assert text.startswith(before["forecasts/questions.yaml"].decode())
    assert write.added_lines == [
        "  - id: q13",
        "    question: Will q13 happen by the end of 2026?",
        "    resolves: 2026-12-31",
        "    criteria: YES if it happens by 2026-12-31.",
        "    forecaster: tester",
        "    made: 2026-01-05",
        "    probability: 0.7",
    ]
    assert {k: v for k, v in after.items() if k != write.path} == {
        k: v for k, v in before.items() if k != write.path
    }
    assert load_book(book).forecast("q13").predictions[0].probability == 0.7


def test_a_new_file_is_a_list_so_that_later_forecasts_join_it(tmp_path: Path) -> None:
    book = _copy("valid/single", tmp_path)
    append_forecast(book, _forecast("first"), file="forecasts/mine.yaml")
    append_forecast(book, _forecast("second"), file="forecasts/mine.yaml")
    text = (book / "forecasts" / "mine.yaml").read_text()
    assert text.startswith("forecasts:\n  - id: first\n")
    assert "\n  - id: second\n" in text
    assert [f.id for f in load_book(book).forecasts][:2] == ["first", "second"]


def test_a_change_that_brings_an_error_writes_nothing(tmp_path: Path) -> None:
    book = _copy("report", tmp_path)
    before = _snapshot(book)
    with pytest.raises(WriteRefusedError) as refused:
        append_forecast(book, _forecast("q1"), file="forecasts/questions.yaml")
    assert [(p.code, p.location.path) for p in refused.value.problems] == [
        ("B101", "forecasts/questions.yaml")
    ]
    assert refused.value.problems[0].location.line > 0
    with pytest.raises(WriteRefusedError) as refused:
        append_forecast(book, _forecast("bad", probability=1.5))
    assert [p.code for p in refused.value.problems] == ["F103"]
    assert _snapshot(book) == before


def test_errors_already_in_the_book_do_not_block_an_unrelated_change(tmp_path: Path) -> None:
    book = _copy("invalid/B104-unknown-forecast", tmp_path)
    assert any(p.is_error for p in check_book(book))
    append_forecast(book, _forecast("unrelated"))
    assert (book / "forecasts" / "unrelated.yaml").is_file()


def test_a_single_forecast_file_cannot_take_a_second_forecast(tmp_path: Path) -> None:
    book = _copy("valid/single", tmp_path)
    with pytest.raises(WriteRefusedError, match="single forecast"):
        append_forecast(book, _forecast("other"), file="forecasts/rain-2026-01-11.yaml")


@pytest.mark.parametrize(
    "path", ["../outside.yaml", "/etc/x.yaml", "forecasts/.hidden.yaml", "forecasts/x.txt"]
)
def test_paths_outside_the_book_or_hidden_are_refused(tmp_path: Path, path: str) -> None:
    book = _copy("valid/single", tmp_path)
    with pytest.raises(WriteRefusedError):
        append_forecast(book, _forecast("x"), file=path)


def test_a_prediction_joins_the_forecast_where_it_lives(tmp_path: Path) -> None:
    book = _copy("valid/single", tmp_path)
    write = add_prediction(
        book,
        "rain-2026-01-11",
        {"by": "you", "made": dt.date(2026, 1, 10), "probability": 0.4},
    )
    assert write.path == "forecasts/rain-2026-01-11.yaml"
    assert write.added_lines == [
        "predictions:",
        "  - by: you",
        "    made: 2026-01-10",
        "    probability: 0.4",
    ]
    forecast = load_book(book).forecast("rain-2026-01-11")
    assert [(p.by, p.probability) for p in forecast.predictions] == [("me", 0.6), ("you", 0.4)]


def test_a_prediction_follows_the_flow_style_of_its_list(tmp_path: Path) -> None:
    book = _copy("report", tmp_path)
    write = add_prediction(
        book, "q2", {"by": "carol", "made": dt.date(2026, 2, 1), "probability": 0.35}
    )
    assert write.added_lines == [
        "      - {by: carol, made: 2026-02-01, probability: 0.35}",
    ]
    assert write.diff.count("\n+") == 2  # the +++ header and the one line


def test_an_unknown_forecast_gets_a_suggestion(tmp_path: Path) -> None:
    book = _copy("report", tmp_path)
    with pytest.raises(WriteRefusedError, match="did you mean 'q12'"):
        add_prediction(book, "q-12", {"by": "x", "made": dt.date(2026, 1, 6), "probability": 0.5})


def test_evidence_gets_its_own_new_file_and_is_checked(tmp_path: Path) -> None:
    book = _copy("report", tmp_path)
    evidence = {
        "id": "q4-happened",
        "observed": dt.date(2026, 4, 20),
        "source": {"url": "https://example.org/q4", "publisher": "Example"},
        "summary": "The fourth thing happened on 20 April.",
        "resolves": {"q4": "yes"},
    }
    write = write_evidence(book, evidence)
    assert write.path == "evidence/q4-happened.yaml"
    assert write.after == (
        "observed: 2026-04-20\n"
        "source:\n"
        "  url: https://example.org/q4\n"
        "  publisher: Example\n"
        "summary: The fourth thing happened on 20 April.\n"
        "resolves:\n"
        "  q4: yes\n"
    )
    with pytest.raises(WriteRefusedError, match="exists already"):
        write_evidence(book, evidence)
    with pytest.raises(WriteRefusedError) as refused:
        write_evidence(book, {**evidence, "id": "other", "resolves": {"q44": "yes"}})
    assert [p.code for p in refused.value.problems] == ["B104"]


def test_a_dry_run_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    book = _copy("report", tmp_path)
    before = _snapshot(book)
    write = append_forecast(book, _forecast("q13"), file="forecasts/questions.yaml", dry_run=True)
    assert isinstance(write, FileWrite)
    assert "+  - id: q13" in write.diff
    assert _snapshot(book) == before


def test_several_new_files_are_checked_together(tmp_path: Path) -> None:
    book = _copy("valid/single", tmp_path)
    files = {
        "forecasts/imported.yaml": {"forecasts": [_forecast("imported-1")]},
        "evidence/imported.yaml": {
            "evidence": [
                {
                    "id": "imported-1-yes",
                    "observed": dt.date(2026, 6, 1),
                    "source": {"url": "https://example.org"},
                    "summary": "It happened.",
                    "resolves": {"imported-1": "yes"},
                }
            ]
        },
    }
    writes = write_new_files(book, files)
    assert [w.path for w in writes] == list(files)
    assert load_book(book).has_forecast("imported-1")
    # An evidence file naming a forecast of a file that is not written is refused as a whole.
    with pytest.raises(WriteRefusedError):
        write_new_files(book, {"evidence/lonely.yaml": files["evidence/imported.yaml"]})


def test_the_lock_folder_is_ignored_by_git(tmp_path: Path) -> None:
    book = _copy("valid/single", tmp_path)
    append_forecast(book, _forecast("x"))
    assert (book / ".foretell" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_concurrent_adds_lose_nothing(tmp_path: Path) -> None:
    """Four processes append five forecasts each to one file at the same time: all 20 land."""
    book = _copy("valid/single", tmp_path)
    script = textwrap.dedent(
        """
        import datetime as dt, sys
        from foretell.write import append_forecast
        worker = sys.argv[1]
        for n in range(5):
            append_forecast(sys.argv[2], {
                "id": f"w{worker}-{n}", "question": "Concurrent?",
                "resolves": dt.date(2026, 12, 31), "criteria": "YES if so.",
                "forecaster": "w", "made": dt.date(2026, 1, 1), "probability": 0.5,
            }, file="forecasts/shared.yaml")
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(w), str(book)], env=env)
        for w in range(4)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0] * 4
    ids = {f.id for f in load_book(book).forecasts}
    assert {f"w{w}-{n}" for w in range(4) for n in range(5)} <= ids
    assert not [p for p in check_book(book) if p.is_error]


def test_the_loader_reads_a_book_as_it_would_be(tmp_path: Path) -> None:
    """read_book(overlay=...) sees changed and new files without anything written."""
    from foretell.load import read_book  # noqa: PLC0415

    book = _copy("valid/single", tmp_path)
    before = _snapshot(book)
    changed = (book / "forecasts" / "rain-2026-01-11.yaml").read_text().replace("0.6", "0.65")
    overlay = {
        "forecasts/rain-2026-01-11.yaml": changed,
        "forecasts/sub/new.yaml": "question: New?\nresolves: 2026-02-01\nforecaster: me\n"
        "made: 2026-01-01\nprobability: 0.1\ncriteria: YES if so.\n",
    }
    reading = read_book(book, overlay=overlay)
    assert [(f.id, f.predictions[0].probability) for f in reading.book.forecasts] == [
        ("rain-2026-01-11", 0.65),
        ("new", 0.1),
    ]
    assert _snapshot(book) == before
