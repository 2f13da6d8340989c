"""Proof of when: checking every prediction of a book against the book's git history.

:func:`audit_book` reads the history of the book's files with git
(:mod:`foretell.audit.gitrepo`), follows every forecast, prediction and evidence record by id
through it (:mod:`foretell.audit.history`, pure), and turns what it saw into findings
(:mod:`foretell.audit.rules`, pure): predictions back-dated or recorded after their question
resolved, recorded fields changed, entries removed, evidence rewritten in place, and entries not
committed yet. Sealed forecasts (:mod:`foretell.audit.seal`) are verified when revealed.
``docs/audit.md`` says what this proves and what it cannot.
"""

from __future__ import annotations

from foretell.audit.gitrepo import GitError
from foretell.audit.model import Change, Commit, Finding, Kind, Signature
from foretell.audit.rules import PredictionAudit
from foretell.audit.run import (
    DEFAULT_GRACE,
    AuditResult,
    audit_book,
    audit_for_report,
    parse_grace,
)

__all__ = [
    "DEFAULT_GRACE",
    "AuditResult",
    "Change",
    "Commit",
    "Finding",
    "GitError",
    "Kind",
    "PredictionAudit",
    "Signature",
    "audit_book",
    "audit_for_report",
    "parse_grace",
]
