"""Writers never follow a link out of the book, and refuse a whole change before writing any of
it when one target is unfit (a book may come from a stranger, links included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from foretell.audit.sealing import SealError, seal_forecast
from foretell.init import BookExistsError, create_book, new_book_files
from foretell.write import FileWrite, WriteRefusedError, apply_writes

FORECAST = """\
forecaster: ada
made: 2026-01-10
resolves: 2026-06-30
forecasts:
  - id: secret
    question: Will the minister resign?
    criteria: YES if she does.
    probability: 0.7
"""
EVIDENCE = "forecast: secret\noutcome: yes\nobserved: 2026-02-01\nsummary: She did.\n"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    (root / "forecasts").mkdir(parents=True)
    (root / "forecasts" / "list.yaml").write_text(FORECAST, encoding="utf-8")
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def test_a_linked_folder_out_of_the_book_is_not_written(book: Path, outside: Path) -> None:
    (book / "evidence").symlink_to(outside)
    with pytest.raises(WriteRefusedError, match="leads outside the book"):
        apply_writes(book, lambda _: [FileWrite("evidence/e.yaml", None, EVIDENCE)])
    assert list(outside.iterdir()) == []


def test_one_linked_target_stops_the_whole_change(book: Path, outside: Path) -> None:
    """Checked before anything is written: the first file is not changed either."""
    victim = outside / "victim.yaml"
    victim.write_text("precious\n")
    (book / "evidence").mkdir()
    (book / "evidence" / "e.yaml").symlink_to(victim)
    before = (book / "forecasts" / "list.yaml").read_text()
    changed = before.replace("0.7", "0.8")
    with pytest.raises(WriteRefusedError, match="symbolic link"):
        apply_writes(
            book,
            lambda _: [
                FileWrite("forecasts/list.yaml", before, changed),
                FileWrite("evidence/e.yaml", "precious\n", EVIDENCE),
            ],
        )
    assert (book / "forecasts" / "list.yaml").read_text() == before
    assert victim.read_text() == "precious\n"


@pytest.mark.parametrize("link", [".foretell/seals", ".foretell/seals/secret.json"])
def test_seal_records_are_not_written_through_a_link(book: Path, outside: Path, link: str) -> None:
    target = outside / "victim.json" if link.endswith(".json") else outside
    if target != outside:
        target.write_text("precious\n")
    (book / link).parent.mkdir(parents=True, exist_ok=True)
    (book / link).symlink_to(target)
    before = (book / "forecasts" / "list.yaml").read_text()
    with pytest.raises(SealError, match="symbolic link"):
        seal_forecast(book, "secret")
    assert (book / "forecasts" / "list.yaml").read_text() == before
    if target == outside:
        assert list(outside.iterdir()) == []
    else:
        assert target.read_text() == "precious\n"


def test_init_does_not_write_through_a_linked_folder(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "new"
    root.mkdir()
    (root / "schema").symlink_to(outside)
    files = new_book_files(title="T", version="1.0", ci=True)
    assert any(path.startswith("schema/") for path in files)
    with pytest.raises(BookExistsError, match="outside"):
        create_book(root, files)
    assert list(outside.iterdir()) == []
