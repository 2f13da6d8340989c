"""Is a sentence a statement about the future? The cues, and what rules a sentence out.

A sentence is *forward-looking* when it states or reports an expectation, prediction,
possibility, plan, aim or obligation about what happens after it was written: "Moscow is likely
to seek assurances", "officials said the bridge will reopen", "talks could collapse", "the
government plans to cut taxes", "the US must find a balance". Each cue found is kept, with its
kind, so that the person reviewing a draft sees why a sentence was picked.

Ruled out: questions; speculation about the past ("may have been", "could have stopped"),
unless a time expression in the sentence or the one before points ahead ("By 2026 ... it may
have strengthened" is a future perfect); refusals and failures in the past ("could not be
reached", "would not comment"); and sentences whose every dated reference lies before the year
of the statement ("In 2019 he said the plant would close in 2020").
"""

from __future__ import annotations

import re
from typing import Final

import attrs
import pendulum

from foretell import wording
from foretell.wording import MODAL_PHRASES

from .deadlines import guess_deadline, year_mentions

__all__ = ["KINDS", "Cue", "cues", "is_forward_looking"]

#: The kinds of cue, strongest first.
KINDS: Final = (
    "estimative",
    "future",
    "possibility",
    "conditional",
    "intention",
    "prediction",
    "obligation",
    "continuation",
    "time",
)


@attrs.frozen
class Cue:
    """Words that make a sentence look forward.

    Attributes:
        kind: one of :data:`KINDS`.
        words: the words as written.
        start: index in the sentence.
    """

    kind: str
    words: str
    start: int


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-])(?:{pattern})(?![\w'’-])", re.IGNORECASE)


_PERFECT = (
    r"(?:\s+not|n['’]t)?(?:\s+\w+ly)?\s+have\s+(?:been|had|\w+(?:ed|en|wn|ne|ght|lt|nt|ung|ook))"
)
#: Modal verb + "have" + past participle: speculation about the past.
_MODAL_PERFECT = _rx(rf"(?:may|might|could|would|should|must){_PERFECT}")
_PAST_REFUSAL = _rx(
    r"(?:could\s+not|couldn['’]t|would\s+not|wouldn['’]t|did\s+not|didn['’]t)\s+"
    r"(?:be\s+reached|immediately\s+\w+|comment|confirm|say|disclose|elaborate|reveal|discuss|"
    r"give|provide|specify|identify|verify|find|get|stop|see|explain|independently)"
)
_OTHER_CUES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("conditional", _rx(r"would|['’]d\s+(?=\w)|should|shall")),
    (
        "intention",
        _rx(
            r"(?:(?:has|have)\s+(?:\w+ly\s+)?(?:planned|pledged|promised|vowed|threatened|"
            r"committed|proposed|sought|decided|agreed)|plans?|planning|aims?|aiming|"
            r"intends?|intending|seeks?|seeking|hopes?|hoping|promises?|promising|pledges?|"
            r"pledging|vows?|vowing|threatens?|threatening|prepares?|preparing|proposes?|"
            r"proposing|wants?|wishes|ready|opportunity|bid|push(?:es|ing)?|strives?|"
            r"determined|committed|commits?|set\s+out|working|moving|looks?|looking|trying|"
            r"tries|attempts?|attempting|expects?|expecting)\s+to\s+"
            r"(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b|our\b|date\b)\w+"
            r"|(?:vested\s+)?interest\s+in\s+\w+ing|in\s+order\s+to|so\s+as\s+to"
        ),
    ),
    (
        "prediction",
        _rx(
            r"forecast(?:s|ed|ing)?|predict(?:s|ed|ing|ion|ions)?|projected|projections?|"
            r"outlook|expectations?|anticipat(?:e|es|ed|ing)|prospects?|upcoming|forthcoming|"
            r"future|scheduled|slated|on\s+track|in\s+store|(?:is|are|was|were)\s+due\s+to\s+\w+|"
            r"(?:is|are)\s+to\s+(?:be|begin|start|open|close|end|take|meet|vote|return|resume|"
            r"hold|visit|travel|sign|launch|receive|become|remain|stay|leave)"
        ),
    ),
    (
        "obligation",
        _rx(r"must|needs?\s+to|has\s+to|have\s+to|had\s+better|is\s+essential\s+for|vital\s+for"),
    ),
    (
        "time",
        _rx(
            r"next\s+(?:week|month|year|decade|quarter|season|spring|summer|autumn|fall|winter|"
            r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|round|phase|stage|step)|"
            r"later\s+(?:this|in\s+the)\s+(?:week|month|year|decade)|"
            r"in\s+the\s+(?:coming|next)\s+(?:few\s+)?(?:days|weeks|months|years|decades)|"
            r"in\s+the\s+(?:near|long|short|medium)\s+term|from\s+now|tomorrow|"
            r"by\s+the\s+end\s+of|as\s+we\s+approach|ahead\s+of|in\s+the\s+years\s+ahead|"
            r"(?:years|months|weeks|days)\s+ahead"
        ),
    ),
)
_POSSIBILITY = frozenset({"may", "might", "could", "may not", "might not", "could not"})
_FUTURE = frozenset({"will", "will not"})


def cues(text: str, made: pendulum.Date, previous: str = "") -> tuple[Cue, ...]:
    """The forward-looking cues of a sentence, in order; empty when it is ruled out.

    Args:
        text: the sentence.
        made: the day the statement was made (years before its year are the past).
        previous: the sentence before it in the same paragraph, whose time expression can
            carry into this one ("By 2026, ... . With Western support, it may have ...").
    """
    stripped = text.strip().rstrip("\"'”’)»").rstrip()
    if stripped.endswith("?"):
        return ()
    ruled_out = [(m.start(), m.end()) for m in _MODAL_PERFECT.finditer(text)]
    ruled_out += [(m.start(), m.end()) for m in _PAST_REFUSAL.finditer(text)]
    if ruled_out and _points_ahead(text, made, previous):
        ruled_out = [(s, e) for s, e in ruled_out if not _MODAL_PERFECT.match(text, s)]

    def free(start: int) -> bool:
        return not any(s <= start < e for s, e in ruled_out)

    found: list[Cue] = []
    for phrase in wording.find(text):
        if not free(phrase.start):
            continue
        if phrase.phrase in _FUTURE:
            kind = "future"
        elif phrase.phrase in _POSSIBILITY or phrase.phrase == "possibly":
            kind = "possibility"
        elif phrase.phrase == "continues":
            kind = "continuation"
        elif phrase.phrase in MODAL_PHRASES:
            kind = "future"
        else:
            kind = "estimative"
        found.append(Cue(kind, phrase.text, phrase.start))
    taken = [(c.start, c.start + len(c.words)) for c in found]
    for kind, pattern in _OTHER_CUES:
        for match in pattern.finditer(text):
            overlaps = any(s < match.end() and match.start() < e for s, e in taken)
            if free(match.start()) and not overlaps:
                found.append(Cue(kind, match.group(), match.start()))
                taken.append((match.start(), match.end()))
    deadline = guess_deadline(text, made)
    named = year_mentions(deadline.words) if deadline is not None else ()
    if deadline is not None and named and not any(c.kind == "time" for c in found):
        found.append(Cue("time", deadline.words, max(text.find(deadline.words), 0)))
    if not found:
        return ()
    years = year_mentions(text)
    if years and max(years) < made.year and deadline is None:
        return ()
    return tuple(sorted(found, key=lambda c: c.start))


def _points_ahead(text: str, made: pendulum.Date, previous: str) -> bool:
    """Whether the sentence, or the one before, names a time after ``made``."""
    return any(guess_deadline(part, made) is not None for part in (text, previous) if part)


def is_forward_looking(text: str, made: pendulum.Date, previous: str = "") -> bool:
    """Whether :func:`cues` finds anything in the sentence."""
    return bool(cues(text, made, previous))
