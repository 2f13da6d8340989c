"""The parse cache: the same problems and book with and without it, and never a wrong answer
from a damaged, truncated, foreign or tampered cache."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import pytest

import foretell.load.book as book_module
import foretell.load.cache as cache_module
from foretell.check import check_book, run_check
from foretell.load import BookReading, FileReading, ParseCache, read_book
from foretell.load.book import FOLDERS, book_state, open_book_cache, yaml_files
from foretell.load.cache import _checksum
from foretell.load.config import read_config
from foretell.load.entries import read_entry_file
from foretell.load.forecasts import FORECASTS
from foretell.load.plain import PlainDataError, _field_names, reading_from_plain, reading_to_plain
from foretell.model import Forecast
from foretell.yamlio import read_yaml_file

BOOKS = Path(__file__).parents[1] / "books"
ALL_BOOKS = [
    *sorted(p for group in ("valid", "invalid", "resolution") for p in (BOOKS / group).iterdir()),
    BOOKS / "report",
]


@pytest.fixture(autouse=True)
def _no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fixture files may have been written a moment ago (a fresh clone): trust their times.
    monkeypatch.setattr(book_module, "RACY_SECONDS", 0.0)


@pytest.fixture
def cache(tmp_path: Path) -> ParseCache:
    return ParseCache(tmp_path / "cache")


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the path of every file parsed from here on."""
    parsed: list[str] = []
    original = book_module.parse_yaml

    def counting(raw: bytes | str, relative: str):  # type: ignore[no-untyped-def]
        parsed.append(relative)
        return original(raw, relative)

    monkeypatch.setattr(book_module, "parse_yaml", counting)
    return parsed


def same_reading(a: BookReading, b: BookReading) -> None:
    assert a.problems == b.problems
    assert a.book == b.book
    for forecast_a, forecast_b in zip(a.book.forecasts, b.book.forecasts, strict=True):
        assert forecast_a.location == forecast_b.location
        assert dict(forecast_a.field_locations) == dict(forecast_b.field_locations)
        for pa, pb in zip(forecast_a.predictions, forecast_b.predictions, strict=True):
            assert dict(pa.field_locations) == dict(pb.field_locations)
    for evidence_a, evidence_b in zip(a.book.evidence, b.book.evidence, strict=True):
        assert dict(evidence_a.field_locations) == dict(evidence_b.field_locations)
    assert dict(a.forecast_ids) == dict(b.forecast_ids)
    assert dict(a.evidence_ids) == dict(b.evidence_ids)
    assert a.citations == b.citations
    assert a.links == b.links
    assert a.supersessions == b.supersessions
    assert a.title == b.title


@pytest.mark.parametrize("book", ALL_BOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_problems_and_book_with_and_without_the_cache(
    book: Path, cache: ParseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    afresh = read_book(book)
    expected = check_book(book)
    cold = read_book(book, cache=cache)
    parsed = parses(monkeypatch)
    warm = read_book(book, cache=cache)
    same_reading(afresh, cold)
    same_reading(afresh, warm)
    assert parsed == [], "an unchanged file was parsed again"

    assert check_book(book, cache=cache) == expected  # computes and keeps the result
    with open_book_cache(cache, book, read_config(book)) as entries:
        state = book_state(book, entries)
    if state is None:  # links, or odd folders: the state cannot be told from file times
        assert any(p.is_symlink() for p in book.rglob("*")) or any(
            p.code in {"P101", "P102", "P103"} for p in expected
        )
        return

    def unread(*_: object) -> None:
        raise AssertionError("the book was read again")

    monkeypatch.setattr("foretell.check.read_files", unread)
    assert run_check(book, cache=cache).problems == expected  # the kept result


def copy_book(tmp_path: Path, name: str = "valid/article") -> Path:
    target = tmp_path / "book"
    shutil.copytree(BOOKS / name, target)
    if name == "report":  # a few more files, one forecast each
        for day in range(1, 4):
            (target / "forecasts" / f"rain-{day}.yaml").write_text(
                f"question: Will it rain in Oslo on 2026-03-0{day}?\n"
                "criteria: Yes if the Blindern station records any rain that day.\n"
                f"resolves: 2026-03-0{day}\n"
                "forecaster: ann\n"
                "made: 2026-02-01\n"
                "probability: 0.35\n"
            )
    return target


def test_a_changed_file_is_the_only_one_read_again(
    tmp_path: Path, cache: ParseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = copy_book(tmp_path, "report")
    check_book(book, cache=cache)
    files = sorted((book / "forecasts").glob("*.yaml"))
    assert len(files) > 1
    changed = book / "forecasts" / "rain-1.yaml"
    changed.write_text(changed.read_text().replace("probability: 0.35", "probability: 2"))
    parsed = parses(monkeypatch)
    problems = check_book(book, cache=cache)
    assert parsed == [f"forecasts/{changed.name}"]
    assert problems == check_book(book)
    assert any(p.code == "F103" for p in problems)


def test_a_removed_or_added_file_counts(tmp_path: Path, cache: ParseCache) -> None:
    book = copy_book(tmp_path, "report")
    check_book(book, cache=cache)
    victim = sorted((book / "forecasts").glob("*.yaml"))[0]
    victim.unlink()
    assert check_book(book, cache=cache) == check_book(book)
    (book / "forecasts" / "new.yaml").write_text("question: [\n")
    problems = check_book(book, cache=cache)
    assert problems == check_book(book)
    assert any(p.location.path == "forecasts/new.yaml" for p in problems)


def test_a_changed_document_or_setting_counts(tmp_path: Path, cache: ParseCache) -> None:
    book = copy_book(tmp_path)
    assert not [p for p in check_book(book, cache=cache) if p.is_error]
    document = next((book / "seeds").iterdir())
    document.write_text("Nothing of what was quoted.\n")
    problems = check_book(book, cache=cache)
    assert problems == check_book(book)
    assert any(p.code == "B103" for p in problems)
    (book / "foretell.toml").write_text('titel = "x"\n')
    problems = check_book(book, cache=cache)
    assert problems == check_book(book)
    assert any(p.code == "C101" for p in problems)


def hidden_document_book(tmp_path: Path, document: str = ".docs/news.txt") -> Path:
    """The article book citing its seed through a path with a hidden folder name, which the
    book's state does not see."""
    book = copy_book(tmp_path)
    target = book / document
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(book / "seeds" / "bridge-news.txt", target)
    forecast = book / "forecasts" / "bridge.yaml"
    forecast.write_text(forecast.read_text().replace("seeds/bridge-news.txt", document))
    return book


@pytest.mark.parametrize("document", [".docs/news.txt", "seeds/.news.txt", ".hidden/a/b.txt"])
def test_a_changed_document_in_a_hidden_folder_counts(
    tmp_path: Path, cache: ParseCache, document: str
) -> None:
    book = hidden_document_book(tmp_path, document)
    assert check_book(book, cache=cache) == check_book(book) == ()
    assert check_book(book, cache=cache) == ()  # the kept result
    (book / document).write_text("Nothing of what was quoted.\n")
    problems = check_book(book, cache=cache)
    assert problems == check_book(book)
    assert {p.code for p in problems if p.is_error} == {"B103"}
    (book / document).unlink()
    problems = check_book(book, cache=cache)
    assert problems == check_book(book)
    assert {p.code for p in problems if p.is_error} == {"B102"}


def test_a_hidden_folder_retargeted_by_a_link_counts(tmp_path: Path, cache: ParseCache) -> None:
    book = hidden_document_book(tmp_path)
    (book / ".docs").rename(book / "docs-a")
    shutil.copytree(book / "docs-a", book / "docs-b")
    (book / "docs-b" / "news.txt").write_text("Nothing of what was quoted.\n")
    (book / ".docs").symlink_to("docs-a")
    assert check_book(book, cache=cache) == check_book(book) == ()
    (book / ".docs").unlink()
    (book / ".docs").symlink_to("docs-b")
    problems = check_book(book, cache=cache)
    assert problems == check_book(book)
    assert {p.code for p in problems if p.is_error} == {"B103"}


def test_a_new_file_beside_a_missing_hidden_document_counts(
    tmp_path: Path, cache: ParseCache
) -> None:
    """The hint for a missing document names the files beside it."""
    book = hidden_document_book(tmp_path)
    (book / ".docs" / "news.txt").rename(book / ".docs" / "old.txt")
    first = check_book(book, cache=cache)
    assert first == check_book(book)
    (book / ".docs" / "new.txt").write_text("x\n")
    assert check_book(book, cache=cache) == check_book(book) != first


def test_a_new_empty_folder_counts(tmp_path: Path, cache: ParseCache) -> None:
    """A book without forecasts/ has an error; creating the empty folder removes it."""
    book = tmp_path / "book"
    (book / "seeds").mkdir(parents=True)
    (book / "seeds" / "a.txt").write_text("text\n")
    first = check_book(book, cache=cache)
    assert [p.code for p in first] == ["B100"]
    assert check_book(book, cache=cache) == first  # the kept result
    (book / "forecasts").mkdir()
    assert check_book(book, cache=cache) == check_book(book) == ()


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists any folder")
def test_a_folder_that_cannot_be_listed_makes_the_state_unknown(
    tmp_path: Path, cache: ParseCache
) -> None:
    book = copy_book(tmp_path)
    seeds = book / "seeds"
    seeds.chmod(0o311)  # files can be read by name, the folder cannot be listed
    try:
        with open_book_cache(cache, book, read_config(book)) as entries:
            assert book_state(book, entries) is None
    finally:
        seeds.chmod(0o755)


def test_a_folder_that_cannot_be_listed_makes_the_state_unknown_as_any_user(
    tmp_path: Path, cache: ParseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same, run as root too: listing the folder fails as it would for a user."""
    book = copy_book(tmp_path)
    original = os.scandir

    def refusing(path: Any = ".") -> Any:
        if os.fspath(path).endswith(f"{os.sep}seeds"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return original(path)

    with open_book_cache(cache, book, read_config(book)) as entries:
        assert book_state(book, entries) is not None
        monkeypatch.setattr(os, "scandir", refusing)
        assert book_state(book, entries) is None


def test_the_fingerprint_covers_the_package_data(tmp_path: Path) -> None:
    """Editing a yardstick's words (data, not code) changes how wordings read: entries kept
    before the edit are not used after it."""
    package = tmp_path / "foretell"
    shutil.copytree(
        Path(cache_module.__file__).parents[1],
        package,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    before = cache_module.package_digest(package)
    assert cache_module.package_digest(package) == before
    yardstick = next((package / "wording").rglob("*.toml"))
    yardstick.write_text(yardstick.read_text() + "\n# edited\n")
    assert cache_module.package_digest(package) != before
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert cache_module.package_digest(package) == cache_module.package_digest(package)


def test_the_fingerprint_covers_the_yaml_date_and_table_libraries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = {path.name for path in cache_module._dependency_files()}
    assert {"__init__.py", "tzdata.zi"} <= files
    real_find_spec = cache_module.importlib.util.find_spec

    def files_with_duckdb(origin: str | None) -> list[Path]:
        def find_spec(name: str) -> Any:
            if name != "duckdb":
                return real_find_spec(name)
            return None if origin is None else SimpleNamespace(origin=origin)

        monkeypatch.setattr(cache_module.importlib.util, "find_spec", find_spec)
        return cache_module._dependency_files()

    installed = files_with_duckdb("/site-packages/duckdb/__init__.py")
    without = files_with_duckdb(None)
    assert installed != without, "whether the table engine is installed counts"
    assert Path("<duckdb is not installed>") in without
    import yaml  # noqa: PLC0415

    assert any(name.startswith("_yaml") for name in files) == yaml.__with_libyaml__


def test_a_locked_database_is_left_alone(
    tmp_path: Path, cache: ParseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database another process holds locked is not taken for a damaged one: the book is
    read without the cache, and the other process's write still succeeds."""
    book = copy_book(tmp_path, "report")
    expected = check_book(book)
    check_book(book, cache=cache)
    inode = cache.path.stat().st_ino
    monkeypatch.setattr(cache_module, "BUSY_SECONDS", 0.05)
    holder = sqlite3.connect(cache.path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('held', 'yes')")
        assert check_book(book, cache=cache) == expected
        same_reading(read_book(book, cache=cache), read_book(book))
        holder.execute("COMMIT")
    finally:
        holder.close()
    assert cache.path.stat().st_ino == inode
    with sqlite3.connect(cache.path) as connection:
        held = connection.execute("SELECT value FROM meta WHERE key = 'held'").fetchone()
    assert held == ("yes",)


def test_the_default_forecaster_is_part_of_each_entry(tmp_path: Path, cache: ParseCache) -> None:
    book = copy_book(tmp_path, "valid/config")
    first = read_book(book, cache=cache)
    config = book / "foretell.toml"
    config.write_text(config.read_text().replace("forecaster", "#forecaster", 1))
    again = read_book(book, cache=cache)
    same_reading(again, read_book(book))
    assert again.book != first.book or again.problems != first.problems


def spoil_database(cache: ParseCache, how: str) -> None:
    path = cache.path
    if how == "garbage":
        path.write_bytes(b"not a database at all\n" * 100)
    elif how == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "foreign":
        path.unlink()
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE files (name TEXT)")
            connection.execute("INSERT INTO files VALUES ('x')")
    elif how == "other-format":
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE meta SET value = 'foretell parse cache 0'")
    connection = None
    del connection


@pytest.mark.parametrize("how", ["garbage", "truncated", "empty", "foreign", "other-format"])
def test_a_damaged_or_foreign_database_is_replaced(
    tmp_path: Path, cache: ParseCache, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = copy_book(tmp_path, "report")
    expected = check_book(book)
    check_book(book, cache=cache)
    spoil_database(cache, how)
    assert check_book(book, cache=cache) == expected
    parsed = parses(monkeypatch)
    same_reading(read_book(book, cache=cache), read_book(book))
    assert parsed == [], "the rebuilt cache is used again"


def tamper(cache: ParseCache, statement: str, *arguments: object) -> None:
    with sqlite3.connect(cache.path) as connection:
        connection.execute(statement, arguments)


def test_a_tampered_entry_is_read_again(
    tmp_path: Path, cache: ParseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = copy_book(tmp_path, "report")
    expected = read_book(book)
    read_book(book, cache=cache)
    # Change a stored probability without fixing the checksum: a damaged entry.
    path = "forecasts/rain-1.yaml"
    with sqlite3.connect(cache.path) as connection:
        (data,) = connection.execute(
            "SELECT data FROM files WHERE path = ?", (json.dumps(path),)
        ).fetchone()
        spoiled = data.replace("0.35", "0.95", 1)
        assert spoiled != data
        connection.execute("UPDATE files SET data = ? WHERE path = ?", (spoiled, json.dumps(path)))
    parsed = parses(monkeypatch)
    same_reading(read_book(book, cache=cache), expected)
    assert parsed == [path]


def test_an_entry_of_the_wrong_shape_is_read_again(
    tmp_path: Path, cache: ParseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even with a valid checksum, data that is not what foretell writes is not used."""
    book = copy_book(tmp_path, "report")
    expected = read_book(book)
    read_book(book, cache=cache)
    with sqlite3.connect(cache.path) as connection:
        key, digest = connection.execute("SELECT path, digest FROM files LIMIT 1").fetchone()
        path = json.loads(key)  # paths are stored as JSON text
        parsed = parses(monkeypatch)
        for data in ('{"problems": []}', "[1, 2, 3]", '"x"', "[" * 200 + "]" * 200):
            connection.execute(
                "UPDATE files SET data = ?, checksum = ? WHERE path = ?",
                (data, _checksum(digest, data), key),
            )
            connection.commit()
            parsed.clear()
            same_reading(read_book(book, cache=cache), expected)
            assert parsed == [path]


def test_stored_values_of_another_type_are_read_again(
    tmp_path: Path, cache: ParseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite keeps any type in any column: an entry whose text is stored as bytes (or whose
    checksum as text) is not foretell's, and the file is parsed again."""
    book = copy_book(tmp_path, "report")
    expected = read_book(book)
    read_book(book, cache=cache)
    with sqlite3.connect(cache.path) as connection:
        first, second = connection.execute(
            "SELECT path FROM files ORDER BY path LIMIT 2"
        ).fetchall()
        connection.execute("UPDATE files SET data = CAST(data AS BLOB) WHERE path = ?", (first[0],))
        connection.execute("UPDATE files SET checksum = 'x' WHERE path = ?", (second[0],))
    parsed = parses(monkeypatch)
    same_reading(read_book(book, cache=cache), expected)
    assert sorted(parsed) == sorted(json.loads(key) for key in (first[0], second[0]))
    parsed.clear()
    same_reading(read_book(book, cache=cache), expected)
    assert parsed == [], "the entries were written again"


def test_entries_of_files_that_are_gone_are_dropped(tmp_path: Path, cache: ParseCache) -> None:
    book = copy_book(tmp_path, "report")
    read_book(book, cache=cache)
    victim = sorted((book / "forecasts").glob("*.yaml"))[0]
    victim.unlink()
    with sqlite3.connect(cache.path) as connection:
        connection.execute(
            "INSERT INTO files SELECT book, 'not a key', digest, checksum, data FROM files LIMIT 1"
        )
    read_book(book, cache=cache)
    with sqlite3.connect(cache.path) as connection:
        stored = {json.loads(key) for (key,) in connection.execute("SELECT path FROM files")}
    assert stored == {relative for folder, _ in FOLDERS for _, relative in yaml_files(book, folder)}


def test_a_tampered_kept_result_is_not_used(tmp_path: Path, cache: ParseCache) -> None:
    book = copy_book(tmp_path, "invalid/F103-probability-out-of-range")
    expected = check_book(book)
    assert expected
    check_book(book, cache=cache)
    tamper(cache, "UPDATE memos SET data = '[[], 1, 0, [], \"\"]'")
    assert check_book(book, cache=cache) == expected


def test_the_cache_is_not_written_in_the_book(tmp_path: Path, cache: ParseCache) -> None:
    book = copy_book(tmp_path)
    before = sorted(p.relative_to(book) for p in book.rglob("*"))
    check_book(book, cache=cache)
    read_book(book, cache=cache)
    assert sorted(p.relative_to(book) for p in book.rglob("*")) == before
    assert cache.path.is_file()


def test_an_unusable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    book = copy_book(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    cache = ParseCache(blocker / "cache")
    assert check_book(book, cache=cache) == check_book(book)
    same_reading(read_book(book, cache=cache), read_book(book))


def run_cli(*arguments: str, cache_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FORETELL_CACHE_DIR": str(cache_dir)}
    return subprocess.run(
        [sys.executable, "-m", "foretell", *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_no_cache_reads_everything_and_writes_no_cache(tmp_path: Path) -> None:
    book = copy_book(tmp_path, "invalid/F103-probability-out-of-range")
    cache_dir = tmp_path / "cache"
    plain = run_cli("check", str(book), "--no-cache", cache_dir=cache_dir)
    assert not cache_dir.exists()
    cached = run_cli("check", str(book), cache_dir=cache_dir)
    again = run_cli("check", str(book), cache_dir=cache_dir)
    assert cache_dir.exists()
    assert plain.returncode == cached.returncode == again.returncode == 1
    assert plain.stdout == cached.stdout == again.stdout
    assert plain.stderr == cached.stderr == again.stderr


def test_processes_sharing_a_cache_agree(tmp_path: Path) -> None:
    book = copy_book(tmp_path, "report")
    cache_dir = tmp_path / "cache"
    expected = run_cli("check", str(book), "--format", "json", "--no-cache", cache_dir=cache_dir)
    env = {**os.environ, "FORETELL_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "foretell", "check", str(book), "--format", "json"]
    for _ in range(3):
        running = [
            subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) for _ in range(4)
        ]
        outputs = [process.communicate()[0] for process in running]
        assert outputs == [expected.stdout] * 4
        (book / "forecasts" / "extra.yaml").write_text(f"question: [{_}\n")
        expected = run_cli(
            "check", str(book), "--format", "json", "--no-cache", cache_dir=cache_dir
        )


def test_plain_data_round_trip_and_rejection() -> None:
    checked = 0
    for book in ALL_BOOKS:
        config = read_config(book)
        for folder, kind in FOLDERS:
            for path, relative in yaml_files(book, folder):
                reading = read_entry_file(read_yaml_file(path, relative), path.stem, kind, config)
                plain = json.loads(json.dumps(reading_to_plain(reading, relative)))
                assert reading_from_plain(plain, relative) == reading
                checked += 1
    assert checked > 50
    fields = len(_field_names(FileReading))
    assert reading_from_plain([[]] * fields, "forecasts/x.yaml") == FileReading()
    for bad in (
        None,
        {},
        [],
        [[]] * (fields - 1),
        [[]] * (fields + 1),
        ["x"] * fields,
        [[[1]], *[[]] * (fields - 1)],
        [[], [["x"] * 20], *[[]] * (fields - 2)],
    ):
        with pytest.raises(PlainDataError):
            reading_from_plain(bad, "forecasts/x.yaml")


def test_fields_added_to_the_model_are_cached() -> None:
    """The plain form follows the attrs fields, so a new field needs no cache code."""
    assert _field_names(Forecast) == tuple(f.alias for f in attrs.fields(Forecast) if f.init)


def test_file_names_that_are_not_utf8(tmp_path: Path, cache: ParseCache) -> None:
    book = copy_book(tmp_path, "report")
    odd = book / "forecasts" / os.fsdecode(b"caf\xe9-rain.yaml")
    odd.write_text((book / "forecasts" / "rain-1.yaml").read_text())
    expected = check_book(book)
    assert any("caf" in p.location.path for p in expected)
    assert check_book(book, cache=cache) == expected
    assert check_book(book, cache=cache) == expected
    same_reading(read_book(book, cache=cache), read_book(book))


def test_new_entries_are_written_in_batches_as_the_book_is_read(
    tmp_path: Path, cache: ParseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big book's first read writes its entries as it goes, each batch whole."""
    monkeypatch.setattr(cache_module, "BATCH_FILES", 2)
    book = copy_book(tmp_path, "report")
    stored_while_reading: list[int] = []
    original = book_module.parse_yaml

    def counting(raw: bytes | str, relative: str):  # type: ignore[no-untyped-def]
        with sqlite3.connect(cache.path) as connection:
            stored_while_reading.append(
                connection.execute("SELECT count(*) FROM files").fetchone()[0]
            )
        return original(raw, relative)

    monkeypatch.setattr(book_module, "parse_yaml", counting)
    first = read_book(book, cache=cache)
    files = sum(1 for folder, _ in FOLDERS for _ in yaml_files(book, folder))
    assert files > 4
    # before the first file, none; then every second file adds a batch of two
    assert stored_while_reading[0] == 0
    assert stored_while_reading[-1] == 2 * ((files - 1) // 2)
    assert all(count % 2 == 0 for count in stored_while_reading)
    with sqlite3.connect(cache.path) as connection:
        assert connection.execute("SELECT count(*) FROM files").fetchone()[0] == files
    monkeypatch.setattr(book_module, "parse_yaml", original)
    parsed = parses(monkeypatch)
    same_reading(read_book(book, cache=cache), first)
    assert parsed == []


@pytest.mark.parametrize("key", ["[1]", '{"a": 1}', "[" * 5000 + "]" * 5000, "7"])
def test_stored_keys_that_are_not_paths_are_dropped_without_a_crash(
    tmp_path: Path, cache: ParseCache, key: str
) -> None:
    book = copy_book(tmp_path, "report")
    first = read_book(book, cache=cache)
    with sqlite3.connect(cache.path) as connection:
        connection.execute(
            "INSERT INTO files SELECT book, ?, digest, checksum, data FROM files LIMIT 1", (key,)
        )
    same_reading(read_book(book, cache=cache), first)
    with sqlite3.connect(cache.path) as connection:
        stored = {k for (k,) in connection.execute("SELECT path FROM files")}
    assert key not in stored


def test_a_decoded_file_keeps_one_object_per_text(tmp_path: Path) -> None:
    """A forecast's long quote and the same quote in its citation stay one object, as in YAML."""
    quote = "Talks will likely fail before the summer, " * 3
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(quote)
    path = tmp_path / "forecasts" / "a.yaml"
    path.parent.mkdir()
    path.write_text(
        f"id: talks\nquestion: Will the talks fail?\nresolves: 2026-06-01\nquote: {quote}\n"
        "source:\n  document: seeds/a.txt\n"
        "predictions:\n  - by: me\n    made: 2026-01-01\n    probability: 0.7\n"
    )
    config = read_config(tmp_path)
    reading = read_entry_file(read_yaml_file(path, "forecasts/a.yaml"), "a", FORECASTS, config)
    plain = json.loads(json.dumps(reading_to_plain(reading, "forecasts/a.yaml")))
    decoded = reading_from_plain(plain, "forecasts/a.yaml")
    (forecast,) = decoded.forecasts
    (citation,) = decoded.citations
    assert forecast.quote == citation.quote == quote.strip()
    assert forecast.quote is citation.quote
