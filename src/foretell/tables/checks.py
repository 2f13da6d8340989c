"""Book-wide rules for table predictions, run by :func:`foretell.check.check_reading`."""

from __future__ import annotations

from collections.abc import Iterator

from foretell.load import BookReading
from foretell.problems import Location, Problem, Severity
from foretell.resolution import END_OF_TIME, resolve

from .engine import late_rows, register_resolutions
from .forecasts import SHOWN
from .read import PredictionTables

__all__ = ["late_table_predictions"]


def late_table_predictions(reading: BookReading) -> Iterator[Problem]:
    """Warn about table predictions made once the answer was known (B108), as for YAML.

    The book is resolved with every record applied (as of the end of time); the first
    :data:`~foretell.tables.forecasts.SHOWN` rows are reported one by one, the rest counted.
    """
    tables: PredictionTables = reading.tables
    resolutions = resolve(reading.book, END_OF_TIME)
    by_id = {r.forecast.id: r for r in resolutions}
    register_resolutions(tables, resolutions, name="resolved_for_check")
    count, rows = late_rows(tables, limit=SHOWN + 1, resolved="resolved_for_check")
    for row in rows[:SHOWN]:
        resolution = by_id[row.forecast_id]
        how = "by evidence" if resolution.method == "evidence" else "by its 'otherwise'"
        yield Problem(
            Location(tables.files[row.file], row.row, tables.made_columns[row.file]),
            "B108",
            f"{row.forecaster}'s prediction on forecast '{row.forecast_id}' is made on "
            f"{row.made}, on or after it resolved ({resolution.resolved_on}, {how}); it is "
            "not scored",
            "predictions must be made before the answer is known",
            Severity.WARNING,
        )
    if count > SHOWN:
        row = rows[SHOWN]
        yield Problem(
            Location(tables.files[row.file], row.row, tables.made_columns[row.file]),
            "B108",
            f"{count - SHOWN} more table predictions from here on are made on or after their "
            "forecast resolved; they are not scored",
            "predictions must be made before the answer is known",
            Severity.WARNING,
        )
