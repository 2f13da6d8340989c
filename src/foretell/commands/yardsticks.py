"""The ``foretell yardsticks`` command."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from foretell import wording


@click.command()
@click.argument("phrase", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: tables for people; json: the same as data.",
)
def yardsticks(phrase: str | None, output_format: str) -> None:
    """Print the yardsticks that turn estimative words into probabilities.

    Without PHRASE: every yardstick, its source and licence, and its terms with their point
    value and range. With PHRASE (e.g. "is likely to"): what every yardstick reads it as, or
    that it has no word for it. Exits with 1 when PHRASE holds no estimative phrase.
    """
    if phrase is None:
        sticks = wording.yardsticks()
        if output_format == "json":
            click.echo(json.dumps([_stick_json(s) for s in sticks], indent=2))
        else:
            click.echo("\n\n".join(_stick_text(s) for s in sticks))
        return
    try:
        found = wording.main_phrase(phrase)
    except wording.NoEstimativePhraseError as error:
        click.echo(f"foretell: {error}", err=True)
        sys.exit(1)
    rows: list[dict[str, Any]] = []
    for stick in wording.yardsticks():
        try:
            reading = wording.read(phrase, stick.name)
        except wording.NoReadingError as error:
            rows.append({"yardstick": stick.name, "reading": None, "why": str(error)})
            continue
        rows.append(
            {
                "yardstick": stick.name,
                "reading": {
                    "term": reading.term,
                    "point": reading.point,
                    "low": reading.low,
                    "high": reading.high,
                    "rule": reading.rule,
                },
            }
        )
    if output_format == "json":
        document = {"text": phrase, "phrase": found.phrase, "words": found.text, "yardsticks": rows}
        click.echo(json.dumps(document, indent=2))
        return
    click.echo(f"'{found.text}' is the phrase '{found.phrase}'.")
    width = max(len(r["yardstick"]) for r in rows)
    for row in rows:
        name = row["yardstick"].ljust(width)
        shown = row["reading"]
        if shown is None:
            click.echo(f"  {name}  no reading: {row['why'].split(': ', 1)[-1]}")
            continue
        how = "" if shown["rule"] == "term" else f"  ({_rule_words(shown['rule'])})"
        click.echo(
            f"  {name}  {_percent(shown['point']):>6}  "
            f"[{_percent(shown['low'])}, {_percent(shown['high'])}]  "
            f"'{shown['term']}'{how}"
        )


def _rule_words(rule: str) -> str:
    if rule == "modal":
        return "modal rule, docs/wording.md"
    return f"read {rule}"


def _percent(value: float) -> str:
    return f"{value * 100:.4g}%"


def _stick_text(stick: Any) -> str:
    lines = [f"{stick.name}: {stick.title}", f"  source:  {stick.source}"]
    lines += [f"  url:     {stick.url}", f"  licence: {stick.licence}"]
    width = max(len(t.term) for t in stick.terms)
    for term in sorted(stick.terms, key=lambda t: (-t.point, t.row or 0)):
        words = ", ".join(w for w in term.words if w != term.term)
        also = f"  (also: {words})" if words else ""
        lines.append(
            f"  {term.term.ljust(width)}  {_percent(term.point):>6}  "
            f"[{_percent(term.low)}, {_percent(term.high)}]{also}"
        )
    for phrase, term_name in stick.readings.items():
        lines.append(f"  '{phrase}' is read as '{term_name}' (modal rule)")
    for phrase, why in stick.unreadable.items():
        lines.append(f"  '{phrase}' has no reading: {why}")
    return "\n".join(lines)


def _stick_json(stick: Any) -> dict[str, Any]:
    return {
        "name": stick.name,
        "title": stick.title,
        "kind": stick.kind,
        "source": stick.source,
        "url": stick.url,
        "licence": stick.licence,
        "terms": [
            {
                "term": t.term,
                "point": t.point,
                "low": t.low,
                "high": t.high,
                "words": list(t.words),
                **({"row": t.row} if t.row is not None else {}),
                **({"answers": t.answers} if t.answers is not None else {}),
            }
            for t in stick.terms
        ],
        "readings": dict(stick.readings),
        "unreadable": dict(stick.unreadable),
    }
