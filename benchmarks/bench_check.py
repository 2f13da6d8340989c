"""How fast is `foretell check`? Ratios measured in one run (these machines are noisy).

    python benchmarks/bench_check.py [--forecasts 10000] [--evidence 2000] [--repeat 3]

1. `foretell check` on a generated book of 10,000 forecast files and 2,000 evidence files,
   against a bare loop of `yaml.load(text, Loader=yaml.CSafeLoader)` over the same files, both
   in fresh processes (interpreter start-up included in both). Target: at most 1.5x.
2. The same two, in-process (no start-up): the loader's own overhead.
3. Cold start of `foretell check` on a 20-forecast book, and whether it imported scipy,
   matplotlib or numpy. Targets: under 0.3 s, and none of them.
4. The parse cache (in a temporary cache folder): a repeat `foretell check` of the unchanged
   book against the bare loop (target: at most 0.25x), and a check after changing one file
   (which re-reads that file only; for information).

Measurements 1 and 2 use --no-cache (every file parsed).

The best of --repeat runs is reported for each measurement; runs alternate between the two sides
so that a slow moment of the machine hits both.
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

BARE_LOOP = """
import sys, yaml
from pathlib import Path
root = Path(sys.argv[1])
for folder in ("forecasts", "evidence"):
    for path in sorted((root / folder).rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""

IMPORTS = """
import sys
from foretell.cli import main
try:
    main(["check", sys.argv[1]])
except SystemExit:
    pass
print(",".join(sorted({m.split(".")[0] for m in sys.modules} & {"scipy", "matplotlib", "numpy"})))
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
    return time.perf_counter() - start


def foretell_command() -> list[str]:
    return [sys.executable, "-m", "foretell"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forecasts", type=int, default=10_000)
    parser.add_argument("--evidence", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["FORETELL_CACHE_DIR"] = str(Path(folder) / "cache")
        big = Path(folder) / "big"
        small = Path(folder) / "small"
        generate_book(big, forecasts=args.forecasts, evidence=args.evidence)
        generate_book(small, forecasts=20, evidence=5, seed=1)
        check = subprocess.run([*foretell_command(), "check", str(big)], capture_output=True,
                               text=True, check=False)  # fmt: skip
        print(f"book: {args.forecasts} forecast files, {args.evidence} evidence files; "
              f"check says: {check.stderr.strip()}")  # fmt: skip

        bare, ours = [], []
        for _ in range(args.repeat):
            bare.append(timed([sys.executable, "-c", BARE_LOOP, str(big)]))
            ours.append(timed([*foretell_command(), "check", "--no-cache", str(big)]))
        print(f"\n1. fresh processes: foretell check {min(ours):.2f} s, bare CSafeLoader loop "
              f"{min(bare):.2f} s: ratio {min(ours) / min(bare):.2f} (target <= 1.5)")  # fmt: skip

        import yaml  # noqa: PLC0415

        from foretell.check import check_book  # noqa: PLC0415

        files = sorted(p for f in ("forecasts", "evidence") for p in (big / f).rglob("*.yaml"))
        bare_in, ours_in = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for path in files:
                yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            bare_in.append(time.perf_counter() - start)
            start = time.perf_counter()
            check_book(big)  # no cache
            ours_in.append(time.perf_counter() - start)
        print(f"2. in-process: check_book {min(ours_in):.2f} s, bare loop {min(bare_in):.2f} s: "
              f"ratio {min(ours_in) / min(bare_in):.2f}")  # fmt: skip

        cold = [timed([*foretell_command(), "check", str(small)]) for _ in range(args.repeat + 2)]
        python = [timed([sys.executable, "-c", "pass"]) for _ in range(args.repeat + 2)]
        heavy = subprocess.run([sys.executable, "-c", IMPORTS, str(small)], capture_output=True,
                               text=True, check=True).stdout.strip()  # fmt: skip
        print(f"3. cold start on 20 forecasts: {min(cold):.3f} s (target < 0.3; a bare Python "
              f"start takes {min(python):.3f} s)")  # fmt: skip
        print(f"   heavy modules imported by check: {heavy or 'none'}")

        timed([*foretell_command(), "check", str(big)])  # fills the cache
        time.sleep(2.5)  # files changed less than 2 s ago are not trusted by their time stamps
        bare, warm = [], []
        for _ in range(args.repeat):
            bare.append(timed([sys.executable, "-c", BARE_LOOP, str(big)]))
            warm.append(timed([*foretell_command(), "check", str(big)]))
        print(f"4. unchanged book, warm cache: foretell check {min(warm):.2f} s, bare loop "
              f"{min(bare):.2f} s: ratio {min(warm) / min(bare):.2f} (target <= 0.25)")  # fmt: skip
        changed = []
        for round_ in range(args.repeat):
            target = sorted((big / "forecasts").rglob("*.yaml"))[round_]
            target.write_text(target.read_text() + f"# changed {round_}\n")
            changed.append(timed([*foretell_command(), "check", str(big)]))
        print(f"   one file changed: foretell check {min(changed):.2f} s: ratio "
              f"{min(changed) / min(bare):.2f} to the bare loop (for information)")  # fmt: skip


if __name__ == "__main__":
    main()
