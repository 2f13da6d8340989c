"""Speed checks for foretell.scoring: run ``python benchmarks/bench_scoring.py``.

Three ratios are measured in one run, each from the best of several repetitions. The numpy
baselines are timed alternately with the function under test, so that a noisy spell on the
machine slows both; model-diagnostics is timed in its own block, because its multithreaded,
allocation-heavy runs leave the caches cold for whatever runs next:

1. ``brier_score`` (input checks included) against ``np.mean((p - y) ** 2)`` at n = 10^7;
   target: at most 1.5 times the bare expression.
2. ``corp_decomposition`` on 10^6 arbitrary floats against one ``np.argsort(p)``;
   target: at most 1.6 times the sort.
3. ``corp_decomposition`` on 10^6 whole-percent forecasts against
   ``model_diagnostics.scoring.decompose(y, p, scoring_function=SquaredError())``;
   target: at least 30 times faster (skipped if model-diagnostics is not installed).

The CORP ratios depend on how fast the machine sorts: numpy picks its sorting code by the
processor's SIMD extensions, which the last line prints. To measure as on a machine without
AVX-512, or with no SIMD sorting at all, turn them off with numpy's own switch:

    cd benchmarks
    NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR" python bench_scoring.py
    NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR" python bench_scoring.py

The exit code is always 0: this script reports, it does not gate.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

try:
    from foretell.scoring import brier_score, corp_decomposition
except ImportError:  # running from a source checkout that is not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from foretell.scoring import brier_score, corp_decomposition


def simd_extensions() -> str:
    """The SIMD extensions numpy found and uses on this processor (its sorts depend on them)."""
    simd = np.show_config(mode="dicts").get("SIMD Extensions", {})
    found = [*simd.get("baseline", []), *simd.get("found", [])]
    missing = simd.get("not found", [])
    return ", ".join(found) + (f" (not used: {', '.join(missing)})" if missing else "")


def best_of_alternating(
    first: Callable[[], Any], second: Callable[[], Any], repeat: int
) -> tuple[float, float]:
    """Best wall time in seconds of each callable, timed alternately ``repeat`` times."""
    first()  # warm up (imports, caches)
    second()
    times_first: list[float] = []
    times_second: list[float] = []
    for _ in range(repeat):
        for function, times in ((first, times_first), (second, times_second)):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return min(times_first), min(times_second)


def best_of(function: Callable[[], Any], repeat: int) -> float:
    """Best wall time in seconds of ``repeat`` calls (after one warm-up call)."""
    function()
    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


Row = tuple[str, str, float, float, str, str, bool]


def brier_row(rng: np.random.Generator) -> Row:
    """brier_score against the bare numpy expression at n = 10^7."""
    n = 10**7
    p = rng.random(n)
    y = (rng.random(n) < p).astype(np.float64)
    ours, base = best_of_alternating(
        lambda: brier_score(y, p), lambda: np.mean((p - y) ** 2), repeat=15
    )
    ratio = ours / base
    return (
        "brier_score, 1e7",
        "np.mean((p-y)**2)",
        ours,
        base,
        f"{ratio:.2f}x",
        "<= 1.5x",
        ratio <= 1.5,
    )


def corp_sort_row(rng: np.random.Generator) -> Row:
    """corp_decomposition on arbitrary floats against one argsort at n = 10^6."""
    n = 10**6
    p = rng.random(n)
    y = (rng.random(n) < p).astype(np.float64)
    ours, base = best_of_alternating(
        lambda: corp_decomposition(y, p), lambda: np.argsort(p), repeat=15
    )
    ratio = ours / base
    return (
        "corp, 1e6 floats",
        "np.argsort(p)",
        ours,
        base,
        f"{ratio:.2f}x",
        "<= 1.6x",
        ratio <= 1.6,
    )


def corp_grid_row(rng: np.random.Generator) -> Row | None:
    """corp_decomposition on whole percents against model-diagnostics at n = 10^6."""
    try:
        from model_diagnostics.scoring import (  # type: ignore[import-untyped]  # noqa: PLC0415
            SquaredError,
            decompose,
        )
    except ImportError:
        print("model-diagnostics is not installed: skipping the whole-percent comparison")
        print("(pip install model-diagnostics, or pip install -e '.[bench]')")
        return None
    n = 10**6
    p = rng.integers(0, 101, n) / 100
    y = (rng.random(n) < p).astype(np.float64)
    ours = best_of(lambda: corp_decomposition(y, p), repeat=30)
    base = best_of(lambda: decompose(y, p, scoring_function=SquaredError()), repeat=5)
    speedup = base / ours
    return (
        "corp, 1e6 whole percents",
        "model_diagnostics decompose",
        ours,
        base,
        f"{speedup:.0f}x faster",
        ">= 30x faster",
        speedup >= 30,
    )


def main() -> int:
    """Run the three measurements and print a table; always exit with 0."""
    rng = np.random.default_rng(20240601)
    rows: list[Row] = []
    for measure in (brier_row, corp_sort_row, corp_grid_row):
        try:
            row = measure(rng)
        except Exception as error:  # report it, never fail
            print(f"{measure.__name__} failed: {error!r}")
            continue
        if row is not None:
            rows.append(row)

    header = ("measurement", "baseline", "ours (ms)", "baseline (ms)", "ratio", "target", "met")
    table = [header] + [
        (
            name,
            baseline,
            f"{ours * 1e3:.1f}",
            f"{base * 1e3:.1f}",
            ratio,
            target,
            "yes" if met else "NO",
        )
        for name, baseline, ours, base, ratio, target, met in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}; best of several runs each")
    print(f"SIMD extensions numpy uses: {simd_extensions()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
