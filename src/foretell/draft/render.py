"""Writing candidate forecasts as a draft forecast file (YAML text).

Every text value is written as a JSON string, which is a YAML double-quoted scalar: the quote
keeps the document's characters (typographic quotes included) and no text can break the YAML.
Comments say what was guessed: the deadline's expression, the yardstick's reading, the cues.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pendulum

if TYPE_CHECKING:
    from . import Candidate

__all__ = ["CRITERIA_TODO", "QUESTION_TODO", "render"]

QUESTION_TODO = "TO WRITE: a yes/no question that an outsider can settle"
CRITERIA_TODO = "TO WRITE: what counts as yes, what as no, and who reports it"


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _percent(value: float) -> str:
    return f"{value * 100:.4g}%"


def render(
    found: Sequence[Candidate],
    *,
    made: pendulum.Date,
    forecaster: str,
    yardstick: str,
    document: str | None,
    title: str,
    today: pendulum.Date,
) -> str:
    """The draft forecast file for ``found``.

    Args:
        found: the candidates, in document order.
        made: the day the statements were made.
        forecaster: who made them (the article, the speaker).
        yardstick: the yardstick that read the wordings.
        document: the document's path relative to the book (quotes are checked against it),
            or ``None`` when it lies outside the book.
        title: the document's name, used as the source title when it has no path in the book.
        today: the day the draft is written.
    """
    lines = [
        f"# Draft forecasts from {title}, written by 'foretell draft' on {today}.",
        "# Each entry is a forward-looking sentence of the document. For each one to keep, write",
        "# the question and the criteria, check the deadline and the probability, and remove",
        "# 'draft: true'; delete the others. Draft entries are checked but never scored.",
        "source:",
    ]
    if document is not None:
        lines.append(f"  document: {_text(document)}")
    else:
        lines.append(f"  title: {_text(title)}")
        lines.append("  # the document is outside the book: add its url, or copy it into the book")
    lines += [
        f"forecaster: {_text(forecaster)}",
        f"made: {made}",
        f"yardstick: {yardstick}",
        "",
    ]
    if not found:
        lines.append("forecasts: []  # no forward-looking sentence was found")
        return "\n".join(lines) + "\n"
    lines.append("forecasts:")
    for candidate in found:
        lines += _entry(candidate, made)
    return "\n".join(lines) + "\n"


def _entry(candidate: Candidate, made: pendulum.Date) -> list[str]:
    lines = [
        f"  - id: {candidate.id}",
        "    draft: true",
        f"    question: {_text(QUESTION_TODO)}",
        f"    quote: {_text(candidate.quote)}",
    ]
    reading = candidate.reading
    if reading is not None:
        how = "" if reading.rule == "term" else f", {reading.rule}"
        lines.append(
            f"    wording: {_text(reading.text)}  # {reading.yardstick}: '{reading.term}'{how}: "
            f"probability {_percent(reading.point)} "
            f"(range {_percent(reading.low)} to {_percent(reading.high)})"
        )
    elif candidate.unread is not None:
        lines.append(f"    # no probability: {candidate.unread}; add 'probability'")
    else:
        lines.append("    # no estimative words: add 'probability' (or 'wording')")
    if candidate.deadline is not None:
        lines.append(
            f"    resolves: {candidate.deadline.date}  "
            f"# guessed from {_text(candidate.deadline.words)}"
        )
    else:
        lines.append(
            f"    resolves: {made.add(years=1)}  # no time expression: one year after 'made'"
        )
    lines.append(f"    criteria: {_text(CRITERIA_TODO)}")
    cue_text = "; ".join(f"{c.kind} {_text(c.words)}" for c in candidate.cues)
    lines.append(f"    # cues: {cue_text}")
    return lines
