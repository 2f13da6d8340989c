"""foretell.yamlio: YAML 1.2 scalars, positions, and problems instead of exceptions."""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foretell.check import check_book
from foretell.files import MAX_FILE_BYTES, FileRefusedError, _read_to_end, read_regular_file
from foretell.load import read_book
from foretell.safetext import describe
from foretell.yamlio import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    LocatedList,
    LocatedMap,
    parse_yaml,
    read_yaml_file,
)


def test_scalars_follow_yaml_1_2() -> None:
    """yes/no/on/off and NO stay text, dates stay text, only true/false are booleans."""
    data = parse_yaml(
        "a: yes\nb: no\nc: on\nd: off\ne: NO\nf: 2026-01-21\ng: true\nh: False\n"
        "i: 010\nj: 1:30\nk: 1_000\nl: 0.5\nm: ~\nn:\no: .inf\np: -3\nq: '1'\n",
        "x.yaml",
    ).data
    assert data == {
        "a": "yes", "b": "no", "c": "on", "d": "off", "e": "NO", "f": "2026-01-21",
        "g": True, "h": False, "i": 10, "j": "1:30", "k": "1_000", "l": 0.5, "m": None,
        "n": None, "o": float("inf"), "p": -3, "q": "1",
    }  # fmt: skip


def test_positions_of_keys_and_values() -> None:
    text = "top: 1\nlist:\n  - {a: b}\n  - x\nnested:\n    key: value\n"
    data = parse_yaml(text, "x.yaml").data
    assert isinstance(data, LocatedMap)
    assert data.mark == (0, 0)
    assert data.key_marks["nested"] == (4, 0)
    assert data.value_marks["top"] == (0, 5)
    assert isinstance(data["list"], LocatedList)
    assert data["list"].item_marks == [(2, 4), (3, 4)]
    assert data["nested"].value_marks["key"] == (5, 9)


def test_duplicate_key_is_reported_at_the_second_one() -> None:
    result = parse_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert result.data == {"a": 1, "b": 2}
    [problem] = result.problems
    assert (problem.code, problem.location.line, problem.location.column) == ("Y105", 3, 1)
    assert "first given on line 1" in problem.message


def test_comment_after_plain_text_is_noted() -> None:
    result = parse_yaml('a: text #cut\nb: "quoted" # fine\nc: 5 # fine\n# d: x\n', "x.yaml")
    assert result.data == {"a": "text", "b": "quoted", "c": 5}
    assert result.commented == frozenset({(0, 3)})


def test_byte_order_mark_is_accepted() -> None:
    assert parse_yaml("\ufeffa: 1\n".encode(), "x.yaml").data == {"a": 1}


def test_not_utf8_points_at_the_byte() -> None:
    [problem] = parse_yaml(b"a: 1\nb: caf\xe9\n", "x.yaml").problems
    assert (problem.code, problem.location.line, problem.location.column) == ("Y102", 2, 7)


def test_recursive_alias_is_a_problem_not_a_hang() -> None:
    result = parse_yaml("a: &x [1, *x]\n", "x.yaml")
    assert [p.code for p in result.problems] == ["Y108"]


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    result = parse_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n", "x.yaml")
    assert all(p.code in {"Y103", "Y108"} for p in result.problems)


def test_shared_aliases_are_built_once() -> None:
    text = "a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    text += "".join(f"c{i}: &c{i} [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" for i in range(1))
    data = parse_yaml(text, "x.yaml").data
    assert data["b"][0] is data["b"][1]


def test_unreadable_file_is_y101(tmp_path: Path) -> None:
    """A broken symbolic link stands for a file that cannot be read."""
    (tmp_path / "forecasts").mkdir()
    (tmp_path / "forecasts" / "gone.yaml").symlink_to(tmp_path / "missing")
    reading = read_book(tmp_path)
    assert [(p.code, p.location.path) for p in reading.problems] == [
        ("Y101", "forecasts/gone.yaml")
    ]
    assert read_yaml_file(tmp_path / "nothing.yaml", "nothing.yaml").problems[0].code == "Y101"


YAMLISH = st.text(
    alphabet=st.sampled_from([*list("abc:- \n\t#&*!|>'\"[]{},%@`?\\0123456789.~"), "\x00", "é"]),
    max_size=120,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(YAMLISH, st.text(max_size=80)))
def test_any_text_gives_data_or_problems(text: str) -> None:
    """Whatever the text, parsing returns (never raises)."""
    result = parse_yaml(text, "x.yaml")
    assert result.data is not None or result.problems


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=120))
def test_any_bytes_give_data_or_problems(raw: bytes) -> None:
    parse_yaml(raw, "x.yaml")


@st.composite
def forecast_like(draw: st.DrawFn) -> str:
    """Text shaped like a forecast file, with fields that may be of any type."""
    value = st.one_of(
        st.sampled_from(
            [
                "0.7",
                "70%",
                "yes",
                "no",
                "2026-01-21",
                "2026-02-30",
                "[a, b]",
                "{a: 1}",
                "",
                "~",
                "true",
                "-1",
                "150%",
                "x #y",
                "'q'",
                "likely",
            ]
        ),
        st.text(alphabet="abc:-[]{}0123456789 ", max_size=12),
    )
    keys = [
        "id",
        "question",
        "probability",
        "resolves",
        "made",
        "forecaster",
        "outcomes",
        "otherwise",
        "predictions",
        "tags",
        "source",
        "criteria",
        "quote",
        "bogus",
    ]
    lines = ["forecasts:"]
    for _ in range(draw(st.integers(0, 3))):
        chosen = draw(st.lists(st.sampled_from(keys), min_size=0, max_size=8, unique=True))
        for index, key in enumerate(chosen):
            prefix = "  - " if index == 0 else "    "
            lines.append(f"{prefix}{key}: {draw(value)}")
    return "\n".join(lines) + "\n"


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(forecasts=forecast_like(), evidence=st.one_of(YAMLISH, forecast_like()))
def test_any_book_gives_problems_never_exceptions(
    tmp_path: Path, forecasts: str, evidence: str
) -> None:
    """Loading and checking a book whose files hold arbitrary YAML never raises."""
    (tmp_path / "forecasts").mkdir(exist_ok=True)
    (tmp_path / "evidence").mkdir(exist_ok=True)
    (tmp_path / "forecasts" / "f.yaml").write_text(forecasts, encoding="utf-8")
    (tmp_path / "evidence" / "e.yaml").write_text(evidence, encoding="utf-8")
    for problem in check_book(tmp_path):
        assert problem.location.path in {"forecasts/f.yaml", "evidence/e.yaml"}
        assert problem.message


def test_very_deep_nesting_stops_at_the_depth_limit_without_crashing() -> None:
    """libyaml's own composer recursed (and crashed the process) at ~100,000 levels."""
    for text in ("a: " + "[" * 200_000 + "]" * 200_000, "- " * 150_000 + "x"):
        result = parse_yaml(text, "x.yaml")
        assert result.data is None
        [problem] = result.problems
        assert problem.code == "Y108"
        assert f"more than {MAX_DEPTH} levels" in problem.message
        assert problem.location.line == 1


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = MAX_DEPTH
    data = parse_yaml("[" * depth + "1" + "]" * depth, "x.yaml").data
    for _ in range(depth):
        data = data[0]
    assert data == 1


def test_alias_amplification_is_bounded_and_located() -> None:
    """1,000 aliases of a 1,000-item anchor would stand for a million values."""
    text = "f: &f [" + ", ".join(str(i) for i in range(1000)) + "]\n"
    text += "g:\n" + "".join("  - *f\n" for _ in range(1000))
    started = time.perf_counter()
    result = parse_yaml(text, "x.yaml")
    assert time.perf_counter() - started < 2
    assert result.data is None
    [problem] = result.problems
    assert problem.code == "Y108"
    assert f"{MAX_ALIAS_NODES:,}" in problem.message
    # The alias that crosses the bound: each *f stands for 1,001 values (the list and items).
    assert problem.location.line == 2 + MAX_ALIAS_NODES // 1001 + 1


def test_nested_alias_amplification_is_bounded() -> None:
    """'Billion laughs': each level doubles ten-fold; counted as built, never expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    result = parse_yaml("\n".join(lines), "x.yaml")
    assert [p.code for p in result.problems] == ["Y108"]


def test_aliases_within_the_bound_are_read() -> None:
    text = "src: &s {document: seeds/a.md, quote: q}\nlist:\n" + "  - *s\n" * 1000
    result = parse_yaml(text, "x.yaml")
    assert not result.problems
    assert len(result.data["list"]) == 1000


@pytest.mark.parametrize("text", ["a: ! 0.5", "a: !!float 0.5", "a: !!str 1", "a: !!binary eA=="])
def test_every_explicit_tag_is_refused(text: str) -> None:
    """'! 0.5' is the non-specific tag: libyaml reads it as a number, the format forbids it."""
    result = parse_yaml(text, "x.yaml")
    [problem] = result.problems
    assert problem.code == "Y108"
    assert "tag" in problem.message
    assert isinstance(result.data["a"], str)


def test_nan_is_read_as_a_number() -> None:
    """'.nan' is a valid YAML float (not 'not a valid !!float'); ranges reject it later."""
    result = parse_yaml("a: .nan\nb: .NaN\n", "x.yaml")
    assert not result.problems
    assert all(math.isnan(v) for v in result.data.values())


def test_huge_integers_are_read_as_infinity() -> None:
    data = parse_yaml(f"a: 1{'0' * 309}\nb: -1{'0' * 5000}\nc: 1{'0' * 300}\n", "x.yaml").data
    assert data["a"] == math.inf
    assert data["b"] == -math.inf
    assert data["c"] == 10**300


def test_undefined_alias_is_located() -> None:
    [problem] = parse_yaml("a: 1\nb: *nope\n", "x.yaml").problems
    assert (problem.code, problem.location.line, problem.location.column) == ("Y103", 2, 4)


def test_messages_quote_only_a_short_escaped_excerpt() -> None:
    assert describe("root:x:0:0:root:/root:/bin/bash\n" * 100).endswith("…'")
    assert len(describe("x" * 10_000)) < 50
    assert "\x1b" not in describe("\x1b]8;;http://evil\x07")
    assert describe(1.0000001) == "the number 1.0000001"


def test_fifo_and_devices_are_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    started = time.perf_counter()
    [problem] = read_yaml_file(fifo, "forecasts/pipe.yaml").problems
    assert time.perf_counter() - started < 2
    assert problem.code == "Y101"
    assert "FIFO" in problem.message
    [problem] = read_yaml_file(Path("/dev/zero"), "forecasts/z.yaml").problems
    assert "character device" in problem.message


def test_a_file_over_the_size_limit_is_a_problem(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    [problem] = read_yaml_file(big, "forecasts/big.yaml").problems
    assert problem.code == "Y101"
    assert "16.0 MiB" in problem.message


def test_files_are_read_whole_up_to_the_limit(tmp_path: Path) -> None:
    data = os.urandom(300_000)
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    assert read_regular_file(path) == data
    assert read_regular_file(path, limit=len(data)) == data
    with pytest.raises(FileRefusedError):
        read_regular_file(path, limit=len(data) - 1)
    path.write_bytes(b"")
    assert read_regular_file(path) == b""


def test_a_file_that_grew_after_its_size_was_read_is_read_to_its_end(tmp_path: Path) -> None:
    data = os.urandom(300_000)
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        assert _read_to_end(descriptor, 10, MAX_FILE_BYTES) == data  # as if it had 10 bytes
        os.lseek(descriptor, 0, os.SEEK_SET)
        # Past the limit it stops one byte over, so that the caller can refuse the file.
        assert _read_to_end(descriptor, 10, 100_000) == data[:100_001]
    finally:
        os.close(descriptor)
