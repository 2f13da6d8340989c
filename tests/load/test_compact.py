"""The compact book-wide columns give back exactly the records and locations stored."""

from __future__ import annotations

import pytest

from foretell.check import check_reading
from foretell.load import Citation, Link, Supersession, read_book
from foretell.load.compact import IdLocations, LocationColumn, Records
from foretell.problems import Location

CITATIONS = [
    Citation("a", "seeds/a.txt", Location("forecasts/a.yaml", 3, 5), "words", Location("f", 4, 9)),
    Citation(None, "seeds/b.txt", Location("forecasts/b.yaml", 1, 1)),
    Citation("c", "seeds/c.txt", Location("forecasts/c.yaml", 2**40, 7), None, None),
]


def test_records_give_back_equal_records_in_order() -> None:
    records = Records(Citation, CITATIONS)
    assert list(records) == CITATIONS
    assert [records[i] for i in range(3)] == CITATIONS
    assert records[-1] == CITATIONS[-1]
    assert records[1:] == tuple(CITATIONS[1:])
    assert records == CITATIONS
    assert records == tuple(CITATIONS)
    assert records != CITATIONS[:2]
    assert len(records) == 3
    with pytest.raises(IndexError):
        records[3]


def test_a_location_beyond_32_bits_is_kept_as_it_is() -> None:
    column = LocationColumn()
    for location in (Location("x", 2**32, 0), None, Location("y", 1, 2), Location("z", -1, 0)):
        column.append(location)
    assert list(column) == [
        Location("x", 2**32, 0),
        None,
        Location("y", 1, 2),
        Location("z", -1, 0),
    ]
    assert column[0] == Location("x", 2**32, 0)
    assert column[-2] == Location("y", 1, 2)


def test_every_record_kind_of_a_reading() -> None:
    links = [Link("e", "f", "yes", Location("e.yaml", 1, 2), Location("e.yaml", 1, 5))]
    supersessions = [Supersession(None, "old", Location("e.yaml", 7, 3))]
    assert Records(Link, links) == links
    assert Records(Supersession, supersessions) == supersessions


def test_ids_keep_first_use_order_and_every_use() -> None:
    ids = IdLocations(
        [
            ("b", Location("one.yaml", 1, 1)),
            ("a", Location("one.yaml", 5, 1)),
            ("b", Location("two.yaml", 1, 1)),
            ("b", Location("three.yaml", 2, 3)),
        ]
    )
    assert list(ids) == ["b", "a"]
    assert ids["a"] == (Location("one.yaml", 5, 1),)
    assert ids["b"] == (
        Location("one.yaml", 1, 1),
        Location("two.yaml", 1, 1),
        Location("three.yaml", 2, 3),
    )
    assert "a" in ids
    assert "c" not in ids
    assert ids.get("c", ()) == ()
    assert ids.uses() == 4
    assert ids.repeated() == {"b": ids["b"]}
    assert dict(ids) == {"b": ids["b"], "a": ids["a"]}


def test_a_read_book_keeps_its_citations_and_links(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "evidence").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Talks will likely fail.\n")
    (tmp_path / "forecasts" / "a.yaml").write_text(
        "id: talks-fail\nquestion: Will the talks fail?\nresolves: 2026-06-01\n"
        "quote: Talks will likely fail.\nsource:\n  document: seeds/a.txt\n"
        "predictions:\n  - by: me\n    made: 2026-01-01\n    probability: 0.7\n"
    )
    (tmp_path / "evidence" / "e.yaml").write_text(
        "observed: 2026-05-01\nresolves:\n  talks-fail: yes\n  other: no\n"
        "sources:\n  - url: https://example.org/a\n"
    )
    reading = read_book(tmp_path)
    (citation,) = reading.citations
    assert citation.forecast_id == "talks-fail"
    assert citation.document_location == Location("forecasts/a.yaml", 6, 13)
    assert citation.quote_location == Location("forecasts/a.yaml", 4, 8)
    assert [(link.forecast_id, link.key_location) for link in reading.links] == [
        ("talks-fail", Location("evidence/e.yaml", 3, 3)),
        ("other", Location("evidence/e.yaml", 4, 3)),
    ]
    assert reading.forecast_ids["talks-fail"] == (Location("forecasts/a.yaml", 1, 5),)
    book_wide = [p for p in check_reading(reading) if p.code.startswith("B")]
    assert [(p.code, p.location) for p in book_wide] == [
        ("B104", Location("evidence/e.yaml", 4, 3))
    ]
