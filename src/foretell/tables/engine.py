"""Columnar resolution and scoring of table predictions through DuckDB.

Questions are few (one Python object each, resolved by :func:`foretell.resolution.resolve`
with the same rules as YAML forecasts); predictions are many and never leave the engine as
objects. :func:`register_resolutions` hands the engine one small table of resolved questions;
the queries here then join it with the prediction rows and return numpy arrays:

* :func:`scored_cases`: each forecaster's scored prediction on each resolved yes/no question,
  the latest made before the resolution date (on the same day, the later row of the book), as
  integer codes and float arrays sorted by forecaster, then by the question's place in the book;
* :func:`updated_cases`: the predictions behind the time-averaged Brier score, for the few
  (forecaster, question) pairs with two or more predictions before the resolution;
* :func:`late_rows`: predictions made on or after their question's resolution date.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from foretell.dates import calendar_date
from foretell.model import Resolution, Status, outcome_value

from .read import PredictionTables

__all__ = [
    "LateRow",
    "ScoredCases",
    "late_rows",
    "register_resolutions",
    "scored_cases",
    "updated_cases",
]

_EPOCH: Final = pendulum.date(1970, 1, 1)
#: ``seq`` (a row's place in the book) takes the low bits of the ordering key, the day the rest.
_SEQ_BITS: Final = 41


@attrs.define(eq=False)
class ScoredCases:
    """Scored predictions as arrays, sorted by forecaster code, then question position.

    Attributes:
        forecasters: forecaster names by code (sorted by name).
        code: forecaster code of each case (int32).
        position: the question's position in the book's list of forecasts (int32).
        probability: the scored probability of "yes".
        outcome: the outcome's value (1 yes, 0 no, or a fraction).
        made_before: number of the forecaster's predictions on the question made before it
            resolved (two or more: it has a time-averaged score).
    """

    forecasters: tuple[str, ...]
    code: npt.NDArray[np.int32]
    position: npt.NDArray[np.int32]
    probability: npt.NDArray[np.float64]
    outcome: npt.NDArray[np.float64]
    made_before: npt.NDArray[np.int64]

    def slice_of(self, name: str) -> tuple[int, int]:
        """``(start, end)`` of a forecaster's cases (empty for a name without cases)."""
        if name not in self._bounds:
            return 0, 0
        return self._bounds[name]

    @functools.cached_property
    def _bounds(self) -> dict[str, tuple[int, int]]:
        edges = np.searchsorted(
            self.code, np.arange(len(self.forecasters) + 1, dtype=self.code.dtype)
        ).tolist()
        return {name: (int(edges[k]), int(edges[k + 1])) for k, name in enumerate(self.forecasters)}


@attrs.frozen
class LateRow:
    """A table prediction made on or after its question's resolution date."""

    file: int
    row: int
    forecast_id: str
    forecaster: str
    made: pendulum.Date
    probability: float


def register_resolutions(
    tables: PredictionTables, resolutions: Sequence[Resolution], name: str = "resolved"
) -> None:
    """Give the engine the book's resolutions as a table ``name``.

    Columns: ``id``, ``position`` (index in ``resolutions``), ``scored`` (resolved yes/no or
    fractional question), ``outcome`` (its value, else NULL), ``resolved_on`` (DATE or NULL).
    """
    import pyarrow as pa  # noqa: PLC0415 - optional extra

    ids: list[str] = []
    scored: list[bool] = []
    outcomes: list[float | None] = []
    dates: list[object] = []
    for resolution in resolutions:
        forecast = resolution.forecast
        value = None
        if (
            resolution.status is Status.RESOLVED
            and forecast.is_binary
            and resolution.outcome is not None
        ):
            try:
                value = outcome_value(resolution.outcome)
            except ValueError:  # an outcome the book's check reports (B105)
                value = None
        ids.append(forecast.id)
        scored.append(value is not None)
        outcomes.append(value)
        dates.append(resolution.resolved_on)
    table = pa.table(
        {
            "id": pa.array(ids, pa.string()),
            "position": pa.array(np.arange(len(ids), dtype=np.int32)),
            "scored": pa.array(scored, pa.bool_()),
            "outcome": pa.array(outcomes, pa.float64()),
            "resolved_on": pa.array(dates, pa.date32()),
        }
    )
    tables.connection.register(f"{name}_arrow", table)
    tables.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
    tables.connection.unregister(f"{name}_arrow")


def _forecaster_codes(tables: PredictionTables, forecaster: str | None) -> tuple[str, ...]:
    names = (forecaster,) if forecaster is not None else tables.forecasters()
    import pyarrow as pa  # noqa: PLC0415

    codes = pa.table(
        {
            "forecaster": pa.array(names, pa.string()),
            "code": pa.array(np.arange(len(names), dtype=np.int32)),
        }
    )
    tables.connection.register("forecaster_codes_arrow", codes)
    tables.connection.execute(
        "CREATE OR REPLACE TEMP TABLE forecaster_codes AS SELECT * FROM forecaster_codes_arrow"
    )
    tables.connection.unregister("forecaster_codes_arrow")
    return names


def _order_key(alias: str) -> str:
    return (
        f"((date_diff('day', DATE '{_EPOCH}', {alias}.made)::BIGINT << {_SEQ_BITS}) + {alias}.seq)"
    )


def scored_cases(
    tables: PredictionTables, *, forecaster: str | None = None, resolved: str = "resolved"
) -> ScoredCases:
    """Each forecaster's scored prediction on each resolved yes/no question (see module)."""
    names = _forecaster_codes(tables, forecaster)
    result = tables.connection.execute(
        f"SELECT c.code, r.position, arg_max(p.probability, {_order_key('p')}) AS probability, "
        "any_value(r.outcome) AS outcome, count(*) AS made_before "
        f"FROM {tables.view} AS p JOIN {resolved} AS r ON p.id = r.id "
        "JOIN forecaster_codes AS c ON p.forecaster = c.forecaster "
        "WHERE r.scored AND p.made < r.resolved_on "
        "GROUP BY c.code, r.position ORDER BY c.code, r.position"
    ).fetchnumpy()
    return ScoredCases(
        forecasters=names,
        code=np.ascontiguousarray(result["code"], dtype=np.int32),
        position=np.ascontiguousarray(result["position"], dtype=np.int32),
        probability=np.ascontiguousarray(result["probability"], dtype=np.float64),
        outcome=np.ascontiguousarray(result["outcome"], dtype=np.float64),
        made_before=np.ascontiguousarray(result["made_before"], dtype=np.int64),
    )


def updated_cases(
    tables: PredictionTables, pairs: Sequence[tuple[int, int]], resolved: str = "resolved"
) -> dict[tuple[int, int], tuple[list[float], list[pendulum.Date]]]:
    """The predictions made before resolution for (forecaster code, position) pairs.

    Returns each pair's probabilities and dates in the book's order of rows.
    """
    if not pairs:
        return {}
    import pyarrow as pa  # noqa: PLC0415

    wanted = pa.table(
        {
            "code": pa.array([c for c, _ in pairs], pa.int32()),
            "position": pa.array([q for _, q in pairs], pa.int32()),
        }
    )
    tables.connection.register("wanted_pairs", wanted)
    rows = tables.connection.execute(
        "SELECT w.code, w.position, list(p.probability ORDER BY p.seq), "
        "list(p.made ORDER BY p.seq) "
        f"FROM {tables.view} AS p JOIN {resolved} AS r ON p.id = r.id "
        "JOIN forecaster_codes AS c ON p.forecaster = c.forecaster "
        "JOIN wanted_pairs AS w ON w.code = c.code AND w.position = r.position "
        "WHERE p.made < r.resolved_on GROUP BY w.code, w.position"
    ).fetchall()
    tables.connection.unregister("wanted_pairs")
    return {
        (int(code), int(position)): (
            [float(p) for p in probabilities],
            [pendulum.date(d.year, d.month, d.day) for d in made],
        )
        for code, position, probabilities, made in rows
    }


def late_rows(
    tables: PredictionTables,
    *,
    limit: int | None = None,
    resolved: str = "resolved",
    as_of: pendulum.Date | None = None,
) -> tuple[int, list[LateRow]]:
    """Predictions made on or after their question's resolution date: how many, and the first.

    Returns ``(count, rows)`` with at most ``limit`` rows (all when None), in book order;
    with ``as_of``, predictions made after that day are left out.
    """
    known = "" if as_of is None else f" AND p.made <= DATE '{calendar_date(as_of).isoformat()}'"
    late = (
        f"FROM {tables.view} AS p JOIN {resolved} AS r ON p.id = r.id "
        f"WHERE r.resolved_on IS NOT NULL AND p.made >= r.resolved_on{known}"
    )
    count = _first(tables.connection.execute(f"SELECT count(*) {late}").fetchall())
    if not count:
        return 0, []
    bound = "" if limit is None else f" LIMIT {int(limit)}"
    rows = tables.connection.execute(
        f"SELECT p.file, p.row, p.id, p.forecaster, p.made, p.probability {late} "
        f"ORDER BY r.position, p.seq{bound}"
    ).fetchall()
    return count, [
        LateRow(int(f), int(r), str(i), str(b), pendulum.date(m.year, m.month, m.day), float(p))
        for f, r, i, b, m, p in rows
    ]


def _first(rows: list[tuple[object, ...]]) -> int:
    return int(rows[0][0]) if rows else 0  # type: ignore[call-overload]
