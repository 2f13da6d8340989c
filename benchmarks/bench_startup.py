"""How long does `foretell report` take on this repository's book, from start to finish?

    python benchmarks/bench_startup.py [--runs 20]

Runs `foretell report` (Markdown to standard output, the audit included, the parse cache warm)
in fresh processes, interleaved with two floors measured the same way: an interpreter that does
nothing (`python -c pass`) and one that only imports numpy. Prints the minimum and the median
wall time of each. Target: the report under 0.5 s. These machines are noisy: compare the
figures of one run with each other, and prefer the minimum.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]


def timed(command: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=environment)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # users have compiled modules
    commands = {
        "foretell report": [sys.executable, "-m", "foretell", "report"],
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import numpy'": [sys.executable, "-c", "import numpy"],
    }
    for command in commands.values():  # compile modules, warm the parse cache
        timed(command, environment)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command, environment))
    for name, values in times.items():
        print(f"{name:28} min {min(values):.3f} s, median {statistics.median(values):.3f} s")
    best = min(times["foretell report"])
    print(f"foretell report: {best:.2f} s at best (target < 0.5 s)")


if __name__ == "__main__":
    main()
