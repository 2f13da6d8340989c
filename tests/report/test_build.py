"""foretell.report.build on tests/books/report, every figure checked against a hand computation.

The fixture's predictions and outcomes are chosen so that the Brier scores are exact fractions;
numpy, scipy and scikit-learn serve as independent references where a hand computation would be
long. Nothing here compares the code with its own earlier output (that is test_render.py).
"""

from __future__ import annotations

import math
from fractions import Fraction as F  # noqa: N817 - F(3, 10) reads like the maths
from pathlib import Path

import numpy as np
import pendulum
import pytest
from scipy import stats
from sklearn.isotonic import IsotonicRegression

from foretell import load_book
from foretell.report import ReportOptions, build_document, build_report

BOOK = Path(__file__).parents[1] / "books" / "report"
AS_OF = pendulum.date(2026, 6, 30)

# Scored predictions on the yes/no questions q1..q7 (q5: alice's update of 2026-03-01; q7: bob's
# prediction made on the resolution day is not scored) and the outcomes (q4: 'otherwise: no' at
# its deadline; q6: the market's closing price 0.8).
OUTCOMES = [F(1), F(0), F(1), F(0), F(1), F(4, 5), F(0)]
ALICE = [F(8, 10), F(3, 10), F(9, 10), F(2, 10), F(7, 10), F(5, 10), F(1, 10)]
BOB = [F(6, 10), F(5, 10), F(7, 10), F(4, 10), F(9, 10), F(7, 10), F(1, 10)]


def brier(probabilities: list[F], outcomes: list[F] = OUTCOMES) -> F:
    return sum(((p - o) ** 2 for p, o in zip(probabilities, outcomes, strict=True)), F(0)) / len(
        outcomes
    )


@pytest.fixture(scope="module")
def report():
    return build_report(load_book(BOOK), ReportOptions(as_of=AS_OF), title="Report fixture")


@pytest.fixture(scope="module")
def alice(report):
    return next(s for s in report.forecasters if s.name == "alice")


@pytest.fixture(scope="module")
def bob(report):
    return next(s for s in report.forecasters if s.name == "bob")


def test_counts(report) -> None:
    assert dict(report.counts) == {
        "forecasts": 12, "open": 1, "resolved": 8, "overdue": 1, "conflict": 1,
        "provisional": 0, "annulled": 1, "ambiguous": 0,
    }  # fmt: skip


def test_brier_scores_are_the_hand_worked_fractions(alice, bob) -> None:
    assert brier(ALICE) == F(37, 700)
    assert brier(BOB) == F(69, 700)
    assert alice.n == bob.n == 7
    assert alice.brier.estimate == pytest.approx(float(F(37, 700)), rel=1e-12)
    assert bob.brier.estimate == pytest.approx(float(F(69, 700)), rel=1e-12)


def test_skill_scores(alice) -> None:
    base_rate = sum(OUTCOMES) / 7
    assert alice.base_rate == pytest.approx(float(base_rate), rel=1e-12)
    coin = sum(((F(1, 2) - o) ** 2 for o in OUTCOMES), F(0)) / 7  # 0.25, but q6's 0.8 gives 0.09
    assert alice.skill_vs_half == pytest.approx(float(1 - F(37, 700) / coin), rel=1e-12)
    reference = sum(((base_rate - o) ** 2 for o in OUTCOMES), F(0)) / 7
    assert alice.skill_vs_base_rate == pytest.approx(float(1 - F(37, 700) / reference), rel=1e-12)


def test_log_score_against_its_definition(alice) -> None:
    expected = -np.mean(
        [float(o) * math.log(p) + float(1 - o) * math.log(1 - p)
         for p, o in zip(map(float, ALICE), OUTCOMES, strict=True)]
    )  # fmt: skip
    assert alice.log_score == pytest.approx(expected, rel=1e-12)


def test_corp_decomposition_against_scikit_learn(alice) -> None:
    y = np.array(OUTCOMES, dtype=float)
    p = np.array(ALICE, dtype=float)
    recalibrated = IsotonicRegression(y_min=0, y_max=1).fit_transform(p, y)
    score_rc = np.mean((recalibrated - y) ** 2)
    uncertainty = np.mean((y.mean() - y) ** 2)
    corp = alice.corp
    assert corp.miscalibration == pytest.approx(float(F(37, 700)) - score_rc, abs=1e-12)
    assert corp.discrimination == pytest.approx(uncertainty - score_rc, abs=1e-12)
    assert corp.uncertainty == pytest.approx(uncertainty, abs=1e-12)
    assert alice.brier.estimate == pytest.approx(
        corp.miscalibration - corp.discrimination + corp.uncertainty, abs=1e-12
    )
    assert [x for x, _ in alice.corp_curve] == sorted(float(v) for v in ALICE)


def test_spiegelhalter_uses_the_questions_with_0_1_outcomes(alice) -> None:
    pairs = [(float(p), float(o)) for p, o in zip(ALICE, OUTCOMES, strict=True) if o in (0, 1)]
    p = np.array([a for a, _ in pairs])
    y = np.array([b for _, b in pairs])
    z = np.sum((y - p) * (1 - 2 * p)) / np.sqrt(np.sum((1 - 2 * p) ** 2 * p * (1 - p)))
    assert alice.spiegelhalter.z == pytest.approx(z, rel=1e-12)
    assert alice.spiegelhalter.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)


def test_calibration_table_bins(alice) -> None:
    rows = {(round(r.lower, 1), round(r.upper, 1)): r for r in alice.calibration.rows}
    # 0.5 falls in (0.4, 0.5]; its outcome is the fraction 0.8.
    assert rows[(0.4, 0.5)].n == 1
    assert rows[(0.4, 0.5)].observed_frequency == pytest.approx(0.8)
    # Wilson interval for 1 success in 1 trial at 95%: [z²/(1+z²)... closed form, 1].
    z = stats.norm.ppf(0.975)
    assert rows[(0.7, 0.8)].ci_low == pytest.approx(1 / (1 + z * z), rel=1e-9)
    assert rows[(0.7, 0.8)].ci_high == 1.0
    assert sum(r.n for r in alice.calibration.rows) == 7


def test_tags(alice) -> None:
    by_tag = {t.tag: (t.n, t.brier) for t in alice.by_tag}
    assert by_tag["politics"][0] == 3
    assert by_tag["politics"][1] == pytest.approx(float(brier(ALICE[:3], OUTCOMES[:3])))
    assert by_tag["markets"][1] == pytest.approx(float(brier(ALICE[5:], OUTCOMES[5:])))


def test_time_averaged_brier_on_the_updated_question(alice, bob) -> None:
    # q5: 0.6 from 2026-01-05 (55 days to 2026-02-28), 0.7 from 2026-03-01 (40 days to
    # 2026-04-09); it resolved yes on 2026-04-10.
    expected = (55 * F(16, 100) + 40 * F(9, 100)) / 95
    assert alice.time_averaged is not None
    assert alice.time_averaged.n == 1
    assert alice.time_averaged.brier == pytest.approx(float(expected), rel=1e-12)
    assert alice.time_averaged.final_brier == pytest.approx(0.09, rel=1e-12)
    assert bob.time_averaged is None


def test_multi_category_is_scored_apart(alice, bob) -> None:
    # q8 resolved blue: alice (0.2, 0.5, 0.3) -> 0.04 + 0.25 + 0.09 = 0.38, half is 0.19.
    assert alice.multi_category.n == 1
    assert alice.multi_category.brier == pytest.approx(0.19, rel=1e-12)
    assert bob.multi_category.brier == pytest.approx(0.03, rel=1e-12)


def test_comparison_is_a_paired_t_test(report) -> None:
    [comparison] = report.comparisons
    assert (comparison.a, comparison.b) == ("alice", "bob")
    a = np.array([(float(p) - float(o)) ** 2 for p, o in zip(ALICE, OUTCOMES, strict=True)])
    b = np.array([(float(p) - float(o)) ** 2 for p, o in zip(BOB, OUTCOMES, strict=True)])
    expected = stats.ttest_rel(a, b)
    assert comparison.result.n == 7
    assert comparison.result.mean_difference == pytest.approx(float(F(37 - 69, 700)))
    assert comparison.result.statistic == pytest.approx(expected.statistic, rel=1e-9)
    assert comparison.result.p_value == pytest.approx(expected.pvalue, rel=1e-9)


def test_attention(report) -> None:
    attention = report.attention
    assert [r.forecast.id for r in attention.due] == ["q9"]
    assert [r.forecast.id for r in attention.overdue] == ["q10"]
    assert [r.forecast.id for r in attention.conflicts] == ["q11"]
    assert [(r.forecast.id, p.by, p.made.isoformat()) for r, p in attention.late] == [
        ("q7", "bob", "2026-05-15")
    ]


def test_prediction_rows_mark_what_was_scored(report) -> None:
    row = next(r for r in report.forecasts if r.resolution.forecast.id == "q5")
    assert [(p.prediction.by, p.scored) for p in row.predictions] == [
        ("alice", False), ("alice", True), ("bob", True),
    ]  # fmt: skip
    assert row.predictions[1].claim.brier == pytest.approx(0.09)


def test_rows_are_made_as_they_are_read(report) -> None:
    """Read twice, a row is equal, not identical; its claims are the summaries' objects."""
    first, second = report.forecasts[4], report.forecasts[4]
    assert first == second
    assert first is not second
    held = {id(c) for s in report.forecasters for c in s.claims}
    claims = [p.claim for r in report.forecasts for p in r.predictions if p.claim is not None]
    assert len(claims) == len(held)
    assert all(id(c) in held for c in claims)
    assert [r.resolution.forecast.id for r in report.forecasts[1:3]] == [
        r.resolution.forecast.id for r in list(report.forecasts)[1:3]
    ]


def test_brier_scale_0_2_doubles_every_brier_figure() -> None:
    """The scale is applied once, in the document: every Brier figure there doubles."""
    book = load_book(BOOK)
    one = build_document(build_report(book, ReportOptions(as_of=AS_OF)))
    two = build_document(build_report(book, ReportOptions(as_of=AS_OF, brier_scale="0-2")))
    for section_one, section_two in zip(one.sections, two.sections, strict=True):
        if section_one.key != "forecaster":
            continue
        a, b = section_one.content, section_two.content
        assert b.brier == pytest.approx(2 * a.brier)
        assert (b.brier_low, b.brier_high) == pytest.approx((2 * a.brier_low, 2 * a.brier_high))
        assert b.miscalibration == pytest.approx(2 * a.miscalibration)
        assert b.multi_category[1] == pytest.approx(2 * a.multi_category[1])
        assert (
            b.time_averaged
            == pytest.approx((a.time_averaged[0], 2 * a.time_averaged[1], 2 * a.time_averaged[2]))
            if a.time_averaged
            else b.time_averaged is None
        )
        assert b.skill_vs_half == pytest.approx(a.skill_vs_half)
    [c1] = one.section("comparisons").content
    [c2] = two.section("comparisons").content
    assert c2.mean_difference == pytest.approx(2 * c1.mean_difference)
    assert c2.statistic == pytest.approx(c1.statistic)
    [settled_one] = [g for k, _, g in one.section("receipts").content.groups if k == "settled"]
    [settled_two] = [g for k, _, g in two.section("receipts").content.groups if k == "settled"]
    q1_one = next(r for r in settled_one if r.id == "q1")
    q1_two = next(r for r in settled_two if r.id == "q1")
    assert q1_two.predictions[0].brier == pytest.approx(2 * q1_one.predictions[0].brier)


def test_one_forecaster_only() -> None:
    report = build_report(load_book(BOOK), ReportOptions(as_of=AS_OF, forecaster="bob"))
    assert [s.name for s in report.forecasters] == ["bob"]
    assert "q9" not in {r.resolution.forecast.id for r in report.forecasts}  # alice's only
    assert report.comparisons == ()


def test_bootstrap_interval_contains_the_score_and_is_reproducible(alice) -> None:
    low, high = alice.brier.low, alice.brier.high
    assert low <= alice.brier.estimate <= high
    again = build_report(load_book(BOOK), ReportOptions(as_of=AS_OF))
    assert next(s for s in again.forecasters if s.name == "alice").brier == alice.brier


def test_report_and_library_agree_on_the_multi_category_scale(alice) -> None:
    """The report's default and foretell.scoring's default are the same 0-1 scale."""
    from foretell import scoring  # noqa: PLC0415

    # q8 resolved blue (index 1 of red, blue, green); alice gave (0.2, 0.5, 0.3).
    library = scoring.brier_score([1], [[0.2, 0.5, 0.3]])
    assert library == pytest.approx(0.19, rel=1e-12)
    assert alice.multi_category.brier == pytest.approx(library, rel=1e-12)
    assert scoring.brier_score([1], [[0.2, 0.5, 0.3]], scale="0-2") == pytest.approx(0.38)


def test_equal_scores_are_one_object() -> None:
    """Claims with the same probability and outcome share their score objects (memory)."""
    from foretell.model import Book, Evidence, Forecast, Prediction  # noqa: PLC0415

    day = pendulum.date(2026, 1, 2)
    forecasts = tuple(
        Forecast(id=f"q{i}", question="q", resolves=day,
                 predictions=(Prediction(by="a", made=pendulum.date(2025, 12, 1),
                                         probability=(0.7, 1.0)[i % 2]),))
        for i in range(4)
    )  # fmt: skip
    evidence = Evidence(
        id="e", observed=pendulum.date(2026, 1, 1), resolves={f.id: "yes" for f in forecasts}
    )
    report = build_report(
        Book(root=Path(), forecasts=forecasts, evidence=(evidence,)),
        ReportOptions(as_of=pendulum.date(2026, 6, 30)),
    )
    first, second, third, fourth = report.forecasters[0].claims
    assert first.brier is third.brier
    assert first.log_score is third.log_score
    assert first.brier == pytest.approx(0.09)
    assert math.copysign(1.0, second.log_score) == -1.0  # -log(1) is -0.0, kept as given
    assert (second.brier, fourth.brier) == (0.0, 0.0)
