"""The report's "Proof of when": what the book's git history says about the scored predictions.

Built from the :class:`~foretell.audit.AuditResult` the report was given (``foretell audit``,
``docs/audit.md``): for each forecaster, how many scored predictions were *pre-registered*
(first committed on a day before their question resolved) and how many passed the audit; for
each scored prediction, the day and commit that first recorded it.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from foretell.report.figures import forecaster_anchor
from foretell.report.page import Scale, Section
from foretell.report.records import Report

__all__ = [
    "AuditView",
    "PreRegistration",
    "RecordedView",
    "audit_data",
    "audit_section",
    "audit_view",
]


@attrs.frozen
class RecordedView:
    """One scored prediction and when the book's git history first recorded it.

    Attributes:
        recorded_on: the day of the first commit holding it (committer's calendar); ``None``
            when it is not committed (by the report's day).
        commit: that commit's id, shortened.
        signature: the commit's signature status (``good``, ``none``, ...).
        passed: no audit finding concerns it, its forecast or the evidence that resolved it.
        pre_registered: first committed on a day before its question resolved.
    """

    forecast: str
    by: str
    made: pendulum.Date
    resolved_on: pendulum.Date | None
    recorded_on: pendulum.Date | None
    commit: str | None
    signature: str | None
    passed: bool
    pre_registered: bool


@attrs.frozen
class PreRegistration:
    """One forecaster's scored predictions: how many were pre-registered and passed the audit.

    ``share`` is ``pre_registered / scored`` (``None`` when nothing is scored).
    """

    name: str
    anchor: str
    scored: int
    pre_registered: int
    passed: int
    share: float | None


@attrs.frozen
class AuditView:
    """What the book's git history says about the scored predictions (``foretell audit``)."""

    commits: int
    signed: int
    verified: int
    findings: int
    forecasters: tuple[PreRegistration, ...]
    predictions: tuple[RecordedView, ...]


def audit_view(report: Report) -> AuditView | None:
    """The audit of the report's scored predictions, if the report was built with one."""
    audit = report.audit
    if audit is None:
        return None
    predictions: list[RecordedView] = []
    forecasters: list[PreRegistration] = []
    for summary in report.forecasters:
        rows = []
        for claim in summary.claims:
            forecast = claim.resolution.forecast
            found = audit.prediction_of(forecast.id, claim.prediction)
            if found is None:
                continue  # a virtual forecaster (the crowd's aggregate) has no history
            first = found.first
            rows.append(
                RecordedView(
                    forecast=forecast.id,
                    by=claim.prediction.by,
                    made=claim.prediction.made,
                    resolved_on=claim.resolution.resolved_on,
                    recorded_on=first.day if first else None,
                    commit=first.short if first else None,
                    signature=first.signature.value if first else None,
                    passed=found.passed,
                    pre_registered=bool(found.pre_registered),
                )
            )
        if not rows and summary.claims:
            continue
        predictions.extend(rows)
        pre = sum(r.pre_registered for r in rows)
        forecasters.append(
            PreRegistration(
                name=summary.name,
                anchor=forecaster_anchor(summary.name),
                scored=len(rows),
                pre_registered=pre,
                passed=sum(r.passed for r in rows),
                share=pre / len(rows) if rows else None,
            )
        )
    signed = sum(n for status, n in audit.signatures.items() if status != "none")
    return AuditView(
        commits=audit.commits,
        signed=signed,
        verified=audit.signatures.get("good", 0),
        findings=len(audit.findings),
        forecasters=tuple(forecasters),
        predictions=tuple(predictions),
    )


def audit_section(report: Report, scale: Scale) -> Section | None:
    """When each scored prediction was first recorded; each forecaster's pre-registered share."""
    view = audit_view(report)
    if view is None:
        return None
    return Section("audit", "Proof of when", view, anchor="proof-of-when")


def sealed_section(report: Report, scale: Scale) -> Section | None:
    """The sealed forecasts: published as commitments, not scored until revealed."""
    if not report.sealed:
        return None
    return Section("sealed", "Sealed forecasts", report.sealed, anchor="sealed")


def audit_data(view: AuditView | None) -> dict[str, Any] | None:
    """When each scored prediction was first recorded (``null`` without an audit)."""
    if view is None:
        return None
    return {
        "commits": view.commits,
        "signed_commits": view.signed,
        "verified_commits": view.verified,
        "findings": view.findings,
        "forecasters": {
            f.name: {
                "scored": f.scored,
                "pre_registered": f.pre_registered,
                "pre_registered_share": f.share,
                "passed": f.passed,
            }
            for f in view.forecasters
        },
        "predictions": [
            {
                "forecast": p.forecast,
                "by": p.by,
                "made": p.made.isoformat(),
                "resolved_on": p.resolved_on.isoformat() if p.resolved_on else None,
                "first_recorded": p.recorded_on.isoformat() if p.recorded_on else None,
                "commit": p.commit,
                "signature": p.signature,
                "pre_registered": p.pre_registered,
                "passed": p.passed,
            }
            for p in view.predictions
        ],
    }
