"""How fast is `foretell report`? Ratios measured in one run (these machines are noisy).

    python benchmarks/bench_report.py [--forecasts 10000] [--evidence 2000] [--repeat 3]

On a generated book of 10,000 forecasts, every one resolved by the 2,000 evidence files, times
`foretell report --format json` against `foretell check` on the same book, both in fresh
processes and both with --no-cache (a repeat check of an unchanged book would otherwise reuse
its last result and read nothing). Target: at most 2x. Also reports the HTML report's time, for
information.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate_book import generate_book

AS_OF = "2026-11-25"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forecasts", type=int, default=10_000)
    parser.add_argument("--evidence", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    foretell = [sys.executable, "-m", "foretell"]

    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book"
        generate_book(book, forecasts=args.forecasts, evidence=args.evidence)
        output = Path(folder) / "report.json"
        subprocess.run([*foretell, "report", str(book), "--as-of", AS_OF, "-o", str(output)],
                       check=True, capture_output=True)  # fmt: skip
        counts = json.loads(output.read_text())["counts"]
        print(f"book: {counts['forecasts']} forecasts, {counts['resolved']} resolved, "
              f"{args.evidence} evidence files")  # fmt: skip

        check, report, html = [], [], []
        for _ in range(args.repeat):
            check.append(timed([*foretell, "check", "--no-cache", str(book)]))
            report.append(timed([*foretell, "report", "--no-cache", str(book), "--as-of", AS_OF,
                                 "--format", "json", "-o", str(output)]))  # fmt: skip
            html.append(timed([*foretell, "report", "--no-cache", str(book), "--as-of", AS_OF,
                               "-o", str(Path(folder) / "report.html")]))  # fmt: skip
        ratio = min(report) / min(check)
        print(f"foretell report --format json {min(report):.2f} s, foretell check "
              f"{min(check):.2f} s: ratio {ratio:.2f} (target <= 2)")  # fmt: skip
        print(f"foretell report --format html {min(html):.2f} s: ratio "
              f"{min(html) / min(check):.2f} (for information)")  # fmt: skip


if __name__ == "__main__":
    main()
