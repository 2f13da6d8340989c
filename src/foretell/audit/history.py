"""Following every entry of a book through its history: the pure core of the audit.

:class:`HistoryWalk` takes the commits of a book in topological order (parents first), each
with the book files it changed against its first parent, and follows each entry **by id**, not by
path, so that renames and moves between folders are no events. For every prediction it keeps a
*record*: the commit that first held it, and every later commit that changed a followed field.

How a version of a forecast is compared with its parents:

* A field (or a prediction) that equals its value in **any** parent is unchanged: a merge that
  takes one side's version changes nothing, and a change made on a branch is reported once, at
  the commit that made it, not again at the merge.
* Predictions are matched to their parents' in three passes: the same forecaster, date and
  probability (unchanged); the same forecaster and date (probability changed); the same
  forecaster, in file order (date changed). What is left is new, first recorded by this commit.
* A forecast or record deleted and later re-added (a move done in two commits) is matched with
  its last version before the deletion, so it keeps its first commit.
* A sealed forecast keeps the commit that first recorded its commitment; when it is revealed and
  the revealed text hashes to that commitment, its predictions count as recorded by that commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import attrs

from foretell.audit.model import (
    EVIDENCE_FIELDS,
    FORECAST_FIELDS,
    Change,
    Commit,
    EvidenceVersion,
    FileVersion,
    ForecastVersion,
    PredictionVersion,
)

__all__ = [
    "EvidenceRecord",
    "ForecastRecord",
    "HistoryWalk",
    "PredictionRecord",
    "SealEvent",
    "State",
]


@attrs.define(eq=False)
class PredictionRecord:
    """The life of one prediction through the history.

    Attributes:
        forecast: the forecast's id.
        by: the forecaster.
        first: the commit that first recorded it (for a revealed forecast whose seal holds, the
            commit that first recorded the seal).
        first_version: the prediction as first recorded.
        changes: later changes to its probability or date.
        removed_by: the last commit that deleted it, if one did.
    """

    forecast: str
    by: str
    first: Commit
    first_version: PredictionVersion
    changes: list[Change] = attrs.Factory(list)
    removed_by: Commit | None = None


@attrs.define(eq=False)
class SealEvent:
    """A reveal whose text does not match a seal, or that names a seal never recorded."""

    commit: Commit
    commitment: str
    reason: str


@attrs.define(eq=False)
class ForecastRecord:
    """The life of one forecast (by id) through the history."""

    id: str
    first: Commit
    changes: list[Change] = attrs.Factory(list)
    removed_by: Commit | None = None
    sealed_at: dict[str, Commit] = attrs.Factory(dict)
    seal_events: list[SealEvent] = attrs.Factory(list)
    last_version: ForecastVersion | None = None


@attrs.define(eq=False)
class EvidenceRecord:
    """The life of one evidence record (by id) through the history."""

    id: str
    first: Commit
    changes: list[Change] = attrs.Factory(list)
    removed_by: Commit | None = None
    last_version: EvidenceVersion | None = None


@attrs.frozen
class ForecastState:
    """A forecast at one commit: its version and the record of each of its predictions.

    ``hidden`` keeps the predictions of a forecast sealed after it was published, so that its
    reveal is matched with them.
    """

    version: ForecastVersion
    predictions: tuple[PredictionRecord, ...]
    hidden: tuple[tuple[PredictionRecord, PredictionVersion], ...] = ()


@attrs.define(eq=False)
class State:
    """The book at one commit: its files, where each id is, and each entry's state."""

    files: dict[str, FileVersion] = attrs.Factory(dict)
    forecast_paths: dict[str, frozenset[str]] = attrs.Factory(dict)
    evidence_paths: dict[str, frozenset[str]] = attrs.Factory(dict)
    forecasts: dict[str, ForecastState] = attrs.Factory(dict)
    evidence: dict[str, EvidenceVersion] = attrs.Factory(dict)

    def copy(self) -> State:
        """A copy that can change without changing this one (values are immutable)."""
        return State(
            dict(self.files),
            dict(self.forecast_paths),
            dict(self.evidence_paths),
            dict(self.forecasts),
            dict(self.evidence),
        )


_UNKNOWN = object()


class HistoryWalk:
    """Follows entries through commits; feed it with :meth:`walk`, then read the records."""

    def __init__(self) -> None:
        self.forecasts: dict[str, ForecastRecord] = {}
        self.predictions: list[PredictionRecord] = []
        self.evidence: dict[str, EvidenceRecord] = {}
        self._forecast_graves: dict[str, ForecastState] = {}
        self._evidence_graves: dict[str, EvidenceVersion] = {}
        # Ids that appeared and disappeared in the commit being applied (renames of ids).
        self._created: list[tuple[str, bool]] = []
        self._removed: list[tuple[str, bool]] = []
        self.head: State = State()

    def walk(self, commits: Sequence[tuple[Commit, Mapping[str, FileVersion | None]]]) -> State:
        """Process commits, parents first; returns the state after the last one.

        Args:
            commits: each commit with the book files it changed against its first parent
                (path relative to the book → the new version, or ``None`` when deleted). A
                parent missing from the sequence counts as an empty book.
        """
        children: Counter[str] = Counter()
        for commit, _ in commits:
            children.update(set(commit.parents))
        states: dict[str, State] = {}
        last = self.head
        for commit, changes in commits:
            parents = [p for p in dict.fromkeys(commit.parents) if p in states]
            first = commit.parents[0] if commit.parents else None
            if first is not None and first in states:
                children[first] -= 1
                state = states.pop(first) if children[first] == 0 else states[first].copy()
            else:
                state = State()
            others = [states[p] for p in parents if p != first]
            self.apply(commit, state, changes, others)
            for parent in parents:
                if parent != first:
                    children[parent] -= 1
                    if children[parent] == 0:
                        del states[parent]
            if children[commit.id] > 0:
                states[commit.id] = state
            last = state
        self.head = last
        return last

    def apply(
        self,
        commit: Commit,
        state: State,
        changes: Mapping[str, FileVersion | None],
        others: Sequence[State] = (),
    ) -> None:
        """Apply one commit's file changes to ``state`` (its first parent's, copied)."""
        forecast_ids: set[str] = set()
        evidence_ids: set[str] = set()
        for path, new in changes.items():
            old = state.files.get(path)
            if new is not None and new.unreadable is None:
                if old is None:
                    state.files[path] = FileVersion()
                continue  # an unreadable version: keep what the file held before
            for version in (old, new):
                if version is not None:
                    forecast_ids.update(version.forecasts, version.unreadable or ())
                    evidence_ids.update(version.evidence)
                    if path.startswith("evidence/"):
                        evidence_ids.update(version.unreadable or ())
            _reindex(state, path, old, new)
        self._created, self._removed = [], []
        for forecast_id in sorted(forecast_ids):
            self._forecast(commit, state, forecast_id, others)
        for evidence_id in sorted(evidence_ids):
            self._evidence(commit, state, evidence_id, others)
        if self._created and self._removed:
            self._follow_renames(state)

    def _follow_renames(self, state: State) -> None:
        """Follow an entry whose id changed but not its content (a renamed one-entry file).

        An id taken from a file's name changes when the file is renamed; when a commit removes
        an entry and adds one with another id and otherwise the same content, the new id keeps
        the old one's records (first commit, changes, predictions).
        """
        removed = list(self._removed)
        for new_id, is_forecast in self._created:
            for old_id, was_forecast in removed:
                if is_forecast != was_forecast:
                    continue
                if is_forecast and self._rename_forecast(state, old_id, new_id):
                    removed.remove((old_id, was_forecast))
                    break
                if not is_forecast and self._rename_evidence(state, old_id, new_id):
                    removed.remove((old_id, was_forecast))
                    break

    def _rename_forecast(self, state: State, old_id: str, new_id: str) -> bool:
        grave = self._forecast_graves.get(old_id)
        current = state.forecasts.get(new_id)
        if grave is None or current is None:
            return False
        if attrs.evolve(grave.version, id=new_id) != current.version:
            return False
        fresh = {id(r) for r in current.predictions}
        self.predictions = [r for r in self.predictions if id(r) not in fresh]
        for record in grave.predictions:
            record.forecast = new_id
        record_ = self.forecasts.pop(old_id)
        record_.id = new_id
        record_.removed_by = None
        record_.last_version = current.version
        self.forecasts[new_id] = record_
        del self._forecast_graves[old_id]
        state.forecasts[new_id] = ForecastState(current.version, grave.predictions, grave.hidden)
        return True

    def _rename_evidence(self, state: State, old_id: str, new_id: str) -> bool:
        grave = self._evidence_graves.get(old_id)
        current = state.evidence.get(new_id)
        if grave is None or current is None or attrs.evolve(grave, id=new_id) != current:
            return False
        record = self.evidence.pop(old_id)
        record.id = new_id
        record.removed_by = None
        record.last_version = current
        self.evidence[new_id] = record
        del self._evidence_graves[old_id]
        return True

    # -- forecasts -----------------------------------------------------------------------

    def _forecast(
        self, commit: Commit, state: State, forecast_id: str, others: Sequence[State]
    ) -> None:
        current = _current(state, state.forecast_paths.get(forecast_id, ()), forecast_id, True)
        if current is _UNKNOWN:
            return
        previous = state.forecasts.get(forecast_id)
        if current is None:
            if previous is not None:
                self.forecasts[forecast_id].removed_by = commit
                self._forecast_graves[forecast_id] = previous
                del state.forecasts[forecast_id]
                self._removed.append((forecast_id, True))
            return
        assert isinstance(current, ForecastVersion)
        parents = [previous] + [o.forecasts.get(forecast_id) for o in others]
        known = [p for p in parents if p is not None]
        if not known and forecast_id in self._forecast_graves:
            known = [self._forecast_graves.pop(forecast_id)]
        found = self.forecasts.get(forecast_id)
        if found is None and not known:
            self._created.append((forecast_id, True))
        record = found if found is not None else ForecastRecord(forecast_id, commit)
        self.forecasts[forecast_id] = record
        record.last_version = current
        record.removed_by = None
        if current.sealed is not None:
            record.sealed_at.setdefault(current.sealed, commit)
            hidden = [h for p in known for h in _visible(p)]
            state.forecasts[forecast_id] = ForecastState(current, (), tuple(_unique(hidden)))
            return

        versions = [p.version for p in known if p.version.sealed is None]
        was_sealed = any(p.version.sealed is not None for p in known)
        recorded_at = commit
        if current.revealed is not None and (was_sealed or not versions):
            recorded_at = self._check_reveal(commit, record, current)
        if versions and not was_sealed:
            for field in FORECAST_FIELDS:
                value = getattr(current, field)
                if all(getattr(v, field) != value for v in versions):
                    old = getattr(versions[0], field)
                    record.changes.append(Change(commit, field, _text(old), _text(value)))

        pool = [h for p in known for h in _visible(p)] + [h for p in known for h in p.hidden]
        matched = self._match(commit, recorded_at, forecast_id, current, _unique(pool))
        if previous is not None:
            kept = {id(r) for r in matched}
            for prediction in previous.predictions:
                if id(prediction) not in kept:
                    prediction.removed_by = commit
        state.forecasts[forecast_id] = ForecastState(current, tuple(matched))

    def _check_reveal(
        self, commit: Commit, record: ForecastRecord, current: ForecastVersion
    ) -> Commit:
        """The commit the revealed predictions count as recorded by (this one if it fails)."""
        assert current.revealed is not None
        commitment, matches = current.revealed
        sealed_at = record.sealed_at.get(commitment.lower())
        if sealed_at is None:
            reason = "names a commitment that no earlier version of the book holds"
            record.seal_events.append(SealEvent(commit, commitment, reason))
            return commit
        if not matches:
            reason = "does not hash to its commitment (the text differs from what was sealed)"
            record.seal_events.append(SealEvent(commit, commitment, reason))
            return commit
        return sealed_at

    def _match(
        self,
        commit: Commit,
        recorded_at: Commit,
        forecast_id: str,
        current: ForecastVersion,
        pool: list[tuple[PredictionRecord, PredictionVersion]],
    ) -> list[PredictionRecord]:
        """Match each prediction of ``current`` with a parent's; new ones get a new record."""
        result: list[PredictionRecord | None] = [None] * len(current.predictions)
        used: set[int] = set()
        passes = (
            lambda a, b: a == b,
            lambda a, b: (a.by, a.made) == (b.by, b.made),
            lambda a, b: a.by == b.by,
        )
        for same in passes:
            for index, prediction in enumerate(current.predictions):
                if result[index] is not None:
                    continue
                for record, old in pool:
                    if id(record) in used or not same(prediction, old):
                        continue
                    used.add(id(record))
                    result[index] = record
                    if not any(p == prediction for r, p in pool if r is record):
                        for field in ("made", "probability"):
                            before, after = getattr(old, field), getattr(prediction, field)
                            if before != after:
                                record.changes.append(
                                    Change(commit, field, _text(before), _text(after))
                                )
                    break
        records: list[PredictionRecord] = []
        for index, prediction in enumerate(current.predictions):
            found = result[index]
            if found is None:
                found = PredictionRecord(forecast_id, prediction.by, recorded_at, prediction)
                self.predictions.append(found)
            found.removed_by = None
            records.append(found)
        return records

    # -- evidence ------------------------------------------------------------------------

    def _evidence(
        self, commit: Commit, state: State, evidence_id: str, others: Sequence[State]
    ) -> None:
        current = _current(state, state.evidence_paths.get(evidence_id, ()), evidence_id, False)
        if current is _UNKNOWN:
            return
        previous = state.evidence.get(evidence_id)
        if current is None:
            if previous is not None:
                self.evidence[evidence_id].removed_by = commit
                self._evidence_graves[evidence_id] = previous
                del state.evidence[evidence_id]
                self._removed.append((evidence_id, False))
            return
        assert isinstance(current, EvidenceVersion)
        known = [v for v in [previous, *(o.evidence.get(evidence_id) for o in others)] if v]
        if not known and evidence_id in self._evidence_graves:
            known = [self._evidence_graves.pop(evidence_id)]
        record = self.evidence.get(evidence_id)
        if record is None:
            record = self.evidence[evidence_id] = EvidenceRecord(evidence_id, commit)
            if not known:
                self._created.append((evidence_id, False))
        record.last_version = current
        record.removed_by = None
        if known:
            if all(v.observed != current.observed for v in known):
                record.changes.append(
                    Change(commit, "observed", _text(known[0].observed), _text(current.observed))
                )
            outcomes = current.outcomes
            for forecast_id, old in known[0].resolves:
                new = outcomes.get(forecast_id, _UNKNOWN)
                if any(v.outcomes.get(forecast_id, _UNKNOWN) == new for v in known):
                    continue
                shown = "(removed)" if new is _UNKNOWN else _text(new)
                record.changes.append(Change(commit, f"resolves.{forecast_id}", _text(old), shown))
        state.evidence[evidence_id] = current


assert EVIDENCE_FIELDS == ("observed", "resolves")


def _reindex(state: State, path: str, old: FileVersion | None, new: FileVersion | None) -> None:
    """Move the ids of a file from its old version to its new one in the state's indexes."""
    for version, adding in ((old, False), (new, True)):
        if version is None:
            continue
        forecast_ids = set(version.forecasts) | (
            set(version.unreadable or ()) if not path.startswith("evidence/") else set()
        )
        evidence_ids = set(version.evidence) | (
            set(version.unreadable or ()) if path.startswith("evidence/") else set()
        )
        for index, ids in (
            (state.forecast_paths, forecast_ids),
            (state.evidence_paths, evidence_ids),
        ):
            for entry_id in ids:
                paths = index.get(entry_id, frozenset())
                paths = paths | {path} if adding else paths - {path}
                if paths:
                    index[entry_id] = paths
                else:
                    index.pop(entry_id, None)
    if new is None:
        state.files.pop(path, None)
    else:
        state.files[path] = new


def _current(
    state: State, paths: Iterable[str], entry_id: str, forecasts: bool
) -> ForecastVersion | EvidenceVersion | object | None:
    """The entry's version in the state, ``None`` if absent, ``_UNKNOWN`` if only unreadable."""
    unreadable = False
    for path in sorted(paths):
        file = state.files[path]
        entries: Mapping[str, ForecastVersion | EvidenceVersion] = (
            file.forecasts if forecasts else file.evidence
        )
        if entry_id in entries:
            return entries[entry_id]
        unreadable = True
    return _UNKNOWN if unreadable else None


def _visible(state: ForecastState) -> list[tuple[PredictionRecord, PredictionVersion]]:
    return list(zip(state.predictions, state.version.predictions, strict=True))


def _unique(
    pool: Iterable[tuple[PredictionRecord, PredictionVersion]],
) -> list[tuple[PredictionRecord, PredictionVersion]]:
    seen: set[tuple[int, PredictionVersion]] = set()
    result = []
    for record, version in pool:
        key = (id(record), version)
        if key not in seen:
            seen.add(key)
            result.append((record, version))
    return result


def _text(value: object) -> str:
    """A followed value as text for a message."""
    if value is None:
        return "(none)"
    if isinstance(value, tuple):
        if value and all(isinstance(item, tuple) and len(item) == 2 for item in value):
            return "{" + ", ".join(f"{k}: {_text(v)}" for k, v in value) + "}"
        return "[" + ", ".join(_text(item) for item in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
