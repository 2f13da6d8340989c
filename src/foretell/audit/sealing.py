"""Sealing a forecast (publish a commitment now) and revealing it later: the file edits.

:func:`seal_forecast` replaces a forecast's entry by ``id`` and ``sealed: sha256:...`` and keeps
the entry's exact text and the salt in ``.foretell/seals/ID.json`` inside the book, a folder with
its own ``.gitignore`` so that it is never committed. :func:`reveal_forecast` puts the text back
byte for byte, adding ``revealed: {commitment, salt}``. Both go through the safe writer
(:func:`foretell.write.apply_writes`: the book is checked as it would be, then written
atomically under the book's lock), and both check the commitment before writing anything: a seal
is written only if revealing it would reproduce the commitment, and a reveal only if it does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs
import yaml

from foretell.audit.seal import canonical_forecast, commitment, new_salt, verify
from foretell.audit.versions import forecast_entries
from foretell.files import read_regular_file, write_atomically
from foretell.load import read_book
from foretell.model import Forecast
from foretell.problems import ForetellError
from foretell.suggest import did_you_mean
from foretell.yamlio import parse_yaml

__all__ = ["SEALS_FOLDER", "SealError", "Sealed", "reveal_forecast", "seal_forecast"]

#: Where the private records live, relative to the book.
SEALS_FOLDER = ".foretell/seals"
_IGNORE_ALL = "# Private records of sealed forecasts (foretell seal): never commit them.\n*\n"
#: libyaml's parser, as foretell.yamlio uses (it reads a few plain scalars the Python one refuses).
_COMPOSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MODELINE = re.compile(r"\A(#[^\n]*yaml-language-server[^\n]*\n)")


class SealError(ForetellError):
    """Sealing or revealing is not possible; nothing was written. The message says why."""


@attrs.frozen
class Sealed:
    """The result of sealing or revealing.

    Attributes:
        forecast: the forecast's id.
        path: the forecast file, relative to the book.
        commitment: the commitment.
        record: the private record's path.
    """

    forecast: str
    path: str
    commitment: str
    record: Path


@attrs.frozen
class _Span:
    start: int
    end: int
    indent: int
    flow: bool
    whole_file: bool


def seal_forecast(book: str | Path, forecast_id: str, *, dry_run: bool = False) -> Sealed:
    """Replace a forecast by its commitment; keep its text and salt in a private record.

    Raises:
        SealError: no such forecast, already sealed or revealed, an entry foretell cannot
            edit, or a change that would break the book.
    """
    from foretell.write import FileWrite, WriteRefusedError, apply_writes  # noqa: PLC0415

    root = Path(book)
    forecast = _valid_forecast(root, forecast_id)
    if forecast.location is None:  # pragma: no cover - the loader always locates entries
        raise SealError(f"cannot find forecast '{forecast_id}' in the book's files")
    relative = forecast.location.path
    try:
        text = read_regular_file(root / relative).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SealError(f"{relative} cannot be read: {error}") from None
    span = _span(text, forecast_id, relative)
    entry_text = text[span.start : span.end]
    if _has_key(text, relative, forecast_id, "revealed"):
        raise SealError(
            f"forecast '{forecast_id}' was revealed already; a revealed forecast stays public"
        )
    salt = new_salt()
    sealed = commitment(salt, canonical_forecast(forecast))
    stub = _stub(forecast_id, sealed, span, text)
    after = text[: span.start] + stub + text[span.end :]
    # The reveal must reproduce the commitment: check it now, before anything is written.
    restored = (
        text[: span.start] + _revealed_text(entry_text, span, sealed, salt) + text[span.end :]
    )
    _check_reveal(root, relative, restored, forecast_id, sealed, salt)

    record = root / SEALS_FOLDER / f"{forecast_id}.json"
    data = {
        "format": "foretell-seal-1",
        "id": forecast_id,
        "file": relative,
        "commitment": sealed,
        "salt": salt,
        "text": entry_text,
    }
    if not dry_run:
        _write_record(root, record, data)
    try:
        apply_writes(root, lambda _: [FileWrite(relative, text, after)], dry_run=dry_run)
    except WriteRefusedError as error:
        raise SealError(f"{error}: " + "; ".join(map(str, error.problems))) from None
    return Sealed(forecast_id, relative, sealed, record)


def reveal_forecast(book: str | Path, forecast_id: str, *, dry_run: bool = False) -> Sealed:
    """Restore a sealed forecast from its private record, with the salt that proves it.

    Raises:
        SealError: no such sealed forecast, no or a damaged record, a record for another
            commitment, or a revealed text that would not match the commitment.
    """
    from foretell.write import FileWrite, WriteRefusedError, apply_writes  # noqa: PLC0415

    root = Path(book)
    reading = read_book(root)
    sealed = {s.id: s for s in reading.book.sealed}
    entry = sealed.get(forecast_id)
    if entry is None or entry.location is None:
        hint = did_you_mean(forecast_id, sealed) or (
            "sealed forecasts: " + ", ".join(sorted(sealed)) if sealed else "none is sealed"
        )
        raise SealError(f"no sealed forecast has the id '{forecast_id}'; {hint}")
    record_path = root / SEALS_FOLDER / f"{forecast_id}.json"
    record = _read_record(record_path, forecast_id)
    if record["commitment"] != entry.commitment:
        raise SealError(
            f"{record_path} holds the seal {record['commitment']}, but the book's forecast "
            f"'{forecast_id}' is sealed as {entry.commitment}; this record cannot reveal it"
        )
    relative = entry.location.path
    text = (root / relative).read_text(encoding="utf-8")
    span = _span(text, forecast_id, relative)
    original = record["text"]
    original_span = _original_span(original, span)
    revealed = _revealed_text(original, original_span, entry.commitment, record["salt"])
    after = text[: span.start] + revealed + text[span.end :]
    _check_reveal(root, relative, after, forecast_id, entry.commitment, record["salt"])
    try:
        apply_writes(root, lambda _: [FileWrite(relative, text, after)], dry_run=dry_run)
    except WriteRefusedError as error:
        raise SealError(f"{error}: " + "; ".join(map(str, error.problems))) from None
    return Sealed(forecast_id, relative, entry.commitment, record_path)


def _valid_forecast(root: Path, forecast_id: str) -> Forecast:
    reading = read_book(root)
    if any(s.id == forecast_id for s in reading.book.sealed):
        raise SealError(f"forecast '{forecast_id}' is sealed already")
    locations = reading.forecast_ids.get(forecast_id, ())
    if not locations:
        hint = (
            did_you_mean(forecast_id, reading.forecast_ids)
            or "the book's status lists its forecasts"
        )
        raise SealError(f"no forecast has the id '{forecast_id}'; {hint}")
    if len(locations) > 1:
        raise SealError(f"the id '{forecast_id}' is used by {len(locations)} forecasts")
    if not reading.book.has_forecast(forecast_id):
        raise SealError(
            f"forecast '{forecast_id}' has errors (a check of the book lists them); fix them first"
        )
    return reading.book.forecast(forecast_id)


def _span(text: str, forecast_id: str, relative: str) -> _Span:
    """Where a forecast's entry is in a file's text."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)  # nodes only: nothing is constructed
    except yaml.YAMLError as error:
        raise SealError(f"{relative}: cannot read the file: {error}") from None
    if not isinstance(node, yaml.MappingNode):
        raise SealError(f"{relative}: the file is not a mapping")
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "forecasts":
            if not isinstance(value, yaml.SequenceNode):
                break
            for item in value.value:
                if isinstance(item, yaml.MappingNode) and _id_of(item) == forecast_id:
                    return _item_span(text, item)
            break
    else:
        if node.flow_style:
            raise SealError(
                f"{relative}: write the forecast in block style (one key per line) to seal it"
            )
        modeline = _MODELINE.match(text)
        start = len(modeline.group(1)) if modeline else 0
        return _Span(start, len(text), 0, flow=False, whole_file=True)
    raise SealError(f"cannot find forecast '{forecast_id}' in {relative}")


def _item_span(text: str, item: yaml.MappingNode) -> _Span:
    start, end = item.start_mark.index, item.end_mark.index
    if item.flow_style:
        return _Span(start, end, item.start_mark.column, flow=True, whole_file=False)
    last_newline = text.rfind("\n", start, end)
    if last_newline >= 0:
        end = last_newline + 1
    return _Span(start, end, item.start_mark.column, flow=False, whole_file=False)


def _original_span(original: str, where: _Span) -> _Span:
    """The layout of the original entry text (flow or block) where it goes back."""
    flow = original.lstrip().startswith("{")
    return _Span(0, len(original), where.indent, flow=flow, whole_file=where.whole_file)


def _id_of(item: yaml.MappingNode) -> str | None:
    for key, value in item.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "id":
            return value.value if isinstance(value, yaml.ScalarNode) else None
    return None


def _has_key(text: str, relative: str, forecast_id: str, key: str) -> bool:
    """Whether the forecast's entry in the file's text has ``key``."""
    data = parse_yaml(text, relative).data
    stem = relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return any(
        key in entry for entry_id, entry in forecast_entries(data, stem) if entry_id == forecast_id
    )


def _stub(forecast_id: str, sealed: str, span: _Span, text: str) -> str:
    if span.flow:
        return f"{{id: {forecast_id}, sealed: '{sealed}'}}"
    indent = " " * span.indent
    stub = f"id: {forecast_id}\n{indent}sealed: '{sealed}'\n"
    if span.whole_file and not text[: span.start]:
        stub = "# A sealed forecast (foretell seal): revealed later with foretell reveal.\n" + stub
    return stub


def _revealed_text(original: str, span: _Span, sealed: str, salt: str) -> str:
    """The original entry text with ``revealed: {commitment, salt}`` added."""
    value = f"{{commitment: '{sealed}', salt: '{salt}'}}"
    if span.flow:
        opening = original.index("{") + 1
        return original[:opening] + f"revealed: {value}, " + original[opening:]
    body = original if original.endswith("\n") else original + "\n"
    return body + " " * span.indent + f"revealed: {value}\n"


def _check_reveal(  # noqa: PLR0917 - the change and the seal to check it against
    root: Path, relative: str, text: str, forecast_id: str, sealed: str, salt: str
) -> None:
    """Refuse unless the file's new text gives a forecast that matches the commitment."""
    reading = read_book(root, overlay={relative: text})
    if not reading.book.has_forecast(forecast_id):
        problems = [str(p) for p in reading.problems if p.is_error and p.location.path == relative]
        raise SealError(
            f"the restored forecast '{forecast_id}' would not read back: "
            + ("; ".join(problems) or "unknown reason")
        )
    forecast = reading.book.forecast(forecast_id)
    if not verify(sealed, salt, canonical_forecast(forecast)):
        raise SealError(
            f"the restored forecast '{forecast_id}' does not match its commitment: the "
            f"defaults at the top of {relative} (forecaster, made, resolves, ...) or "
            "foretell.toml changed since it was sealed; put them back as they were, reveal, "
            "then change them"
        )


def _write_record(root: Path, record: Path, data: dict[str, Any]) -> None:
    from foretell.write.atomic import stays_inside  # noqa: PLC0415

    folder = root / SEALS_FOLDER
    ignore = folder / ".gitignore"
    for path in (ignore, record):
        if not stays_inside(root, path):
            raise SealError(
                f"{path} is a symbolic link or leads outside the book through one; foretell "
                "keeps seal records only inside the book: remove the link"
            )
    folder.mkdir(parents=True, exist_ok=True)
    if not ignore.exists():
        write_atomically(ignore, _IGNORE_ALL)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomically(record, text)
    if json.loads(record.read_text(encoding="utf-8")) != data:  # pragma: no cover - disk fault
        raise SealError(f"{record} did not read back as written; nothing was sealed")


def _read_record(path: Path, forecast_id: str) -> dict[str, str]:
    try:
        data = json.loads(read_regular_file(path).decode("utf-8"))
    except FileNotFoundError:
        raise SealError(
            f"no private record {path}: only the copy of the book where the forecast was "
            "sealed can reveal it"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SealError(f"{path} cannot be read: {error}") from None
    keys = ("id", "file", "commitment", "salt", "text")
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in keys):
        raise SealError(f"{path} is not a seal record (it needs {', '.join(keys)})")
    if data["id"] != forecast_id:
        raise SealError(f"{path} is the record of '{data['id']}', not of '{forecast_id}'")
    return {k: data[k] for k in keys}
