"""The audit's findings as text for people (JSON comes from :meth:`AuditResult.to_json`)."""

from __future__ import annotations

from collections.abc import Iterable

from foretell.audit.model import Finding, Kind
from foretell.audit.run import AuditResult
from foretell.safetext import display_path, for_terminal

__all__ = ["parse_kinds", "render_text", "summary_line"]


def render_text(result: AuditResult) -> str:
    """One finding per line: ``PATH:LINE:COLUMN: KIND[CODE]: message; hint``."""
    return "".join(_line(finding) + "\n" for finding in result.findings)


def _line(finding: Finding) -> str:
    """One finding on one line; text from the book or the history is escaped for terminals."""
    location = finding.location
    where = display_path(location.path)
    if location.line > 0:
        where += f":{location.line}:{location.column}"
    text = f"{finding.kind.value}[{finding.code}]: {finding.message}"
    if finding.hint:
        text += f"; {finding.hint}"
    return f"{where}: {for_terminal(text)}"


def summary_line(result: AuditResult) -> str:
    """A one-line summary: findings, commits read, and how many were signed and verified."""
    signed = sum(n for status, n in result.signatures.items() if status != "none")
    verified = result.signatures.get("good", 0)
    count = len(result.findings)
    findings = f"{count} finding{'' if count == 1 else 's'}" if count else "No findings"
    recorded = sum(p.first is not None for p in result.predictions)
    return (
        f"{findings}; {recorded} of {len(result.predictions)} predictions recorded in "
        f"{result.commits} commit{'' if result.commits == 1 else 's'} "
        f"({signed} signed, {verified} with a verified signature)."
    )


def parse_kinds(text: str) -> frozenset[Kind]:
    """``--fail-on``: kinds (or codes' kinds) separated by commas; ``all`` or ``none``.

    Raises:
        ValueError: naming the unknown kind and the known ones.
    """
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    kinds: set[Kind] = set()
    for name in wanted:
        if name == "all":
            kinds.update(Kind)
        elif name == "none":
            continue
        else:
            matches = [kind for kind in Kind if kind.value == name]
            if not matches:
                raise ValueError(
                    f"unknown finding kind {name!r}; known: all, none, " + ", ".join(_names(Kind))
                )
            kinds.update(matches)
    return frozenset(kinds)


def _names(kinds: Iterable[Kind]) -> list[str]:
    return [kind.value for kind in kinds]
