"""Scoring a partitioned table on a Dask cluster gives the figures of one process.

Each partition is summarised per forecaster with :func:`foretell.scoring.summarise_groups`
(pure numpy, run by the Dask workers), the summaries are added up, and every figure derived
from the sum must equal the figure computed by the case-by-case functions on the whole table in
one process. The cluster is a small local one (two workers, threads), started once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from foretell import scoring

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

FORECASTERS = ("model-a", "model-b", "model-c")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def table(n: int = 6000, seed: int = 3) -> Any:
    rng = np.random.default_rng(seed)
    truth = rng.random(n)
    return pd.DataFrame(
        {
            "forecaster": rng.choice(FORECASTERS, n),
            "probability": np.clip(np.round(truth * 100 + rng.normal(0, 12, n)), 0, 100) / 100,
            "outcome": (rng.random(n) < truth).astype(np.float64),
        }
    )


def summarise_partition(frame: Any) -> scoring.ScoreSummaries:
    codes = frame["forecaster"].map({name: k for k, name in enumerate(FORECASTERS)})
    return scoring.summarise_groups(
        codes.to_numpy(dtype=np.int64),
        frame["outcome"].to_numpy(dtype=np.float64),
        frame["probability"].to_numpy(dtype=np.float64),
        n_groups=len(FORECASTERS),
    )


def test_partitioned_scoring_on_a_dask_cluster_matches_one_process(client: Any) -> None:
    whole = table()
    frame = dd.from_pandas(whole, npartitions=7)
    parts = frame.to_delayed()
    summaries = [dask.delayed(summarise_partition)(part) for part in parts]
    total = dask.delayed(sum)(summaries[1:], summaries[0])
    merged: scoring.ScoreSummaries = client.compute(total).result()
    assert merged.n.sum() == len(whole)

    for code, name in enumerate(FORECASTERS):
        mine = whole[whole["forecaster"] == name]
        y = mine["outcome"].to_numpy()
        p = mine["probability"].to_numpy()
        figures = merged.figures(code)
        assert figures.n == len(mine)
        assert figures.brier == pytest.approx(scoring.brier_score(y, p), rel=1e-12)
        assert figures.log_score == pytest.approx(scoring.log_score(y, p), rel=1e-12)
        corp = scoring.corp_decomposition(y, p)
        mcb, dsc, unc, _ = figures.corp()
        assert (mcb, dsc, unc) == pytest.approx(
            (corp.miscalibration, corp.discrimination, corp.uncertainty), rel=1e-10
        )
        expected = scoring.spiegelhalter_test(y, p)
        assert figures.spiegelhalter.z == pytest.approx(expected.z, rel=1e-10)
        table_rows = figures.calibration_table(bins=10).rows
        reference = scoring.calibration_table(y, p, bins=10).rows
        assert [r.n for r in table_rows] == [r.n for r in reference]
        assert [r.observed_frequency for r in table_rows] == pytest.approx(
            [r.observed_frequency for r in reference], rel=1e-12
        )


def test_partition_boundaries_do_not_change_the_sums(client: Any) -> None:
    whole = table(n=2000, seed=5)
    results = []
    for npartitions in (1, 4, 13):
        parts = dd.from_pandas(whole, npartitions=npartitions).to_delayed()
        summaries = [dask.delayed(summarise_partition)(part) for part in parts]
        merged = client.compute(dask.delayed(sum)(summaries[1:], summaries[0])).result()
        results.append(merged)
    for merged in results[1:]:
        np.testing.assert_array_equal(merged.percent_counts, results[0].percent_counts)
        np.testing.assert_array_equal(merged.n, results[0].n)
        np.testing.assert_allclose(merged.brier_sum, results[0].brier_sum, rtol=1e-12)
