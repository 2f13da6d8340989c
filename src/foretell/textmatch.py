"""Finding a quote in a document, forgiving typography but not words.

A quote is copied by hand from an article into YAML, where curly quote marks become straight ones
and line breaks become spaces. :func:`normalise` maps both sides to a common form before a plain
substring search:

* every run of whitespace (spaces, tabs, line breaks, no-break spaces) becomes one space;
* typographic single quotes and apostrophes (‘ ’ ‚ ‛ ′) become ``'``;
* typographic double quotes (“ ” „ ‟ ″ « ») become ``"``;
* en and em dashes and the minus sign (– — −) become ``-``; the ellipsis character becomes ``...``.

Case, spelling and punctuation other than the above must match exactly.
"""

from __future__ import annotations

import re

__all__ = ["contains_quote", "normalise"]

_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text with whitespace, quote marks and dashes in one canonical form."""
    return _WHITESPACE.sub(" ", text.translate(_TRANSLATION)).strip()


def contains_quote(document: str, quote: str) -> bool:
    """Whether ``quote`` occurs in ``document`` once both are normalised.

    ``document`` is expected to be normalised already (normalise it once, search it often).
    """
    needle = normalise(quote)
    return bool(needle) and needle in document
