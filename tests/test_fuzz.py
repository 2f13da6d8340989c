"""A fuzzer of whole books: valid books from a grammar of the format, then mutated.

Each example builds a book in a temporary folder (forecasts, evidence, seeds, foretell.toml),
mutates it (wrong types, extreme numbers and dates, hostile strings and names, missing and
repeated keys, broken YAML, odd file kinds), and runs ``check``, ``status``, ``report`` (a
format and ``-o`` chosen per example) and the Python API in-process. Whatever the book, foretell
gives problems or a result: never an exception, exit codes in {0, 1, 2}, no raw escape character
printed, the book's files untouched, and bounded time per example.

The default run is short (and derandomized, so CI is repeatable). A long run::

    FORETELL_FUZZ_EXAMPLES=20000 FORETELL_FUZZ_LOG=fuzz.json \
        python -m pytest tests/test_fuzz.py -p no:cacheprovider

``FORETELL_FUZZ_LOG`` names a JSON file that receives the number of books tried and what they
exercised (exit codes, problem codes seen).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foretell.check import check_book, load_book
from foretell.cli import cli
from foretell.load import read_book
from foretell.problems import BookError
from foretell.resolution import resolve

EXAMPLES = int(os.environ.get("FORETELL_FUZZ_EXAMPLES", "12"))
LONG = EXAMPLES > 100
LOG = os.environ.get("FORETELL_FUZZ_LOG")
#: The most seconds one book may take for all its commands together.
TIME_LIMIT = 60.0

STATS: Counter[str] = Counter()


def _write_log() -> None:  # pragma: no cover - only in long runs
    if LOG:
        Path(LOG).write_text(json.dumps(dict(sorted(STATS.items())), indent=1))


atexit.register(_write_log)

# -- The grammar of a valid book ----------------------------------------------------------------

NAMES = ["alice", "bob", "carol", "a b", "a-b", "A B", "$$", "$\\foo$", "price $5 or $6", "Ω"]
DAYS = [f"2026-{m:02d}-{d:02d}" for m in (1, 3, 6, 9, 12) for d in (1, 15, 28)]
slug = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
prose = st.sampled_from(
    ["Will it rain?", "Will the talks succeed by summer?", "Who wins the vote?", "Price > 5?"]
)
probability = st.one_of(
    st.floats(0, 1, allow_nan=False), st.sampled_from([0, 1, "70%", "12.5%", 0.5])
)
day = st.sampled_from(DAYS)


@st.composite
def forecast(draw: st.DrawFn) -> dict[str, Any]:
    made, resolves = sorted([draw(day), draw(day)])
    entry: dict[str, Any] = {
        "id": draw(slug),
        "question": draw(prose),
        "criteria": "YES if it happens.",
        "resolves": resolves,
    }
    if draw(st.booleans()):
        entry["outcomes"] = draw(st.lists(st.sampled_from(["red", "blue", "green"]), min_size=2,
                                          max_size=3, unique=True))  # fmt: skip
        weights = [draw(st.integers(1, 5)) for _ in entry["outcomes"]]
        entry["probability"] = {
            name: weight / sum(weights)
            for name, weight in zip(entry["outcomes"], weights, strict=True)
        }
        entry["forecaster"] = draw(st.sampled_from(NAMES))
        entry["made"] = made
    elif draw(st.booleans()):
        entry["predictions"] = [
            {"by": draw(st.sampled_from(NAMES)), "probability": draw(probability), "made": made}
            for _ in range(draw(st.integers(1, 3)))
        ]
    else:
        entry["forecaster"] = draw(st.sampled_from(NAMES))
        entry["made"] = made
        entry["probability"] = draw(probability)
    if draw(st.booleans()):
        entry["otherwise"] = "no" if "outcomes" not in entry else entry["outcomes"][0]
    if draw(st.booleans()):
        entry["tags"] = draw(st.lists(slug, max_size=2))
    if draw(st.booleans()):
        entry["quote"] = draw(st.sampled_from(["will likely", "may"]))
        entry["source"] = {"document": "seeds/doc.md"}
    return entry


@st.composite
def evidence(draw: st.DrawFn, forecasts: list[dict[str, Any]]) -> dict[str, Any]:
    if forecasts:
        target = draw(st.sampled_from(forecasts))
        choices = [*target.get("outcomes", ["yes", "no", 0.3, 0.5]), "annulled", "ambiguous"]
        resolves = {target["id"]: draw(st.sampled_from(choices))}
    else:
        resolves = {draw(slug): "yes"}
    return {
        "id": draw(slug),
        "resolves": resolves,
        "observed": draw(day),
        "summary": "It happened, or not.",
        "sources": [{"url": "https://example.org/x", "title": "A source"}],
    }


# -- Mutations ----------------------------------------------------------------------------------

HOSTILE_VALUES: list[Any] = [
    None, True, [], {}, [1, [2]], {"a": {"b": 1}}, "", " ", 0, -1, 2, 1e309, -1e309, 1e-320,
    float("nan"), 10**309, "1" + "0" * 309, "0001-01-01", "9999-12-31", "2026-02-30",
    "٢٠٢٦-٠٣-٠١", "2026-01-01T00:00:00+99:99", "2026-01-01T25:00:00Z", "likely", "150%",
    "\x1b]8;;http://evil\x07link\x1b]8;;\x07", "line\rover", "two\nlines", "\u202eevil",
    "x" * 5000, "$$", "$\\foo$", "{" * 200, "<script>alert(1)</script>", "../../etc/passwd",
    "/etc/passwd", "seeds/" + "a" * 3000, "nul\x00byte", "\udcff", "é" * 50,
]  # fmt: skip
KEYS = ["id", "question", "criteria", "resolves", "made", "forecaster", "probability", "otherwise",
        "outcomes", "predictions", "tags", "quote", "source", "observed", "summary", "sources",
        "supersedes", "bogus"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, entry: dict[str, Any]) -> dict[str, Any]:
    entry = dict(entry)
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["replace", "delete", "add", "nest"]))
        key = draw(st.sampled_from(sorted(entry) or KEYS))
        if action == "replace":
            entry[key] = draw(st.sampled_from(HOSTILE_VALUES))
        elif action == "delete":
            entry.pop(key, None)
        elif action == "add":
            entry[draw(st.sampled_from(KEYS))] = draw(st.sampled_from(HOSTILE_VALUES))
        else:
            entry[key] = {"deep": [entry.get(key)] * 3}
    return entry


def to_yaml(document: Any, style: str) -> str:
    """YAML text for a document: JSON (a subset of YAML 1.2) or PyYAML's block style."""
    if style == "json":
        return json.dumps(document, ensure_ascii=False, allow_nan=True).replace("NaN", ".nan")
    import yaml  # noqa: PLC0415

    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


TEXT_MUTATIONS = ["none", "duplicate", "drop", "tab", "truncate", "document", "tag", "bytes",
                  "alias", "control", "deep", "comment"]  # fmt: skip


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> bytes:
    kind = draw(st.sampled_from(TEXT_MUTATIONS))
    STATS[f"text:{kind}"] += 1
    lines = text.splitlines() or [""]
    at = draw(st.integers(0, len(lines) - 1))
    if kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "drop":
        del lines[at]
    elif kind == "tab":
        lines[at] = "\t" + lines[at]
    elif kind == "truncate":
        return "\n".join(lines)[: draw(st.integers(0, len(text)))].encode("utf-8", "replace")
    elif kind == "document":
        lines.insert(at, "---")
    elif kind == "tag":
        lines[at] = lines[at].replace(": ", ": ! ", 1)
    elif kind == "bytes":
        return "\n".join(lines).encode("utf-8", "replace") + b"\n\xff\xfe bad"
    elif kind == "alias":
        lines = ["a: &a [" + ", ".join(["x"] * 300) + "]", "b: &b [" + ", ".join(["*a"] * 300)
                 + "]", *lines]  # fmt: skip
    elif kind == "control":
        lines[at] += "\x07"
    elif kind == "deep":
        lines.append("deep: " + "[" * 150 + "]" * 150)
    elif kind == "comment":
        lines[at] += " # a comment"
    return ("\n".join(lines) + "\n").encode("utf-8", "replace")


ODD_KINDS = ["none", "fifo", "link-outside", "dev-zero", "folder-yaml", "empty", "evidence-file",
             "toml-folder", "seeds-outside", "nested", "link-loop", "big-name"]  # fmt: skip


def odd_file(root: Path, outside: Path, kind: str) -> None:
    """Give the book a file or folder of an odd kind."""
    STATS[f"odd:{kind}"] += 1
    forecasts = root / "forecasts"
    with contextlib.suppress(OSError):
        if kind == "fifo":
            os.mkfifo(forecasts / "pipe.yaml")
        elif kind == "link-outside":
            (root / "evidence" / "passwd.yaml").symlink_to(outside / "secret.yaml")
        elif kind == "dev-zero":
            (forecasts / "zero.yaml").symlink_to("/dev/zero")
        elif kind == "folder-yaml":
            (forecasts / "folder.yaml").mkdir()
        elif kind == "empty":
            (forecasts / "empty.yaml").write_bytes(b"")
        elif kind == "evidence-file":
            for child in (root / "evidence").iterdir():
                child.unlink()
            (root / "evidence").rmdir()
            (root / "evidence").write_text("- not a folder\n")
        elif kind == "toml-folder":
            (root / "foretell.toml").unlink(missing_ok=True)
            (root / "foretell.toml").mkdir()
        elif kind == "seeds-outside":
            (root / "seeds" / "etc").symlink_to(outside)
        elif kind == "nested":
            deep = forecasts
            for _ in range(30):
                deep /= "d"
            deep.mkdir(parents=True)
            (deep / "deep.yaml").write_text("id: deep\n")
        elif kind == "link-loop":
            (forecasts / "loop").symlink_to(forecasts)
        elif kind == "big-name":
            (forecasts / ("x.yaml:99:1: error[Z999]: forged\n" + "n" * 150 + ".yaml")).write_text(
                "- 1\n"
            )


TOMLS = [None, 'title = "A book"\n', 'forecaster = "alice"\ntimezone = "Europe/Brussels"\n',
         'title = "\\u001b[2J"\n', "title = [[[[[[[[[[]]]]]]]]]]\n", "title = \n",
         'colour = "red"\n', 'timezone = "Mars/Olympus"\n',
         "a = " + "[" * 3000 + "]" * 3000]  # fmt: skip


@st.composite
def book(draw: st.DrawFn) -> dict[str, Any]:
    forecasts = draw(st.lists(forecast(), min_size=0, max_size=5, unique_by=lambda f: f["id"]))
    records = draw(st.lists(evidence(forecasts), max_size=4, unique_by=lambda r: r["id"]))
    mutate = draw(st.booleans())
    if mutate:
        forecasts = [draw(mutated(f)) for f in forecasts]
        records = [draw(mutated(r)) for r in records]
    files: dict[str, bytes] = {}
    layout = draw(st.sampled_from(["one-file", "per-entry", "list-file"]))
    style = draw(st.sampled_from(["json", "block"]))
    if layout == "one-file":
        files["forecasts/all.yaml"] = to_yaml({"forecasts": forecasts}, style).encode(
            "utf-8", "replace"
        )
    else:
        for number, entry in enumerate(forecasts):
            name = f"forecasts/f{number}.yaml"
            files[name] = to_yaml(entry, style).encode("utf-8", "replace")
    for number, record in enumerate(records):
        files[f"evidence/e{number}.yaml"] = to_yaml(record, style).encode("utf-8", "replace")
    if mutate and files:
        name = draw(st.sampled_from(sorted(files)))
        files[name] = draw(text_mutation(files[name].decode("utf-8", "replace")))
    return {
        "files": files,
        "toml": draw(st.sampled_from(TOMLS)),
        "odd": draw(st.sampled_from(ODD_KINDS)) if mutate else "none",
        "as_of": draw(st.sampled_from(["2026-06-30", "2027-01-01", "2026-01-01", "9999-12-31"])),
        "due": draw(st.sampled_from(["30d", "P1Y", "99999999999999999999d", "0d", "P1.5D"])),
        "report": draw(
            st.sampled_from(
                ["markdown", "json", "html", "md-o", "html-o", "json-o", "stdout-o", "into-book"]
            )
        ),
    }


# -- Running foretell on a book -----------------------------------------------------------------


def build(spec: dict[str, Any], root: Path, outside: Path) -> None:
    for folder in ("forecasts", "evidence", "seeds"):
        (root / folder).mkdir(parents=True)
    (root / "seeds" / "doc.md").write_text("The talks will likely succeed, and it may rain.")
    for name, data in spec["files"].items():
        (root / name).write_bytes(data)
    if spec["toml"] is not None:
        (root / "foretell.toml").write_text(spec["toml"])
    odd_file(root, outside, spec["odd"])


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for directory, _, files in os.walk(root):
        for name in files:
            path = Path(directory, name)
            with contextlib.suppress(OSError):
                status = path.lstat()
                found[str(path)] = (status.st_size, status.st_mtime_ns)
    return found


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
        result.output,
    )
    assert result.exit_code in {0, 1, 2}, (args, result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert "\x1b" not in result.output, (args, result.output)
    STATS[f"exit:{args[0]}:{result.exit_code}"] += 1
    return result


def exercise(spec: dict[str, Any], root: Path, out: Path) -> None:
    checked = invoke("check", str(root), "--format", "json")
    document = json.loads(checked.stdout)
    for problem in document["problems"]:
        STATS[f"code:{problem['code']}"] += 1
    invoke("check", str(root))
    invoke("status", str(root), "--as-of", spec["as_of"], "--due-within", spec["due"])
    invoke("status", str(root), "--format", "json", "--as-of", spec["as_of"])
    kind = spec["report"]
    args = ["report", str(root), "--as-of", spec["as_of"]]
    if kind in {"markdown", "json", "html"}:
        args += ["--format", kind]
    elif kind == "stdout-o":
        args += ["-o", "-"]
    elif kind == "into-book":
        args += ["-o", str(root / "forecasts" / "report.yaml")]
    else:
        args += ["-o", str(out / f"r.{kind.split('-')[0]}")]
    result = invoke(*args)
    if kind == "into-book":
        assert result.exit_code == 2
    # The Python API.
    reading = read_book(root)
    problems = check_book(root)
    assert all(p.message for p in problems)
    try:
        loaded = load_book(root)
    except BookError:
        STATS["api:book-error"] += 1
    else:
        STATS["api:loaded"] += 1
        assert len(resolve(loaded, spec["as_of"])) == len(loaded.forecasts)
    assert reading.book is not None


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG,
    database=None if not LONG else settings.default.database,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
@given(spec=book())
def test_any_book_gives_problems_or_a_result(spec: dict[str, Any]) -> None:
    STATS["books"] += 1
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        root, outside, out = base / "book", base / "outside", base / "out"
        outside.mkdir()
        (outside / "secret.yaml").write_text("secret: root:x:0:0\n")
        out.mkdir()
        build(spec, root, outside)
        before = snapshot(root)
        started = time.perf_counter()
        exercise(spec, root, out)
        elapsed = time.perf_counter() - started
        STATS["milliseconds"] += round(elapsed * 1000)
        STATS["slowest-ms"] = max(STATS["slowest-ms"], round(elapsed * 1000))
        assert elapsed < TIME_LIMIT
        assert snapshot(root) == before, "foretell changed a file of the book"
        assert sorted(p.name for p in outside.iterdir()) == ["secret.yaml"]
