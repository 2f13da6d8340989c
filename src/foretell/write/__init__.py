"""The safe writer: every change to a book's files goes through here.

One rule above all: **a write never damages or loses what a person wrote.** So every function
of this package

* **keeps the rest of the file byte for byte.** An entry is added by inserting new lines into
  the file's text, serialised by ruamel.yaml at the indentation of its neighbours and in the
  style of the list it joins (``- {by: ..., probability: ...}`` after flow entries, block
  mappings after block ones); comments, key order, quoting and layout elsewhere are untouched,
  so ``git diff`` shows only the added lines. (:class:`RoundTrip` loads and dumps a whole file
  through ruamel's round-trip mode with the file's own indentation; without changes it gives
  the same bytes back.)
* **checks before it writes.** The whole book is read and checked as it would be after the
  change; if the change brings in an error the book did not have, nothing is written and
  :class:`WriteRefusedError` carries the located problems (errors the book already had do not block
  an unrelated change).
* **writes atomically.** Each file is written to a temporary file in the same folder, flushed to
  disk, given the old file's permissions and renamed over it: a crash or a kill at any moment
  leaves the old file or the new one, never a mix.
* **holds the book's lock** (``.foretell/write.lock``, an operating-system lock released even
  when the process is killed) for the whole read-check-write cycle, so that two commands
  writing at once never lose an entry.

The API (all functions take the book's folder first; paths are relative to it, with forward
slashes; values are plain Python: ``str``, ``float``, ``list``, ``dict``, :class:`datetime.date`
for dates and aware :class:`datetime.datetime` for times of day)::

    from foretell import write

    # append a forecast to forecasts/economy.yaml (created if absent, with the editor modeline)
    write.append_forecast(book, {"id": "rate-cut-2026", "question": "...",
                                 "resolves": date(2026, 12, 31), "probability": 0.7},
                          file="forecasts/economy.yaml")

    # add a prediction to an existing forecast, wherever it lives
    write.add_prediction(book, "rate-cut-2026",
                         {"by": "alice", "made": date(2026, 3, 1), "probability": 0.6})

    # write an evidence record to its own new file, evidence/ID.yaml
    write.write_evidence(book, {"id": "rate-cut-announced", "observed": date(2026, 6, 12),
                                "source": {"url": "https://..."}, "summary": "...",
                                "resolves": {"rate-cut-2026": "yes"}})

    # write whole new files (refused if one exists), checked together as one change
    write.write_new_files(book, {"forecasts/imported.yaml": {"forecasts": [...]},
                                 "evidence/imported.yaml": {"evidence": [...]}})

    # anything else: plan FileWrite values under the lock, checked and written atomically
    write.apply_writes(book, planner)

Each returns the :class:`FileWrite` values (``path``, ``before``, ``after``, ``diff``,
``added_lines``); ``dry_run=True`` plans and checks without writing (to show the entry and ask
for confirmation). Errors: :class:`WriteRefusedError` (nothing written; ``problems`` holds the
located errors the change would bring), :class:`BookLockedError` (another writer held the lock too
long), :class:`OSError` (the disk refused; the old file is intact).
"""

from __future__ import annotations

from foretell.write.atomic import replace_file
from foretell.write.book import (
    FileWrite,
    WriteRefusedError,
    add_prediction,
    append_forecast,
    apply_writes,
    find_forecast,
    modeline,
    write_evidence,
    write_new_file,
    write_new_files,
)
from foretell.write.lock import BookLockedError, book_lock
from foretell.write.yamltext import RoundTrip, UneditableFileError, dump_document

__all__ = [
    "BookLockedError",
    "FileWrite",
    "RoundTrip",
    "UneditableFileError",
    "WriteRefusedError",
    "add_prediction",
    "append_forecast",
    "apply_writes",
    "book_lock",
    "dump_document",
    "find_forecast",
    "modeline",
    "replace_file",
    "write_evidence",
    "write_new_file",
    "write_new_files",
]
