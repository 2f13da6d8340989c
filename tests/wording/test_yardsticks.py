"""The yardsticks shipped as package data, checked against the published tables."""

from __future__ import annotations

import pytest

from foretell import wording

NAMES = ("capphrase", "efsa", "icd203", "ipcc-ar5", "kent1964", "nato", "perceptions", "uk-phia")


def test_every_yardstick_ships_with_source_and_licence() -> None:
    sticks = wording.yardsticks()
    assert tuple(s.name for s in sticks) == NAMES
    for stick in sticks:
        assert stick.source
        assert stick.licence
        assert stick.url.startswith(("http://", "https://"))
        for term in stick.terms:
            assert 0.0 <= term.low <= term.point <= term.high <= 1.0, (stick.name, term)
            assert term.words, (stick.name, term.term)


# Published ranges, typed in from the sources (ICD 203's table; Kent 1964; IPCC AR5 guidance
# note; UK PHIA, NATO and EFSA scales) independently of the TOML files.
PUBLISHED_RANGES = {
    "icd203": {
        "almost no chance": (1, 5),
        "remote": (1, 5),
        "very unlikely": (5, 20),
        "highly improbable": (5, 20),
        "unlikely": (20, 45),
        "improbable": (20, 45),
        "roughly even chance": (45, 55),
        "likely": (55, 80),
        "probable": (55, 80),
        "very likely": (80, 95),
        "highly probable": (80, 95),
        "almost certain": (95, 99),
        "nearly certain": (95, 99),
    },
    "ipcc-ar5": {
        "virtually certain": (99, 100),
        "extremely likely": (95, 100),
        "very likely": (90, 100),
        "likely": (66, 100),
        "more likely than not": (50, 100),
        "about as likely as not": (33, 66),
        "unlikely": (0, 33),
        "very unlikely": (0, 10),
        "extremely unlikely": (0, 5),
        "exceptionally unlikely": (0, 1),
    },
    "uk-phia": {
        "remote chance": (0, 5),
        "highly unlikely": (10, 20),
        "unlikely": (25, 35),
        "realistic possibility": (40, 50),
        "likely or probable": (55, 75),
        "highly likely": (80, 90),
        "almost certain": (95, 100),
    },
    "nato": {
        "highly unlikely": (0, 10),
        "unlikely": (10, 40),
        "even chance": (40, 60),
        "likely": (60, 90),
        "highly likely": (90, 100),
    },
    "efsa": {
        "almost impossible": (0, 1),
        "extremely unlikely": (1, 5),
        "very unlikely": (5, 10),
        "unlikely": (10, 33),
        "about as likely as not": (33, 66),
        "likely": (66, 90),
        "very likely": (90, 95),
        "extremely likely": (95, 99),
        "almost certain": (99, 100),
    },
}


@pytest.mark.parametrize("name", sorted(PUBLISHED_RANGES))
def test_range_yardsticks_match_the_published_table_and_use_midpoints(name: str) -> None:
    stick = wording.yardstick(name)
    table = PUBLISHED_RANGES[name]
    assert {t.term for t in stick.terms} == set(table)
    for term in stick.terms:
        low, high = table[term.term]
        assert (term.low, term.high) == pytest.approx((low / 100, high / 100))
        assert term.point == pytest.approx((low + high) / 200)


def test_issue_examples_of_midpoints() -> None:
    assert wording.read("likely", "icd203").point == pytest.approx(0.675)
    assert wording.read("likely", "ipcc-ar5").point == pytest.approx(0.83)


def test_kent_uses_his_centres_and_margins() -> None:
    kent = wording.yardstick("kent1964")
    centres = {
        "certain": (100, 0),
        "almost certain": (93, 6),
        "probable": (75, 12),
        "chances about even": (50, 10),
        "probably not": (30, 10),
        "almost certainly not": (7, 5),
        "impossible": (0, 0),
    }
    for term in kent.terms:
        centre, margin = centres[term.term]
        assert term.point == pytest.approx(centre / 100)
        assert (term.low, term.high) == pytest.approx(
            ((centre - margin) / 100, (centre + margin) / 100)
        )


# Survey medians and quartiles as published in the project's research notes (computed there
# from the raw answers; recomputed independently for the package data).
SURVEY = {
    "capphrase": {
        "will happen": (100, 99, 100),
        "almost certain": (95, 90, 98),
        "likely": (75, 67, 80),
        "may happen": (40, 30, 51),
        "might happen": (40, 25, 50),
        "could happen": (40, 25, 50),
        "unlikely": (20, 10, 25),
        "improbable": (10, 5, 20),
        "almost no chance": (2, 1, 5),
        "realistic possibility": (60, 40, 75),
        "remote chance": (5, 3, 10),
    },
    "perceptions": {
        "almost certainly": (95, 90, 98),
        "highly likely": (90, 84, 95),
        "likely": (70, 65, 75),
        "probably": (75, 65, 80),
        "we believe": (70, 60, 80),
        "unlikely": (20, 10, 29),
        "probably not": (26, 20, 39),
        "we doubt": (25, 15, 33),
    },
}


@pytest.mark.parametrize("name", sorted(SURVEY))
def test_survey_yardsticks_use_median_and_interquartile_range(name: str) -> None:
    stick = wording.yardstick(name)
    for term_name, (median, p25, p75) in SURVEY[name].items():
        term = stick.term(term_name)
        # the notes round to whole percent
        assert term.point * 100 == pytest.approx(median, abs=0.51)
        assert term.low * 100 == pytest.approx(p25, abs=0.51)
        assert term.high * 100 == pytest.approx(p75, abs=0.51)


def test_negation_is_its_own_phrase_not_one_minus_p() -> None:
    # Survey readers put "unlikely" at 20%, not 1 - 75% = 25%.
    assert wording.read("unlikely", "capphrase").point == pytest.approx(0.20)
    assert wording.read("is not likely to", "capphrase").point == pytest.approx(0.20)
    assert wording.read("probably not", "perceptions").point == pytest.approx(0.265)


# The documented modal rule (docs/wording.md), applied here from scratch: the term whose range
# holds the CAPphrase median for the word (will 100%, may/might/could 40%, will not 0%); when
# several do, the one whose midpoint is nearest; when none does, the nearest range; never a
# 0% or 100% point.
MODAL_TARGETS = {"will": 1.0, "will not": 0.0, "may": 0.4, "might": 0.4, "could": 0.4}


def _rule_term(stick: wording.Yardstick, target: float) -> str:
    terms = [t for t in stick.terms if t.low < t.high]

    def distance(term: wording.Term) -> tuple[float, float]:
        outside = max(term.low - target, target - term.high, 0.0)
        return outside, abs((term.low + term.high) / 2 - target)

    return min(terms, key=distance).term


@pytest.mark.parametrize("name", ["icd203", "ipcc-ar5", "kent1964", "uk-phia", "nato", "efsa"])
def test_official_yardsticks_read_modal_verbs_by_the_documented_rule(name: str) -> None:
    stick = wording.yardstick(name)
    for phrase, target in MODAL_TARGETS.items():
        if phrase in stick.unreadable:
            continue
        assert stick.readings[phrase] == _rule_term(stick, target), phrase
        assert wording.read(phrase, name).rule == "modal"


def test_kent_has_no_reading_for_bare_possibility() -> None:
    for phrase in ("may", "might", "could", "possibly"):
        with pytest.raises(wording.NoReadingError, match="possible"):
            wording.read(phrase, "kent1964")


def test_no_silent_fallback_to_another_yardstick() -> None:
    with pytest.raises(
        wording.NoReadingError, match="perceptions yardstick has no word for 'will'"
    ):
        wording.read("will", "perceptions")
    with pytest.raises(wording.NoReadingError):
        wording.read("very likely", "nato")
    assert wording.readers("very likely") == ("efsa", "icd203", "ipcc-ar5")


def test_certain_readings_are_flagged() -> None:
    assert wording.read("will", "capphrase").is_certain
    assert not wording.read("will", "icd203").is_certain


def test_unknown_yardstick_names_the_available_ones() -> None:
    with pytest.raises(wording.UnknownYardstickError, match=r"did you mean 'icd203'.*capphrase"):
        wording.yardstick("icd-203")
