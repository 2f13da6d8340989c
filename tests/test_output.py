"""``--output``: what may be written, and how (atomically, as a set, keeping owner and mode)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from foretell.cli import cli
from foretell.files import write_files

BOOK = Path(__file__).parent / "books" / "report"
AS_OF = ["--as-of", "2026-06-30"]


def run(*args: str):
    return CliRunner().invoke(cli, ["report", *args])


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A copy of the report fixture book, so that refusals can be checked against its files."""
    root = tmp_path / "book"
    subprocess.run(["cp", "-r", str(BOOK), str(root)], check=True)
    (root / "seeds").mkdir(exist_ok=True)
    (root / "seeds" / "doc.txt").write_text("seed")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "target",
    [
        "forecasts/questions.yaml",
        "forecasts/new-report.md",
        "evidence/report.json",
        "foretell.toml",
        "seeds/doc.txt",
        "forecasts/../foretell.toml",
    ],
)
def test_a_file_of_the_book_is_never_written(book: Path, target: str) -> None:
    before = snapshot(book)
    result = run(str(book), *AS_OF, "-o", str(book / target))
    assert result.exit_code == 2
    assert "part of the book" in result.stderr
    assert snapshot(book) == before


def test_a_link_into_the_book_is_refused_too(book: Path, tmp_path: Path) -> None:
    link = tmp_path / "innocent.md"
    link.symlink_to(book / "forecasts" / "questions.yaml")
    before = snapshot(book)
    assert run(str(book), *AS_OF, "-o", str(link)).exit_code == 2
    assert snapshot(book) == before


def test_a_report_inside_the_book_folder_but_outside_its_data_is_fine(book: Path) -> None:
    result = run(str(book), *AS_OF, "-o", str(book / "report.md"))
    assert result.exit_code == 0, result.output
    assert (book / "report.md").read_text().startswith("#")


@pytest.mark.parametrize(("target", "message"), [("", "empty"), ("dir/", "is a folder")])
def test_empty_and_folder_outputs_are_usage_errors(
    tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "dir").mkdir()
    os.chdir(tmp_path)
    result = run(str(BOOK), *AS_OF, "-o", target)
    assert result.exit_code == 2
    assert message in result.stderr
    assert run(str(BOOK), *AS_OF, "-o", str(tmp_path / "dir")).exit_code == 2
    missing = run(str(BOOK), *AS_OF, "-o", str(tmp_path / "nowhere" / "r.md"))
    assert missing.exit_code == 2
    assert "does not exist" in missing.stderr


def test_dash_means_standard_output(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    result = run(str(BOOK), *AS_OF, "-o", "-", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout.startswith("{")
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_is_followed_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    assert run(str(BOOK), *AS_OF, "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert real.read_text().startswith("<!DOCTYPE html>")


def test_mode_and_owner_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text("{}")
    target.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(target, 1234, 1234)
    assert run(str(BOOK), *AS_OF, "-o", str(target)).exit_code == 0
    status = target.stat()
    assert stat.S_IMODE(status.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (status.st_uid, status.st_gid) == (1234, 1234)


def test_when_the_owner_cannot_be_kept_the_file_is_written_in_place(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "r.json"
    target.write_text("{}")
    inode = target.stat().st_ino

    def no_chown(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("foretell.files.os.chown", no_chown)
    monkeypatch.setattr("foretell.files._can_rename_over", lambda temporary, status: False)
    assert run(str(BOOK), *AS_OF, "-o", str(target)).exit_code == 0
    assert target.stat().st_ino == inode
    assert target.read_text().startswith("{\n")
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    """-o /dev/null used to become a regular file; a FIFO stands for any such node here."""
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run(str(BOOK), *AS_OF, "-o", str(fifo))
    reader.join(10)
    assert result.exit_code == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received[0].startswith(b"#")
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.md"]  # no diagrams beside a FIFO


def test_a_full_disk_during_a_markdown_report_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    """The report and its diagrams are old or new as a whole, with no temporary files left."""
    target = tmp_path / "r.md"
    assert run(str(BOOK), *AS_OF, "-o", str(target)).exit_code == 0
    before = snapshot(tmp_path)
    assert len(before) > 1
    writes = 0
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        nonlocal writes
        writes += 1
        if writes == 2:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr("foretell.files.os.fsync", fsync)
    result = run(str(BOOK), "--as-of", "2026-12-31", "-o", str(target))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert snapshot(tmp_path) == before


def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    """A killed write left .r.html.XXXX.tmp behind."""
    script = f"""
import os, signal, sys
import foretell.files as files
real = os.fsync
def fsync(descriptor):
    os.kill(os.getpid(), signal.SIGTERM)
    real(descriptor)
files.os.fsync = fsync
from foretell.cli import main
main(["report", {str(BOOK)!r}, "--as-of", "2026-06-30", "-o", {str(tmp_path / "r.html")!r}])
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert result.returncode == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the next write to the same target removes what it left."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = tmp_path / f".r.html.{int(dead.stdout)}.0123abcd.tmp"
    stale.write_text("half")
    alive = tmp_path / f".r.html.{os.getppid()}.0123abcd.tmp"
    alive.write_text("another process is writing")
    write_files([(tmp_path / "r.html", "new")])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["r.html", alive.name])


def test_diagram_names_are_unique(tmp_path: Path, book: Path) -> None:
    """Forecasters 'a b', 'a-b' and 'A B' collided on one SVG file."""
    path = book / "forecasts" / "questions.yaml"
    text = path.read_text().replace("by: alice", 'by: "a b"').replace("by: bob", 'by: "a-b"')
    path.write_text(text.replace('by: "a b"', 'by: "A B"', 3))
    result = run(str(book), *AS_OF, "-o", str(tmp_path / "r.md"))
    assert result.exit_code == 0, result.output
    svgs = sorted(p.name for p in tmp_path.glob("r.*.svg"))
    assert len(svgs) == len(set(svgs)) >= 2


def test_what_is_written_is_valid_utf8(tmp_path: Path) -> None:
    """A file name that is not UTF-8 reaches the text as a lone surrogate: escaped, not raw."""
    write_files([(tmp_path / "r.md", "forecasts/caf\udce9.yaml")])
    assert (tmp_path / "r.md").read_bytes().decode("utf-8") == "forecasts/caf\\udce9.yaml"


@pytest.mark.parametrize("linked", ["report.md", "report.alice.svg"])
def test_a_file_link_the_book_holds_is_not_followed_out_of_it(
    book: Path, tmp_path: Path, linked: str
) -> None:
    """A book (a stranger's pull request) plants docs/report.md, or a diagram whose name it can
    guess from a forecaster's, as a link to a file outside: that file must not be replaced."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (book / "docs").mkdir()
    (book / "docs" / linked).symlink_to(victim)
    result = run(str(book), *AS_OF, "-o", str(book / "docs" / "report.md"))
    assert result.exit_code == 2
    assert "leads outside it through a symbolic link" in result.stderr
    assert linked in result.stderr
    assert victim.read_text() == "precious"
    if linked != "report.md":
        assert not (book / "docs" / "report.md").exists(), "nothing of the set is written"


def test_a_folder_link_the_book_holds_is_not_followed_out_of_it(book: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (book / "docs").symlink_to(outside)
    result = run(str(book), *AS_OF, "-o", str(book / "docs" / "report.md"))
    assert result.exit_code == 2
    assert list(outside.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_a_fifo_at_a_diagram_path_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "r.alice.svg")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "foretell",
            "report",
            str(BOOK),
            *AS_OF,
            "-o",
            str(tmp_path / "r.md"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "is not a regular file" in result.stderr
    assert not (tmp_path / "r.md").exists()
