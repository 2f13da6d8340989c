"""Splitting a document into sentences, each with its place in the document.

Paragraphs are separated by blank lines, or by a line break after a line that ends a sentence
(one paragraph per line, as in the seed articles); a line break inside a sentence is a wrapped
line. Within a paragraph, sentences come from ``sentencex`` (Wikimedia's rule-based segmenter:
abbreviations such as "U.S." and "Jan.", decimals and quotations are handled, it has no
dependencies and is maintained; its segments are lossless, so each sentence keeps its exact
characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

__all__ = ["Sentence", "sentences"]

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"""[.!?:;"”’)\]]\s*$""")


@attrs.frozen
class Sentence:
    """One sentence of a document.

    Attributes:
        text: the sentence's characters, stripped of surrounding whitespace.
        start: index of its first character in the document.
        end: index one past its last character.
        paragraph: the number of its paragraph (from 0).
    """

    text: str
    start: int
    end: int
    paragraph: int

    @property
    def words(self) -> str:
        """The sentence with every run of whitespace (a wrapped line) made one space."""
        return " ".join(self.text.split())


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each paragraph of ``text``."""
    start = 0
    for block in [*_BLANK_LINE.finditer(text), None]:
        end = block.start() if block is not None else len(text)
        line_start = start
        for line in text[start:end].splitlines(keepends=True):
            line_end = line_start + len(line)
            if _SENTENCE_END.search(line) or line_end >= end:
                yield start, line_end
                start = line_end
            line_start = line_end
        if start < end:
            yield start, end
        start = block.end() if block is not None else len(text)


def sentences(text: str, language: str = "en") -> tuple[Sentence, ...]:
    """Every sentence of ``text``, in order, with its character span."""
    from sentencex import segment  # noqa: PLC0415 - only `foretell draft` needs it

    found: list[Sentence] = []
    for number, (start, end) in enumerate(_paragraphs(text)):
        position = start
        for piece in segment(language, text[start:end]):
            stripped = piece.strip()
            if not stripped:
                continue
            offset = text.find(stripped, position, end)
            if offset < 0:  # pragma: no cover - sentencex keeps the characters it is given
                continue
            found.append(Sentence(stripped, offset, offset + len(stripped), number))
            position = offset + len(stripped)
    return tuple(found)
