"""Auditing a book: git history in, findings and the record of every prediction out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pendulum

from foretell.audit.gitrepo import (
    Changes,
    GitError,
    Repository,
    changed_files,
    open_repository,
)
from foretell.audit.history import HistoryWalk, State
from foretell.audit.model import Commit, FileVersion, Finding, Kind, Signature
from foretell.audit.prefetch import HistoryPrefetch, read_history
from foretell.audit.rules import PredictionAudit, find
from foretell.audit.versions import is_book_file, read_version
from foretell.files import read_regular_file
from foretell.load import BookReading, paused_garbage_collection, read_book
from foretell.load.config import Config, read_config
from foretell.load.paths import walk_folders
from foretell.model import Prediction
from foretell.resolution import resolve

__all__ = ["DEFAULT_GRACE", "AuditResult", "audit_book", "audit_for_report", "parse_grace"]

#: People commit a little after they write: how long after ``made`` a first commit is fine.
DEFAULT_GRACE = dt.timedelta(days=2)

_GRACE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(d|days?|h|hours?|w|weeks?|m|min|minutes?)?\s*", re.I)


def parse_grace(text: str) -> dt.timedelta:
    """A grace period such as ``2d``, ``36h``, ``1w`` or ``0`` (a bare number is days).

    Raises:
        ValueError: when the text is not such a duration.
    """
    match = _GRACE.fullmatch(text)
    if match is None:
        raise ValueError(f"invalid duration {text!r}: write e.g. 2d, 36h, 1w or 0")
    amount = float(match.group(1))
    unit = (match.group(2) or "d").lower()
    if unit.startswith("h"):
        return dt.timedelta(hours=amount)
    if unit.startswith("w"):
        return dt.timedelta(weeks=amount)
    if unit.startswith("m"):
        return dt.timedelta(minutes=amount)
    return dt.timedelta(days=amount)


@attrs.frozen
class AuditResult:
    """What the audit found.

    Attributes:
        findings: every finding, ordered by file and line.
        predictions: the audit of every prediction of the book (working tree).
        commits: how many commits changed the book's files.
        signatures: how many of those commits have each signature status.
        as_of: the last day of history used (``None``: all of it, and the working tree).
    """

    findings: tuple[Finding, ...]
    predictions: tuple[PredictionAudit, ...]
    commits: int
    signatures: Mapping[str, int]
    as_of: pendulum.Date | None = None
    _index: Mapping[tuple[str, int], PredictionAudit] = attrs.field(
        init=False, eq=False, repr=False
    )
    _by_forecast: Mapping[str, tuple[PredictionAudit, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        index = {(p.forecast, p.index): p for p in self.predictions}
        object.__setattr__(self, "_index", index)
        by_forecast: dict[str, list[PredictionAudit]] = {}
        for audit in self.predictions:
            by_forecast.setdefault(audit.forecast, []).append(audit)
        object.__setattr__(self, "_by_forecast", {k: tuple(v) for k, v in by_forecast.items()})

    def prediction(self, forecast_id: str, index: int) -> PredictionAudit | None:
        """The audit of the ``index``-th prediction of a forecast, if the audit saw it."""
        return self._index.get((forecast_id, index))

    def prediction_of(self, forecast_id: str, prediction: Prediction) -> PredictionAudit | None:
        """The audit of a prediction of the book, found by its forecast, forecaster and date."""
        for audit in self._by_forecast.get(forecast_id, ()):
            if audit.by == prediction.by and audit.made == prediction.made:
                return audit
        return None

    def failing(self, kinds: frozenset[Kind]) -> bool:
        """Whether any finding is of one of these kinds."""
        return any(f.kind in kinds for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """``{"findings": [...], "summary": {...}}``, as ``foretell audit --format json``."""
        counts = {kind.value: 0 for kind in Kind}
        for finding in self.findings:
            counts[finding.kind.value] += 1
        return {
            "findings": [finding.to_json() for finding in self.findings],
            "summary": {
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "commits": self.commits,
                "signatures": dict(self.signatures),
                "predictions": len(self.predictions),
                "recorded": sum(p.first is not None for p in self.predictions),
                "findings": counts,
            },
        }


def audit_book(
    book: str | Path,
    *,
    grace: dt.timedelta = DEFAULT_GRACE,
    as_of: pendulum.Date | None = None,
    since: str | None = None,
    reading: BookReading | None = None,
    today: pendulum.Date | None = None,
    repository: Repository | None = None,
    prefetch: HistoryPrefetch | None = None,
) -> AuditResult:
    """Check every prediction and evidence record of a book against its git history.

    Args:
        book: the book's folder, anywhere inside a git work tree.
        grace: how long after a prediction's ``made`` day its first commit may come.
        as_of: use only commits made on or before this day (committer's calendar); the book's
            files as they are now are compared with the history up to then. Questions are
            resolved as of this day.
        since: report only findings about commits after this revision (and uncommitted
            changes); the whole history is still read to know when each entry began.
        reading: the book as already read (saves reading it again).
        today: the day to resolve on when ``as_of`` is not given (default: today, UTC).
        repository: the book's repository as already opened (saves running git again).
        prefetch: the book's repository and history, read on a thread started earlier.

    Raises:
        GitError: when there is no git, no repository, a shallow clone or an unknown --since.
    """
    root = Path(book)
    if repository is None:
        repository = prefetch.repository() if prefetch else open_repository(root)
    if reading is None:
        reading = read_book(root)
    config = read_config(root)

    with paused_garbage_collection():  # many small objects, no cycles
        walk, head = _walk_history(repository, config, as_of, prefetch)
    working = _working_tree_changes(repository, root, head, config)
    commits_seen = len(walk.commits)
    now = dt.datetime.now(dt.UTC)
    parent = (walk.last_commit,) if walk.last_commit else ()
    walk.apply(Commit("", parent, "", "", now), walk.head, working)

    day = as_of or today or pendulum.today("UTC").date()
    resolutions = {r.forecast.id: r for r in resolve(reading.book, day)}
    findings, audits = find(walk, walk.head, resolutions, grace=grace)
    if since is not None:
        after = repository.commits_since(since)
        findings = [
            f
            for f in findings
            if f.kind is Kind.NOT_YET_RECORDED or not f.commits or f.commits[-1].id in after
        ]
    signatures = {status.value: 0 for status in Signature}
    for commit in walk.commits:
        signatures[commit.signature.value] += 1
    return AuditResult(
        findings=tuple(findings),
        predictions=tuple(audits),
        commits=commits_seen,
        signatures=signatures,
        as_of=as_of,
    )


def audit_for_report(
    book: Path,
    *,
    wanted: bool | None,
    as_of: pendulum.Date,
    reading: BookReading | None = None,
    prefetch: HistoryPrefetch | None = None,
) -> tuple[AuditResult | None, str | None]:
    """The audit a report shows, and a warning to print when it cannot be had.

    Args:
        book: the book's folder.
        wanted: ``True`` to require the audit, ``False`` for none, ``None`` for the default:
            audit when the book's folder is the top of a git work tree (a book that *is* a
            repository), say nothing otherwise.
        as_of: the report's day; only history up to it is used.
        reading: the book as already read.
        prefetch: the book's git history, read on a thread started earlier
            (:class:`~foretell.audit.prefetch.HistoryPrefetch`).

    Raises:
        GitError: when ``wanted`` is ``True`` and the history cannot be read.
    """
    if wanted is False:
        return None, None
    repository = None
    if wanted is None:
        try:
            repository = prefetch.repository() if prefetch else open_repository(book)
        except GitError as error:
            if "shallow" in error.message:
                return None, f"no audit in the report: {error.message}"
            return None, None
        if repository.prefix:
            return None, None
    result = audit_book(
        book, as_of=as_of, reading=reading, repository=repository, prefetch=prefetch
    )
    return result, None


class _Walk(HistoryWalk):
    """A history walk that remembers its commits."""

    def __init__(self) -> None:
        super().__init__()
        self.commits: list[Commit] = []
        self.last_commit = ""


def _walk_history(
    repository: Repository,
    config: Config,
    as_of: pendulum.Date | None,
    prefetch: HistoryPrefetch | None = None,
) -> tuple[_Walk, dict[str, str]]:
    """Walk the history; returns the walk and the book's files at its end (path → blob)."""
    walk, versions = _walk_once(repository, config, as_of, prefetch)
    if as_of is not None:
        return walk, _files_of(walk.head, versions)
    return walk, {p: b for p, b in repository.tree().items() if is_book_file(p)}


def _walk_once(
    repository: Repository,
    config: Config,
    as_of: pendulum.Date | None,
    prefetch: HistoryPrefetch | None = None,
) -> tuple[_Walk, dict[tuple[str, str], FileVersion]]:
    """One walk through the log; returns it and the version read for each blob id."""
    if prefetch is not None:
        whole_log, blobs = prefetch.history()
        log = [(c, changes) for c, changes in whole_log if as_of is None or c.day <= as_of]
    else:
        log, blobs = read_history(repository, as_of)
    versions: dict[tuple[str, str], FileVersion] = {}
    steps: list[tuple[Commit, Mapping[str, FileVersion | None]]] = []
    for commit, changes in log:
        step: dict[str, FileVersion | None] = {}
        for path, blob in changes.items():
            if blob is None:
                step[path] = None
                continue
            # Keyed by path too: an entry's id and location depend on its file's name.
            found = versions.get((path, blob))
            if found is None:
                raw = blobs.get(blob)
                found = versions[path, blob] = (
                    read_version(raw, path, config)
                    if raw is not None
                    else FileVersion(unreadable=None)
                )
            step[path] = found
        steps.append((commit, step))
    walk = _Walk()
    walk.walk(steps)
    walk.commits = [commit for commit, changes in log if changes]
    walk.last_commit = log[-1][0].id if log else ""
    return walk, versions


def _files_of(state: State, versions: Mapping[tuple[str, str], FileVersion]) -> dict[str, str]:
    by_identity = {id(version): blob for (_, blob), version in versions.items()}
    return {
        path: by_identity.get(id(version), "")
        for path, version in state.files.items()
        if id(version) in by_identity
    }


def _working_tree_changes(
    repository: Repository, root: Path, head: Mapping[str, str], config: Config
) -> Mapping[str, FileVersion | None]:
    """The book's files that differ on disk from the end of the history walked."""
    on_disk: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    for folder in ("forecasts", "evidence"):
        for directory, subdirectories, names in walk_folders(root / folder):
            subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
            relative_directory = Path(directory).relative_to(root).as_posix()
            for name in names:
                relative = f"{relative_directory}/{name}"
                if not is_book_file(relative):
                    continue
                path = Path(directory, name)
                if path.is_symlink():
                    continue
                try:
                    raw = read_regular_file(path)
                except OSError:  # refused (not a regular file, too large) or unreadable
                    continue
                blob = repository.blob_id(raw)
                on_disk[relative] = blob
                if head.get(relative) != blob:
                    contents[relative] = raw
    changes: Changes = changed_files(head, on_disk)
    return {
        path: None if blob is None else read_version(contents[path], path, config)
        for path, blob in changes.items()
    }
