"""add, predict and resolve: each adds exactly its lines (golden diffs), refuses broken books,
asks on a terminal and never without one."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from foretell import check_book, load_book
from foretell.cli import cli
from foretell.commands import add, predict, resolve

BOOKS = Path(__file__).parents[1] / "books"


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "book"
    shutil.copytree(BOOKS / name, target)
    return target


def _files(book: Path) -> dict[str, str]:
    return {
        p.relative_to(book).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(book.rglob("*"))
        if p.is_file() and ".foretell" not in p.parts
    }


def _diff(before: dict[str, str], after: dict[str, str]) -> str:
    """The change as git shows it, every file, in path order."""
    chunks = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        chunks.append(
            "".join(
                difflib.unified_diff(
                    (old or "").splitlines(keepends=True),
                    (new or "").splitlines(keepends=True),
                    f"a/{path}" if old is not None else "/dev/null",
                    f"b/{path}",
                )
            )
        )
    return "".join(chunks)


def _run(book: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def _only_additions(diff: str) -> None:
    removed = [
        line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    assert removed == [], "a command changed or removed existing lines"


# -- golden diffs ------------------------------------------------------------------------------


def test_add_to_an_existing_file(tmp_path: Path, file_regression) -> None:
    book = _copy("report", tmp_path)
    before = _files(book)
    result = _run(
        book,
        "add",
        str(book),
        "--question",
        "Will the thirteenth thing happen by the end of 2026?",
        "--probability",
        "65%",
        "--resolves",
        "end of 2026",
        "--made",
        "2026-01-06",
        "--criteria",
        "YES if it happens by 2026-12-31: reported by two outlets.",
        "--forecaster",
        "carol",
        "--tag",
        "politics",
        "--file",
        "forecasts/questions.yaml",
    )
    assert result.exit_code == 0, result.output
    assert "resolves: 'end of 2026' is 2026-12-31" in result.stderr
    diff = _diff(before, _files(book))
    _only_additions(diff)
    file_regression.check(diff, extension=".diff")
    forecast = load_book(book).forecast("thirteenth-thing-happen-end-2026")
    assert forecast.predictions[0].probability == 0.65
    assert forecast.otherwise == "no"  # the file's default, as for a hand-written entry


def test_add_to_a_new_file_with_a_quote(tmp_path: Path, file_regression) -> None:
    book = _copy("valid/article", tmp_path)
    before = _files(book)
    quote = "will likely open before summer"
    result = _run(
        book,
        "add",
        str(book),
        "-q",
        "Will the bridge open before the end of Q3 2026?",
        "-p",
        "0.55",
        "-r",
        "end of q3",
        "--made",
        "2026-01-10",
        "--quote",
        quote,
        "--document",
        "seeds/bridge-news.txt",
        "--forecaster",
        "reporter",
        "--id",
        "bridge-q3",
        "--otherwise",
        "no",
        "--criteria",
        "YES if the bridge opens to traffic by 2026-09-30.",
    )
    assert result.exit_code == 0, result.output
    diff = _diff(before, _files(book))
    _only_additions(diff)
    file_regression.check(diff, extension=".diff")
    assert load_book(book).forecast("bridge-q3").resolves.isoformat() == "2026-09-30"


def test_predict_on_a_single_forecast_file(tmp_path: Path, file_regression) -> None:
    book = _copy("valid/single", tmp_path)
    before = _files(book)
    result = _run(
        book,
        "predict",
        str(book),
        "rain-2026-01-11",
        "45%",
        "--by",
        "you",
        "--made",
        "2026-01-10T18:30:00+01:00",
        "--note",
        "the evening forecast",
    )
    assert result.exit_code == 0, result.output
    diff = _diff(before, _files(book))
    _only_additions(diff)
    file_regression.check(diff, extension=".diff")


def test_predict_with_categories(tmp_path: Path, file_regression) -> None:
    book = _copy("valid/categories", tmp_path)
    forecast = load_book(book).forecasts[0]
    before = _files(book)
    shares = [round(1 / len(forecast.outcomes), 6)] * len(forecast.outcomes)
    shares[-1] = round(1 - sum(shares[:-1]), 6)
    argument = ",".join(f"{o}={s}" for o, s in zip(forecast.outcomes, shares, strict=True))
    result = _run(
        book, "predict", str(book), forecast.id, argument, "--by", "new", "--made", "2026-01-02"
    )
    assert result.exit_code == 0, result.output
    diff = _diff(before, _files(book))
    _only_additions(diff)
    file_regression.check(diff, extension=".diff")


def test_resolve_writes_one_new_file(tmp_path: Path, file_regression) -> None:
    book = _copy("report", tmp_path)
    before = _files(book)
    result = _run(
        book,
        "resolve",
        str(book),
        "q4",
        "yes",
        "--source",
        "https://example.org/q4",
        "--publisher",
        "Example News",
        "--observed",
        "2026-04-20",
        "--summary",
        "The fourth thing happened on 20 April.",
    )
    assert result.exit_code == 0, result.output
    diff = _diff(before, _files(book))
    _only_additions(diff)
    file_regression.check(diff, extension=".diff")
    assert [e.id for e in load_book(book).evidence if "q4" in e.resolves] == ["q4-2026-04-20"]


@pytest.mark.parametrize("source", ["javascript:alert(1)", "ftp://example.org/x", "example.org"])
def test_resolve_takes_only_web_addresses(tmp_path: Path, source: str) -> None:
    book = _copy("report", tmp_path)
    before = _files(book)
    result = _run(book, "resolve", str(book), "q4", "yes", "--source", source, "--yes")
    assert result.exit_code == 2, result.output
    assert "http(s) address" in result.output
    assert _files(book) == before


def test_resolve_several_forecasts_with_one_event(tmp_path: Path, file_regression) -> None:
    book = _copy("report", tmp_path)
    before = _files(book)
    result = _run(
        book,
        "resolve",
        str(book),
        "q4=no",
        "q9=0.25",
        "--source",
        "https://example.org/both",
        "--observed",
        "2026-04-30T13:34:00+02:00",
        "--summary",
        "One report settles both.",
        "--id",
        "one-report",
    )
    assert result.exit_code == 0, result.output
    diff = _diff(before, _files(book))
    _only_additions(diff)
    file_regression.check(diff, extension=".diff")


# -- refusals ----------------------------------------------------------------------------------


def test_a_forecast_that_would_break_the_book_is_not_written(tmp_path: Path) -> None:
    book = _copy("report", tmp_path)
    before = _files(book)
    result = _run(
        book,
        "add",
        str(book),
        "-q",
        "Again?",
        "-p",
        "0.5",
        "-r",
        "2026-01-01",
        "--made",
        "2026-02-01",
        "--forecaster",
        "x",
        "--criteria",
        "YES if so.",
        "--id",
        "q1",
        "--file",
        "forecasts/questions.yaml",
    )
    assert result.exit_code == 1
    assert "error[B101]: forecast id 'q1' is already used" in result.stderr
    assert "error[F109]" in result.stderr
    assert "nothing was written" in result.stderr
    assert _files(book) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["q8", "yes"], "is not an outcome of this forecast"),
        (["q4", "maybe"], "is not an outcome of this forecast"),
        (["q4", "1.5"], "between 0 and 1"),
        (["q44", "yes"], "did you mean"),
    ],
)
def test_an_outcome_is_checked_against_its_forecast(
    tmp_path: Path, args: list[str], message: str
) -> None:
    book = _copy("report", tmp_path)
    before = _files(book)
    result = _run(book, "resolve", str(book), *args, "--source", "https://example.org")
    assert result.exit_code == 2
    assert message in result.stderr
    assert _files(book) == before


def test_bad_dates_and_probabilities_are_usage_errors(tmp_path: Path) -> None:
    book = _copy("report", tmp_path)
    common = ["add", str(book), "-q", "Q?", "--forecaster", "x"]
    result = _run(book, *common, "-p", "0.5", "-r", "soonish")
    assert result.exit_code == 2
    assert "cannot read 'soonish' as a date" in result.stderr
    result = _run(book, *common, "-p", "150%", "-r", "2026-12-31")
    assert result.exit_code == 2
    assert "between 0 and 1" in result.stderr
    result = _run(book, "predict", str(book), "q1", "0.5", "--made", "2026-13-01", "--by", "x")
    assert result.exit_code == 2


def test_without_a_terminal_missing_fields_are_a_usage_error(tmp_path: Path) -> None:
    book = _copy("report", tmp_path)
    before = _files(book)
    result = _run(book, "add", str(book), "-q", "Q?", "-p", "0.5")
    assert result.exit_code == 2
    assert "missing --resolves" in result.stderr
    result = _run(book, "resolve", str(book), "q4", "yes")
    assert result.exit_code == 2
    assert "missing --source" in result.stderr
    assert _files(book) == before


def test_on_a_terminal_missing_fields_are_asked_and_the_entry_confirmed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _copy("report", tmp_path)
    monkeypatch.setattr(add, "is_terminal", lambda: True)
    answers = "\n".join(
        [
            "Will the prompt work?",  # question
            "2",  # a bad probability: asked again
            "0.8",
            "in 3 months",  # resolves, from --made 2026-01-06
            "YES if it works.",  # criteria
            "tester",  # forecaster
            "y",  # write it?
        ]
    )
    result = CliRunner().invoke(
        cli, ["add", str(book), "--made", "2026-01-06", "--id", "prompted"], input=answers + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "between 0 and 1" in result.output
    assert "+     question: Will the prompt work?" in result.output
    forecast = load_book(book).forecast("prompted")
    assert forecast.resolves.isoformat() == "2026-04-06"
    assert forecast.predictions[0].probability == 0.8


def test_on_a_terminal_saying_no_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _copy("report", tmp_path)
    before = _files(book)
    monkeypatch.setattr(resolve, "is_terminal", lambda: True)
    result = CliRunner().invoke(
        cli,
        ["resolve", str(book), "q4", "yes", "--source", "https://e.org", "--summary", "S."],
        input="n\n",
    )
    assert result.exit_code == 1
    assert "Nothing written." in result.output
    assert _files(book) == before


def test_yes_skips_the_confirmation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = _copy("report", tmp_path)
    monkeypatch.setattr(predict, "is_terminal", lambda: True)
    result = CliRunner().invoke(
        cli, ["predict", str(book), "q1", "0.9", "--by", "alice", "--made", "2026-02-01", "--yes"]
    )
    assert result.exit_code == 0, result.output
    assert [p.probability for p in load_book(book).forecast("q1").predictions][-1] == 0.9


def test_init_add_predict_resolve_report_without_an_editor(tmp_path: Path) -> None:
    """The whole path of a new user, in a folder outside this repository."""
    book = tmp_path / "my-book"
    assert _run(book, "init", str(book), "--forecaster", "me").exit_code == 0
    for args in (
        ["add", str(book), "-q", "Will Alpha happen?", "-p", "0.8", "-r", "2026-03-31"],
        ["add", str(book), "-q", "Will Beta happen?", "-p", "0.3", "-r", "2026-03-31"],
    ):
        result = _run(book, *args, "--made", "2026-01-05", "--criteria", "YES if so.")
        assert result.exit_code == 0, result.output
    assert (
        _run(book, "predict", str(book), "beta-happen", "0.2", "--made", "2026-02-01").exit_code
        == 0
    )
    for identifier, outcome in (("alpha-happen", "yes"), ("beta-happen", "no")):
        result = _run(
            book,
            "resolve",
            str(book),
            identifier,
            outcome,
            "--source",
            "https://example.org",
            "--observed",
            "2026-03-01",
            "--summary",
            "Settled.",
        )
        assert result.exit_code == 0, result.output
    assert not check_book(book)
    report = _run(book, "report", str(book), "--as-of", "2026-04-01", "--format", "json")
    assert report.exit_code == 0
    import json  # noqa: PLC0415

    figures = json.loads(report.stdout)
    # Brier by hand: (0.8 - 1)^2 = 0.04 and (0.2 - 0)^2 = 0.04 -> 0.04.
    assert figures["forecasters"]["me"]["brier"] == pytest.approx(0.04)


def test_add_reads_the_probability_from_the_wording(tmp_path: Path) -> None:
    from foretell import wording  # noqa: PLC0415

    book = _copy("report", tmp_path)
    result = _run(
        book,
        "add",
        str(book),
        "-q",
        "Will Moscow seek assurances?",
        "--wording",
        "is likely to",
        "--yardstick",
        "icd203",
        "-r",
        "end of 2026",
        "--made",
        "2026-01-21",
        "--forecaster",
        "article",
        "--criteria",
        "YES if so.",
    )
    assert result.exit_code == 0, result.output
    expected = wording.read("is likely to", "icd203").point
    assert f"reads as {expected:g} on icd203" in result.stderr
    forecast = load_book(book).forecast("moscow-seek-assurances")
    assert forecast.predictions[0].probability == pytest.approx(expected)
    unreadable = _run(
        book, "add", str(book), "-q", "Q?", "--wording", "the sky is blue", "-r", "2026-12-31"
    )
    assert unreadable.exit_code == 2
    assert "--wording" in unreadable.stderr
