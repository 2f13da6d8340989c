"""Scale of forecast tables: `check` and `report --format json` on 10^7 predictions in Parquet.

    python benchmarks/bench_tables.py [--forecasters 1000] [--questions 10000] [--keep DIR]

Generates a book of forecasters x questions predictions (one Parquet forecast table, whole-
percent probabilities, one evidence table resolving every question), then times in fresh
processes, each once (the machine is shared; ratios are what counts):

* the bare table read: ``pyarrow.parquet.read_table`` of the forecast table;
* the bare engine query: DuckDB computing each forecaster's mean Brier score of their latest
  prediction made before the question resolved (the least any scorer must do);
* ``foretell check --no-cache BOOK`` (target: at most 3x the bare read);
* ``foretell report --no-cache BOOK --format json`` (target: at most 5x the bare query, peak
  resident memory under 4 GB).

Peak memory is each process's maximum resident set size, from ``/usr/bin/time`` when present,
else from ``resource.getrusage`` of the children.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

AS_OF = "2026-12-31"

BARE_QUERY = """
import sys, duckdb
book = sys.argv[1]
connection = duckdb.connect()
connection.execute("SET enable_progress_bar = false")
rows = connection.execute(f'''
    WITH outcomes AS (
        SELECT forecast, CASE outcome WHEN 'yes' THEN 1.0 ELSE 0.0 END AS y, observed
        FROM '{book}/evidence/outcomes.parquet'),
    latest AS (
        SELECT f.forecaster, f.id, arg_max(f.probability, f.made) AS p, any_value(o.y) AS y
        FROM '{book}/forecasts/models.parquet' AS f JOIN outcomes AS o ON f.id = o.forecast
        WHERE f.made < o.observed GROUP BY f.forecaster, f.id)
    SELECT forecaster, avg((p - y) * (p - y)) FROM latest GROUP BY forecaster
''').fetchall()
print(len(rows))
"""

BARE_READ = """
import sys, pyarrow.parquet as pq
print(pq.read_table(sys.argv[1] + "/forecasts/models.parquet").num_rows)
"""


def generate(book: Path, forecasters: int, questions: int, seed: int = 0) -> int:
    """Write the book; return the number of prediction rows."""
    rng = np.random.default_rng(seed)
    (book / "forecasts").mkdir(parents=True)
    (book / "evidence").mkdir()
    n = forecasters * questions
    question = np.repeat(np.arange(questions, dtype=np.int32), forecasters)
    forecaster = np.tile(np.arange(forecasters, dtype=np.int32), questions)
    ids = pa.array([f"q-{i:06d}" for i in range(questions)])
    texts = pa.array([f"Will event {i} happen by its deadline?" for i in range(questions)])
    criteria = pa.array([f"YES if event {i} is reported by two outlets." for i in range(questions)])
    names = pa.array([f"model-{k:04d}" for k in range(forecasters)])
    resolves = np.datetime64("2026-09-30") + (np.arange(questions) % 60).astype("timedelta64[D]")
    observed = np.datetime64("2026-06-01") + (np.arange(questions) % 90).astype("timedelta64[D]")
    truth = rng.random(questions)
    skill = rng.uniform(5, 30, forecasters)
    noise = rng.normal(0.0, 1.0, n) * skill[forecaster]
    probability = np.clip(np.round(truth[question] * 100 + noise), 0, 100) / 100
    made = np.datetime64("2026-01-01") + rng.integers(0, 150, n).astype("timedelta64[D]")

    def take(values: pa.Array, index: np.ndarray) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(index), values)

    table = pa.table(
        {
            "id": take(ids, question),
            "question": take(texts, question),
            "resolves": pa.array(resolves[question]),
            "forecaster": take(names, forecaster),
            "made": pa.array(made),
            "probability": pa.array(probability),
            "criteria": take(criteria, question),
            "otherwise": pa.array(np.full(n, "no", dtype=object)).dictionary_encode(),
        }
    )
    pq.write_table(table, book / "forecasts" / "models.parquet", row_group_size=1 << 20)
    happened = rng.random(questions) < truth
    evidence = pa.table(
        {
            "id": pa.array([f"e-{i:06d}" for i in range(questions)]),
            "forecast": ids,
            "outcome": pa.array(np.where(happened, "yes", "no")),
            "observed": pa.array(observed),
            "url": pa.array([f"https://example.org/news/{i}" for i in range(questions)]),
            "summary": pa.array([f"Event {i} was reported." for i in range(questions)]),
        }
    )
    pq.write_table(evidence, book / "evidence" / "outcomes.parquet")
    return n


def timed(command: list[str]) -> tuple[float, float, str]:
    """Seconds, peak resident memory in MB, and standard output of one run."""
    use_time = shutil.which("time") or (Path("/usr/bin/time").exists() and "/usr/bin/time")
    if use_time:
        command = ["/usr/bin/time", "-f", "%M", *command]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"{command} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    if use_time:
        peak = float(result.stderr.strip().splitlines()[-1]) / 1024
    else:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forecasters", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None, help="Generate the book here, keep it.")
    args = parser.parse_args()
    python = sys.executable
    folder = Path(tempfile.mkdtemp(prefix="foretell-tables-"))
    book = args.keep or folder / "book"
    try:
        if not (book / "forecasts" / "models.parquet").exists():
            start = time.perf_counter()
            rows = generate(book, args.forecasters, args.questions)
            print(f"generated {rows:,} predictions in {time.perf_counter() - start:.1f} s")
        size = (book / "forecasts" / "models.parquet").stat().st_size / 1e6
        print(f"forecast table: {size:.0f} MB")
        read, read_peak, _ = timed([python, "-c", BARE_READ, str(book)])
        query, query_peak, _ = timed([python, "-c", BARE_QUERY, str(book)])
        check, check_peak, _ = timed([python, "-m", "foretell", "check", "--no-cache", str(book)])
        options = ["--no-cache", "--format", "json", "--as-of", AS_OF]
        report, report_peak, output = timed(
            [python, "-m", "foretell", "report", str(book), *options]
        )
        data = json.loads(output)
        print(f"bare read:   {read:6.2f} s  {read_peak:6.0f} MB")
        print(f"bare query:  {query:6.2f} s  {query_peak:6.0f} MB")
        print(f"check:       {check:6.2f} s  {check_peak:6.0f} MB  = {check / read:.2f}x bare read")
        print(
            f"report json: {report:6.2f} s  {report_peak:6.0f} MB  = {report / query:.2f}x bare "
            f"query ({len(data['forecasters'])} forecasters, {data['counts']['forecasts']} "
            "forecasts)"
        )
        print(
            f"targets: check <= 3x: {check / read <= 3}; report <= 5x: {report / query <= 5}; "
            f"report peak < 4 GB: {report_peak < 4096}"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
