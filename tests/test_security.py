"""A book is untrusted input: nothing outside it is read, nothing hangs, nothing is skipped.

Each test is one case of docs/security.md, built in a temporary book.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import foretell
from foretell.check import check_book
from foretell.cli import cli
from foretell.load import read_book

FORECAST = """\
question: Will it rain in Uccle on 2026-01-11?
criteria: YES if the weather service reports any rainfall in Uccle that day.
forecaster: me
made: 2026-01-10
probability: 0.6
resolves: 2026-01-11
"""
EVIDENCE = """\
resolves: {rain: yes}
observed: 2026-01-11
summary: It rained.
sources: [{url: "https://example.org/weather", title: Weather}]
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    (root / "forecasts").mkdir(parents=True)
    (root / "evidence").mkdir()
    (root / "forecasts" / "rain.yaml").write_text(FORECAST)
    (root / "evidence" / "rain-observed.yaml").write_text(EVIDENCE)
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the book, standing for /etc: it holds a secret."""
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n" * 40)
    (folder / "passwd.yaml").write_text("root:x:0:0:root:/root:/bin/bash\n" * 40)
    return folder


def codes(root: Path) -> list[str]:
    return [p.code for p in check_book(root)]


# -- A book cannot reach outside itself ---------------------------------------------------------


def test_a_symlinked_file_outside_the_book_is_refused_and_not_echoed(
    book: Path, outside: Path
) -> None:
    (book / "evidence" / "passwd.yaml").symlink_to(outside / "passwd.yaml")
    result = run("check", str(book))
    assert result.exit_code == 1
    assert "evidence/passwd.yaml: error[P101]" in result.stdout
    assert "root:x" not in result.output


def test_a_value_is_echoed_as_a_short_escaped_excerpt(book: Path) -> None:
    """The Y107 message quotes at most 40 characters of a long value."""
    (book / "evidence" / "long.yaml").write_text("root:x:0:0:root:/root:/bin/bash\n" * 40)
    [problem] = [p for p in check_book(book) if p.code == "Y107"]
    assert problem.message.endswith("got 'root:x:0:0:root:/root:/bin/bash root:x:0…'")


@pytest.mark.parametrize("folder", ["forecasts", "evidence"])
def test_a_folder_linked_outside_the_book_is_refused(
    book: Path, tmp_path: Path, folder: str
) -> None:
    """'evidence -> /' walked the whole file system; now it is one problem, at once."""
    other = tmp_path / "other"
    (other / folder).mkdir(parents=True)
    (other / folder / "x.yaml").write_text(FORECAST if folder == "forecasts" else EVIDENCE)
    (book / folder / "sub").symlink_to(other / folder)
    problems = check_book(book)
    assert [(p.code, str(p.location)) for p in problems] == [("P101", f"{folder}/sub")]
    for name in ("forecasts", "evidence"):
        for child in (book / name).iterdir():
            if child.is_symlink():
                child.unlink()
    started = time.perf_counter()
    (book / "evidence").rename(book / "old-evidence")
    (book / "evidence").symlink_to("/")
    assert [(p.code, str(p.location)) for p in check_book(book)] == [("P101", "evidence")]
    assert time.perf_counter() - started < 5


def test_a_symlinked_folder_inside_the_book_is_read(book: Path) -> None:
    """Symlinked sub-folders used to be skipped in silence; inside the book they are read."""
    (book / "archive").mkdir()
    (book / "archive" / "old.yaml").write_text(FORECAST.replace("0.6", "0.4"))
    (book / "forecasts" / "archive").symlink_to(book / "archive")
    reading = read_book(book)
    assert not reading.problems
    assert sorted(f.id for f in reading.book.forecasts) == ["old", "rain"]


def test_seeds_linked_outside_make_no_oracle_and_no_hint(book: Path, outside: Path) -> None:
    (book / "seeds").mkdir()
    (book / "seeds" / "etc").symlink_to(outside)
    text = FORECAST + "quote: root:x:0:0\nsource:\n  document: seeds/etc/passwd\n"
    (book / "forecasts" / "rain.yaml").write_text(text)
    [problem] = check_book(book)
    assert problem.code == "B102"
    assert "outside the book" in problem.message
    (book / "forecasts" / "rain.yaml").write_text(
        text.replace("seeds/etc/passwd", "seeds/etc/pass")
    )
    [problem] = check_book(book)
    assert problem.code == "B102"
    assert "passwd" not in str(problem)


def test_a_hint_for_a_missing_document_lists_only_files_inside_the_book(
    book: Path, outside: Path
) -> None:
    (book / "seeds").mkdir()
    (book / "seeds" / "article.md").write_text("The bridge will likely open.")
    (book / "seeds" / "passwd").symlink_to(outside / "passwd")
    text = FORECAST + "quote: x\nsource:\n  document: seeds/passwdd\n"
    (book / "forecasts" / "rain.yaml").write_text(text)
    [problem] = check_book(book)
    assert problem.code == "B102"
    assert "passwd'?" not in (problem.hint or "")


def test_a_very_long_document_name_is_a_problem(book: Path) -> None:
    """A 5,000-character source document gave ENAMETOOLONG."""
    text = FORECAST + f"quote: x\nsource:\n  document: seeds/{'a' * 5000}.md\n"
    (book / "forecasts" / "rain.yaml").write_text(text)
    [problem] = check_book(book)
    assert problem.code == "B102"
    assert len(problem.message) < 200


def test_a_fifo_is_not_read(book: Path) -> None:
    os.mkfifo(book / "forecasts" / "pipe.yaml")
    started = time.perf_counter()
    result = run("check", str(book))
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1
    assert "forecasts/pipe.yaml: error[Y101]" in result.stdout
    assert "FIFO" in result.stdout


def test_a_link_to_dev_zero_is_not_read(book: Path) -> None:
    (book / "forecasts" / "z.yaml").symlink_to("/dev/zero")
    assert "P101" in codes(book)


def test_a_device_inside_the_book_is_not_read(book: Path, monkeypatch) -> None:
    """A device node that is inside the book (bind mounts, containers) is still refused."""
    monkeypatch.setattr("foretell.load.paths.is_inside", lambda real, path: True)
    (book / "forecasts" / "z.yaml").symlink_to("/dev/zero")
    result = run("check", str(book))
    assert result.exit_code == 1
    assert "a character device, not a regular file" in result.stdout


# -- Bounded work -------------------------------------------------------------------------------


def test_a_thousand_nested_folders(book: Path) -> None:
    deep = book / "forecasts"
    for _ in range(1000):
        deep /= "d"
        deep.mkdir()
    (deep / "deep.yaml").write_text(FORECAST.replace("0.6", "0.3"))
    try:
        reading = read_book(book)
        assert sorted(f.id for f in reading.book.forecasts) == ["deep", "rain"]
    finally:  # pytest's own clean-up of tmp_path recurses once per level
        (deep / "deep.yaml").unlink()
        while deep != book / "forecasts":
            deep.rmdir()
            deep = deep.parent


def test_a_deeply_nested_toml_value(book: Path) -> None:
    (book / "foretell.toml").write_text("title = " + "[" * 5000 + "]" * 5000 + "\n")
    result = run("check", str(book))
    assert result.exit_code == 1
    assert "foretell.toml: error[C101]" in result.stdout


def test_alias_amplification_in_a_book_is_quick(book: Path) -> None:
    text = "f: &f [" + ", ".join(str(i) for i in range(1000)) + "]\n"
    text += "forecasts:\n" + "".join("  - *f\n" for _ in range(1000))
    (book / "forecasts" / "bomb.yaml").write_text(text)
    started = time.perf_counter()
    assert "Y108" in codes(book)
    assert time.perf_counter() - started < 3


# -- Nothing is skipped in silence --------------------------------------------------------------


def _deny(monkeypatch, denied: Path) -> None:
    """Make listing ``denied`` fail as ``chmod 000`` does (tests may run as root)."""
    real_scandir = os.scandir

    def scandir(path=".", *args):  # type: ignore[no-untyped-def]
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr("foretell.load.paths.os.scandir", scandir)
    monkeypatch.setattr("foretell.load.book.os.scandir", scandir)


def test_an_unreadable_evidence_folder_fails_check_and_status(book: Path, monkeypatch) -> None:
    """'chmod 000 evidence' gave 'All good' and status then called the forecast overdue."""
    _deny(monkeypatch, book / "evidence")
    result = run("check", str(book))
    assert result.exit_code == 1
    assert "evidence: error[P102]: cannot read the folder 'evidence': Permission denied" in (
        result.stdout
    )
    status = run("status", str(book), "--as-of", "2026-03-01")
    assert status.exit_code == 1
    assert "P102" in status.stderr


def test_an_unreadable_sub_folder_is_a_problem(book: Path, monkeypatch) -> None:
    (book / "forecasts" / "2026").mkdir()
    _deny(monkeypatch, book / "forecasts" / "2026")
    assert codes(book) == ["P102"]


def test_an_unreadable_book_folder_is_a_problem(book: Path, monkeypatch) -> None:
    _deny(monkeypatch, book)
    result = run("check", str(book))
    assert result.exit_code == 1
    assert ".: error[P102]: cannot read the book's folder" in result.stdout


def _without_permission_override() -> None:
    """Drop the two capabilities that let root read any file (Linux), before exec."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for capability in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.mark.skipif(sys.platform != "linux", reason="drops Linux capabilities to act as a user")
def test_chmod_000_evidence_is_a_problem(book: Path) -> None:
    """The real case, not a simulation: as root the command runs without the capabilities that
    override file permissions, so a folder with mode 000 is as unreadable as for anyone."""
    (book / "evidence").chmod(0)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "foretell", "check", "--no-cache", str(book)],
            capture_output=True,
            text=True,
            check=False,
            preexec_fn=_without_permission_override if os.geteuid() == 0 else None,
        )
        assert result.returncode == 1, result.stderr
        assert "evidence: error[P102]: cannot read the folder 'evidence'" in result.stdout
        assert "Traceback" not in result.stderr
    finally:
        (book / "evidence").chmod(0o755)


def test_evidence_that_is_a_file_is_a_problem(book: Path) -> None:
    for child in (book / "evidence").iterdir():
        child.unlink()
    (book / "evidence").rmdir()
    (book / "evidence").write_text(EVIDENCE)
    assert codes(book) == ["P102"]


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_foretell_toml_that_is_not_a_file_is_a_problem(book: Path, kind: str) -> None:
    path = book / "foretell.toml"
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    problems = check_book(book)
    assert [(p.code, str(p.location)) for p in problems] == [("C101", "foretell.toml")]
    assert "not a regular file" in problems[0].message


def test_a_foretell_toml_linked_outside_is_refused(book: Path, outside: Path) -> None:
    (book / "foretell.toml").symlink_to(outside / "passwd")
    assert codes(book) == ["P101"]


def test_unreadable_seeds_are_a_located_problem(book: Path, monkeypatch) -> None:
    (book / "seeds").mkdir()
    (book / "seeds" / "a.md").write_text("words")
    text = FORECAST + "quote: words\nsource:\n  document: seeds/a.md\n"
    (book / "forecasts" / "rain.yaml").write_text(text)

    def denied(*_args: object, **_kwargs: object) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("foretell.check.read_regular_file", denied)
    [problem] = check_book(book)
    assert problem.code == "B102"
    assert problem.location.line == 9
    assert "Permission denied" in problem.message


def test_read_book_never_raises_oserror(book: Path, monkeypatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(36, "File name too long")

    monkeypatch.setattr("foretell.load.book.read_config", broken)
    reading = read_book(book)
    assert [p.code for p in reading.problems] == ["P102"]
    assert "File name too long" in reading.problems[0].message


# -- Crashes on books that check passes, and lenient parsing ------------------------------------


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (f"probability: 1{'0' * 309}", "F103"),
        (f"probability: -1{'0' * 309}", "F103"),
        ("probability: .nan", "F103"),
        ("probability: ! 0.5", "Y108"),
        ("probability: !!float 0.5", "Y108"),
        ("made: ٢٠٢٦-٠١-١٠", "F108"),
        ("made: 2026-01-10T10:00:00+99:99", "F108"),
    ],
)
def test_values_the_format_forbids(book: Path, line: str, code: str) -> None:
    key = line.split(":", maxsplit=1)[0]
    text = "\n".join(line if row.startswith(f"{key}:") else row for row in FORECAST.splitlines())
    (book / "forecasts" / "rain.yaml").write_text(text + "\n")
    assert code in codes(book)


def test_range_messages_show_the_number_exactly(book: Path) -> None:
    (book / "forecasts" / "rain.yaml").write_text(FORECAST.replace("0.6", "1.0000001"))
    [problem] = check_book(book)
    assert problem.message == "'probability' must be between 0 and 1: 1.0000001"


def test_huge_numbers_in_categories_and_outcomes(book: Path) -> None:
    huge = "1" + "0" * 309
    text = (
        "question: Who wins?\ncriteria: The official result.\nforecaster: me\n"
        "made: 2026-01-10\nresolves: 2026-01-11\noutcomes: [red, blue]\n"
        f"probability: {{red: {huge}, blue: 0}}\n"
    )
    (book / "forecasts" / "who.yaml").write_text(text)
    (book / "evidence" / "rain-observed.yaml").write_text(EVIDENCE.replace("yes", huge))
    result = run("check", str(book))
    assert result.exit_code == 1
    assert result.stdout.count("error[F103]") == 2


def test_status_far_in_the_future(book: Path) -> None:
    for args in (["--as-of", "9999-12-31"], ["--due-within", "99999999999999999999d"]):
        result = run("status", str(book), *args)
        assert result.exit_code == 0, result.output
    assert run("status", str(book), "--due-within", "P1.5D").exit_code == 2
    assert run("status", str(book), "--due-within", "٣٠d").exit_code == 2


def test_report_far_in_the_future(book: Path) -> None:
    result = run("report", str(book), "--as-of", "9999-12-31")
    assert result.exit_code == 0, result.output


def test_resolve_accepts_a_date_as_text(book: Path) -> None:
    loaded = foretell.load_book(book)
    assert foretell.resolve(loaded, "2026-11-01") == foretell.resolve(
        loaded, foretell.parse_date("2026-11-01")
    )
    with pytest.raises(ValueError, match="invalid date"):
        foretell.resolve(loaded, "2026-13-01")
    with pytest.raises(TypeError, match="as_of must be a date"):
        foretell.resolve(loaded, 20261101)  # type: ignore[arg-type]


def test_report_on_outcomes_all_at_one_half_and_dollar_names(book: Path, tmp_path: Path) -> None:
    """Skill against 50% is undefined (not a crash) and '$' in names is text, not mathtext."""
    for child in list((book / "forecasts").iterdir()) + list((book / "evidence").iterdir()):
        child.unlink()
    for number, name in enumerate(["$$", "$\\foo$", "price $5 or $6", "{" * 200]):
        forecast = FORECAST.replace("forecaster: me", f"forecaster: {json.dumps(name)}")
        (book / "forecasts" / f"q{number}.yaml").write_text(forecast)
        (book / "evidence" / f"e{number}.yaml").write_text(
            EVIDENCE.replace("{rain: yes}", f"{{q{number}: 0.5}}")
        )
    assert codes(book) == []
    for form in ("markdown", "json", "html"):
        result = run("report", str(book), "--as-of", "2026-02-01", "--format", form)
        assert result.exit_code == 0, result.output
    markdown = run("report", str(book), "--as-of", "2026-02-01").stdout
    assert "undefined" in markdown
    assert (
        run("report", str(book), "--as-of", "2026-02-01", "-o", str(tmp_path / "r.md")).exit_code
        == 0
    )


def test_millions_of_problems_are_bounded(book: Path) -> None:
    """A 4 MB list of 2,000,000 numbers took 79 s and 0.9 GB; now reading stops early."""
    text = "forecasts: [" + ",".join(["1"] * 300_000) + "]\n"
    (book / "forecasts" / "many.yaml").write_text(text)
    started = time.perf_counter()
    problems = [p for p in check_book(book) if p.location.path == "forecasts/many.yaml"]
    assert time.perf_counter() - started < 10
    assert len(problems) == 1001
    assert problems[0].code == "Y110"


def test_too_many_values_in_one_file(book: Path, monkeypatch) -> None:
    monkeypatch.setattr("foretell.yamlio.MAX_VALUES", 1000)
    (book / "forecasts" / "many.yaml").write_text("tags: [" + ",".join(["a"] * 1001) + "]\n")
    [problem] = [p for p in check_book(book) if p.location.path == "forecasts/many.yaml"]
    assert problem.code == "Y108"
    assert "more than 1,000 values" in problem.message


def test_one_entry_with_many_unknown_keys_is_bounded(book: Path) -> None:
    keys = "".join(f"k{i}: 1\n" for i in range(5000))
    (book / "forecasts" / "keys.yaml").write_text(FORECAST + keys)
    problems = [p for p in check_book(book) if p.location.path == "forecasts/keys.yaml"]
    assert len(problems) == 1001
    assert "Y110" in {p.code for p in problems}


def test_a_document_in_an_unsearchable_folder_is_unreadable_not_missing(
    book: Path, monkeypatch
) -> None:
    """With 'chmod 000 seeds', stat() of seeds/a.md fails with EACCES: not 'does not exist'."""
    (book / "seeds").mkdir()
    (book / "seeds" / "a.md").write_text("words")
    (book / "forecasts" / "rain.yaml").write_text(
        FORECAST + "quote: words\nsource:\n  document: seeds/a.md\n"
    )
    real_stat = Path.stat

    def stat(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        if self.parent.name == "seeds":
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", stat)
    [problem] = check_book(book)
    assert problem.code == "B102"
    assert problem.message.endswith("cannot be read: Permission denied")


def test_a_thousand_nested_folders_with_the_parse_cache(book: Path, tmp_path: Path) -> None:
    """The cache's look at the book's state walked folders recursively (RecursionError)."""
    deep = book / "forecasts"
    for _ in range(1000):
        deep /= "d"
        deep.mkdir()
    try:
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
        for _ in range(2):  # the second run may use the cache
            result = subprocess.run(
                [sys.executable, "-m", "foretell", "check", str(book)],
                capture_output=True,
                env=env,
                check=False,
            )
            assert result.returncode == 0, result.stderr
    finally:
        while deep != book / "forecasts":
            deep.rmdir()
            deep = deep.parent


def test_many_warnings_never_stop_the_reading(book: Path) -> None:
    """A file's warnings past the first thousand are summed up in one Y111, and every entry
    still loads: only errors stop the reading of a file (Y110)."""
    entries = "".join(
        f"  - {{id: q{i:04d}, question: Will event {i} happen?, probability: 0.5}}\n"
        for i in range(1500)
    )
    head = "forecaster: me\nmade: 2026-01-10\nresolves: 2026-12-31\nforecasts:\n"
    (book / "forecasts" / "many.yaml").write_text(head + entries)
    reading = read_book(book)
    problems = [p for p in check_book(book) if p.location.path == "forecasts/many.yaml"]
    assert len(problems) == 1001
    assert not any(p.is_error for p in problems)
    assert [p.code for p in problems].count("Y111") == 1
    assert len(reading.book.forecasts) == 1501
