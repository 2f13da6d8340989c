"""Generate a large synthetic book for the benchmarks.

    python benchmarks/generate_book.py OUT_DIR [--forecasts 10000] [--evidence 2000]

Writes OUT_DIR/seeds/ (source articles), OUT_DIR/forecasts/ (one file per forecast) and
OUT_DIR/evidence/ (one file per record, each resolving one to ten forecasts, so that every
forecast is resolved). The content is random but shaped like a real book: quotes that occur in
their seed document, sources, several forecasters, predictions updated over time, criteria as
folded blocks, tags. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

WORDS = [
    "talks",
    "delegation",
    "ceasefire",
    "sanctions",
    "summit",
    "treaty",
    "minister",
    "border",
    "grain",
    "energy",
    "pipeline",
    "election",
    "parliament",
    "agreement",
    "security",
    "guarantee",
    "observers",
    "corridor",
    "exchange",
    "prisoners",
    "negotiation",
    "envoy",
    "capital",
    "region",
    "frontline",
    "alliance",
    "membership",
    "accession",
    "budget",
    "loan",
]
FORECASTERS = ("brussels-morning", "analyst", "desk-editor", "reader-panel")
TAGS = ("diplomacy", "talks", "sanctions", "economy", "military", "eu", "nato", "energy")
ARTICLES = 50
START = date(2026, 1, 5)


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate_book(
    root: Path, *, forecasts: int = 10_000, evidence: int = 2_000, seed: int = 0
) -> None:
    """Write a synthetic book into ``root`` (replacing its forecasts/ and evidence/)."""
    rng = random.Random(seed)
    for folder in ("seeds", "forecasts", "evidence"):
        shutil.rmtree(root / folder, ignore_errors=True)
        (root / folder).mkdir(parents=True)

    sentences: list[list[str]] = []
    for article in range(ARTICLES):
        lines = [sentence(rng, rng.randint(8, 20)).capitalize() + "." for _ in range(60)]
        sentences.append(lines)
        (root / "seeds" / f"article-{article:03d}.txt").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )

    ids = [f"question-{i:05d}" for i in range(forecasts)]
    for index, forecast_id in enumerate(ids):
        article = index % ARTICLES
        quote = rng.choice(sentences[article])
        made = START + timedelta(days=rng.randint(0, 20))
        resolves = made + timedelta(days=rng.randint(130, 330))
        updates = rng.choice((0, 0, 1, 2))
        lines = [
            "# yaml-language-server: $schema=../docs/schema/forecasts.schema.json",
            f"id: {forecast_id}",
            f"question: Will the {sentence(rng, 6)} happen by {resolves.isoformat()}?",
            f'quote: "{quote}"',
            "source:",
            f"  title: Article {article}",
            "  publisher: Example Press",
            f"  url: https://example.org/articles/{article}",
            f"  document: seeds/article-{article:03d}.txt",
            f"  published: {made.isoformat()}",
            f"forecaster: {FORECASTERS[0]}",
            f"made: {made.isoformat()}",
            f"resolves: {resolves.isoformat()}",
            "criteria: >",
            f"  YES if {sentence(rng, 12)}",
            f"  as reported by two independent outlets, {sentence(rng, 8)}.",
            "otherwise: no",
            f"tags: [{', '.join(rng.sample(TAGS, 2))}]",
        ]
        if updates == 0:
            lines.append(f"probability: {rng.randint(1, 99) / 100}")
        else:
            lines.append("predictions:")
            day = made
            for _ in range(updates + 1):
                by = rng.choice(FORECASTERS)
                lines.append(
                    f"  - {{by: {by}, made: {day.isoformat()}, probability: {rng.randint(1, 99)}%}}"
                )
                day += timedelta(days=rng.randint(1, 25))
        (root / "forecasts" / f"{forecast_id}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )

    shuffled = ids[:]
    rng.shuffle(shuffled)
    per_record = max(1, -(-forecasts // max(evidence, 1)))
    for record in range(evidence):
        chunk = shuffled[record * per_record : (record + 1) * per_record]
        if not chunk:
            chunk = [rng.choice(ids)]
        # After every prediction (made by day 70) and before every deadline (day 130 on).
        observed = START + timedelta(days=rng.randint(85, 125))
        lines = [
            "# yaml-language-server: $schema=../docs/schema/evidence.schema.json",
            f"observed: {observed.isoformat()}",
            "sources:",
            f"  - url: https://example.org/news/{record}",
            "    publisher: Example Wire",
            f"    published: {observed.isoformat()}",
            f"  - url: https://example.net/report/{record}",
            "    publisher: Example Daily",
            f"    published: {(observed + timedelta(days=1)).isoformat()}",
            "summary: >",
            f"  {sentence(rng, 15).capitalize()}.",
            "resolves:",
            *(f"  {forecast_id}: {rng.choice(('yes', 'no'))}" for forecast_id in chunk),
        ]
        (root / "evidence" / f"record-{record:05d}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--forecasts", type=int, default=10_000)
    parser.add_argument("--evidence", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate_book(args.out, forecasts=args.forecasts, evidence=args.evidence, seed=args.seed)


if __name__ == "__main__":
    main()
