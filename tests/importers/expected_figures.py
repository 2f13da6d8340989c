"""Expected figures computed straight from the source files, independently of foretell.

Only the standard library (csv, json, statistics): nothing here imports foretell, so the tests
compare foretell's import-then-report pipeline with a second, separate computation.

Run it to print the figures (the paths default to ``../shared/data`` beside the repository):

    python tests/importers/expected_figures.py [DATA_FOLDER]
"""

from __future__ import annotations

import csv
import gzip
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

DATASET_SOURCES = {"acled", "dbnomics", "fred", "wikipedia", "yfinance"}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def acx_brier_by_year(folder: Path) -> dict[str, tuple[int, float]]:
    """ACX yearly predictions: (n, mean Brier) per year over the rows with a 0/1 outcome."""
    scores: dict[str, list[float]] = defaultdict(list)
    for path in sorted(folder.glob("predictions_*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                if row["outcome"] in ("0", "1"):
                    scores[row["year"]].append(
                        (float(row["probability"]) - float(row["outcome"])) ** 2
                    )
    return {year: (len(v), _mean(v)) for year, v in sorted(scores.items())}


def predictionbook_brier(path: Path) -> dict[str, tuple[int, float]]:
    """One PredictionBook user's Brier scores on the judged right/wrong questions.

    * ``all``: every response made on a day before the judgement's day (foretell works in days:
      a response on the day of the judgement may have known the answer);
    * ``last``: per question, the latest of those responses (by timestamp);
    * ``all_responses``: every response of a judged question, whenever made (PredictionBook's
      own score), for comparison.
    """
    eligible: list[tuple[str, str, float]] = []  # (question, forecast time, Brier)
    every: list[float] = []
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if row["status"] != "resolved":
                continue
            brier = (float(row["probability"]) - float(row["outcome"])) ** 2
            every.append(brier)
            if row["forecast_time"][:10] < row["judged_time"][:10]:
                eligible.append((row["question_id"], row["forecast_time"], brier))
    last: dict[str, tuple[str, float]] = {}
    for question, time, brier in eligible:
        if question not in last or time >= last[question][0]:
            last[question] = (time, brier)
    return {
        "all": (len(eligible), _mean([b for _, _, b in eligible])),
        "last": (len(last), _mean([b for _, b in last.values()])),
        "all_responses": (len(every), _mean(every)),
    }


def _load(path: Path) -> Any:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as file:
        return json.load(file)


def forecastbench_median_row(
    forecast_set: Path, resolution_set: Path
) -> dict[str, tuple[int, float]]:
    """ForecastBench's superforecaster-median leaderboard row, as its old leaderboard scored it.

    The median of the individual forecasts per key ((id, source, resolution_date) for dataset
    questions, (id, source) for market questions), inner-joined to the resolution set (a market
    listed at several horizons takes its latest row), Brier (p - o)^2 averaged per group, and
    Overall = (Dataset + Market) / 2.
    """
    forecasts: dict[tuple[str, str, str | None], list[float]] = defaultdict(list)
    for row in _load(forecast_set)["forecasts"]:
        if isinstance(row["id"], list):
            continue
        market = row["source"] not in DATASET_SOURCES
        key = (str(row["id"]), row["source"], None if market else row["resolution_date"])
        forecasts[key].append(float(row["forecast"]))
    medians = {key: statistics.median(values) for key, values in forecasts.items()}
    outcomes: dict[tuple[str, str, str | None], tuple[str, float]] = {}
    for row in _load(resolution_set)["resolutions"]:
        if isinstance(row["id"], list) or row["resolved_to"] is None:
            continue
        market = row["source"] not in DATASET_SOURCES
        key = (str(row["id"]), row["source"], None if market else row["resolution_date"])
        if key not in outcomes or row["resolution_date"] >= outcomes[key][0]:
            outcomes[key] = (row["resolution_date"], float(row["resolved_to"]))
    dataset: list[float] = []
    market_scores: list[float] = []
    for key, (_, outcome) in outcomes.items():
        if key in medians:
            group = market_scores if key[2] is None else dataset
            group.append((medians[key] - outcome) ** 2)
    d, m = _mean(dataset), _mean(market_scores)
    return {
        "dataset": (len(dataset), d),
        "market": (len(market_scores), m),
        "overall": (len(dataset) + len(market_scores), (d + m) / 2),
    }


def main(data: Path) -> None:
    print("ACX Brier by year:", acx_brier_by_year(data / "logs" / "acx-2020-2021"))
    print(
        "PredictionBook:",
        predictionbook_brier(
            data / "logs" / "predictionbook-gwern" / "gwern_predictionbook_forecasts.csv"
        ),
    )
    native = data / "forecastbench" / "native"
    for stamp in ("2025-02-17", "2025-09-05"):
        row = forecastbench_median_row(
            native / "2024-07-21.ForecastBench.human_super_individual.json",
            native / f"2024-07-21_resolution_set.{stamp}.json",
        )
        print(f"ForecastBench superforecaster median as of {stamp}:", row)


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
