"""Candidate forecasts from a document: the forward-looking sentences, ready to be edited.

>>> import pendulum
>>> text = "Talks ended on Monday. Officials said the bridge will reopen by March 2027."
>>> [c.quote for c in candidates(text, made=pendulum.date(2026, 1, 21))]
['Officials said the bridge will reopen by March 2027.']

:func:`candidates` splits a document into sentences (:mod:`.sentences`), keeps those that look
forward (:mod:`.detect`), reads their estimative words through a yardstick
(:mod:`foretell.wording`) and guesses a deadline from their time expressions
(:mod:`.deadlines`). :func:`render` writes them as a forecast file whose entries carry
``draft: true``: the question and criteria are left for a person to write, and nothing is
scored until they have been and the mark is removed.
"""

from __future__ import annotations

import attrs
import pendulum

from foretell import wording
from foretell.suggest import slugify

from .deadlines import Deadline, guess_deadline
from .detect import Cue, cues
from .render import render
from .sentences import Sentence, sentences

__all__ = ["Candidate", "Cue", "Deadline", "Sentence", "candidates", "render", "sentences"]

#: Words left out of ids made from a sentence.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "and",
        "or",
        "but",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "there",
        "will",
        "would",
        "could",
        "may",
        "might",
        "can",
        "should",
        "must",
        "has",
        "have",
        "had",
        "not",
        "no",
        "into",
        "over",
        "than",
        "then",
        "so",
        "such",
        "said",
        "says",
        "also",
        "however",
        "ultimately",
        "s",
    ]
)


@attrs.frozen
class Candidate:
    """A forward-looking sentence of a document, as a candidate forecast.

    Attributes:
        id: a slug made from the sentence's words, unique in the draft.
        sentence: the sentence, with its place in the document.
        cues: why it was picked.
        reading: its estimative words read through the yardstick, or ``None`` when it has
            none that the yardstick reads.
        unread: the estimative words found but not read by the yardstick (with the reason).
        deadline: the deadline guessed from its time expressions, or ``None``.
    """

    id: str
    sentence: Sentence
    cues: tuple[Cue, ...]
    reading: wording.Reading | None
    unread: str | None
    deadline: Deadline | None

    @property
    def quote(self) -> str:
        """The sentence exactly as written (wrapped lines joined by one space)."""
        return self.sentence.words


def candidates(
    text: str, *, made: pendulum.Date, yardstick: str = wording.DEFAULT_YARDSTICK
) -> tuple[Candidate, ...]:
    """The forward-looking sentences of ``text`` as candidate forecasts.

    Args:
        text: the document.
        made: the day its statements were made: the past ends there, and relative time
            expressions ("next month") count from it.
        yardstick: the yardstick that reads the estimative words.
    """
    stick = wording.yardstick(yardstick)
    found: list[Candidate] = []
    used: set[str] = set()
    previous: Sentence | None = None
    for sentence in sentences(text):
        before = previous.words if previous and previous.paragraph == sentence.paragraph else ""
        previous = sentence
        picked = cues(sentence.words, made, before)
        if not picked:
            continue
        reading, unread = _read(sentence.words, picked, stick)
        found.append(
            Candidate(
                id=_unique(_slug(sentence.words), used),
                sentence=sentence,
                cues=picked,
                reading=reading,
                unread=unread,
                deadline=guess_deadline(sentence.words, made),
            )
        )
    return tuple(found)


def _read(
    text: str, picked: tuple[Cue, ...], stick: wording.Yardstick
) -> tuple[wording.Reading | None, str | None]:
    """The estimative words of a sentence read through the yardstick (estimative terms first)."""
    starts = {c.start for c in picked}
    matches = [m for m in wording.find(text) if m.start in starts]
    matches.sort(key=lambda m: m.phrase in wording.MODAL_PHRASES)
    problems = []
    for match in matches:
        try:
            return wording.read_match(match, stick), None
        except wording.NoReadingError as error:
            problems.append(str(error))
    return None, problems[0] if problems else None


def _slug(text: str) -> str:
    words = [w for w in slugify(text).split("-") if w and w not in _STOPWORDS]
    return "-".join(words[:6]) or "statement"


def _unique(slug: str, used: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    used.add(candidate)
    return candidate
