"""Reading a book's history with the ``git`` command: the only module of the audit that runs git.

Why the ``git`` command and not a library: measured on a generated history of 11,000 commits
(``benchmarks/bench_audit.py``), listing every commit's changed book files with their blob ids
took about as long as a bare ``git log --name-only``; walking and diffing the same commits with
pygit2 took about 3x that, and with dulwich about 60x. ``git`` is on every machine that has the
repository, needs nothing from PyPI, and is what verifies GPG and SSH signatures against the
user's own keyring and allowed-signers file. It is run with argument lists (never a shell), a
fixed environment (no prompts, no replace refs, no lazy fetches, no optional locks) and with
external diff and text-conversion drivers off, so nothing configured by a book runs.

Two processes read the whole history: one ``git log`` (commits, parents, dates, signature status
and the raw changes of the book's files against each commit's first parent) and one
``git cat-file --batch`` for the contents of every distinct file version.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from foretell.audit.model import Commit, Signature
from foretell.problems import ForetellError

__all__ = ["GitError", "Repository", "open_repository"]

_FIELD = "\x1f"
_RECORD = "\x1e"
_FORMAT = _RECORD + _FIELD.join(("%H", "%P", "%cI", "%G?", "%ae", "%GS", "%an"))
_REGULAR_FILES = (b"100644", b"100755")
#: git 2.31 added --diff-merges.
MINIMUM_GIT = (2, 31)


class GitError(ForetellError):
    """The book's history cannot be read; the message says why and what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


#: Path relative to the book → blob id, or ``None`` when the commit deleted the file.
Changes = dict[str, str | None]


@attrs.frozen
class Repository:
    """A book inside a git work tree.

    Attributes:
        root: the top of the work tree.
        prefix: the book's folder relative to ``root``, with a trailing slash (empty when the
            book is the whole repository).
        object_format: ``sha1`` or ``sha256``.
        has_head: whether the repository has a commit yet.
    """

    root: Path
    prefix: str
    object_format: str = "sha1"
    has_head: bool = True

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Run ``git ARGS`` in the work tree and return its output; failures raise GitError."""
        return _git(["-C", str(self.root), *args], stdin=stdin)

    @property
    def pathspecs(self) -> tuple[str, str]:
        """The book's two folders, relative to the top of the work tree."""
        return (f"{self.prefix}forecasts", f"{self.prefix}evidence")

    def log(self) -> list[tuple[Commit, Changes]]:
        """Every commit reachable from HEAD, parents first, with its changes to the book.

        The walk is not limited by a pathspec (that would make git simplify the history and
        rewrite parents, and costs more than it saves: git must then compare every commit's
        tree with each parent's twice); ``--relative`` keeps the diff to the book's folder.
        Commits that changed nothing in the book come with no changes.
        """
        if not self.has_head:
            return []
        args = [
            "log",
            "--topo-order",
            "--reverse",
            "--diff-merges=first-parent",
            "--raw",
            "-z",
            "--no-renames",
            "--no-abbrev",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color",
            f"--format={_FORMAT}",
        ]
        if self.prefix:
            args.append(f"--relative={self.prefix}")
        args.extend(("HEAD", "--"))
        return list(_parse_log(self.run(*args), ""))

    def tree(self, revision: str = "HEAD") -> dict[str, str]:
        """The book's files in a commit: path relative to the book → blob id."""
        if not self.has_head:
            return {}
        out = self.run("ls-tree", "-r", "-z", "--full-tree", revision, "--", *self.pathspecs)
        files: dict[str, str] = {}
        for line in out.split(b"\0"):
            if not line:
                continue
            info, _, path = line.partition(b"\t")
            mode, _kind, blob = info.split(b" ")
            relative = _relative(path, self.prefix)
            if relative is not None and mode in _REGULAR_FILES:
                files[relative] = blob.decode("ascii")
        return files

    def blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of file versions, read with one ``git cat-file --batch``."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", stdin=("\n".join(wanted) + "\n").encode("ascii"))
        contents: dict[str, bytes] = {}
        position = 0
        while position < len(out):
            end = out.index(b"\n", position)
            header = out[position:end].split(b" ")
            position = end + 1
            if len(header) != 3:
                continue  # "<id> missing": left out, the caller treats it as unreadable
            size = int(header[2])
            contents[header[0].decode("ascii")] = out[position : position + size]
            position += size + 1
        return contents

    def blob_id(self, content: bytes) -> str:
        """The id git gives a file with this content (without running git)."""
        digest = hashlib.new(self.object_format)
        digest.update(b"blob %d\0" % len(content))
        digest.update(content)
        return digest.hexdigest()

    def commits_since(self, revision: str) -> frozenset[str]:
        """The commits reachable from HEAD and not from ``revision``."""
        try:
            self.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except GitError:
            raise GitError(
                f"--since: no commit named {revision!r} in the repository",
                "give a branch, tag or commit id, e.g. --since origin/main",
            ) from None
        out = self.run("rev-list", f"{revision}..HEAD")
        return frozenset(out.decode("ascii").split())


def open_repository(book: Path) -> Repository:
    """The git work tree holding a book; raises :class:`GitError` when there is none."""
    _check_git_version()
    try:
        out = _git(
            [
                "-C",
                str(book),
                "rev-parse",
                "--show-toplevel",
                "--show-prefix",
                "--is-shallow-repository",
                "--show-object-format",
            ]
        )
    except GitError as error:
        if "not a git repository" in error.message:
            raise GitError(
                f"{book} is not in a git repository, so there is no history to audit",
                "keep the book in git (git init, git add, git commit) and run the audit there",
            ) from None
        raise
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 4 or not lines[0]:
        raise GitError(
            f"{book} is not inside a git work tree (a bare repository has no book files)",
            "run the audit in a clone with a work tree",
        )
    root, prefix, shallow, object_format = lines[0], lines[1], lines[2], lines[3]
    if shallow.strip() == "true":
        raise GitError(
            "the repository is a shallow clone: its early history is missing, so when each "
            "prediction was first recorded cannot be known",
            "fetch the whole history (git fetch --unshallow; in CI, check out with full "
            "depth, e.g. actions/checkout with fetch-depth: 0)",
        )
    try:
        _git(["-C", root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        has_head = True
    except GitError:
        has_head = False
    return Repository(Path(root), prefix, object_format.strip() or "sha1", has_head)


@functools.cache
def _check_git_version() -> None:
    """Raise :class:`GitError` when git is missing or too old (asked once per process)."""
    version = _git(["--version"]).decode("utf-8", "replace").split()
    numbers = tuple(int(part) for part in version[2].split(".")[:2] if part.isdigit())
    if len(numbers) == 2 and numbers < MINIMUM_GIT:
        raise GitError(
            f"git {version[2]} is too old: the audit needs git 2.31 or later",
            "install a newer git",
        )


def _git(args: list[str], stdin: bytes | None = None) -> bytes:
    environment = dict(os.environ)
    environment.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_NO_REPLACE_OBJECTS": "1",
            "GIT_NO_LAZY_FETCH": "1",
            "GIT_LITERAL_PATHSPECS": "1",
            "GIT_PAGER": "cat",
            "LC_ALL": "C",
        }
    )
    command = ["git", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false", *args]
    try:
        result = subprocess.run(  # an argument list, never a shell
            command,
            input=stdin,
            capture_output=True,
            env=environment,
            check=False,
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed (or not on PATH), so the book's history cannot be read",
            "install git (e.g. apt-get install git) and run the audit again",
        ) from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        message = message.removeprefix("fatal: ").removeprefix("error: ")
        hint = None
        if "dubious ownership" in message:
            hint = "mark the repository as safe: git config --global --add safe.directory PATH"
        raise GitError(message or f"git {args[0]} failed", hint)
    return result.stdout


def _relative(path: bytes, prefix: str) -> str | None:
    text = path.decode("utf-8", "surrogateescape")
    if not text.startswith(prefix):
        return None
    return text[len(prefix) :]


def _parse_log(out: bytes, prefix: str) -> Iterable[tuple[Commit, Changes]]:
    """Commits and changes from ``git log --raw -z`` with :data:`_FORMAT`."""
    tokens = out.split(b"\0")
    index = 0
    commit: Commit | None = None
    changes: Changes = {}
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        index += 1
        if token.startswith(b":"):
            path = tokens[index] if index < len(tokens) else b""
            index += 1
            fields = token[1:].split(b" ")
            if len(fields) < 5:
                continue
            relative = _relative(path, prefix)
            if relative is None:
                continue
            status = fields[4][:1]
            if status == b"D" or fields[1] not in _REGULAR_FILES:
                changes[relative] = None
            else:
                changes[relative] = fields[3].decode("ascii")
            continue
        if token.startswith(_RECORD.encode()):
            if commit is not None:
                yield commit, changes
            commit, changes = _commit(token[1:].decode("utf-8", "replace")), {}
    if commit is not None:
        yield commit, changes


def _commit(header: str) -> Commit:
    parts = header.split(_FIELD)
    commit_id, parents, date, signature = parts[:4]
    email, signer = (parts[4], parts[5]) if len(parts) > 5 else ("", "")
    author = _FIELD.join(parts[6:])
    return Commit(
        id=commit_id,
        parents=tuple(parents.split()),
        author=author,
        email=email,
        date=dt.datetime.fromisoformat(date),
        signature=Signature.from_git(signature),
        signer=signer,
    )


def changed_files(before: Mapping[str, str], after: Mapping[str, str]) -> Changes:
    """The changes that turn one set of files (path → blob id) into another."""
    changes: Changes = {path: None for path in before if path not in after}
    changes.update({path: blob for path, blob in after.items() if before.get(path) != blob})
    return changes
