"""Finding estimative phrases in text, as people write them.

Each *phrase* is a canonical name ("likely", "very unlikely", "will", "may not", ...) with the
patterns that write it: inflections ("probable"/"probably", "almost certain"/"almost
certainly"), the usual frames ("is likely to", "will likely", "there is a good chance that") and
negations, which are phrases of their own ("not likely" is "unlikely"; "almost certainly not" and
"will not" have their own readings; a negation is never read as one minus the plain phrase).

Where two patterns overlap, the longer match wins, so "very unlikely" is not also read as
"unlikely", nor "will likely" as "will". A few phrases that no yardstick names are read as
another phrase by a documented rule (:data:`SAME_AS`); docs/wording.md lists them.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

__all__ = ["PHRASES", "SAME_AS", "Match", "find_phrases"]

_BE = r"(?:is|are|was|were|be|been|being|am|['’]s|['’]re)"
_NOT = r"(?:not|n['’]t)"
_TO_BE_NOT = rf"(?:{_BE}\s+not|isn['’]t|aren['’]t|wasn['’]t|weren['’]t)"
_WILL_NOT = r"(?:will\s+not|won['’]t|shall\s+not|will\s+never)"


def _framed(*cores: str) -> tuple[str, ...]:
    """A word with its usual frames: "is X to", "will X", "X will", "X to"."""
    frames: list[str] = []
    for core in cores:
        frames += [
            core,
            rf"{_BE}\s+(?:also\s+|still\s+|now\s+)?{core}(?:\s+to)?",
            rf"(?:will|shall)\s+{core}",
            rf"{core}\s+(?:will|shall|to)",
        ]
    return tuple(frames)


#: Canonical phrase -> regular expressions (case-insensitive) that write it.
PATTERNS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        # --- certainty and near-certainty ------------------------------------------------
        "certain": (
            rf"{_BE}\s+(?:now\s+)?certain\s+(?:to|that)",
            r"(?:will|shall)\s+certainly",
            r"certainly\s+(?:will|shall)",
        ),
        "virtually certain": _framed(r"virtually\s+certain(?:ly)?"),
        "all but certain": (r"all\s+but\s+certain(?:ly)?",),
        "almost certain": (
            r"almost\s+certain(?:ly)?",
            r"(?:will|shall)\s+almost\s+certainly",
        ),
        "nearly certain": _framed(r"nearly\s+certain(?:ly)?"),
        "odds overwhelming": (r"(?:the\s+)?(?:odds|chances)\s+(?:are\s+)?overwhelming(?:ly)?",),
        "almost certainly not": (
            rf"almost\s+certainly\s+(?:{_NOT}|won['’]t|will\s+not|cannot|can['’]t|isn['’]t|"
            r"aren['’]t|never)",
            rf"(?:{_WILL_NOT})\s+almost\s+certainly",
            r"will\s+almost\s+certainly\s+not",
        ),
        # --- likely and its degrees ------------------------------------------------------
        "extremely likely": _framed(r"extremely\s+likely"),
        "very likely": _framed(r"very\s+likely"),
        "highly likely": _framed(r"highly\s+likely"),
        "highly probable": _framed(r"highly\s+probabl[ey]"),
        "more likely than not": _framed(r"more\s+likely\s+than\s+not"),
        "likely": (
            r"(?<!more\s)(?<!less\s)(?<!not\s)likely",
            rf"{_BE}\s+(?:most\s+|quite\s+|also\s+|still\s+)?likely(?:\s+to)?",
            r"(?:will|shall)\s+(?:most\s+|quite\s+)?likely",
            r"(?<!more\s)(?<!less\s)(?<!not\s)(?:most\s+)?likely\s+(?:to|will)",
            r"in\s+all\s+likelihood",
        ),
        "probable": (r"probable",),
        "probably": (
            r"probably",
            r"(?:will|shall)\s+probably",
            r"probably\s+(?:will|shall)",
        ),
        "we believe": (r"we\s+believe",),
        "we estimate": (r"we\s+estimate",),
        "very good chance": (
            r"(?:an?\s+)?very\s+good\s+chance",
            r"there\s+(?:is|['’]s)\s+(?:a\s+)?very\s+good\s+chance(?:\s+that)?",
        ),
        "good chance": (
            r"(?:an?\s+)?(?:good|strong)\s+chance",
            r"there\s+(?:is|['’]s)\s+(?:a\s+)?(?:good|strong)\s+chance(?:\s+that)?",
            r"(?:the\s+)?chances\s+are\s+good",
        ),
        "better than even": (
            r"(?:(?:a|the)\s+)?(?:chances?\s+(?:are\s+)?)?(?:slightly\s+)?better\s+than\s+even"
            r"(?:\s+(?:chance|odds))?",
        ),
        "less than even": (
            r"(?:(?:a|the)\s+)?(?:chances?\s+(?:are\s+)?)?(?:slightly\s+)?less\s+than\s+even"
            r"(?:\s+(?:chance|odds))?",
        ),
        "realistic possibility": (r"(?:a\s+)?realistic\s+possibility",),
        "even chance": (
            r"(?:(?:a|an)\s+)?(?:roughly\s+|about\s+)?even\s+(?:chance|odds)",
            r"(?:the\s+)?chances\s+(?:are\s+)?(?:about\s+|roughly\s+)?even",
            r"(?:about\s+|roughly\s+)?as\s+likely\s+as\s+not",
            r"fifty[-\s]fifty",
            r"50[-/]50",
            r"(?:a\s+)?toss[-\s]up",
            r"about\s+even",
        ),
        "expected": (
            rf"{_BE}\s+(?:\w+ly\s+)?expected",
            r"expected\s+to",
            r"(?<!not\s)(?<!n['’]t\s)expects?",
        ),
        # --- negated and low ---------------------------------------------------------------
        "not expected": (
            rf"{_TO_BE_NOT}\s+(?:\w+ly\s+)?expected",
            r"(?:do|does)\s+not\s+expect",
            r"(?:don|doesn)['’]t\s+expect",
        ),
        "not unlikely": (r"not\s+unlikely",),
        "unlikely": (
            r"unlikely",
            rf"{_BE}\s+(?:also\s+|still\s+)?unlikely(?:\s+to)?",
            rf"(?:{_TO_BE_NOT}|not)\s+likely",
        ),
        "probably not": (
            rf"probably\s+(?:{_NOT}|won['’]t|will\s+not|isn['’]t|aren['’]t|wasn['’]t|"
            r"cannot|can['’]t|doesn['’]t|don['’]t|never)",
            rf"(?:{_WILL_NOT})\s+probably",
            r"will\s+probably\s+not",
        ),
        "improbable": _framed(r"(?<!highly\s)improbabl[ey]"),
        "we doubt": (r"we\s+doubt",),
        "highly doubtful": (r"highly\s+doubtful",),
        "very unlikely": _framed(r"very\s+unlikely"),
        "highly unlikely": _framed(r"highly\s+unlikely"),
        "extremely unlikely": _framed(r"extremely\s+unlikely"),
        "exceptionally unlikely": _framed(r"exceptionally\s+unlikely"),
        "highly improbable": _framed(r"highly\s+improbabl[ey]"),
        "little chance": (r"(?:very\s+)?little\s+chance",),
        "slight chance": (
            r"(?:only\s+)?(?:a\s+)?slight\s+chance",
            r"(?:the\s+)?chances\s+are\s+slight",
        ),
        "almost no chance": (r"almost\s+no\s+chance",),
        "remote chance": (r"(?:a\s+)?remote\s+(?:chance|possibility)",),
        "almost impossible": (r"almost\s+impossible",),
        "impossible": (r"(?<!almost\s)impossible",),
        # --- modal verbs and plain future -------------------------------------------------
        "will not": (
            _WILL_NOT,
            rf"{_TO_BE_NOT}\s+going\s+to",
        ),
        "will": (
            r"will",
            r"['’]ll",
            r"shall",
            rf"{_BE}\s+(?:set|poised|scheduled|slated|about)\s+to",
            # "going to" + a verb; "going to the polls" is a journey, not a future
            rf"{_BE}\s+going\s+to(?!\s+(?:the|a|an|his|her|their|its|our|my|your|this|that|"
            r"these|those|church|school|work|bed|court|war|jail|prison|hospital|town)\b)",
        ),
        "continues": (r"continues?\s+to",),
        "may not": (r"may\s+not",),
        "might not": (r"might\s+not|mightn['’]t",),
        "could not": (r"could\s+not|couldn['’]t",),
        "may": (r"may(?:\s+well)?",),
        "might": (r"might(?:\s+well)?",),
        "could": (r"could(?:\s+well)?",),
        "possibly": (
            r"(?<!im)possibl[ey]",
            r"(?<!im)possibility",
            r"perhaps",
            r"maybe",
            r"potential(?:ly)?",
        ),
    }
)

#: Phrases no yardstick names, read as another phrase. Each rule is documented in
#: docs/wording.md: "expected" is the everyday word for "likely", a continuing course is read as
#: the plain future, and "possibly"/"perhaps"/"potential" state the same bare possibility as "may".
SAME_AS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "expected": "likely",
        "not expected": "unlikely",
        "continues": "will",
        "possibly": "may",
    }
)

#: Every canonical phrase, in the order of :data:`PATTERNS`.
PHRASES: Final = tuple(PATTERNS)

#: Words before "will" and "might" that make them nouns ("political will", "military might").
_NOUN_BEFORE = re.compile(
    r"(?:the|a|his|her|its|their|our|my|your|political|free|good|ill|own|popular|public|"
    r"military|economic|naval|industrial|financial|full|all|with|of|at|by)\s+$",
    re.IGNORECASE,
)
_NOUN_AFTER = re.compile(r"^\s*(?:of\b|[.,;:!?)]|and\b|or\b|to\s+(?:power|win|live|fight)\b)")
#: "May" written as the month or a name: capitalised mid-sentence, or before a day or a year.
_MONTH_AFTER = re.compile(r"^\s*(?:\d|[A-Z])")
_MONTH_BEFORE = re.compile(
    r"(?:in|on|of|since|until|till|by|from|to|through|early|late|mid|last|next|this|"
    r"during|before|after|between|and|Theresa|Brian)[\s-]+$",
    re.IGNORECASE,
)


# Each pattern compiled on its own, so that every alternative is tried (a regular expression
# alternation stops at the first alternative that matches, not the longest). The boundary
# writes the curly apostrophe outside the character class: a non-ASCII member makes a
# case-insensitive class several times slower to compile, and the 130 patterns are compiled at
# every start.
@functools.cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (phrase, re.compile(rf"(?<![\w'-])(?<!’)(?:{pattern})(?![\w'-])(?!’)", re.IGNORECASE))
        for phrase in PHRASES
        for pattern in PATTERNS[phrase]
    )


_ORDER: Final = {phrase: index for index, phrase in enumerate(PHRASES)}


@attrs.frozen
class Match:
    """One estimative phrase found in a text.

    Attributes:
        phrase: the canonical phrase (a key of :data:`PATTERNS`), e.g. ``"likely"``.
        text: the words as written, e.g. ``"is likely to"``.
        start: index of the first character in the text searched.
        end: index one past the last character (``text == source[start:end]``).
    """

    phrase: str
    text: str
    start: int
    end: int


def find_phrases(text: str) -> tuple[Match, ...]:
    """Every estimative phrase in ``text``, left to right, overlaps resolved longest-first.

    The candidates are all matches of every phrase's patterns; a longer match beats any
    shorter one it overlaps (ties go to the earlier, then to the phrase listed first).
    """
    candidates: list[Match] = []
    for phrase, pattern in _compiled():
        for found in pattern.finditer(text):
            if _is_modal_use(phrase, text, found.start(), found.end()):
                candidates.append(Match(phrase, found.group(), found.start(), found.end()))
    candidates.sort(key=lambda m: (-(m.end - m.start), m.start, _ORDER[m.phrase]))
    # taken matches never overlap, so sorted by start their ends are sorted too: a candidate
    # overlaps one only if it overlaps its neighbour on either side (linear-logarithmic, where
    # comparing with every taken match was quadratic on long texts).
    taken: list[Match] = []
    starts: list[int] = []
    for candidate in candidates:
        at = bisect.bisect_right(starts, candidate.start)
        if at > 0 and taken[at - 1].end > candidate.start:
            continue
        if at < len(taken) and taken[at].start < candidate.end:
            continue
        taken.insert(at, candidate)
        starts.insert(at, candidate.start)
    return tuple(taken)


_WINDOW: Final = 200  # characters around a match that decide whether it is a modal use


def _is_modal_use(phrase: str, text: str, start: int, end: int) -> bool:
    """False for the noun "will"/"might" and for the month or name "May"."""
    words = text[start:end]
    head = words.split()[0].lower() if words.split() else ""
    # bounded windows: slicing the whole text for every match was quadratic on long texts
    before, after = text[max(0, start - _WINDOW) : start], text[end : end + _WINDOW]
    if (
        head in ("will", "might")
        and phrase in ("will", "might")
        and (_NOUN_BEFORE.search(before[-20:]) or _NOUN_AFTER.match(after))
    ):
        return False
    if head == "may" and phrase in ("may", "may not") and words[:1] == "M":
        opening = not before.strip() and not text[:start].strip()
        at_sentence_start = opening or before.rstrip()[-1:] in '.!?"“'
        if not at_sentence_start or _MONTH_AFTER.match(after):
            return False
        if _MONTH_BEFORE.search(before[-20:]):
            return False
    return True
