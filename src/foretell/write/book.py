"""Changing a book: plan the new files, check the book as it would be, then write atomically.

Every public function here follows one cycle, under the book's write lock
(:func:`~foretell.write.lock.book_lock`):

1. read the files concerned as they are now on disk;
2. compute their new text (insertions into existing files, see :mod:`foretell.write.yamltext`);
3. read and check the whole book as it would be after the change (the new texts stand in for
   the files on disk) and refuse, with :class:`WriteRefusedError`, if the change brings in an error
   the book did not have before (errors already in the book do not block unrelated changes);
4. write each file atomically (:func:`~foretell.write.atomic.replace_file`).

With ``dry_run=True`` the cycle stops after step 3 and nothing is written: the returned
:class:`FileWrite` values show the change (``diff``) so that a command can ask for confirmation.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import attrs
import yaml

from foretell.files import FileRefusedError, read_regular_file
from foretell.problems import ForetellError, Problem
from foretell.write.atomic import remove_stale_temporaries, replace_file, stays_inside
from foretell.write.lock import book_lock
from foretell.write.yamltext import (
    NodePath,
    UneditableFileError,
    add_key,
    append_to_list,
    dump_document,
)

__all__ = [
    "FileWrite",
    "WriteRefusedError",
    "add_prediction",
    "append_forecast",
    "apply_writes",
    "modeline",
    "write_evidence",
    "write_new_file",
    "write_new_files",
]

FORECASTS_FOLDER = "forecasts"
EVIDENCE_FOLDER = "evidence"
#: Where a book keeps its JSON Schemas, searched in this order for the editor modeline.
SCHEMA_FOLDERS = ("schema", "docs/schema")


@attrs.frozen
class FileWrite:
    """One file's change.

    Attributes:
        path: the file, relative to the book, with forward slashes.
        before: its text before the change; ``None`` for a new file.
        after: its text after the change.
    """

    path: str
    before: str | None
    after: str

    @property
    def diff(self) -> str:
        """The change as a unified diff (what ``git diff`` would show)."""
        old = (self.before or "").splitlines(keepends=True)
        new = self.after.splitlines(keepends=True)
        origin = f"a/{self.path}" if self.before is not None else "/dev/null"
        return "".join(difflib.unified_diff(old, new, origin, f"b/{self.path}"))

    @property
    def added_lines(self) -> list[str]:
        """The lines the change adds (for a new file, all of them)."""
        return [
            line[1:]
            for line in self.diff.splitlines()
            if line.startswith("+") and not line.startswith("+++")
        ]


class WriteRefusedError(ForetellError):
    """The change would break the book or a file; nothing was written.

    Attributes:
        problems: the errors the change would bring in, located in the files as they would be
            (empty when the reason is not a problem of the book, e.g. a file that exists).
    """

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


#: Plans a change from the book's folder: returns each file's new text (``None``: unchanged).
Planner = Callable[[Path], Iterable[FileWrite]]


def apply_writes(root: str | Path, planner: Planner, *, dry_run: bool = False) -> list[FileWrite]:
    """Run the plan-check-write cycle for any change; the other functions are built on it.

    Args:
        root: the book's folder.
        planner: called under the lock with the book's folder; returns the files to write, each
            with the text it has now (``before``, ``None`` for a new file) and its new text.
        dry_run: plan and check only; write nothing.

    Returns:
        The files written (or that would be written).

    Raises:
        WriteRefusedError: the change would bring new errors into the book, a new file exists
            already, or a file changed on disk in a way the plan did not expect.
        BookLockedError: another command kept the book locked too long.
        OSError: writing failed (no space, no permission); the file is left as it was.
    """
    book = Path(root)
    with book_lock(book):
        writes = list(planner(book))
        _check_paths(book, writes)
        _check_book_after(book, writes)
        if dry_run:
            return writes
        for write in writes:
            target = book / write.path
            remove_stale_temporaries(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_file(target, write.after.encode("utf-8"), create=write.before is None)
    return writes


def append_forecast(
    root: str | Path,
    forecast: Mapping[str, Any],
    *,
    file: str | None = None,
    dry_run: bool = False,
) -> FileWrite:
    """Append a forecast to a forecast file of the book, or start a new file with it.

    Args:
        root: the book's folder.
        forecast: the forecast's keys in the order to write them (``id``, ``question``,
            ``resolves``, ``criteria``, ``probability`` or ``predictions``, ...), as in
            ``docs/format.md``; dates as :class:`datetime.date`, times of day as aware
            :class:`datetime.datetime`.
        file: the file, relative to the book (default ``forecasts/ID.yaml``). An existing file
            must hold a ``forecasts:`` list; the forecast takes the file's defaults as a
            hand-written entry would.
        dry_run: plan and check only.

    Raises:
        WriteRefusedError: see :func:`apply_writes`; also when the file holds a single forecast.
    """
    if file is None:
        file = f"{FORECASTS_FOLDER}/{forecast['id']}.yaml"

    def plan(book: Path) -> list[FileWrite]:
        relative = _relative(book, file, FORECASTS_FOLDER)
        before = _read_text(book, relative)
        if before is None or not before.strip() or _only_comments(before):
            header = before if before else modeline(book, relative, "forecasts")
            after = header + dump_document({"forecasts": [dict(forecast)]})
            return [FileWrite(relative, before, after)]
        data = _safe_data(before, relative)
        if not isinstance(data, dict) or "forecasts" not in data:
            raise WriteRefusedError(
                f"{relative} holds a single forecast, not a 'forecasts:' list; add the new "
                "forecast to another file (--file) or to a file with a list"
            )
        return [
            FileWrite(
                relative,
                before,
                _edit(relative, append_to_list, before, ("forecasts",), dict(forecast)),
            )
        ]

    return apply_writes(root, plan, dry_run=dry_run)[0]


def add_prediction(
    root: str | Path,
    forecast_id: str,
    prediction: Mapping[str, Any],
    *,
    dry_run: bool = False,
) -> FileWrite:
    """Add a prediction (``by``, ``made``, ``probability``, ``note``) to an existing forecast.

    The prediction goes into the forecast's ``predictions:`` list, in the style of the list's
    last entry, or into a new ``predictions:`` list after the forecast's last key.

    Raises:
        WriteRefusedError: no forecast has this id, or see :func:`apply_writes`.
    """

    def plan(book: Path) -> list[FileWrite]:
        relative, path = find_forecast(book, forecast_id)
        before = _read_text(book, relative)
        assert before is not None  # found just now, under the lock
        entry = _node_at(before, path)
        item = dict(prediction)
        if isinstance(entry, dict) and "predictions" in entry:
            after = _edit(relative, append_to_list, before, (*path, "predictions"), item)
        else:
            after = _edit(relative, add_key, before, path, "predictions", [item])
        return [FileWrite(relative, before, after)]

    return apply_writes(root, plan, dry_run=dry_run)[0]


def write_evidence(
    root: str | Path,
    evidence: Mapping[str, Any],
    *,
    file: str | None = None,
    dry_run: bool = False,
) -> FileWrite:
    """Write an evidence record to a new file (one file per event).

    Args:
        root: the book's folder.
        evidence: the record's keys (``id``, ``observed``, ``summary``, ``source`` or
            ``sources``, ``resolves``, ``supersedes``, ``note``). The ``id`` is left out of the
            file when it is the file's name (the default).
        file: the new file, relative to the book (default ``evidence/ID.yaml``).
        dry_run: plan and check only.

    Raises:
        WriteRefusedError: the file exists, or see :func:`apply_writes`.
    """
    record = dict(evidence)
    if file is None:
        file = f"{EVIDENCE_FOLDER}/{record['id']}.yaml"
    if PurePosixPath(file).stem == record.get("id"):
        record.pop("id")
    return write_new_file(root, file, record, dry_run=dry_run)


def write_new_file(
    root: str | Path,
    path: str,
    data: Mapping[str, Any] | str,
    *,
    header: str | None = None,
    dry_run: bool = False,
) -> FileWrite:
    """Write a whole new file of the book; an existing file is never replaced.

    Args:
        root: the book's folder.
        path: the file, relative to the book (``forecasts/...`` or ``evidence/...`` get the
            editor modeline of their kind).
        data: the document (written in foretell's house style), or the complete text.
        header: comment lines to put first (default: the modeline, for a mapping).
        dry_run: plan and check only.
    """
    return write_new_files(root, {path: data}, header=header, dry_run=dry_run)[0]


def write_new_files(
    root: str | Path,
    files: Mapping[str, Mapping[str, Any] | str],
    *,
    header: str | None = None,
    dry_run: bool = False,
) -> list[FileWrite]:
    """Write several new files, checked together as one change (an importer's whole book).

    Each file is written atomically; the set is checked before the first is written, so a
    refused change writes none of them. A failure of the disk part-way can leave some written.
    """

    def plan(book: Path) -> list[FileWrite]:
        writes = []
        for path, data in files.items():
            relative = _relative(book, path, None)
            if (book / relative).exists() or (book / relative).is_symlink():
                raise WriteRefusedError(f"{relative} exists already; foretell does not replace it")
            if isinstance(data, str):
                text = data
            else:
                kind = _kind(relative)
                top = header if header is not None else modeline(book, relative, kind)
                text = dump_document(data, header=top)
            writes.append(FileWrite(relative, None, text))
        return writes

    return apply_writes(root, plan, dry_run=dry_run)


# -- finding things -----------------------------------------------------------------------------


def find_forecast(root: Path, forecast_id: str) -> tuple[str, NodePath]:
    """The file holding a forecast and the path of its entry in that file.

    Raises:
        WriteRefusedError: no forecast of the book has this id, or several have.
    """
    from foretell.load import read_book  # noqa: PLC0415 - avoid an import cycle at start-up

    reading = read_book(root)
    locations = reading.forecast_ids.get(forecast_id, ())
    if not locations:
        from foretell.suggest import did_you_mean  # noqa: PLC0415

        hint = did_you_mean(forecast_id, reading.forecast_ids) or "foretell status lists them"
        raise WriteRefusedError(f"no forecast has the id '{forecast_id}'; {hint}")
    if len(locations) > 1:
        raise WriteRefusedError(
            f"the id '{forecast_id}' is used by {len(locations)} forecasts "
            f"({', '.join(str(x) for x in locations)}); make the ids unique first"
        )
    relative = locations[0].path
    text = _read_text(root, relative) or ""
    data = _safe_data(text, relative)
    if isinstance(data, dict) and isinstance(data.get("forecasts"), list):
        for index, entry in enumerate(data["forecasts"]):
            if isinstance(entry, dict) and str(entry.get("id")) == forecast_id:
                return relative, ("forecasts", index)
    if isinstance(data, dict) and "forecasts" not in data:
        return relative, ()
    raise WriteRefusedError(  # pragma: no cover - the loader found it there
        f"cannot find forecast '{forecast_id}' in {relative}"
    )


def modeline(root: Path, relative: str, kind: str | None) -> str:
    """The yaml-language-server modeline for a new file of ``kind`` at ``relative``.

    It points at the book's copy of the JSON Schema (``schema/`` or ``docs/schema/``), relative
    to the file's folder, so that completion works wherever the book is; empty when the book
    has no copy (``foretell schema`` prints the schemas).
    """
    if kind is None:
        return ""
    for folder in SCHEMA_FOLDERS:
        schema = root / folder / f"{kind}.schema.json"
        if schema.is_file():
            parent = (root / relative).parent
            target = os.path.relpath(schema, parent).replace(os.sep, "/")
            return f"# yaml-language-server: $schema={target}\n"
    return ""


# -- helpers --------------------------------------------------------------------------------------


def _edit(relative: str, function: Callable[..., str], *args: Any) -> str:
    try:
        return function(*args)
    except UneditableFileError as error:
        raise WriteRefusedError(f"{relative}: {error}") from None


def _check_book_after(root: Path, writes: list[FileWrite]) -> None:
    """Refuse the writes if the book as it would be has errors it does not have now."""
    from foretell.check import check_reading  # noqa: PLC0415 - import cycle
    from foretell.load import read_book  # noqa: PLC0415

    overlay = {write.path: write.after for write in writes}
    after = [p for p in check_reading(read_book(root, overlay=overlay)) if p.is_error]
    if not after:
        return
    before = Counter(_key(p) for p in check_reading(read_book(root)) if p.is_error)
    new: list[Problem] = []
    for problem in after:
        key = _key(problem)
        if before[key] > 0:
            before[key] -= 1
        else:
            new.append(problem)
    if new:
        raise WriteRefusedError(
            f"the change would bring {len(new)} error{'' if len(new) == 1 else 's'} into the "
            "book; nothing was written",
            new,
        )


def _key(problem: Problem) -> tuple[str, str, str]:
    # Lines move when lines are added above a problem: compare by file, code and message.
    return (problem.location.path, problem.code, problem.message)


def _check_paths(root: Path, writes: list[FileWrite]) -> None:
    """Refuse the whole change, before anything is written, if one target is not fit: a new
    file that exists, a link, a folder on the way that leads out of the book, or an existing
    target that is not a regular file."""
    for write in writes:
        target = root / write.path
        if write.before is None and (target.exists() or target.is_symlink()):
            raise WriteRefusedError(f"{write.path} exists already; foretell does not replace it")
        if not stays_inside(root, target):
            raise WriteRefusedError(
                f"{write.path} is a symbolic link or leads outside the book through one; "
                "foretell writes only the book's own regular files: replace the link with "
                "the file, or remove it"
            )
        if target.exists() and not target.is_file():
            raise WriteRefusedError(
                f"{write.path} is not a regular file; foretell does not write it"
            )


def _relative(root: Path, path: str, folder: str | None) -> str:
    """A path given by a user, as a clean path inside the book (forward slashes).

    Relative paths are taken from the book's folder; absolute ones must lie inside it.
    """
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(root.resolve())
        except ValueError:
            raise WriteRefusedError(f"{path} is not inside the book {root}") from None
    parts = PurePosixPath(candidate.as_posix()).parts
    if not parts or any(part in ("..", "") for part in parts) or parts[0] == "/":
        raise WriteRefusedError(f"{path} is not a path inside the book")
    if any(part.startswith(".") for part in parts):
        raise WriteRefusedError(f"{path}: foretell does not read hidden files or folders")
    if not parts[-1].endswith((".yaml", ".yml")):
        raise WriteRefusedError(f"{path}: a book's files end in .yaml")
    if folder is not None and parts[0] != folder:
        raise WriteRefusedError(f"{path}: this file belongs under {folder}/")
    if parts[0] not in (FORECASTS_FOLDER, EVIDENCE_FOLDER):
        raise WriteRefusedError(f"{path}: a book's YAML files live under forecasts/ or evidence/")
    resolved = (root / Path(*parts)).resolve()
    try:
        resolved.relative_to(root.resolve())
    except ValueError:
        raise WriteRefusedError(f"{path} leads outside the book (a symbolic link?)") from None
    return "/".join(parts)


def _kind(relative: str) -> str | None:
    first = relative.split("/", 1)[0]
    return first if first in (FORECASTS_FOLDER, EVIDENCE_FOLDER) else None


def _read_text(root: Path, relative: str) -> str | None:
    path = root / relative
    if not path.exists():
        return None
    if not path.is_file() or path.is_symlink():
        raise WriteRefusedError(f"{relative} is not a regular file; foretell does not write to it")
    try:
        return read_regular_file(path).decode("utf-8")
    except FileRefusedError as error:
        raise WriteRefusedError(
            f"{relative} cannot be read: {error.reason}; foretell does not write to it"
        ) from None
    except UnicodeDecodeError:
        raise WriteRefusedError(f"{relative} is not UTF-8 text; fix it first") from None


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _safe_data(text: str, relative: str) -> Any:
    try:
        return yaml.load(text, Loader=_TextLoader)
    except yaml.YAMLError as error:
        first = str(error).strip().splitlines()[0]
        raise WriteRefusedError(f"{relative} is not valid YAML ({first}); fix it first") from None


def _node_at(text: str, path: NodePath) -> Any:
    node = _safe_data(text, "")
    for step in path:
        node = node[step]
    return node


class _TextLoader(yaml.SafeLoader):
    """PyYAML's safe loader, reading every scalar as text (only the shape matters here)."""


_TextLoader.yaml_implicit_resolvers = {}
