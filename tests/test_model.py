"""The model keeps each entry's location with its field locations, and gives both back."""

from __future__ import annotations

import math

import attrs
import pendulum

from foretell.load import read_book
from foretell.locationmap import LocationMap
from foretell.model import Evidence, Forecast, Prediction, Source
from foretell.problems import Location
from foretell.sharedtext import share_number, shared_texts

DAY = pendulum.date(2026, 1, 1)


def _prediction(**where: object) -> Prediction:
    return Prediction("me", DAY, 0.7, **where)  # type: ignore[arg-type]


def test_the_entry_location_is_kept_inside_the_field_locations() -> None:
    prediction = _prediction(
        location=Location("forecasts/a.yaml", 7, 5),
        field_locations={"probability": Location("forecasts/a.yaml", 9, 18)},
    )
    assert prediction.location == Location("forecasts/a.yaml", 7, 5)
    assert isinstance(prediction.location, Location)
    assert dict(prediction.field_locations) == {"probability": Location("forecasts/a.yaml", 9, 18)}
    assert list(prediction.field_locations) == ["probability"]
    assert isinstance(prediction.field_locations, LocationMap)
    assert prediction.field_locations.entry == prediction.location
    assert prediction._location is None  # no tuple of its own


def test_locations_it_cannot_pack_are_kept_as_given() -> None:
    elsewhere = _prediction(
        location=Location("forecasts/a.yaml", 1, 1),
        field_locations={"probability": Location("forecasts/b.yaml", 2, 3)},
    )
    assert elsewhere.location == Location("forecasts/a.yaml", 1, 1)
    huge = _prediction(
        location=Location("forecasts/a.yaml", 2**40, 1),
        field_locations={"probability": Location("forecasts/a.yaml", 2, 3)},
    )
    assert huge.location == Location("forecasts/a.yaml", 2**40, 1)
    no_fields = Source(url="https://example.org", location=Location("forecasts/a.yaml", 4, 3))
    assert no_fields.location == Location("forecasts/a.yaml", 4, 3)
    assert dict(no_fields.field_locations) == {}
    assert _prediction().location is None


def test_evolve_keeps_or_replaces_the_entry_location() -> None:
    forecast = Forecast(
        id="a",
        question="Will it?",
        resolves=DAY,
        predictions=(),
        location=Location("forecasts/a.yaml", 1, 1),
        field_locations={"id": Location("forecasts/a.yaml", 1, 5)},
    )
    assert attrs.evolve(forecast, question="Will it not?").location == forecast.location
    moved = attrs.evolve(forecast, location=Location("forecasts/a.yaml", 3, 1))
    assert moved.location == Location("forecasts/a.yaml", 3, 1)
    assert moved.where("id") == Location("forecasts/a.yaml", 1, 5)
    assert moved == forecast  # locations take no part in equality
    assert "location" not in repr(forecast)


def test_a_read_book_gives_every_entry_its_location(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "evidence").mkdir()
    (tmp_path / "forecasts" / "a.yaml").write_text(
        "id: one\nquestion: Will it?\nresolves: 2026-06-01\n"
        "source:\n  url: https://example.org/a\n"
        "predictions:\n  - by: me\n    made: 2026-01-01\n    probability: 0.7\n"
    )
    (tmp_path / "evidence" / "e.yaml").write_text(
        "observed: 2026-05-01\nresolves:\n  one: yes\nsources:\n  - url: https://example.org/b\n"
    )
    book = read_book(tmp_path).book
    (forecast,) = book.forecasts
    (evidence,) = book.evidence
    assert forecast.location == Location("forecasts/a.yaml", 1, 1)
    assert forecast.where("id") == Location("forecasts/a.yaml", 1, 5)
    assert forecast.source is not None
    assert forecast.source.location == Location("forecasts/a.yaml", 5, 3)
    assert forecast.predictions[0].location == Location("forecasts/a.yaml", 7, 5)
    assert forecast.predictions[0].field_locations["probability"] == Location(
        "forecasts/a.yaml", 9, 18
    )
    assert evidence.location == Location("evidence/e.yaml", 1, 1)
    assert evidence.sources[0].location == Location("evidence/e.yaml", 5, 5)
    assert isinstance(evidence, Evidence)


def test_equal_probabilities_read_together_are_one_object() -> None:
    with shared_texts():
        first = Prediction("me", DAY, float("0.7"))
        second = Prediction("you", DAY, 7 / 10)
        zero = Prediction("me", DAY, -0.0)
    assert first.probability is second.probability
    assert math.copysign(1.0, zero.probability) == -1.0  # type: ignore[arg-type]
    assert share_number(0.7) == 0.7  # outside a reading: the number itself
    outside = Prediction("me", DAY, float("0.7"))
    assert outside.probability == 0.7


def test_location_maps_give_back_every_number_they_hold() -> None:
    """Small numbers are packed 16 bits each, larger ones 32; either way the map is exact."""
    import random  # noqa: PLC0415

    rng = random.Random(5)
    for _ in range(2000):
        size = rng.randint(1, 6)
        limit = rng.choice([100, 0xFFFF, 0x10000, 2**32 - 1])
        fields = {
            f"k{i}": Location("forecasts/a.yaml", rng.randint(0, limit), rng.randint(0, limit))
            for i in range(size)
        }
        entry = Location("forecasts/a.yaml", rng.randint(0, limit), rng.randint(0, limit))
        prediction = _prediction(location=entry, field_locations=fields)
        assert dict(prediction.field_locations) == fields
        assert prediction.location == entry
        moved = attrs.evolve(prediction, location=Location("forecasts/a.yaml", 70000, 3))
        assert moved.location == Location("forecasts/a.yaml", 70000, 3)
        assert dict(moved.field_locations) == fields
    beyond = {"k": Location("forecasts/a.yaml", 2**32, 1)}
    assert dict(_prediction(field_locations=beyond).field_locations) == beyond
