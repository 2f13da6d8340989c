"""Importers: other systems' files in, foretell forecasts and evidence out (nothing written).

Each format has its own module; :func:`parse` picks one. The result is an
:class:`ImportResult` holding model objects and located problems; :mod:`foretell.importers.book`
turns it into the files of a book.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

import attrs

from foretell.importers._common import ImportResult, SourceFile, clean_text
from foretell.model import Outcome, Prediction, Source

__all__ = ["FORMATS", "ImportResult", "SourceFile", "parse"]

#: The formats ``foretell import`` reads.
FORMATS: Final = ("csv", "fatebook", "predictionbook", "forecastbench", "metaculus")


def parse(
    format_name: str,
    paths: Sequence[Path],
    *,
    prefix: str | None = None,
    forecaster: str | None = None,
    columns: Mapping[str, str] | None = None,
    outcomes: Mapping[str, Outcome | None] | None = None,
) -> ImportResult:
    """Read files of one format into forecasts and evidence.

    Args:
        format_name: one of :data:`FORMATS`.
        paths: the files to read.
        prefix: prefix of the forecast ids (default: the format's name).
        forecaster: who made predictions the source does not attribute (csv rows without a
            forecaster, Metaculus' own forecasts); for PredictionBook, replaces the user name.
        columns: csv only: field → header.
        outcomes: csv only: lowercase word → outcome (``None``: still open).

    Raises:
        ValueError: for an unknown format, or csv-only options with another format.
    """
    return _cleaned(
        _parse(
            format_name,
            paths,
            prefix=prefix,
            forecaster=forecaster,
            columns=columns,
            outcomes=outcomes,
        )
    )


def _text(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def _source(source: Source | None) -> Source | None:
    if source is None:
        return None
    return attrs.evolve(
        source,
        url=_text(source.url),
        title=_text(source.title),
        publisher=_text(source.publisher),
        author=_text(source.author),
        note=_text(source.note),
    )


def _prediction(prediction: Prediction) -> Prediction:
    return attrs.evolve(prediction, by=clean_text(prediction.by), note=_text(prediction.note))


def _cleaned(result: ImportResult) -> ImportResult:
    """Control characters removed from every text (YAML files cannot hold them)."""
    forecasts = tuple(
        attrs.evolve(
            f,
            question=clean_text(f.question),
            criteria=_text(f.criteria),
            source=_source(f.source),
            predictions=tuple(_prediction(p) for p in f.predictions),
            tags=tuple(clean_text(t) for t in f.tags),
            origin={k: clean_text(v) for k, v in f.origin.items()},
        )
        for f in result.forecasts
    )
    evidence = tuple(
        attrs.evolve(
            e,
            summary=_text(e.summary),
            sources=tuple(s for s in (_source(s) for s in e.sources) if s is not None),
        )
        for e in result.evidence
    )
    changed = sum(a != b for a, b in zip(forecasts, result.forecasts, strict=True))
    notes = result.notes
    if changed:
        notes = (*notes, f"Control characters were removed from the texts of {changed} forecasts.")
    return attrs.evolve(result, forecasts=forecasts, evidence=evidence, notes=notes)


def _parse(
    format_name: str,
    paths: Sequence[Path],
    *,
    prefix: str | None,
    forecaster: str | None,
    columns: Mapping[str, str] | None,
    outcomes: Mapping[str, Outcome | None] | None,
) -> ImportResult:
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}; formats: {', '.join(FORMATS)}")
    if format_name != "csv" and (columns or outcomes):
        raise ValueError("--column and --outcome apply to the csv format only")
    name = prefix or format_name
    if format_name == "csv":
        from foretell.importers.table import TableOptions, parse_table  # noqa: PLC0415

        options = TableOptions(
            columns=dict(columns or {}),
            outcomes=dict(outcomes or {}),
            forecaster=forecaster,
            prefix=name,
        )
        return parse_table(paths, options)
    if format_name == "fatebook":
        if forecaster is not None:
            raise ValueError(
                "a Fatebook export names every forecaster: --forecaster does not apply"
            )
        from foretell.importers.fatebook import parse_fatebook  # noqa: PLC0415

        return parse_fatebook(paths, prefix=name)
    if format_name == "predictionbook":
        from foretell.importers.predictionbook import parse_predictionbook  # noqa: PLC0415

        return parse_predictionbook(paths, forecaster=forecaster, prefix=name)
    if format_name == "forecastbench":
        if forecaster is not None:
            raise ValueError(
                "ForecastBench forecast sets name their forecasters: --forecaster does not apply"
            )
        from foretell.importers.forecastbench import parse_forecastbench  # noqa: PLC0415

        return parse_forecastbench(paths, prefix=name)
    from foretell.importers.metaculus import parse_metaculus  # noqa: PLC0415

    return parse_metaculus(paths, forecaster=forecaster, prefix=name)
