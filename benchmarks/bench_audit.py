"""How fast is `foretell audit`? Figures from one run (these machines are noisy).

    python benchmarks/bench_audit.py [--commits 10000] [--files 2000] [--repeat 3] [--libraries]

1. Generates (once, under benchmarks/_generated/) a repository whose history has 10,000 commits
   changing 2,000 forecast files and the evidence that resolves them, plus a merge for every
   tenth commit (generate_history.py).
2. Times `foretell audit` on it in a fresh process, against a bare `git log --name-only` over
   the same history. Target: well under a minute.
3. With --libraries, also times walking the same history with pygit2 and dulwich (the diff of
   every commit against its parents and the reading of every file version), the measurement
   behind the choice of the `git` command (docs/audit.md).

The best of --repeat runs is reported; runs alternate between the sides.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from generate_history import generate_history

HERE = Path(__file__).parent


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{command} failed: {done.stderr.decode()}")
    return elapsed


def pygit2_walk(repository: Path) -> float:
    import pygit2  # noqa: PLC0415 - optional, for the comparison only

    start = time.perf_counter()
    repo = pygit2.Repository(str(repository))
    blobs = set()
    for commit in repo.walk(repo.head.target, pygit2.enums.SortMode.TOPOLOGICAL):
        parents = commit.parents or [None]
        for parent in parents:
            diff = (
                parent.tree.diff_to_tree(commit.tree)
                if parent is not None
                else commit.tree.diff_to_tree(swap=True)
            )
            blobs.update(delta.new_file.id for delta in diff.deltas)
    for blob in blobs:
        if blob in repo:
            _ = repo[blob].data
    return time.perf_counter() - start


def dulwich_walk(repository: Path) -> float:
    from dulwich.diff_tree import tree_changes  # noqa: PLC0415
    from dulwich.repo import Repo  # noqa: PLC0415

    start = time.perf_counter()
    repo = Repo(str(repository))
    blobs = set()
    for entry in repo.get_walker():
        commit = entry.commit
        for parent in commit.parents or [None]:
            old = repo[parent].tree if parent else None
            blobs.update(
                change.new.sha for change in tree_changes(repo.object_store, old, commit.tree)
            )
    for blob in blobs:
        if blob:
            _ = repo[blob].data
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--libraries", action="store_true")
    args = parser.parse_args()

    repository = HERE / "_generated" / f"history-{args.commits}-{args.files}"
    if not (repository / ".git").is_dir():
        print(f"generating {repository} ...", flush=True)
        generate_history(repository, commits=args.commits, files=args.files)
    count = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"history: {count} commits, {args.files} forecast files")

    bare = ["git", "log", "--name-only", "--format=%H"]
    audit = [sys.executable, "-m", "foretell", "audit", ".", "--format", "json"]
    git_times, audit_times = [], []
    for _ in range(args.repeat):
        git_times.append(timed(bare, repository))
        audit_times.append(timed(audit, repository))
    best_git, best_audit = min(git_times), min(audit_times)
    print(f"git log --name-only : {best_git:6.2f} s")
    print(f"foretell audit      : {best_audit:6.2f} s  ({best_audit / best_git:.1f}x git log)")
    if args.libraries:
        walk = pygit2_walk(repository)
        print(f"pygit2 walk + diff  : {walk:6.2f} s  ({walk / best_git:.1f}x git log)")
        walk = dulwich_walk(repository)
        print(f"dulwich walk + diff : {walk:6.2f} s  ({walk / best_git:.1f}x git log)")


if __name__ == "__main__":
    main()
