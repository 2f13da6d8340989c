"""foretell import and export end to end: books that check clean, re-imports, --update."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from foretell.check import check_reading
from foretell.cli import cli
from foretell.load import read_book

DATA = Path(__file__).parent / "data"
REPORT_BOOK = Path(__file__).parents[1] / "books" / "report"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def files(book: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(book)): p.read_bytes()
        for p in sorted(book.rglob("*"))
        if p.is_file() and ".foretell" not in p.parts
    }


def errors(book: Path) -> list[str]:
    return [str(p) for p in check_reading(read_book(book)) if p.is_error]


def report(book: Path, *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run("report", str(book), "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_import_writes_a_clean_book_and_twice_changes_nothing(tmp_path: Path) -> None:
    book = tmp_path / "book"
    code, _, err = run("import", "fatebook", str(DATA / "fatebook_export.csv"), "--into", str(book))
    assert code == 0, err
    assert sorted(files(book)) == [
        "evidence/fatebook.yaml",
        "forecasts/fatebook.yaml",
        "imports/fatebook.yaml",
    ]
    assert errors(book) == []
    before = files(book)
    code, _, err = run("import", "fatebook", str(DATA / "fatebook_export.csv"), "--into", str(book))
    assert code == 0
    assert "Nothing to write" in err
    assert files(book) == before
    note = (book / "imports" / "fatebook.yaml").read_text(encoding="utf-8")
    assert "sha256:" in note
    assert str(tmp_path) not in note  # no machine paths in the book


def test_a_different_import_under_the_same_name_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "book"
    run("import", "fatebook", str(DATA / "fatebook_export.csv"), "--into", str(book))
    before = files(book)
    code, _, err = run(
        "import", "fatebook", str(DATA / "fatebook_export_mc.csv"), "--into", str(book)
    )
    assert code == 1
    assert "--update" in err
    assert files(book) == before
    code, _, err = run(
        "import",
        "fatebook",
        str(DATA / "fatebook_export_mc.csv"),
        "--into",
        str(book),
        "--name",
        "fatebook-mc",
    )
    assert code == 0, err
    assert errors(book) == []


def test_bad_input_writes_nothing_and_names_the_place(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("question,probability,made,resolves\nA?,abc,2024-01-01,2024-02-01\n")
    book = tmp_path / "book"
    code, _, err = run("import", "csv", str(table), "--into", str(book), "--forecaster", "me")
    assert code == 1
    assert f"{table}:2:2: error[I101]" in err
    assert not (book / "forecasts").exists()


def test_hostile_text_is_written_safely(tmp_path: Path) -> None:
    """Control characters are removed; YAML-special text round-trips; the book checks clean."""
    table = tmp_path / "t.csv"
    question = '- dash: colon {brace} [x] &a *b !c %d @e `f\' "q" #hash'
    table.write_text(
        "question,probability,made,resolves,outcome,criteria\n"
        f'"Bell\x07 rings?",0.5,2024-01-01,2024-02-01,yes,"line1\nline2\x1b end"\n'
        f'"{question.replace(chr(34), chr(34) * 2)}",0.5,2024-01-01,2024-02-01,no,yes\n',
        encoding="utf-8",
    )
    book = tmp_path / "book"
    code, _, err = run("import", "csv", str(table), "--into", str(book), "--forecaster", "no")
    assert code == 0, err
    assert errors(book) == []
    forecasts = read_book(book).book.forecasts
    assert [f.question for f in forecasts] == ["Bell rings?", question]
    assert forecasts[0].criteria == "line1\nline2 end"
    assert forecasts[1].criteria == "yes"
    assert {p.by for f in forecasts for p in f.predictions} == {"no"}


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    table = DATA / "table.csv"
    assert run("import", "csv", str(table), "--column", "nope=Claim")[0] == 2
    assert run("import", "csv", str(table), "--outcome", "x=maybe")[0] == 2
    assert run("import", "fatebook", str(table), "--forecaster", "me")[0] == 2
    assert run("import", "csv", str(table), "--name", "Bad Name")[0] == 2


def _predictionbook(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "pb.csv"
    header = (DATA / "predictionbook.csv").read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n" + rows, encoding="utf-8")
    return path


ROW = "{q},Q{q}?,pat,{p},2010-01-02 10:00:00+00:00,2010-01-01,2010-12-31,{judged},{status},{o}\n"


def test_update_supersedes_changed_and_annuls_withdrawn_resolutions(tmp_path: Path) -> None:
    book = tmp_path / "book"
    first = ROW.format(q=1, p=0.7, judged="2011-01-02", status="resolved", o=1) + ROW.format(
        q=2, p=0.4, judged="2011-01-03", status="resolved", o=0
    )
    source = _predictionbook(tmp_path, first)
    assert run("import", "predictionbook", str(source), "--into", str(book))[0] == 0
    # The newer export re-judges question 1, un-judges question 2 and adds question 3.
    newer = (
        ROW.format(q=1, p=0.7, judged="2011-02-01", status="resolved", o=0)
        + ROW.format(q=2, p=0.4, judged="", status="open", o="")
        + ROW.format(q=3, p=0.9, judged="2011-01-04", status="resolved", o=1)
    )
    source = _predictionbook(tmp_path, newer)
    code, _, err = run("import", "predictionbook", str(source), "--into", str(book), "--update")
    assert code == 0, err
    assert errors(book) == []
    records = {e.id: e for e in read_book(book).book.evidence}
    correction = records["predictionbook-1-2011-02-01"]
    assert dict(correction.resolves) == {"predictionbook-1": "no"}
    assert correction.supersedes == ("predictionbook-1",)
    withdrawn = records["predictionbook-2-withdrawn"]
    assert dict(withdrawn.resolves) == {"predictionbook-2": "annulled"}
    assert withdrawn.supersedes == ("predictionbook-2",)
    assert "predictionbook-3" in records
    statuses = {f["id"]: f["status"] for f in report(book, "--as-of", "2012-01-01")["forecasts"]}
    assert statuses == {
        "predictionbook-1": "resolved",
        "predictionbook-2": "annulled",
        "predictionbook-3": "resolved",
    }
    # The same update again changes nothing.
    before = files(book)
    code, _, err = run("import", "predictionbook", str(source), "--into", str(book), "--update")
    assert code == 0, err
    assert files(book) == before


def test_update_keeps_hand_edits_and_says_so(tmp_path: Path) -> None:
    book = tmp_path / "book"
    source = _predictionbook(
        tmp_path, ROW.format(q=1, p=0.7, judged="2011-01-02", status="resolved", o=1)
    )
    run("import", "predictionbook", str(source), "--into", str(book))
    forecasts = book / "forecasts" / "predictionbook.yaml"
    edited = forecasts.read_text(encoding="utf-8").replace(
        "question: Q1?", "question: Q1, reworded?"
    )
    forecasts.write_text(edited, encoding="utf-8")
    newer = _predictionbook(
        tmp_path, ROW.format(q=1, p=0.75, judged="2011-01-02", status="resolved", o=1)
    )
    code, _, err = run("import", "predictionbook", str(newer), "--into", str(book), "--update")
    assert code == 1
    assert "kept predictionbook-1: edited by hand" in err
    assert forecasts.read_text(encoding="utf-8") == edited


def test_export_csv_then_import_csv_gives_the_same_figures(tmp_path: Path) -> None:
    """Round trip on the report fixture's yes/no questions (its multi-category one is left out)."""
    book = tmp_path / "book"
    shutil.copytree(REPORT_BOOK, book)
    exported = tmp_path / "export.csv"
    code, _, err = run("export", "csv", str(book), "--as-of", "2026-06-30", "-o", str(exported))
    assert code == 0, err
    assert "left out q8: multi-category" in err
    again = tmp_path / "again"
    code, _, err = run("import", "csv", str(exported), "--into", str(again))
    assert code == 0, err
    assert errors(again) == []
    original = report(book, "--as-of", "2026-06-30")["forecasters"]
    copied = report(again, "--as-of", "2026-06-30")["forecasters"]
    for name in ("alice", "bob"):
        for figure in ("n", "brier", "log_score", "base_rate", "miscalibration"):
            assert copied[name][figure] == pytest.approx(original[name][figure]), figure
        for tag, value in original[name]["by_tag"].items():
            assert copied[name]["by_tag"][tag]["n"] == value["n"]
            assert copied[name]["by_tag"][tag]["brier"] == pytest.approx(value["brier"])


def test_export_fatebook_and_jsonl(tmp_path: Path) -> None:
    code, out, err = run("export", "fatebook", str(REPORT_BOOK), "--as-of", "2026-06-30")
    assert code == 2
    assert "--forecaster" in err
    code, out, _ = run(
        "export", "fatebook", str(REPORT_BOOK), "--as-of", "2026-06-30", "--forecaster", "alice"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "questionTitle,forecast,qCreatedAt,resolution,resolvedAt,resolveBy,fCreatedAt,tags,notes"
    )
    assert lines[1].startswith("Will the first thing happen?,80%,2026-01-05,YES,")
    code, out, _ = run("export", "jsonl", str(REPORT_BOOK), "--as-of", "2026-06-30")
    records = [json.loads(line) for line in out.splitlines()]
    assert records[0]["id"] == "q1"
    assert records[0]["resolution"]["status"] == "resolved"


def test_export_never_overwrites_the_books_own_files(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(REPORT_BOOK, book)
    record = next((book / "forecasts").glob("*.yaml"))
    before = record.read_bytes()
    for target in (record, book / "forecasts" / "new.csv", book / "foretell.toml"):
        code, _, err = run("export", "csv", str(book), "--as-of", "2026-06-30", "-o", str(target))
        assert code == 2, target
        assert "book's own files" in err
    assert record.read_bytes() == before
    assert not (book / "forecasts" / "new.csv").exists()
    assert errors(book) == []


def _forecastbench(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "forecastbench"
    folder.mkdir()
    paths = {}
    for packed in sorted((DATA / "forecastbench").glob("*.json.gz")):
        target = folder / packed.name.removesuffix(".gz")
        target.write_bytes(gzip.decompress(packed.read_bytes()))
        paths[target.name] = target
    return paths


def test_forecastbench_reproduces_the_published_superforecaster_median_row(
    tmp_path: Path, expected: ModuleType
) -> None:
    """Published: Dataset 0.118, Market 0.074, Overall 0.096 (as of 2025-02-17)."""
    forecastbench_median_row = expected.forecastbench_median_row
    paths = _forecastbench(tmp_path)
    book = tmp_path / "book"
    code, _, err = run(
        "import",
        "forecastbench",
        str(paths["2024-07-21-human.json"]),
        str(paths["2024-07-21.ForecastBench.human_super_individual.json"]),
        str(paths["2024-07-21_resolution_set.2025-02-17.json"]),
        "--into",
        str(book),
    )
    assert code == 0, err
    assert errors(book) == []
    args = ("--aggregate", "median", "--group-mean", "dataset,market")
    median = report(book, "--as-of", "2025-02-17", *args)["forecasters"]["median"]
    dataset = median["by_tag"]["dataset"]["brier"]
    market = median["by_tag"]["market"]["brier"]
    overall = median["group_mean"]["brier"]
    assert (round(dataset, 3), round(market, 3), round(overall, 3)) == (0.118, 0.074, 0.096)
    row = forecastbench_median_row(
        paths["2024-07-21.ForecastBench.human_super_individual.json"],
        paths["2024-07-21_resolution_set.2025-02-17.json"],
    )
    assert median["by_tag"]["dataset"]["n"] == row["dataset"][0]
    assert dataset == pytest.approx(row["dataset"][1], abs=1e-12)
    assert market == pytest.approx(row["market"][1], abs=1e-12)
    assert overall == pytest.approx(row["overall"][1], abs=1e-12)
    # The later resolution set, merged with --update, gives that date's figures.
    code, _, err = run(
        "import",
        "forecastbench",
        str(paths["2024-07-21-human.json"]),
        str(paths["2024-07-21.ForecastBench.human_super_individual.json"]),
        str(paths["2024-07-21_resolution_set.2025-09-05.json"]),
        "--into",
        str(book),
        "--update",
    )
    assert code == 0, err
    assert errors(book) == []
    later = report(book, "--as-of", "2025-09-05", *args)["forecasters"]["median"]
    row = forecastbench_median_row(
        paths["2024-07-21.ForecastBench.human_super_individual.json"],
        paths["2024-07-21_resolution_set.2025-09-05.json"],
    )
    assert later["by_tag"]["dataset"]["n"] == row["dataset"][0]
    assert later["group_mean"]["brier"] == pytest.approx(row["overall"][1], abs=1e-12)


def test_update_leaves_a_correction_of_the_book_standing(tmp_path: Path) -> None:
    """A record the user wrote to supersede an imported one is not overridden by the export."""
    book = tmp_path / "book"
    source = _predictionbook(
        tmp_path, ROW.format(q=1, p=0.7, judged="2011-01-02", status="resolved", o=1)
    )
    run("import", "predictionbook", str(source), "--into", str(book))
    (book / "evidence" / "mine.yaml").write_text(
        "observed: 2011-01-03\nsource: {title: My own check}\nsummary: It did not happen.\n"
        "resolves: {predictionbook-1: no}\nsupersedes: [predictionbook-1]\n",
        encoding="utf-8",
    )
    before = files(book)
    code, _, err = run("import", "predictionbook", str(source), "--into", str(book), "--update")
    assert code == 0, err
    assert files(book) == before
    # The source now changes its judgement: the user's correction still stands, and it is said.
    newer = _predictionbook(
        tmp_path, ROW.format(q=1, p=0.7, judged="2011-01-09", status="resolved", o=0)
    )
    code, _, err = run("import", "predictionbook", str(newer), "--into", str(book), "--update")
    assert code == 1
    assert "superseded by evidence of the book" in err
    assert not any(e.id.startswith("predictionbook-1-") for e in read_book(book).book.evidence)
    statuses = report(book, "--as-of", "2012-01-01")["forecasts"]
    assert statuses[0]["outcome"] == "no"
