"""From the history of every entry to findings: the audit's rules, pure functions.

The codes (``docs/audit.md`` explains each):

======  ==========================  ==========================================================
A101    back-dated                  ``made`` is more than the grace period before the first
                                    commit holding the prediction
A201    recorded-after-the-fact     first committed after the day its question resolved
A301    changed-after-recording     a followed field changed after it was recorded
A302    changed-after-recording     ... after the question had resolved
A303    changed-after-recording     a revealed forecast does not match its seal
A401    removed                     a prediction deleted from a forecast that is still there
A402    removed                     a forecast deleted from the book
A403    removed                     an evidence record deleted from the book
A501    evidence-rewritten          an evidence record's outcome or date changed in place
A601    not-yet-recorded            a prediction not committed
A602    not-yet-recorded            an uncommitted change to a recorded entry
A603    not-yet-recorded            a forecast not committed
A604    not-yet-recorded            an evidence record not committed
======  ==========================  ==========================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import attrs
import pendulum

from foretell.audit.history import ForecastRecord, HistoryWalk, PredictionRecord, State
from foretell.audit.model import Change, Commit, Finding, Kind, PredictionVersion
from foretell.model import Resolution, Status
from foretell.problems import Location

__all__ = ["PredictionAudit", "find"]

_SUPERSEDE_HINT = (
    "correct evidence by adding a record that 'supersedes' the wrong one, so the history shows both"
)


@attrs.frozen
class PredictionAudit:
    """What the audit says about one prediction of the book.

    Attributes:
        forecast: the forecast's id.
        index: the prediction's position in the forecast's ``predictions``.
        by: the forecaster.
        made: the date it claims.
        first: the commit that first recorded it; ``None`` when not committed (or not by the
            ``as_of`` day).
        passed: no finding concerns it, its forecast or the evidence that resolved it.
        pre_registered: recorded on a day before its question resolved; ``None`` while the
            question is unresolved.
    """

    forecast: str
    index: int
    by: str
    made: pendulum.Date
    first: Commit | None
    passed: bool
    pre_registered: bool | None


def find(
    walk: HistoryWalk,
    final: State,
    resolutions: Mapping[str, Resolution],
    *,
    grace: dt.timedelta,
) -> tuple[list[Finding], list[PredictionAudit]]:
    """Every finding, and the audit of every prediction in ``final``.

    Args:
        walk: the walk through the history, including the working tree as its last step.
        final: the state after the last step.
        resolutions: each forecast's resolution on the day audited, by id.
        grace: how long after ``made`` a prediction may be first committed.
    """
    findings: list[Finding] = []
    current: set[int] = set()
    for forecast_id in sorted(final.forecasts):
        state = final.forecasts[forecast_id]
        record = walk.forecasts[forecast_id]
        resolution = resolutions.get(forecast_id)
        findings.extend(_forecast_findings(record, state.version.location, resolution))
        current.update(id(r) for r in state.predictions)
        current.update(id(r) for r, _ in state.hidden)
        if record.first.is_working_tree:
            continue
        for prediction, version in zip(state.predictions, state.version.predictions, strict=True):
            location = Location(state.version.path, version.line, version.column)
            findings.extend(_prediction_findings(prediction, version, location, resolution, grace))
    findings.extend(_removed(walk, final, current))
    findings.extend(_evidence_findings(walk, final))
    audits = _audits(final, resolutions, findings)
    return sorted(findings, key=_order), audits


def _order(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.location.path, finding.location.line, finding.code, finding.message)


def _forecast_findings(
    record: ForecastRecord, location: Location, resolution: Resolution | None
) -> Iterable[Finding]:
    if record.first.is_working_tree:
        yield Finding(
            Kind.NOT_YET_RECORDED,
            "A603",
            location,
            f"forecast '{record.id}' is not committed",
            "commit it (git add, git commit) so that the history records when it was made",
            forecast=record.id,
        )
        return
    for change in record.changes:
        yield _change_finding(change, location, resolution, record.id, None, record.first)
    for event in record.seal_events:
        yield Finding(
            Kind.CHANGED_AFTER_RECORDING,
            "A303",
            location,
            f"the revealed forecast '{record.id}' {event.reason}; its predictions count as "
            f"recorded when revealed ({_when(event.commit)})",
            "reveal with 'foretell reveal', which restores the sealed text exactly",
            forecast=record.id,
            commits=_commits(event.commit),
        )


def _prediction_findings(
    prediction: PredictionRecord,
    version: PredictionVersion,
    location: Location,
    resolution: Resolution | None,
    grace: dt.timedelta,
) -> Iterable[Finding]:
    key = (version.by, version.made)
    what = f"{version.by}'s prediction of {version.made} on '{prediction.forecast}'"
    first = prediction.first
    if first.is_working_tree:
        yield Finding(
            Kind.NOT_YET_RECORDED,
            "A601",
            location,
            f"{what} is not committed",
            "commit it (git add, git commit) so that the history records when it was made",
            forecast=prediction.forecast,
            prediction=key,
        )
        return
    end_of_made = dt.datetime.combine(version.made.add(days=1), dt.time(), tzinfo=first.date.tzinfo)
    delay = first.date - end_of_made
    if delay > grace:
        yield Finding(
            Kind.BACK_DATED,
            "A101",
            location,
            f"{what} was first committed {_when(first)}, {_days(first.date - end_of_made)} "
            f"after the day it claims (grace {_duration(grace)})",
            "date a prediction the day you commit it; back-dated predictions cannot be trusted",
            forecast=prediction.forecast,
            prediction=key,
            commits=_commits(first),
        )
    resolved_on = _resolved_on(resolution)
    if resolved_on is not None and version.made < resolved_on and first.day > resolved_on:
        yield Finding(
            Kind.RECORDED_AFTER_THE_FACT,
            "A201",
            location,
            f"{what} was first committed {_when(first)}, after its question resolved "
            f"({_resolved_by(resolution)}): it may have known the answer",
            "a prediction counts only if it was committed before the answer was known",
            forecast=prediction.forecast,
            evidence=resolution.evidence[0] if resolution and resolution.evidence else None,
            prediction=key,
            commits=_commits(first),
        )
    for change in prediction.changes:
        yield _change_finding(change, location, resolution, prediction.forecast, key, first)


def _change_finding(  # noqa: PLR0917 - all needed to word the finding
    change: Change,
    location: Location,
    resolution: Resolution | None,
    forecast_id: str,
    key: tuple[str, pendulum.Date] | None,
    first: Commit,
) -> Finding:
    what = (
        f"{key[0]}'s prediction of {key[1]} on '{forecast_id}'"
        if key is not None
        else f"forecast '{forecast_id}'"
    )
    edit = f"'{change.field}' {change.old} → {change.new}"
    if change.commit.is_working_tree:
        return Finding(
            Kind.NOT_YET_RECORDED,
            "A602",
            location,
            f"uncommitted change to {what}: {edit}",
            "commit a new prediction instead of editing a recorded one, or undo the edit",
            forecast=forecast_id,
            prediction=key,
            commits=_commits(first),
        )
    resolved_on = _resolved_on(resolution)
    after = resolved_on is not None and change.commit.day > resolved_on
    message = f"{what} was changed {_when(change.commit)}: {edit}"
    if after:
        message += f", after its question resolved ({_resolved_by(resolution)})"
    return Finding(
        Kind.CHANGED_AFTER_RECORDING,
        "A302" if after else "A301",
        location,
        message,
        "record an update as a new prediction with its own date; never edit a recorded one",
        forecast=forecast_id,
        prediction=key,
        commits=_commits(first, change.commit),
    )


def _removed(walk: HistoryWalk, final: State, current: set[int]) -> Iterable[Finding]:
    for forecast_id, record in sorted(walk.forecasts.items()):
        if forecast_id in final.forecasts:
            continue
        last = record.last_version
        location = last.location if last is not None else Location("forecasts")
        deleted = _deleted(record.removed_by)
        yield Finding(
            Kind.REMOVED,
            "A402",
            location,
            f"forecast '{forecast_id}' was deleted from the book{deleted} (first committed "
            f"{_when(record.first)})",
            "keep every forecast: annul it with evidence ('annulled') instead of deleting it",
            forecast=forecast_id,
            commits=_commits(record.first, record.removed_by),
        )
    for prediction in walk.predictions:
        if id(prediction) in current or prediction.forecast not in final.forecasts:
            continue
        if prediction.first.is_working_tree:
            continue
        state = final.forecasts[prediction.forecast]
        version = prediction.first_version
        deleted = _deleted(prediction.removed_by)
        yield Finding(
            Kind.REMOVED,
            "A401",
            state.version.location,
            f"{version.by}'s prediction of {version.made} on '{prediction.forecast}' (first "
            f"committed {_when(prediction.first)}) was deleted{deleted}",
            "keep every prediction; record a change of mind as a new prediction",
            forecast=prediction.forecast,
            prediction=(version.by, version.made),
            commits=_commits(prediction.first, prediction.removed_by),
        )


def _evidence_findings(walk: HistoryWalk, final: State) -> Iterable[Finding]:
    for evidence_id, record in sorted(walk.evidence.items()):
        version = final.evidence.get(evidence_id) or record.last_version
        location = version.location if version is not None else Location("evidence")
        if evidence_id not in final.evidence:
            yield Finding(
                Kind.REMOVED,
                "A403",
                location,
                f"evidence '{evidence_id}' was deleted from the book"
                f"{_deleted(record.removed_by)} (first committed {_when(record.first)})",
                _SUPERSEDE_HINT,
                evidence=evidence_id,
                commits=_commits(record.first, record.removed_by),
            )
            continue
        if record.first.is_working_tree:
            yield Finding(
                Kind.NOT_YET_RECORDED,
                "A604",
                location,
                f"evidence '{evidence_id}' is not committed",
                "commit it so that the history records when it was added",
                evidence=evidence_id,
            )
            continue
        for change in record.changes:
            edit = f"'{change.field}' {change.old} → {change.new}"
            forecast = change.field.split(".", 1)[1] if "." in change.field else None
            if change.commit.is_working_tree:
                yield Finding(
                    Kind.NOT_YET_RECORDED,
                    "A602",
                    location,
                    f"uncommitted change to evidence '{evidence_id}': {edit}",
                    _SUPERSEDE_HINT,
                    forecast=forecast,
                    evidence=evidence_id,
                    commits=_commits(record.first),
                )
                continue
            yield Finding(
                Kind.EVIDENCE_REWRITTEN,
                "A501",
                location,
                f"evidence '{evidence_id}' was rewritten in place {_when(change.commit)}: {edit}",
                _SUPERSEDE_HINT,
                forecast=forecast,
                evidence=evidence_id,
                commits=_commits(record.first, change.commit),
            )


def _audits(
    final: State, resolutions: Mapping[str, Resolution], findings: Sequence[Finding]
) -> list[PredictionAudit]:
    flagged_forecasts: set[str] = set()
    flagged_predictions: set[tuple[str, str, pendulum.Date]] = set()
    flagged_evidence: set[str] = set()
    for finding in findings:
        if finding.evidence is not None and finding.kind in (
            Kind.EVIDENCE_REWRITTEN,
            Kind.REMOVED,
        ):
            flagged_evidence.add(finding.evidence)
        if finding.forecast is None:
            continue
        if finding.prediction is None:
            if finding.kind is not Kind.REMOVED:
                flagged_forecasts.add(finding.forecast)
        else:
            flagged_predictions.add((finding.forecast, *finding.prediction))
    audits: list[PredictionAudit] = []
    for forecast_id, state in sorted(final.forecasts.items()):
        resolution = resolutions.get(forecast_id)
        resolved_on = _resolved_on(resolution)
        evidence_flagged = bool(
            resolution is not None and flagged_evidence.intersection(resolution.evidence)
        )
        for index, (record, version) in enumerate(
            zip(state.predictions, state.version.predictions, strict=True)
        ):
            first = None if record.first.is_working_tree else record.first
            passed = (
                first is not None
                and not evidence_flagged
                and forecast_id not in flagged_forecasts
                and (forecast_id, version.by, version.made) not in flagged_predictions
            )
            audits.append(
                PredictionAudit(
                    forecast=forecast_id,
                    index=index,
                    by=version.by,
                    made=version.made,
                    first=first,
                    passed=passed,
                    pre_registered=(
                        None
                        if resolved_on is None
                        else first is not None and first.day < resolved_on
                    ),
                )
            )
    return audits


def _resolved_on(resolution: Resolution | None) -> pendulum.Date | None:
    if resolution is None or resolution.status in (Status.OPEN, Status.OVERDUE):
        return None
    if resolution.status is Status.CONFLICT:
        return None
    return resolution.resolved_on


def _resolved_by(resolution: Resolution | None) -> str:
    if resolution is None or resolution.resolved_on is None:  # pragma: no cover - not called so
        return "unresolved"
    if resolution.method == "otherwise":
        return f"its deadline {resolution.resolved_on} passed"
    names = ", ".join(resolution.evidence)
    return f"evidence '{names}' observed {resolution.resolved_on}"


def _commits(*commits: Commit | None) -> tuple[Commit, ...]:
    return tuple(c for c in commits if c is not None and not c.is_working_tree)


def _deleted(commit: Commit | None) -> str:
    if commit is None:
        return " (by a merge that left it out)"
    if commit.is_working_tree:
        return " in the working tree (not committed yet)"
    return f" {_when(commit)}"


def _when(commit: Commit) -> str:
    if commit.is_working_tree:
        return "in the working tree"
    return f"on {commit.date.strftime('%Y-%m-%d %H:%M %z')} by {commit.author} ({commit.short})"


def _days(delta: dt.timedelta) -> str:
    days = delta.total_seconds() / 86400
    return f"{days:.1f} days"


def _duration(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours % 24 == 0:
        days = int(hours // 24)
        return f"{days} day{'' if days == 1 else 's'}"
    return f"{hours:g} hours"
