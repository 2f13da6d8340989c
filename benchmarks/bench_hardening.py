"""What do the bounds on untrusted books cost, and what do they save? Figures from one run.

    python benchmarks/bench_hardening.py [--forecasts 20000] [--ids 100000]

1. Reading YAML: foretell's reader (events straight to located values, with the depth, alias,
   value and tag checks) against PyYAML's C loader (``yaml.load(..., CSafeLoader)``, which
   builds plain values and checks nothing) on one file of --forecasts forecasts. Target: no
   slower than the C loader.
2. An alias bomb (1,000 aliases of a 1,000-item anchor): time to the located problem.
3. "Did you mean" for unknown ids among --ids ids: the trigram index (built once) against
   difflib over the whole sorted set (what each hint cost before). Target: milliseconds.

The best of three runs is reported for each timing.
"""

from __future__ import annotations

import argparse
import difflib
import time
from collections.abc import Callable

import yaml

from foretell.suggest import Suggestions
from foretell.yamlio import parse_yaml

ENTRY = """\
  - id: f{i}
    question: Will thing {i} happen by the end of the year?
    probability: 0.7
    made: 2026-01-01
    resolves: 2026-12-31
    forecaster: ana
    tags: [a, b]
    source: {{document: seeds/x.md, quote: "hello there"}}
"""


def best(function: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forecasts", type=int, default=20_000)
    parser.add_argument("--ids", type=int, default=100_000)
    options = parser.parse_args()

    text = "forecasts:\n" + "".join(ENTRY.format(i=i) for i in range(options.forecasts))
    ours = best(lambda: parse_yaml(text, "x.yaml"))
    theirs = best(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    print(f"1. YAML, {len(text) / 2**20:.1f} MiB, {options.forecasts:,} forecasts:")
    print(f"   foretell {ours:.2f} s, PyYAML CSafeLoader {theirs:.2f} s: ratio {ours / theirs:.2f}")

    bomb = "f: &f [" + ", ".join(str(i) for i in range(1000)) + "]\n"
    bomb += "g:\n" + "".join("  - *f\n" for _ in range(1000))
    elapsed = best(lambda: parse_yaml(bomb, "x.yaml"))
    print(f"2. alias bomb ({len(bomb) / 1024:.0f} KB): located problem in {elapsed * 1000:.1f} ms")

    ids = [f"question-{i:06d}-{('rain', 'war', 'talks')[i % 3]}" for i in range(options.ids)]
    words = [f"question-{i:06d}-{('rian', 'wr', 'tallks')[i % 3]}" for i in range(20)]
    index = Suggestions(ids)
    build = best(lambda: Suggestions(ids).closest(words[0]), repeat=1)
    indexed = best(lambda: [index.closest(w) for w in words]) / len(words)
    whole = best(lambda: difflib.get_close_matches(words[0], sorted(set(ids)), n=1), repeat=1)
    print(f"3. did you mean, {options.ids:,} ids: first hint (index built) {build:.2f} s, then "
          f"{indexed * 1000:.1f} ms each; difflib over the whole set {whole:.2f} s each: "
          f"ratio {whole / indexed:.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
