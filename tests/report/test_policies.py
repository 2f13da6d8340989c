"""Scoring policies, the aggregate forecaster, crowd scores and group means, worked by hand.

On tests/books/report (see test_build.py): alice and bob share the yes/no questions q1..q7;
alice updated q5 (0.6, then 0.7); bob's q7 update was made on the resolution day (never scored).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction as F  # noqa: N817
from pathlib import Path

import jsonschema
import pendulum
import pytest
from click.testing import CliRunner

from foretell import load_book
from foretell.cli import cli
from foretell.report import ReportOptions, build_report, render_json
from foretell.report.policies import crowd_scores

BOOK = Path(__file__).parents[1] / "books" / "report"
AS_OF = pendulum.date(2026, 6, 30)
OUTCOMES = [F(1), F(0), F(1), F(0), F(1), F(4, 5), F(0)]
ALICE = [F(8, 10), F(3, 10), F(9, 10), F(2, 10), F(7, 10), F(5, 10), F(1, 10)]
BOB = [F(6, 10), F(5, 10), F(7, 10), F(4, 10), F(9, 10), F(7, 10), F(1, 10)]


def mean(values: list[F]) -> float:
    return float(sum(values, F(0)) / len(values))


def briers(probabilities: list[F]) -> list[F]:
    return [(p - o) ** 2 for p, o in zip(probabilities, OUTCOMES, strict=True)]


def summary(report_options: ReportOptions, name: str):  # type: ignore[no-untyped-def]
    report = build_report(load_book(BOOK), report_options)
    return next(s for s in report.forecasters if s.name == name)


def test_score_all_counts_every_prediction_before_resolution() -> None:
    """alice's q5 counts twice (0.6 and 0.7): eight claims on seven questions."""
    alice = summary(ReportOptions(as_of=AS_OF, score="all"), "alice")
    expected = [*briers(ALICE), (F(6, 10) - 1) ** 2]
    assert alice.n == 8
    assert alice.brier is not None
    assert alice.brier.estimate == pytest.approx(mean(expected))
    bob = summary(ReportOptions(as_of=AS_OF, score="all"), "bob")
    assert bob.n == 7  # the q7 update made on the resolution day still does not count


def test_score_first_takes_the_first_prediction() -> None:
    alice = summary(ReportOptions(as_of=AS_OF, score="first"), "alice")
    first = [*ALICE[:4], F(6, 10), *ALICE[5:]]
    assert alice.brier is not None
    assert alice.brier.estimate == pytest.approx(mean(briers(first)))


def test_median_aggregate_of_two_is_their_mean() -> None:
    """With two forecasters the median is the mean of their latest predictions."""
    median = summary(ReportOptions(as_of=AS_OF, aggregate="median"), "median")
    crowd = [(a + b) / 2 for a, b in zip(ALICE, BOB, strict=True)]
    assert median.n == 7
    assert median.brier is not None
    assert median.brier.estimate == pytest.approx(mean(briers(crowd)))
    assert median.crowd is None  # the aggregate is not a member of the crowd


def test_geometric_mean_of_odds_aggregate() -> None:
    gmo = summary(
        ReportOptions(as_of=AS_OF, aggregate="geometric-mean-of-odds"), "geometric-mean-of-odds"
    )
    # q1: odds 4 and 1.5, geometric mean sqrt(6).
    first = next(c for c in gmo.claims if c.resolution.forecast.id == "q1")
    assert first.prediction.probability == pytest.approx(math.sqrt(6) / (1 + math.sqrt(6)))


def test_aggregate_name_taken_by_a_forecaster_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "forecasts" / "f.yaml").write_text(
        "id: a\nquestion: A?\ncriteria: c\nresolves: 2026-01-31\nmade: 2026-01-01\n"
        "forecaster: median\nprobability: 0.5\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="called 'median'"):
        build_report(load_book(tmp_path), ReportOptions(as_of=AS_OF, aggregate="median"))


def test_crowd_scores_by_hand() -> None:
    """Two forecasters: relative Brier is half the Brier difference; Peer is 100 ln(p_a / p_b)."""
    alice = summary(ReportOptions(as_of=AS_OF), "alice")
    assert alice.crowd is not None
    difference = [a - b for a, b in zip(briers(ALICE), briers(BOB), strict=True)]
    assert alice.crowd.n == 7
    assert alice.crowd.relative_brier == pytest.approx(mean(difference) / 2)

    def log_p(p: F, o: F) -> float:
        return float(o) * math.log(p) + float(1 - o) * math.log(1 - p)

    peer = [100 * (log_p(a, o) - log_p(b, o)) for a, b, o in zip(ALICE, BOB, OUTCOMES, strict=True)]
    assert alice.crowd.peer == pytest.approx(sum(peer) / 7)
    baseline = [100 * (log_p(a, o) / math.log(2) + 1) for a, o in zip(ALICE, OUTCOMES, strict=True)]
    assert alice.crowd.baseline == pytest.approx(sum(baseline) / 7)


def test_crowd_scores_keep_the_last_entry_of_a_forecaster_on_a_question() -> None:
    """Entries read in any order; a later one on the same question replaces an earlier one."""
    claims = [
        ("bob", "q2", 0.0, 0.5),
        ("alice", "q1", 1.0, 0.1),  # replaced below
        ("bob", "q1", 1.0, 0.6),
        ("zed", "q1", 1.0, 0.9),  # not in the crowd
        ("alice", "q1", 1.0, 0.8),
    ]
    scores = crowd_scores(claims, ["alice", "bob"])
    assert set(scores) == {"alice", "bob"}
    # q1: alice 0.04, bob 0.16, median 0.1; q2 is bob's alone (Baseline only).
    assert scores["alice"].n == 1
    assert scores["alice"].relative_brier == pytest.approx(0.04 - 0.1)
    assert scores["bob"].relative_brier == pytest.approx(0.16 - 0.1)
    assert (scores["bob"].n, scores["bob"].baseline_n) == (1, 2)
    assert scores["bob"].baseline == pytest.approx(100 * (math.log2(0.6) + 1) / 2)
    assert crowd_scores(iter(()), ["alice"]) == {}


def test_group_mean_weighs_each_tag_the_same() -> None:
    """politics q1-q3, economy q4-q5: the group mean is the mean of the two tag means."""
    alice = summary(ReportOptions(as_of=AS_OF, group_mean=("politics", "economy")), "alice")
    b = briers(ALICE)
    assert alice.group_mean is not None
    assert alice.group_mean.brier == pytest.approx((mean(b[0:3]) + mean(b[3:5])) / 2)
    missing = summary(ReportOptions(as_of=AS_OF, group_mean=("politics", "nope")), "alice")
    assert missing.group_mean is not None
    assert missing.group_mean.brier is None


def test_explicit_left_closed_bins_in_json() -> None:
    """[0.5, 0.6) style edges: alice's 0.5 on q6 opens the [0.5, 0.8) bin."""
    options = ReportOptions(as_of=AS_OF, bins=(0.0, 0.5, 0.8, 1.0), bin_closed="left")
    text = render_json(build_report(load_book(BOOK), options))
    data = json.loads(text)
    assert data["conventions"]["bins"] == [0.0, 0.5, 0.8, 1.0]
    assert data["conventions"]["bin_closed"] == "left"
    rows = data["forecasters"]["alice"]["calibration"]
    # alice: 0.1, 0.2, 0.3 below 0.5; 0.5, 0.7 in [0.5, 0.8); 0.8, 0.9 in [0.8, 1].
    assert [(r["lower"], r["n"]) for r in rows] == [(0.0, 3), (0.5, 2), (0.8, 2)]


def test_json_with_every_new_option_follows_the_schema() -> None:
    schema = json.loads(
        (Path(__file__).parents[2] / "docs" / "schema" / "report.schema.json").read_text()
    )
    options = ReportOptions(
        as_of=AS_OF,
        bins=(0.0, 0.25, 0.5, 1.0),
        bin_closed="left",
        score="all",
        aggregate="geometric-mean-of-odds",
        group_mean=("politics", "economy"),
    )
    data = json.loads(render_json(build_report(load_book(BOOK), options)))
    jsonschema.validate(data, schema)
    assert data["conventions"]["score"] == "all"
    assert data["forecasters"]["geometric-mean-of-odds"]["crowd"] is None
    assert data["forecasters"]["alice"]["crowd"]["n"] == 7


def test_report_command_options(tmp_path: Path) -> None:
    """Usage errors exit 2; the conventions line states the policy and the bins."""

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["report", str(BOOK), "--as-of", "2026-06-30", *args])
        return result.exit_code, result.output

    assert run("--bins", "0,0.5,0.9")[0] == 2  # does not end at 1
    assert run("--bins", "0,0.6,0.5,1")[0] == 2  # not increasing
    assert run("--bins", "0")[0] == 2
    assert run("--group-mean", ",")[0] == 2
    code, out = run("--score", "first", "--bins", "0,0.5,1", "--bin-closed", "left")
    assert code == 0
    assert "their first prediction on a question" in out
    assert "left-closed, [a, b), the last [0.5, 1]; edges 0, 0.5, 1" in out
    assert "| [0.5, 1] |" in out
    renamed = tmp_path / "book"
    (renamed / "forecasts").mkdir(parents=True)
    (renamed / "forecasts" / "f.yaml").write_text(
        "id: a\nquestion: A?\ncriteria: c\nresolves: 2026-01-31\nmade: 2026-01-01\n"
        "forecaster: mean\nprobability: 0.5\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["report", str(renamed), "--aggregate", "mean"])
    assert result.exit_code == 2
    assert "called 'mean'" in result.output
