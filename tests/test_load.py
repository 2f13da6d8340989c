"""foretell.load: the valid fixture books become the model the format promises."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from foretell import BookError, load_book, read_book
from foretell.model import Prediction, Source

BOOKS = Path(__file__).parent / "books"


def test_file_defaults_and_shorthand() -> None:
    """Top-of-file keys are defaults; 'probability' is one prediction by the file's forecaster."""
    book = load_book(BOOKS / "valid" / "article")
    first, second = book.forecasts
    assert first.id == "bridge-open-before-summer"
    assert first.source == Source(
        url="https://example.org/council/2026-01-10",
        title="City council news",
        publisher="Example Gazette",
        published=pendulum.date(2026, 1, 10),
        document="seeds/bridge-news.txt",
    )
    assert first.predictions == (
        Prediction(
            by="example-gazette",
            made=pendulum.date(2026, 1, 10),
            probability=0.7,
            note="'will likely' read as 70% (ICD 203: likely = 55-80%)",
        ),
    )
    assert first.resolves == pendulum.date(2026, 6, 20)
    assert first.otherwise == "no"
    assert first.tags == ("city", "infrastructure")
    assert first.criteria is not None
    assert first.criteria.startswith("YES if the bridge opens")
    assert first.is_binary
    assert second.source == first.source
    assert [(p.by, p.made.isoformat(), p.probability) for p in second.predictions] == [
        ("example-gazette", "2026-01-10", 0.4),
        ("reader", "2026-01-12", 0.25),
        ("reader", "2026-03-01", 0.1),
    ]
    assert book.forecasters == ("example-gazette", "reader")


def test_evidence_with_several_sources() -> None:
    [evidence] = load_book(BOOKS / "valid" / "article").evidence
    assert evidence.id == "bridge-opened"
    assert evidence.observed == pendulum.date(2026, 5, 30)
    assert dict(evidence.resolves) == {"bridge-open-before-summer": "yes"}
    assert [s.publisher for s in evidence.sources] == ["City council", "Example Gazette"]
    assert evidence.summary == "The council opened the bridge to road traffic on 30 May 2026."


def test_single_forecast_file_takes_its_id_from_the_file_name() -> None:
    book = load_book(BOOKS / "valid" / "single")
    assert [f.id for f in book.forecasts] == ["rain-2026-01-11"]
    assert [e.id for e in book.evidence] == ["weather-2026-01-11"]
    assert book.evidence[0].resolves["rain-2026-01-11"] == "no"


def test_multi_category_percentages_and_fractional_outcomes() -> None:
    book = load_book(BOOKS / "valid" / "categories")
    election = book.forecast("largest-party-2026")
    assert election.outcomes == ("left", "centre", "right")
    [prediction] = election.predictions
    assert dict(prediction.probability) == pytest.approx(
        {"left": 0.25, "centre": 0.35, "right": 0.4}
    )
    assert prediction.probability_of("right") == pytest.approx(0.4)
    assert prediction.made == pendulum.date(2026, 2, 1)  # from 2026-02-01T09:30:00+01:00
    assert {e.id: dict(e.resolves) for e in book.evidence} == {
        "official-result": {"largest-party-2026": "right"},
        "turnout-market": {"turnout-above-70": 0.8},
    }


def test_config_gives_the_default_forecaster_and_title() -> None:
    reading = read_book(BOOKS / "valid" / "config")
    assert reading.title == "My forecasts"
    [forecast] = reading.book.forecasts
    assert forecast.predictions[0].by == "me"
    assert forecast.tags == ("personal",)


def test_model_objects_are_frozen() -> None:
    forecast = load_book(BOOKS / "valid" / "article").forecasts[0]
    with pytest.raises(AttributeError):
        forecast.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        forecast.predictions[0].probability["x"] = 1  # type: ignore[index]


def test_load_book_raises_with_every_problem() -> None:
    with pytest.raises(BookError) as raised:
        load_book(BOOKS / "invalid" / "F102-missing-key")
    assert len(raised.value.problems) == 4
    assert "the book has 4 error(s)" in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_entries_with_errors_are_left_out_but_their_ids_are_known() -> None:
    reading = read_book(BOOKS / "invalid" / "F103-probability-out-of-range")
    assert reading.book.forecasts == ()
    assert set(reading.forecast_ids) == {"rain-tomorrow", "negative", "percent"}
