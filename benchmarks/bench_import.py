"""How fast is `foretell import`? Ratios measured in one run (these machines are noisy).

    python benchmarks/bench_import.py [--questions 5000] [--repeat 2]

1. Writes a CSV of --questions questions with two forecasters each (one row per prediction,
   half of them resolved) and times `foretell import csv` into a new book, in a fresh process.
2. Times `foretell check` on the book the import wrote, in a fresh process.

The import reads the table, emits three files with libyaml (foretell.importers.yamltext; the
ruamel emitter took 80% of the time) and writes them through the safe writer, which reads and
checks the whole book as it would be before writing anything: its floor is about one check plus
the dump. Target: import at most 4x the time of check.
The best of --repeat runs is reported; runs alternate between the sides.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_table(path: Path, questions: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["question_id", "question", "forecaster", "probability", "made", "resolves", "outcome"]
        )
        for q in range(questions):
            outcome = ("yes" if q % 4 == 0 else "no") if q % 2 == 0 else ""
            for f, name in enumerate(("ann", "bo")):
                probability = ((q * 37 + f * 11) % 99 + 1) / 100
                made = f"2024-01-0{f + 1}"
                row = [f"q{q}", f"Will event {q} happen?", name, probability, made, "2024-12-31"]
                writer.writerow([*row, outcome])


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{command} failed: {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        table = root / "table.csv"
        write_table(table, args.questions)
        imports: list[float] = []
        checks: list[float] = []
        for _ in range(args.repeat):
            book = root / "book"
            shutil.rmtree(book, ignore_errors=True)
            imports.append(
                timed(
                    [
                        sys.executable,
                        "-m",
                        "foretell",
                        "import",
                        "csv",
                        str(table),
                        "--into",
                        str(book),
                        "--forecaster",
                        "me",
                    ]
                )
            )
            checks.append(timed([sys.executable, "-m", "foretell", "check", str(book)]))
        best_import, best_check = min(imports), min(checks)
        print(f"{args.questions} questions, {2 * args.questions} predictions")
        print(f"foretell import csv: {best_import:.2f} s")
        print(f"foretell check:      {best_check:.2f} s")
        print(f"ratio import / check: {best_import / best_check:.1f} (target: at most 4)")


if __name__ == "__main__":
    main()
