"""Fatebook, PredictionBook and Metaculus files into forecasts and evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum

from foretell.importers import parse
from foretell.model import AMBIGUOUS, ANNULLED

DATA = Path(__file__).parent / "data"


def test_fatebook_export() -> None:
    result = parse("fatebook", [DATA / "fatebook_export.csv"])
    assert not result.problems
    by_title = {f.question: f for f in result.forecasts}
    report = by_title["Will I finish the report by Friday?"]
    assert [(p.by, p.made.isoformat(), p.probability) for p in report.predictions] == [
        ("Ann", "2024-03-01", 0.7),
        ("Bo", "2024-03-02", 0.4),
        ("Ann", "2024-03-04", 0.8),
    ]
    assert report.resolves == pendulum.date(2024, 3, 8)
    snow = by_title['Will it snow, "really" snow, in April?']
    assert snow.criteria == "Snow means 5 cm at the airport"
    # resolved after the resolve-by date: the deadline moves to the resolution day
    assert snow.resolves == pendulum.date(2024, 5, 1)
    assert snow.origin["resolve_by"] == "2024-04-30"
    evidence = {e.id: e for e in result.evidence}
    assert dict(evidence[report.id].resolves) == {report.id: "yes"}
    assert evidence[report.id].observed == pendulum.date(2024, 3, 8)
    assert dict(evidence[snow.id].resolves) == {snow.id: "no"}
    assert len(result.evidence) == 2  # v2 is unresolved


def test_fatebook_multiple_choice_options_are_yes_no_questions() -> None:
    result = parse("fatebook", [DATA / "fatebook_export_mc.csv"])
    assert not result.problems
    assert sorted(f.question for f in result.forecasts) == [
        "Which city hosts? — Paris",
        "Which city hosts? — Rome",
    ]
    outcomes = sorted(str(next(iter(e.resolves.values()))) for e in result.evidence)
    assert outcomes == ["no", "yes"]


def test_fatebook_rejects_other_tables(tmp_path: Path) -> None:
    table = tmp_path / "other.csv"
    table.write_text("title,forecast\nA,0.5\n", encoding="utf-8")
    result = parse("fatebook", [table])
    assert result.has_errors
    assert "not a Fatebook export" in result.problems[0].message


def test_predictionbook_soft_deadlines_and_updates() -> None:
    result = parse("predictionbook", [DATA / "predictionbook.csv"])
    assert not result.problems
    forecasts = {f.origin["id"]: f for f in result.forecasts}
    assert [f.id for f in result.forecasts] == [
        "predictionbook-7",
        "predictionbook-12",
        "predictionbook-30",
        "predictionbook-31",
    ]
    bridge = forecasts["12"]
    assert [p.probability for p in bridge.predictions] == [0.7, 0.9, 0.95]
    # judged on 2011-01-05, after the known-on date 2010-12-31: the deadline is the judgement
    assert bridge.resolves == pendulum.date(2011, 1, 5)
    assert bridge.origin["known_on"] == "2010-12-31"
    snow = forecasts["7"]
    # a response after the known-on date (and after the judgement) extends the deadline
    assert snow.resolves == pendulum.date(2010, 12, 30)
    evidence = {e.id: e for e in result.evidence}
    assert dict(evidence["predictionbook-30"].resolves) == {"predictionbook-30": AMBIGUOUS}
    assert "predictionbook-31" not in evidence
    assert evidence["predictionbook-12"].observed == pendulum.date(2011, 1, 5)


def test_predictionbook_forecaster_renames_the_user() -> None:
    result = parse("predictionbook", [DATA / "predictionbook.csv"], forecaster="me")
    assert {p.by for f in result.forecasts for p in f.predictions} == {"me"}


def test_metaculus_posts() -> None:
    result = parse("metaculus", [DATA / "metaculus_posts.json"], forecaster="me")
    assert [f.id for f in result.forecasts] == ["metaculus-201", "metaculus-202", "metaculus-204"]
    probe = result.forecasts[0]
    mine = [(p.made.isoformat(), p.probability) for p in probe.predictions if p.by == "me"]
    assert mine == [("2024-01-01", 0.6), ("2024-02-01", 0.8)]  # the last of each day
    community = [p.probability for p in probe.predictions if p.by == "metaculus-community"]
    assert community == [0.5, 0.65]
    assert probe.criteria == "Yes if the probe leaves the pad by 31 December 2024.\n\nUTC dates."
    assert probe.source is not None
    assert probe.source.url == "https://www.metaculus.com/questions/101/"
    evidence = {e.id: e for e in result.evidence}
    assert evidence["metaculus-201"].observed == pendulum.date(2024, 10, 2)
    assert dict(evidence["metaculus-202"].resolves) == {"metaculus-202": ANNULLED}
    assert "metaculus-204" not in evidence
    assert any("numeric" in note for note in result.notes)


def test_metaculus_rejects_other_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    assert "not a Metaculus post download" in parse("metaculus", [path]).problems[0].message
    path.write_text('{"a": ', encoding="utf-8")
    problem = parse("metaculus", [path]).problems[0]
    assert "not valid JSON" in problem.message
    assert problem.location.line == 1


def test_metaculus_odd_times_and_groups_are_problems_not_crashes(tmp_path: Path) -> None:
    document = json.loads((DATA / "metaculus_posts.json").read_text(encoding="utf-8"))
    posts = document["results"]
    text = json.dumps(posts[0])
    odd = [
        {**posts[0], "group_of_questions": {"questions": 3}},
        json.loads(text.replace('"start_time": ', '"start_time": 1e300, "x": ', 1)),
    ]
    for post in odd:
        for question in (post.get("question"), {}):
            if isinstance(question, dict) and question:
                question["scheduled_close_time"] = float("nan")
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"results": odd}), encoding="utf-8")
    result = parse("metaculus", [path], forecaster="me")  # must not raise
    assert result.format == "metaculus"
