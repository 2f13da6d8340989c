"""Atomic writes: a process killed between any two steps leaves the old file or the new one."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from foretell.write import atomic
from foretell.write.atomic import remove_stale_temporaries, replace_file

SRC = Path(__file__).parents[2] / "src"
STEPS = ["created", "half-written", "written", "permissions", "renamed", "done"]
OLD = "forecasts:\n  - id: old\n" * 200
NEW = OLD + "  - id: new\n    question: Added?\n"


def _kill_at(step: str, path: Path, create: bool = False) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        from foretell.write import atomic

        def hook(step):
            if step == {step!r}:
                os.kill(os.getpid(), signal.SIGKILL)

        atomic.step_hook = hook
        atomic.replace_file(Path({str(path)!r}), {NEW!r}.encode(), create={create!r})
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_leaves_the_old_or_the_new_file(tmp_path: Path, step: str) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(OLD)
    path.chmod(0o640)
    result = _kill_at(step, path)
    assert result.returncode == -signal.SIGKILL, result.stderr
    content = path.read_text()
    if STEPS.index(step) >= STEPS.index("renamed"):
        assert content == NEW
    else:
        assert content == OLD
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    # The only trace is a hidden temporary file, which the next write's clean-up removes.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "book.yaml"]
    assert all(name.startswith(".book.yaml.") and name.endswith(".tmp") for name in leftovers)
    remove_stale_temporaries(path)
    assert [p.name for p in tmp_path.iterdir()] == ["book.yaml"]


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_while_creating_leaves_no_file_or_the_whole_file(tmp_path: Path, step: str) -> None:
    path = tmp_path / "new.yaml"
    result = _kill_at(step, path, create=True)
    assert result.returncode == -signal.SIGKILL, result.stderr
    if STEPS.index(step) >= STEPS.index("renamed"):
        assert path.read_text() == NEW
    else:
        assert not path.exists()


def test_permissions_of_an_existing_file_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n")
    path.chmod(0o604)
    replace_file(path, b"a: 2\n")
    assert path.read_text() == "a: 2\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        replace_file(tmp_path / "f.yaml", b"a: 1\n", create=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f.yaml").stat().st_mode) == 0o640


def test_create_never_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("mine\n")
    with pytest.raises(FileExistsError):
        replace_file(path, b"theirs\n", create=True)
    assert path.read_text() == "mine\n"


def test_symbolic_links_are_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "target.yaml"
    target.write_text("a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    with pytest.raises(OSError, match="symbolic link"):
        replace_file(link, b"a: 2\n")
    assert target.read_text() == "a: 1\n"
    assert link.is_symlink()


def test_an_error_while_writing_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n")

    def fail(step: str) -> None:
        if step == "written":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "step_hook", fail)
    with pytest.raises(OSError, match="No space"):
        replace_file(path, b"a: 2\n")
    assert path.read_text() == "a: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_clean_up_removes_only_this_files_temporaries(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a\n")
    (tmp_path / ".f.yaml.abc123.tmp").write_text("partial")
    (tmp_path / ".g.yaml.abc123.tmp").write_text("another file's")
    (tmp_path / ".f.yaml.tmp").write_text("not ours: no random part")
    remove_stale_temporaries(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".f.yaml.tmp",
        ".g.yaml.abc123.tmp",
        "f.yaml",
    ]
