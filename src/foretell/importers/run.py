"""Writing an import into a book with the safe writer (:mod:`foretell.write`).

:func:`import_into` decides everything ``foretell import`` does; the command only prints. The
writer reads and checks the whole book as it would be before anything is written, writes each
file atomically under the book's lock, and refuses a change that brings an error in.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pendulum

from foretell.dates import parse_date
from foretell.importers._common import ImportResult
from foretell.importers.book import (
    evidence_data,
    forecast_data,
    note_document,
    note_text,
    paths,
    plan_files,
    plan_update,
    read_note,
)
from foretell.problems import Location, Problem

__all__ = ["ImportOutcome", "import_into"]


@attrs.frozen
class ImportOutcome:
    """What an import did.

    Attributes:
        written: paths of the files written (relative to the book), in order.
        unchanged: True when the book already held exactly this import.
        problems: errors (nothing was written) and warnings.
        kept: (id, reason) of entries ``--update`` left alone.
        summary: one line per figure for the user (counts of forecasts, evidence, ...).
    """

    written: tuple[str, ...] = ()
    unchanged: bool = False
    problems: tuple[Problem, ...] = ()
    kept: tuple[tuple[str, str], ...] = ()
    summary: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the import succeeded with nothing left for a person to look at."""
        return not any(p.is_error for p in self.problems) and not self.kept


def import_into(
    root: Path,
    result: ImportResult,
    *,
    name: str,
    options: Mapping[str, Any],
    update: bool = False,
    today: pendulum.Date,
    dry_run: bool = False,
) -> ImportOutcome:
    """Write ``result`` into the book at ``root`` as the import ``name``.

    Without ``update``, the import's files must not exist yet, or already hold exactly this
    import (then nothing is written). With ``update``, a newer export is merged into them
    (:func:`foretell.importers.book.plan_update`).
    """
    from foretell.write import UneditableFileError, WriteRefusedError  # noqa: PLC0415

    if result.has_errors:
        return ImportOutcome(problems=result.problems)
    warnings = tuple(p for p in result.problems if not p.is_error)
    if not result.forecasts:
        return ImportOutcome(
            problems=(
                *warnings,
                Problem(Location("-"), "I101", "the files hold no forecast to import"),
            )
        )
    forecasts_path, evidence_path, note_path = paths(name)
    existing = {p: _read(root / p) for p in (forecasts_path, evidence_path, note_path)}
    try:
        if update and existing[forecasts_path] is not None:
            return _update(root, result, name, options, existing, today, warnings, dry_run)
        return _fresh(root, result, name, options, existing, warnings, dry_run)
    except WriteRefusedError as error:
        # The files named in the problems were not written: they are the files as they would be.
        refusal = Problem(Location(str(root)), "I101", str(error))
        return ImportOutcome(problems=(*warnings, refusal, *error.problems))
    except (UneditableFileError, KeyError, TypeError) as error:
        # The import's own files were changed by hand beyond what --update can merge.
        return ImportOutcome(
            problems=(
                *warnings,
                Problem(
                    Location(forecasts_path),
                    "I101",
                    f"cannot merge into the import's files: {error}",
                    "keep 'forecasts:' and 'evidence:' lists in them, or import under --name",
                ),
            )
        )


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _fresh(  # noqa: PLR0917 - the import's context, passed once
    root: Path,
    result: ImportResult,
    name: str,
    options: Mapping[str, Any],
    existing: Mapping[str, str | None],
    warnings: tuple[Problem, ...],
    dry_run: bool,
) -> ImportOutcome:
    from foretell.importers.yamltext import document_text  # noqa: PLC0415
    from foretell.write import FileWrite, apply_writes, modeline  # noqa: PLC0415

    files = plan_files(result, name, options)
    texts = {
        files.forecasts_path: document_text(
            files.forecasts, header=modeline(root, files.forecasts_path, "forecasts")
        ),
        files.note_path: note_text(files.note),
    }
    if files.evidence is not None:
        texts[files.evidence_path] = document_text(
            files.evidence, header=modeline(root, files.evidence_path, "evidence")
        )
    summary = _summary(result)
    if all(existing.get(p) == text for p, text in texts.items()):
        return ImportOutcome(unchanged=True, problems=warnings, summary=summary)
    clash = [p for p in texts if existing.get(p) is not None]
    if clash:
        return ImportOutcome(
            problems=(
                *warnings,
                Problem(
                    Location(clash[0]),
                    "I101",
                    f"{clash[0]} exists and holds another import",
                    "merge the newer data with --update, or import alongside with --name",
                ),
            )
        )

    def plan(book: Path) -> list[FileWrite]:
        return [FileWrite(path, None, text) for path, text in texts.items()]

    if not dry_run:
        root.mkdir(parents=True, exist_ok=True)

    writes = apply_writes(root, plan, dry_run=dry_run)
    return ImportOutcome(written=tuple(w.path for w in writes), problems=warnings, summary=summary)


def _update(  # noqa: PLR0917 - the import's context, passed once
    root: Path,
    result: ImportResult,
    name: str,
    options: Mapping[str, Any],
    existing: Mapping[str, str | None],
    today: pendulum.Date,
    warnings: tuple[Problem, ...],
    dry_run: bool,
) -> ImportOutcome:
    from foretell.load import read_book  # noqa: PLC0415
    from foretell.write import (  # noqa: PLC0415
        FileWrite,
        RoundTrip,
        apply_writes,
        dump_document,
        modeline,
    )
    from foretell.write.yamltext import to_yaml_value  # noqa: PLC0415

    forecasts_path, evidence_path, note_path = paths(name)
    note = read_note(existing[note_path] or "")
    if note is None:
        return ImportOutcome(
            problems=(
                *warnings,
                Problem(
                    Location(note_path),
                    "I101",
                    f"{note_path} is missing or not an import note: --update cannot tell your "
                    "edits from the source's changes",
                    "import into a new name with --name, or restore the note from git",
                ),
            )
        )
    reading = read_book(root)
    book = reading.book
    in_file = {f.id for f in book.forecasts if f.location and f.location.path == forecasts_path}
    plan = plan_update(result, note, book.forecasts, book.evidence, in_file=in_file, today=today)
    writes: list[FileWrite] = []
    forecasts_text = existing[forecasts_path]
    assert forecasts_text is not None
    if plan.add or plan.replace:
        document = RoundTrip(forecasts_text)
        data = document.data
        entries = data["forecasts"]
        defaults = {
            key: (parse_date(str(data[key])) if key == "made" else data[key])
            for key in ("forecaster", "made", "criteria")
            if key in data
        }
        index = {str(entry.get("id")): i for i, entry in enumerate(entries)}
        for forecast in plan.replace:
            entries[index[forecast.id]] = to_yaml_value(forecast_data(forecast, defaults))
        for forecast in plan.add:
            entries.append(to_yaml_value(forecast_data(forecast, defaults)))
        writes.append(FileWrite(forecasts_path, forecasts_text, document.dump()))
    evidence_text = existing[evidence_path]
    if plan.evidence:
        if evidence_text is None:
            body = {"evidence": [evidence_data(e) for e in plan.evidence]}
            header = modeline(root, evidence_path, "evidence")
            writes.append(FileWrite(evidence_path, None, dump_document(body, header=header)))
        else:
            document = RoundTrip(evidence_text)
            for record in plan.evidence:
                document.data["evidence"].append(to_yaml_value(evidence_data(record)))
            writes.append(FileWrite(evidence_path, evidence_text, document.dump()))
    new_note = note_text(
        note_document(result, options, plan.fingerprints, plan.evidence_fingerprints)
    )
    if new_note != existing[note_path]:
        writes.append(FileWrite(note_path, existing[note_path], new_note))
    summary = (
        *_summary(result),
        f"Update: {len(plan.add)} forecasts added, {len(plan.replace)} rewritten, "
        f"{len(plan.evidence)} evidence records added, {len(plan.kept)} entries kept as they are.",
    )
    if not writes:
        return ImportOutcome(unchanged=True, problems=warnings, kept=plan.kept, summary=summary)
    done = apply_writes(root, lambda _: writes, dry_run=dry_run)
    return ImportOutcome(
        written=tuple(w.path for w in done),
        problems=warnings,
        kept=plan.kept,
        summary=summary,
    )


def _summary(result: ImportResult) -> tuple[str, ...]:
    return tuple(result.notes)
