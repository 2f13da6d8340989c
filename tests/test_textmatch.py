"""foretell.textmatch: quotes are found whatever the typography, not whatever the words."""

from __future__ import annotations

import pytest

from foretell.textmatch import contains_quote, normalise

DOCUMENT = normalise(
    "Moscow is likely to seek assurances that NATO’s eastern\n  expansion will halt — "
    "and\u00a0that Ukraine will “not” be integrated…"
)


@pytest.mark.parametrize(
    "quote",
    [
        "Moscow is likely to seek assurances that NATO's eastern expansion will halt",
        "NATO’s eastern expansion",
        'will "not" be integrated...',
        "halt - and that",
        "  likely to seek\nassurances  ",
    ],
)
def test_found_despite_typography(quote: str) -> None:
    assert contains_quote(DOCUMENT, quote)


@pytest.mark.parametrize(
    "quote",
    [
        "Moscow is likely to seek assurance that",  # a word changed
        "moscow is likely",  # case matters
        "NATO`s eastern",  # a backtick is not a quote mark
        "",
        "   ",
    ],
)
def test_not_found_when_words_differ(quote: str) -> None:
    assert not contains_quote(DOCUMENT, quote)


def test_normalise_collapses_whitespace_and_marks() -> None:
    assert normalise(" “a”\t‘b’ –\n c… ") == "\"a\" 'b' - c..."
