"""Finding estimative phrases as people write them."""

from __future__ import annotations

import itertools

import pytest

from foretell import wording


def phrases(text: str) -> list[tuple[str, str]]:
    return [(m.phrase, m.text) for m in wording.find(text)]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Moscow is likely to seek assurances", "likely"),
        ("Ukraine will likely have solidified", "likely"),
        ("the vote likely to pass", "likely"),
        ("They probably will agree", "probably"),
        ("There is a good chance that rates fall", "good chance"),
        ("It is almost certainly not a coincidence", "almost certainly not"),
        ("The bank is not expected to cut rates", "not expected"),
        ("Growth is very unlikely to return", "very unlikely"),
        ("Prices will almost certainly rise", "almost certain"),
        ("It is highly improbable", "highly improbable"),
        ("The odds are about even", "even chance"),
        ("It is about as likely as not", "even chance"),
        ("a fifty-fifty proposition", "even chance"),
        ("More likely than not, it passes", "more likely than not"),
        ("The summit is set to open on Monday", "will"),
        ("The bridge won't reopen", "will not"),
        ("The vote is expected in March", "expected"),
        ("The deal could well collapse", "could"),
        ("possibly reassessing the commitment", "possibly"),
        ("Talks may not resume", "may not"),
    ],
)
def test_frames_and_inflections(text: str, phrase: str) -> None:
    assert [m.phrase for m in wording.find(text)] == [phrase]


def test_spans_point_at_the_words() -> None:
    text = "Officials said the bridge will reopen, but a deal is unlikely."
    for match in wording.find(text):
        assert text[match.start : match.end] == match.text
    assert phrases(text) == [("will", "will"), ("unlikely", "is unlikely")]


def test_longest_phrase_wins() -> None:
    assert phrases("It is very unlikely.") == [("very unlikely", "is very unlikely")]
    assert phrases("He will probably not run.") == [("probably not", "will probably not")]


def test_nouns_and_months_are_not_modal_verbs() -> None:
    assert phrases("The political will was there in May 2026.") == []
    assert phrases("Russia's military might, and the will of the people.") == []
    assert phrases("Theresa May said so.") == []
    assert phrases("Voters are going to the polls.") == []
    assert phrases("May 5 was the deadline.") == []
    assert phrases("They met in May. May the talks succeed.") == [("may", "May")]


def test_comparatives_are_not_estimates() -> None:
    assert phrases("Rain is more likely in the north and less likely in the south.") == []


def test_read_prefers_the_estimative_term_to_a_modal_verb() -> None:
    reading = wording.read("is likely to seek assurances that expansion will halt", "icd203")
    assert (reading.phrase, reading.text, reading.term) == ("likely", "is likely to", "likely")


def test_read_reports_rules() -> None:
    assert wording.read("is expected to", "icd203").rule == "same as likely"
    assert wording.read("continues to", "icd203").rule == "same as will"
    assert wording.read("will", "icd203").rule == "modal"
    assert wording.read("probably", "icd203").rule == "term"


def test_no_phrase_is_a_clear_error_with_near_phrases() -> None:
    with pytest.raises(wording.NoEstimativePhraseError, match="no estimative phrase found"):
        wording.read("the sky is blue", "icd203")
    with pytest.raises(wording.NoEstimativePhraseError, match="near phrases: likely"):
        wording.read("likley", "icd203")
    assert "likely" in wording.near_phrases("likley")


def test_unreadable_negated_possibility() -> None:
    assert wording.readers("may not") == ()
    assert wording.readers("not unlikely") == ()


def test_overlaps_on_a_long_text_match_the_pairwise_rule() -> None:
    """The neighbour check keeps exactly the matches the all-pairs rule keeps."""
    from foretell.wording.phrases import find_phrases  # noqa: PLC0415

    text = "May it will likely rain? It may not, almost certainly, be unlikely. " * 300
    found = find_phrases(text)
    assert len(found) >= 900
    for left, right in itertools.pairwise(found):
        assert left.end <= right.start
    assert find_phrases(text[:68]) == found[: len(find_phrases(text[:68]))]
