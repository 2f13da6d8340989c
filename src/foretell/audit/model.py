"""The values the audit works with: commits, versions of entries, recorded predictions, findings.

All are frozen attrs classes. Commit dates are timezone-aware :class:`datetime.datetime` values
in the committer's own offset (as git stores them), so that "the day of a commit" is the day on
the committer's calendar, the same calendar the book's ``made`` dates are written in.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs
import pendulum

from foretell.model import Outcome
from foretell.problems import Location

__all__ = [
    "Change",
    "Commit",
    "EvidenceVersion",
    "FileVersion",
    "Finding",
    "ForecastVersion",
    "Kind",
    "PredictionVersion",
    "Signature",
]

#: A probability as compared between versions: a number, or sorted (category, number) pairs.
Probability = float | tuple[tuple[str, float], ...]


class Signature(enum.Enum):
    """What git says about a commit's GPG or SSH signature (``git log --format=%G?``)."""

    NONE = "none"  # N: not signed
    GOOD = "good"  # G: good signature from a key the keyring or allowed-signers file trusts
    UNTRUSTED = "good-untrusted"  # U: good signature, key of unknown validity
    EXPIRED = "expired"  # X / Y: the signature or its key has expired
    REVOKED = "revoked"  # R: made by a revoked key
    BAD = "bad"  # B: the signature does not match the commit
    UNVERIFIED = "unverified"  # E: signed, but the key is not available here

    @property
    def is_signed(self) -> bool:
        """Whether the commit carries a signature at all."""
        return self is not Signature.NONE

    @classmethod
    def from_git(cls, letter: str) -> Signature:
        """The status for a ``%G?`` letter; anything unknown counts as unverified."""
        return _SIGNATURE_LETTERS.get(letter.strip(), cls.UNVERIFIED)


_SIGNATURE_LETTERS = {
    "N": Signature.NONE,
    "": Signature.NONE,
    "G": Signature.GOOD,
    "U": Signature.UNTRUSTED,
    "X": Signature.EXPIRED,
    "Y": Signature.EXPIRED,
    "R": Signature.REVOKED,
    "B": Signature.BAD,
    "E": Signature.UNVERIFIED,
}


@attrs.frozen
class Commit:
    """One commit of the book's history.

    The working tree (files not committed) is represented as a commit with an empty id.

    Attributes:
        id: the full commit hash.
        parents: the parents' hashes, first parent first.
        author: the author's name.
        email: the author's e-mail address.
        date: the committer date, in the committer's offset.
        signature: the signature status.
        signer: who signed it, as git reports it (empty when unsigned or unknown).
    """

    id: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: dt.datetime
    signature: Signature = Signature.NONE
    signer: str = ""

    @property
    def is_working_tree(self) -> bool:
        """Whether this stands for the uncommitted working tree rather than a commit."""
        return not self.id

    @property
    def day(self) -> pendulum.Date:
        """The calendar day of the commit, on the committer's clock."""
        return pendulum.date(self.date.year, self.date.month, self.date.day)

    @property
    def short(self) -> str:
        """The hash shortened to 10 characters, for messages."""
        return self.id[:10]

    def to_json(self) -> dict[str, Any]:
        """``{"id", "author", "date", "signature"}`` (the date in ISO 8601 with its offset)."""
        result: dict[str, Any] = {
            "id": self.id,
            "author": self.author,
            "date": self.date.isoformat(),
            "signature": self.signature.value,
        }
        if self.signer:
            result["signer"] = self.signer
        return result


@attrs.frozen
class PredictionVersion:
    """A prediction as one version of a file states it.

    Attributes:
        by: the forecaster.
        made: the date it claims to have been made.
        probability: the probability (a number, or sorted category pairs).
        line: the 1-based line of the prediction in that version of its file.
        column: the 1-based column.
    """

    by: str
    made: pendulum.Date
    probability: Probability
    line: int = attrs.field(default=0, eq=False)
    column: int = attrs.field(default=0, eq=False)


@attrs.frozen
class ForecastVersion:
    """A forecast as one version of a file states it: the fields the audit follows.

    Attributes:
        id: the forecast's id.
        path: its file, relative to the book.
        line: the 1-based line of the entry.
        question, criteria, resolves, outcomes, otherwise: the fields whose later change is a
            finding (see :data:`FORECAST_FIELDS`).
        predictions: the predictions, in the order of the file.
        sealed: for a sealed forecast, its commitment (``sha256:...``); its other fields are
            then empty.
        revealed: for a revealed forecast, ``(commitment, matches)``: the commitment it names
            and whether its salt and canonical serialisation hash to that commitment.
    """

    id: str
    path: str = attrs.field(eq=False)
    line: int = attrs.field(eq=False)
    question: str | None = None
    criteria: str | None = None
    resolves: pendulum.Date | None = None
    outcomes: tuple[str, ...] = ()
    otherwise: Outcome | None = None
    predictions: tuple[PredictionVersion, ...] = ()
    sealed: str | None = None
    revealed: tuple[str, bool] | None = attrs.field(default=None, eq=False)

    @property
    def location(self) -> Location:
        """Where the entry is."""
        return Location(self.path, self.line, 1 if self.line else 0)


#: Fields of a forecast whose change after it was recorded is a finding.
FORECAST_FIELDS = ("question", "criteria", "resolves", "outcomes", "otherwise")
#: Fields of a prediction whose change after it was recorded is a finding.
PREDICTION_FIELDS = ("probability", "made")
#: Fields of an evidence record whose change in place is a finding.
EVIDENCE_FIELDS = ("observed", "resolves")


@attrs.frozen
class EvidenceVersion:
    """An evidence record as one version of a file states it.

    Attributes:
        id: the record's id.
        path: its file, relative to the book.
        line: the 1-based line of the entry.
        observed: the date of the fact.
        resolves: ``(forecast id, outcome)`` pairs, sorted by forecast id.
    """

    id: str
    path: str = attrs.field(eq=False)
    line: int = attrs.field(eq=False)
    observed: pendulum.Date
    resolves: tuple[tuple[str, Outcome], ...]

    @property
    def location(self) -> Location:
        """Where the entry is."""
        return Location(self.path, self.line, 1 if self.line else 0)

    @property
    def outcomes(self) -> Mapping[str, Outcome]:
        """The outcome given for each forecast."""
        return MappingProxyType(dict(self.resolves))


@attrs.frozen
class FileVersion:
    """What one version of one file of the book holds.

    Attributes:
        forecasts: the valid forecast entries, by id (the first one when an id repeats).
        evidence: the valid evidence records, by id.
        unreadable: ids of entries present but invalid in this version (their content is
            unknown, so the audit keeps the last valid version instead of calling them
            removed), or ``None`` when the whole file could not be read.
    """

    forecasts: Mapping[str, ForecastVersion] = attrs.field(factory=dict)
    evidence: Mapping[str, EvidenceVersion] = attrs.field(factory=dict)
    unreadable: frozenset[str] | None = frozenset()


@attrs.frozen
class Change:
    """A recorded field changed by a commit.

    Attributes:
        commit: the commit that made the change.
        field: the field's name (``probability``, ``question``, ``resolves.FORECAST-ID``, ...).
        old: the value before, as text.
        new: the value after, as text (``"(removed)"`` when the field went away).
    """

    commit: Commit
    field: str
    old: str
    new: str


class Kind(enum.Enum):
    """The kinds of audit finding."""

    BACK_DATED = "back-dated"
    RECORDED_AFTER_THE_FACT = "recorded-after-the-fact"
    CHANGED_AFTER_RECORDING = "changed-after-recording"
    REMOVED = "removed"
    EVIDENCE_REWRITTEN = "evidence-rewritten"
    NOT_YET_RECORDED = "not-yet-recorded"


@attrs.frozen
class Finding:
    """One thing the history shows that a reader of the scores should know.

    Attributes:
        kind: what kind of finding it is.
        code: a stable code (``docs/audit.md`` lists them).
        location: where the entry is (in the working tree, or in the last version of the
            history that held it when it is gone).
        message: what happened, with the dates.
        hint: what to do about it.
        forecast: the forecast's id, when the finding concerns a forecast.
        evidence: the evidence record's id, when it concerns one.
        prediction: ``(by, made)`` of the prediction concerned, if any.
        commits: the commits involved, oldest first.
    """

    kind: Kind
    code: str
    location: Location
    message: str
    hint: str | None = None
    forecast: str | None = None
    evidence: str | None = None
    prediction: tuple[str, pendulum.Date] | None = None
    commits: tuple[Commit, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The finding as the JSON output describes it."""
        return {
            "kind": self.kind.value,
            "code": self.code,
            "location": {
                "path": self.location.path,
                "line": self.location.line,
                "column": self.location.column,
            },
            "forecast": self.forecast,
            "evidence": self.evidence,
            "prediction": (
                {"by": self.prediction[0], "made": self.prediction[1].isoformat()}
                if self.prediction is not None
                else None
            ),
            "commits": [commit.to_json() for commit in self.commits],
            "message": self.message,
            "hint": self.hint,
        }
