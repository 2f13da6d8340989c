"""Generate a git repository with a long history of a book, for the audit benchmark.

    python benchmarks/generate_history.py OUT_DIR [--commits 10000] [--files 2000]

The repository is written with ``git fast-import`` (one process, no work-tree churn), then
checked out. Its history is shaped like a busy book's: the first commits add forecast files one
at a time, later commits add predictions to existing files (an update appended to the
``predictions`` list, dated the commit's day) and now and then an evidence record that resolves
a few forecasts. Every tenth commit is on a side branch merged back, so the history has merges.
Commit dates advance by an hour per commit from 2026-01-01; everything is deterministic for a
given --seed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2026, 1, 1, tzinfo=UTC)
FORECASTERS = ("analyst", "desk-editor", "reader-panel")


def _forecast_text(forecast_id: str, predictions: list[tuple[str, str, float]]) -> str:
    lines = [
        f"id: {forecast_id}",
        f"question: Will the event numbered {forecast_id} happen by the end of 2027?",
        "criteria: YES if a major outlet reports it.",
        "resolves: 2027-12-31",
        "otherwise: no",
        "predictions:",
    ]
    lines.extend(
        f"  - {{by: {by}, made: {made}, probability: {probability}}}"
        for by, made, probability in predictions
    )
    return "\n".join(lines) + "\n"


def _evidence_text(evidence_id: str, observed: str, forecast_ids: list[str]) -> str:
    lines = [
        f"id: {evidence_id}",
        f"observed: {observed}",
        "summary: A synthetic fact.",
        "source: {url: 'https://example.org/news', title: Synthetic news}",
        "resolves:",
    ]
    lines.extend(f"  {forecast_id}: yes" for forecast_id in forecast_ids)
    return "\n".join(lines) + "\n"


def generate_history(  # noqa: PLR0915 - one loop writing the whole history
    root: Path, *, commits: int = 10_000, files: int = 2_000, seed: int = 0, prefix: str = ""
) -> None:
    """Create a git repository in ``root`` whose book (under ``prefix``) has this history."""
    rng = random.Random(seed)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream: list[bytes] = []
    contents: dict[str, list[tuple[str, str, float]]] = {}
    resolved: set[str] = set()
    mark = 0
    main_head = 0
    evidence_count = 0

    def commit(when: datetime, branch: str, parents: list[int], changes: dict[str, str]) -> int:
        nonlocal mark
        mark += 1
        stamp = f"{int(when.timestamp())} +0000"
        message = f"Change {mark}\n".encode()
        stream.append(f"commit refs/heads/{branch}\nmark :{mark}\n".encode())
        stream.append(f"author Writer <writer@example.org> {stamp}\n".encode())
        stream.append(f"committer Writer <writer@example.org> {stamp}\n".encode())
        stream.append(f"data {len(message)}\n".encode() + message)
        if parents:
            stream.append(f"from :{parents[0]}\n".encode())
            stream.extend(f"merge :{parent}\n".encode() for parent in parents[1:])
        for path, text in changes.items():
            data = text.encode()
            stream.append(f"M 100644 inline {prefix}{path}\ndata {len(data)}\n".encode() + data)
        stream.append(b"\n")
        return mark

    for number in range(commits):
        when = START + timedelta(hours=number)
        day = when.date().isoformat()
        changes: dict[str, str] = {}
        if number < files:
            forecast_id = f"question-{number:05d}"
            contents[forecast_id] = [(rng.choice(FORECASTERS), day, round(rng.random(), 2))]
            changes[f"forecasts/{forecast_id}.yaml"] = _forecast_text(
                forecast_id, contents[forecast_id]
            )
        elif number % 50 == 0:
            evidence_count += 1
            open_ids = [i for i in contents if i not in resolved]
            chosen = rng.sample(open_ids, min(3, len(open_ids)))
            resolved.update(chosen)
            evidence_id = f"fact-{evidence_count:05d}"
            changes[f"evidence/{evidence_id}.yaml"] = _evidence_text(evidence_id, day, chosen)
        else:
            forecast_id = f"question-{rng.randrange(files):05d}"
            contents[forecast_id].append((rng.choice(FORECASTERS), day, round(rng.random(), 2)))
            changes[f"forecasts/{forecast_id}.yaml"] = _forecast_text(
                forecast_id, contents[forecast_id]
            )
        if number % 10 == 5 and main_head:
            side = commit(when, "side", [main_head], changes)
            main_head = commit(when + timedelta(minutes=30), "main", [main_head, side], changes)
        else:
            main_head = commit(when, "main", [main_head] if main_head else [], changes)

    subprocess.run(
        ["git", "-C", str(root), "fast-import", "--quiet"], input=b"".join(stream), check=True
    )
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "-f", "main"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate_history(args.out, commits=args.commits, files=args.files, seed=args.seed)


if __name__ == "__main__":
    main()
