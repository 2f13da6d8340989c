"""The report's "How the words were read" sections, checked by hand from the published tables."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pendulum
import pytest
from jsonschema import Draft202012Validator

from foretell import load_book
from foretell.report import ReportOptions, build_report
from foretell.report.jsondata import report_data
from foretell.report.render import render_markdown

ROOT = Path(__file__).parents[2]
BOOK = ROOT / "tests" / "books" / "valid" / "wording-report"
AS_OF = pendulum.date(2026, 7, 1)

# Readings typed in from the sources (docs/wording.md): the midpoint of the published range,
# Kent's centre, the survey median. pundit said 'likely' (yes), 'likely' (no), 'unlikely' (no)
# and 'unlikely' (yes).
LIKELY = {
    "icd203": 0.675, "kent1964": 0.75, "ipcc-ar5": 0.83, "uk-phia": 0.65, "nato": 0.75,
    "efsa": 0.78, "capphrase": 0.75, "perceptions": 0.70,
}  # fmt: skip
UNLIKELY = {
    "icd203": 0.325, "kent1964": 0.30, "ipcc-ar5": 0.165, "uk-phia": 0.30, "nato": 0.25,
    "efsa": 0.215, "capphrase": 0.20, "perceptions": 0.20,
}  # fmt: skip


def data() -> dict:
    report = build_report(load_book(BOOK), ReportOptions(as_of=AS_OF), title="t")
    return report_data(report)


def test_brier_under_every_yardstick_matches_hand_computation() -> None:
    wording = data()["forecasters"]["pundit"]["wording"]
    assert wording["yardstick"] == "icd203"
    assert set(wording["by_yardstick"]) == set(LIKELY)
    for name, row in wording["by_yardstick"].items():
        likely, unlikely = LIKELY[name], UNLIKELY[name]
        brier = ((1 - likely) ** 2 + likely**2 + unlikely**2 + (1 - unlikely) ** 2) / 4
        log = -(math.log(likely) + math.log(1 - likely) + math.log(1 - unlikely)
                + math.log(unlikely)) / 4  # fmt: skip
        assert row["n"] == 4
        assert row["brier"] == pytest.approx(brier), name
        assert row["log_score"] == pytest.approx(log), name
    assert wording["by_phrase"] == [
        {"phrase": "likely", "n": 2, "probability": 0.675, "happened": 1.0},
        {"phrase": "unlikely", "n": 2, "probability": 0.325, "happened": 1.0},
    ]


def test_exact_certainty_is_capped_for_the_log_score_and_shown_uncapped() -> None:
    wording = data()["forecasters"]["herald"]["wording"]
    # herald: 'will' (no), 'may' (yes). CAPphrase reads 'will' as 100%: an infinite miss.
    capphrase = wording["by_yardstick"]["capphrase"]
    assert capphrase["brier"] == pytest.approx(((1 - 0) ** 2 + (1 - 0.4) ** 2) / 2)
    assert capphrase["log_score_uncapped"] is None  # infinite
    assert capphrase["log_score"] == pytest.approx(-(math.log(0.001) + math.log(0.4)) / 2)
    # ICD 203 reads 'will' as 'almost certain' (95-99%) and 'may' as 'unlikely' (20-45%).
    icd = wording["by_yardstick"]["icd203"]
    assert icd["brier"] == pytest.approx((0.97**2 + (1 - 0.325) ** 2) / 2)
    assert wording["unread"] == {"kent1964": "may", "perceptions": "will"}
    assert "Under none of the 6 yardsticks" in wording["verdict"]


def test_the_json_follows_its_schema() -> None:
    schema = json.loads((ROOT / "docs" / "schema" / "report.schema.json").read_text())
    errors = list(Draft202012Validator(schema).iter_errors(json.loads(json.dumps(data()))))
    assert errors == []


def test_markdown_section_states_the_conclusion_and_the_cap() -> None:
    report = build_report(load_book(BOOK), ReportOptions(as_of=AS_OF), title="t")
    text = render_markdown(report)
    assert "## How the words were read: pundit" in text
    assert "| icd203 (used) | 4 | 0.281 |" in text
    assert "capphrase reads some of these words as exactly 0% or 100%" in text
    assert "(uncapped ∞)" in text


def test_the_repository_book_shows_the_section() -> None:
    report = build_report(load_book(ROOT), ReportOptions(as_of=pendulum.date(2026, 7, 15)))
    sensitivity = report_data(report)["forecasters"]["brussels-morning"]["wording"]
    assert sensitivity["yardstick"] == "icd203"
    assert report_data(report)["forecasters"]["brussels-morning-implied"]["wording"] is None
