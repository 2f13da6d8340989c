"""Does reading scale linearly, and how much memory does a report take per forecast?

    python benchmarks/bench_scaling.py [--small 10000] [--large 100000] [--repeat 1]

Generates two books (forecasts and a fifth as many evidence files) and runs, in fresh processes
and without the parse cache, `foretell check` and `foretell report` in each format (JSON,
Markdown and HTML, each to a file with `-o`) on each. Prints the wall times, the ratio
large/small (target: at most 11x for 10x the forecasts), and the peak resident memory of each
run divided by the number of forecasts (target for the report on the large book: at most 4 KB,
4,000 bytes, per forecast). Ratios are measured in one run; the machine is noisy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate_book import generate_book

AS_OF = "2026-11-25"
#: Runs a command and prints its peak resident memory in KiB (ru_maxrss of the child).
PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run(command: list[str]) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory in KiB of ``command``."""
    start = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=True
    ).stdout
    return time.perf_counter() - start, int(output.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    foretell = [sys.executable, "-m", "foretell"]
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FORETELL_CACHE_DIR"] = str(Path(folder) / "cache")
        books = {}
        for size in (args.small, args.large):
            books[size] = Path(folder) / f"book-{size}"
            start = time.perf_counter()
            generate_book(books[size], forecasts=size, evidence=size // 5)
            print(f"generated {size} forecasts in {time.perf_counter() - start:.0f} s", flush=True)
        report = ["report", "--no-cache", "--no-audit", "--as-of", AS_OF, "-o"]
        output = str(Path(folder) / "report")
        commands = {
            "check": ["check", "--no-cache"],
            "report": [*report, f"{output}.json"],
            "report (markdown)": [*report, f"{output}.md"],
            "report (html)": [*report, f"{output}.html"],
        }
        results: dict[tuple[str, int], tuple[float, int]] = {}
        for _ in range(args.repeat):
            for name, command in commands.items():
                for size, book in books.items():
                    seconds, peak = run([*foretell, *command, str(book)])
                    best = results.get((name, size))
                    if best is None or seconds < best[0]:
                        results[(name, size)] = (seconds, peak)
                    print(f"{name} {size}: {seconds:.1f} s, peak {peak / 1024:.0f} MiB", flush=True)
        print()
        for name in commands:
            small, large = results[(name, args.small)], results[(name, args.large)]
            ratio = large[0] / small[0]
            print(f"foretell {name}: {small[0]:.1f} s on {args.small}, {large[0]:.1f} s on "
                  f"{args.large}: ratio {ratio:.1f}x for {args.large / args.small:.0f}x the "
                  f"forecasts (target <= 11x); peak memory {small[1] * 1.024 / args.small:.2f} "
                  f"and {large[1] * 1.024 / args.large:.2f} KB per forecast (report target "
                  f"<= 4 KB on the large book)")  # fmt: skip


if __name__ == "__main__":
    main()
