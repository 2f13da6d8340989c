"""Starting a new book: the folders, the settings, the schemas and the checks, in one go.

:func:`new_book_files` says what a new book holds (pure: text by path); :func:`create_book`
writes it, refusing a folder that already holds a book and never replacing an existing file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from foretell.problems import ForetellError
from foretell.schemas import SCHEMA_KINDS, schema_text

__all__ = [
    "BOOK_MARKERS",
    "PRE_COMMIT",
    "SHARED_FILES",
    "BookExistsError",
    "create_book",
    "new_book_files",
]

#: What makes a folder a book: any of these in it.
BOOK_MARKERS = ("forecasts", "evidence", "foretell.toml")
#: The folder of a new book that holds its copies of the JSON Schemas.
SCHEMA_FOLDER = "schema"
#: A placeholder that keeps an empty folder in git.
KEEP = ".gitkeep"
WORKFLOW = ".github/workflows/foretell.yml"
PRE_COMMIT = ".pre-commit-config.yaml"
#: Files a folder may have before it holds a book: kept as they are.
SHARED_FILES = frozenset({"README.md", PRE_COMMIT, WORKFLOW})


class BookExistsError(ForetellError):
    """The folder already holds a book (or a file a new book would replace)."""


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def new_book_files(
    *,
    title: str,
    forecaster: str | None = None,
    timezone: str | None = None,
    version: str,
    ci: bool = False,
) -> dict[str, str]:
    """The files of a new book, by path relative to its folder.

    Args:
        title: the book's title (``foretell.toml`` and the README).
        forecaster: the default forecaster, if any.
        timezone: the book's time zone (an IANA name), if not UTC.
        version: the foretell version the pre-commit hook and the workflow pin.
        ci: also write a GitHub Actions workflow that checks the book every day.
    """
    config = [
        "# The settings of this forecast book (see foretell's docs/format.md).",
        f"title = {_toml_string(title)}",
    ]
    config.append(
        f"forecaster = {_toml_string(forecaster)}"
        if forecaster
        else '# forecaster = "your-name"  # who made predictions that name nobody'
    )
    config.append(
        f"timezone = {_toml_string(timezone)}"
        if timezone
        else '# timezone = "Europe/Brussels"  # bare dates are days in this zone (default UTC)'
    )
    files = {
        "foretell.toml": "\n".join(config) + "\n",
        "README.md": _readme(title),
        f"forecasts/{KEEP}": "",
        f"evidence/{KEEP}": "",
        f"seeds/{KEEP}": "",
        PRE_COMMIT: _pre_commit(version),
    }
    for kind in SCHEMA_KINDS:
        files[f"{SCHEMA_FOLDER}/{kind}.schema.json"] = schema_text(kind)
    if ci:
        files[WORKFLOW] = _workflow(version)
    return files


def create_book(root: Path, files: dict[str, str]) -> tuple[list[str], list[str]]:
    """Write a new book's files into ``root`` (created if needed).

    Files a folder often has already (``README.md``, ``.pre-commit-config.yaml``, the CI
    workflow) are left as they are when present; any other file must not exist.

    Returns:
        The paths written and the paths skipped because they existed, relative to ``root``.

    Raises:
        BookExistsError: ``root`` holds a book already (``forecasts/``, ``evidence/`` or
            ``foretell.toml``), or a file of the book exists; nothing is written then.
    """
    from foretell.write.atomic import replace_file, stays_inside  # noqa: PLC0415

    if root.exists() and not root.is_dir():
        raise BookExistsError(f"{root} is a file, not a folder")
    present = [marker for marker in BOOK_MARKERS if (root / marker).exists()]
    if present:
        raise BookExistsError(
            f"{root} already holds a book ({', '.join(present)}); foretell init starts a new "
            "one in an empty folder or one without a book"
        )
    existing = [path for path in files if (root / path).exists() or (root / path).is_symlink()]
    clashes = [path for path in existing if path not in SHARED_FILES]
    if clashes:
        raise BookExistsError(
            f"{root} already has {', '.join(clashes)}; move them away or start the book in "
            "another folder"
        )
    outside = [
        path for path in files if path not in existing and not stays_inside(root, Path(path))
    ]
    if outside:
        raise BookExistsError(
            f"{', '.join(outside)} would be written outside {root} through a symbolic link; "
            "remove the link or start the book in another folder"
        )
    written = []
    for path, text in files.items():
        if path in existing:
            continue
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target, text.encode("utf-8"), create=True)
        written.append(path)
    return written, existing


def _readme(title: str) -> str:
    safe_title = re.sub(r"[\r\n]+", " ", title).strip()
    return f"""# {safe_title}

A forecast book kept with [foretell](https://github.com/foretell/foretell): forecasts, the
evidence that settles them, and the scores, as plain files in git.

- `forecasts/`: the questions and the probabilities given (YAML).
- `evidence/`: dated, cited facts that resolve them, one file per event.
- `seeds/`: local copies of the sources that forecasts quote.
- `foretell.toml`: the book's settings; `schema/`: JSON Schemas for editor completion.

Common commands, run in this folder:

```sh
foretell add --question "Will X happen by the end of 2026?" --probability 70% \\
    --resolves "end of 2026" --criteria "YES if ..."
foretell predict ID 0.6            # an updated prediction on forecast ID
foretell resolve ID yes --source https://example.org/report --summary "What happened."
foretell check                     # every problem, located
foretell status                    # what is open, due, overdue or in conflict
foretell report                    # Brier scores and calibration
```

Editors with the YAML language server (VS Code's YAML extension, for one) complete and check
the files through the `# yaml-language-server: $schema=...` line at their top.
"""


def _pre_commit(version: str) -> str:
    return f"""# Checks the book before every commit: pip install pre-commit && pre-commit install
repos:
  - repo: https://github.com/foretell/foretell
    rev: v{version}
    hooks:
      - id: foretell-check
"""


def _workflow(version: str) -> str:
    return f"""# Checks the book on every push and every morning: fails when the book has errors, or
# when a forecast is overdue (past its deadline with no evidence) or has conflicting evidence.
name: foretell
on:
  push:
  pull_request:
  schedule:
    - cron: "17 6 * * *"
  workflow_dispatch:
permissions:
  contents: read
jobs:
  book:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "foretell=={version}"
      - run: foretell check
      - run: foretell status --fail-on overdue,conflict
"""
