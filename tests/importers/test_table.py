"""foretell.importers.table: any CSV, one row per prediction."""

from __future__ import annotations

from pathlib import Path

import pendulum

from foretell.importers import parse

DATA = Path(__file__).parent / "data"
COLUMNS = {
    "question": "Claim",
    "probability": "Chance",
    "outcome": "Result",
    "made": "Date",
    "resolves": "Deadline",
    "forecaster": "Who",
    "question_id": "Qid",
    "tags": "Labels",
    "observed": "Seen",
}


def test_rows_become_forecasts_predictions_and_evidence() -> None:
    result = parse("csv", [DATA / "table.csv"], columns=COLUMNS, outcomes={"excluded": "ambiguous"})
    assert not result.problems
    ids = [f.id for f in result.forecasts]
    # rows sharing a question_id are one forecast; others one each, the repeated bill question
    # numbered apart.
    assert ids[0] == "csv-rain-1"
    assert len(ids) == 5
    assert ids[1].startswith("csv-will-the-bill-pass-")
    assert ids[2] == ids[1] + "-2"
    rain = result.forecasts[0]
    assert [(p.by, p.probability) for p in rain.predictions] == [("ann", 0.7), ("bo", 0.55)]
    assert rain.tags == ("weather", "paris")
    # A percent column: 70 and 55 are percents; '20%' is always one.
    bill = result.forecasts[1]
    assert bill.predictions[0].probability == 0.2
    assert result.forecasts[2].predictions[0].probability == 0.3
    evidence = {e.id: e for e in result.evidence}
    assert evidence["csv-rain-1"].observed == pendulum.date(2024, 3, 1)
    assert dict(evidence["csv-rain-1"].resolves) == {"csv-rain-1": "yes"}
    assert dict(evidence[ids[1]].resolves) == {ids[1]: "no"}
    assert evidence[ids[1]].observed == pendulum.date(2024, 5, 2)
    slip = result.forecasts[3]
    assert dict(evidence[slip.id].resolves) == {slip.id: "ambiguous"}
    assert evidence[slip.id].observed == slip.resolves  # no 'observed': the deadline
    summit = result.forecasts[4]
    assert summit.id not in evidence  # an empty outcome: still open


def test_ids_do_not_depend_on_row_order(tmp_path: Path) -> None:
    lines = (DATA / "table.csv").read_text(encoding="utf-8").splitlines()
    reordered = tmp_path / "reordered.csv"
    reordered.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    options = {"columns": COLUMNS, "outcomes": {"excluded": "ambiguous"}}
    first = parse("csv", [DATA / "table.csv"], **options)  # type: ignore[arg-type]
    second = parse("csv", [reordered], **options)  # type: ignore[arg-type]
    assert {f.id for f in first.forecasts} == {f.id for f in second.forecasts}


def test_problems_name_file_line_and_column(tmp_path: Path) -> None:
    """Every bad cell is reported, with the row's line and the cell's column, in one run."""
    table = tmp_path / "bad.csv"
    table.write_text(
        "question,probability,made,resolves,outcome\n"
        "A?,0.5,2024-01-01,2024-02-01,maybe\n"
        "B?,150%,2024-01-01,2024-02-01,yes\n"
        ",0.5,2024-13-01,2024-02-01,no\n"
        "C?,0.5,2024-03-01,2024-02-01,no\n",
        encoding="utf-8",
    )
    result = parse("csv", [table], forecaster="me")
    problems = [(p.location.line, p.location.column, p.message) for p in result.problems]
    assert problems[0][:2] == (2, 5)
    assert "outcome 'maybe'" in problems[0][2]
    assert "--outcome maybe=" in (result.problems[0].hint or "")
    assert problems[1][:2] == (3, 2)
    assert "outside 0..1" in problems[1][2]
    assert {(4, 1), (4, 3)} <= {p[:2] for p in problems}
    assert any(line == 5 and "after the deadline" in text for line, _, text in problems)
    assert all(p.location.path == str(table) for p in result.problems)
    assert result.has_errors


def test_missing_columns_and_forecaster_are_reported(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("title,p\nA?,0.5\n", encoding="utf-8")
    messages = [p.message for p in parse("csv", [table]).problems]
    assert any("no 'question' column" in m for m in messages)
    assert any("no 'made' column" in m for m in messages)
    table.write_text("question,probability,made,resolves\nA?,0.5,2024-01-01,2024-02-01\n")
    result = parse("csv", [table])
    assert [p.message for p in result.problems] == ["the row names no forecaster"]


def test_a_fraction_in_a_column_of_percents_is_ambiguous(tmp_path: Path) -> None:
    table = tmp_path / "mixed.csv"
    table.write_text(
        "question,probability,made,resolves\nA?,70,2024-01-01,2024-02-01\n"
        "B?,0.3,2024-01-01,2024-02-01\n",
        encoding="utf-8",
    )
    problems = parse("csv", [table], forecaster="me").problems
    assert [(p.location.line, p.location.column) for p in problems] == [(3, 2)]
    assert "column of percents" in problems[0].message


def test_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    table = tmp_path / "latin1.csv"
    table.write_bytes("question,probability\nÉté?,0.5\n".encode("latin-1"))
    result = parse("csv", [table], forecaster="me")
    assert len(result.problems) == 1
    assert "not UTF-8" in result.problems[0].message


def test_a_column_named_twice_is_an_error_not_a_silent_choice(tmp_path: Path) -> None:
    table = tmp_path / "twice.csv"
    table.write_text(
        "question,probability,made,resolves,probability\nA?,0.5,2024-01-01,2024-02-01,0.9\n",
        encoding="utf-8",
    )
    result = parse("csv", [table], forecaster="me")
    assert not result.forecasts
    [problem] = result.problems
    assert "'probability'" in problem.message
    assert "2 times" in problem.message
    assert (problem.location.line, problem.location.column) == (1, 2)
