"""``foretell import --as parquet``: an import written as forecast and evidence tables.

The import is first written as YAML into a staging book (a temporary folder, with the target
book's ``foretell.toml``) and checked there. Its forecasts then become
``forecasts/NAME.parquet`` and its evidence ``evidence/NAME.parquet`` (docs/tables.md), beside
the import's note ``imports/NAME.yaml``. Evidence records without a web address, which an
evidence table cannot hold, stay one YAML file, ``evidence/NAME.yaml``; a record with
multi-category questions is refused (import it as YAML). Only new files are written: an existing
one is never replaced. After writing, the target book is checked again; if the new files
brought an error in (an id the book already defines, for example), they are removed and the
problems returned, so the book is as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pendulum

from foretell.check import check_book, check_reading
from foretell.files import write_atomically
from foretell.importers._common import ImportResult
from foretell.importers.book import paths
from foretell.importers.run import ImportOutcome, import_into
from foretell.load import read_book
from foretell.problems import Location, Problem, sorted_problems

__all__ = ["import_as_tables"]


def import_as_tables(
    root: Path,
    result: ImportResult,
    *,
    name: str,
    options: Mapping[str, Any],
    today: pendulum.Date,
    dry_run: bool = False,
) -> ImportOutcome:
    """Write ``result`` into the book at ``root`` as Parquet tables (see the module docstring)."""
    from foretell.tables.write import (  # noqa: PLC0415 - the optional engine
        evidence_table,
        forecast_table,
        write_table,
    )

    targets = {
        "forecasts": root / "forecasts" / f"{name}.parquet",
        "evidence": root / "evidence" / f"{name}.parquet",
    }
    taken = [f"{kind}/{name}.parquet" for kind, path in targets.items() if path.exists()]
    if taken:
        return ImportOutcome(
            problems=(
                Problem(
                    Location(taken[0]),
                    "I101",
                    f"{taken[0]} already exists: an import as tables writes new files only",
                    "import under another --name, or remove the earlier tables first",
                ),
            )
        )
    with tempfile.TemporaryDirectory(prefix="foretell-import-") as staging:
        stage = Path(staging)
        if (root / "foretell.toml").is_file():
            shutil.copyfile(root / "foretell.toml", stage / "foretell.toml")
        staged = import_into(stage, result, name=name, options=options, today=today)
        if any(p.is_error for p in staged.problems):
            return staged
        reading = read_book(stage)
        errors = tuple(p for p in check_reading(reading) if p.is_error)
        if errors:
            return ImportOutcome(problems=errors)
        note = paths(name)[2]
        summary = staged.summary
        if dry_run:
            return ImportOutcome(
                written=(*(f"{k}/{name}.parquet" for k in targets), note), summary=summary
            )
        held, left_out = forecast_table(reading.book.forecasts)
        if left_out:
            return ImportOutcome(
                problems=(
                    Problem(
                        Location(left_out[0]),
                        "I101",
                        f"{len(left_out)} multi-category question(s) cannot go in a forecast "
                        "table: nothing was written",
                        "import this record as YAML (leave out --as parquet)",
                    ),
                )
            )
        records, no_address = evidence_table(reading.book.evidence)
        before = set(_errors(root))
        for path in targets.values():
            path.parent.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        if held.num_rows:
            write_table(held, targets["forecasts"])
            written.append(targets["forecasts"])
        evidence_yaml = paths(name)[1]
        if no_address and (stage / evidence_yaml).is_file():
            # An evidence table needs a web address per record; without one, the evidence
            # stays a YAML file beside the forecast table (a book may mix the two).
            if (root / evidence_yaml).exists():
                for path in written:
                    path.unlink(missing_ok=True)
                return ImportOutcome(
                    problems=(
                        Problem(
                            Location(evidence_yaml),
                            "I101",
                            f"{evidence_yaml} already exists: nothing was written",
                            "import under another --name",
                        ),
                    )
                )
            write_atomically(root / evidence_yaml, (stage / evidence_yaml).read_text("utf-8"))
            written.append(root / evidence_yaml)
        elif records.num_rows:
            write_table(records, targets["evidence"])
            written.append(targets["evidence"])
        try:
            brought_in = sorted_problems(set(_errors(root)) - before)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        if brought_in:
            for path in written:
                path.unlink(missing_ok=True)
            refusal = Problem(
                Location(str(root)),
                "I101",
                "the tables would bring errors into the book: nothing was written",
            )
            return ImportOutcome(problems=(refusal, *brought_in))
        if (stage / note).is_file() and not (root / note).exists():
            (root / note).parent.mkdir(parents=True, exist_ok=True)
            write_atomically(root / note, (stage / note).read_text(encoding="utf-8"))
            written.append(root / note)
    return ImportOutcome(
        written=tuple(str(p.relative_to(root)) for p in written),
        problems=tuple(p for p in staged.problems if not p.is_error),
        summary=summary,
    )


def _errors(root: Path) -> tuple[Problem, ...]:
    if not (root / "forecasts").is_dir():
        return ()
    return tuple(p for p in check_book(root) if p.is_error)
