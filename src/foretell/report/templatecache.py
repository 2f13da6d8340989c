"""Compiled report templates kept between runs, so that a small report does not recompile them.

Jinja2 compiles each template to Python code on first use (about 0.1 s for the report's
templates). This cache keeps that code in the user's cache folder (never in a book), one file
per template. Nothing in it comes from a book: the templates are foretell's own. Jinja2's own
file cache reads its header with :mod:`pickle`; this one does not: a file is

    MAGIC | BLAKE2 of (Python version, Jinja2 version, the environment's compiling settings,
                       template source checksum)
          | BLAKE2 of the code | the code (marshal)

and is used only when its header matches the template and the environment as they are now and
the code its digest; anything else (damaged, truncated, another version, not a regular file) is
ignored and rewritten. The environment's settings count because the same template compiles to
different code under different settings: with autoescape on, every value is escaped by the
compiled code itself, so code compiled for the Markdown environment (autoescape off) must never
serve the HTML one. Each environment also has its own files (``variant``), so the two do not
keep replacing each other's. Writes go to a temporary file renamed into place, so concurrent
runs never read half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from foretell.files import read_regular_file

__all__ = ["TemplateCache", "template_cache"]

_MAGIC = b"foretell-template-1\n"
_DIGEST_SIZE = 32
#: A compiled template is a few hundred kilobytes at most; a larger file is not one of ours.
_MAX_CODE_BYTES = 16 * 2**20


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST_SIZE).digest()


class TemplateCache(BytecodeCache):
    """Compiled templates in one folder, checked against the template source before use."""

    def __init__(self, folder: Path, variant: str = "") -> None:
        """``variant`` names the environment the cache serves (a file-name-safe word)."""
        self.folder = folder
        self.variant = variant

    def _path(self, bucket: Bucket) -> Path:
        prefix = f"{self.variant}-" if self.variant else ""
        return self.folder / f"{prefix}{bucket.key}.code"

    def _header(self, bucket: Bucket) -> bytes:
        digest = hashlib.blake2b(digest_size=_DIGEST_SIZE)
        for part in (
            sys.version,
            jinja2.__version__,
            self.variant,
            compiling_settings(bucket.environment),
            str(bucket.checksum),
        ):
            digest.update(part.encode("utf-8", "surrogateescape"))
            digest.update(b"\0")
        return _MAGIC + digest.digest()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            # Only a regular file of a sensible size: a FIFO or a device put in its place
            # must not hang the report or fill the memory.
            data = read_regular_file(self._path(bucket), limit=_MAX_CODE_BYTES)
        except OSError:
            return
        header = self._header(bucket)
        start = len(header) + _DIGEST_SIZE
        if not data.startswith(header) or data[len(header) : start] != _digest(data[start:]):
            return
        try:
            code = marshal.loads(data[start:])
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, type(_EMPTY_CODE)):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        code = marshal.dumps(bucket.code)
        data = self._header(bucket) + _digest(code) + code
        target = self._path(bucket)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        except OSError:
            return  # a cache that cannot be written only costs time
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            Path(temporary).replace(target)
        except OSError:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()


_EMPTY_CODE = compile("", "<template cache>", "exec")


def compiling_settings(environment: jinja2.Environment) -> str:
    """The settings of ``environment`` that change the code a template compiles to.

    Callables (an autoescape function, a finalize function) are named by their module and
    qualified name, which stay the same from one run to the next.
    """

    def named(value: object) -> str:
        if callable(value):
            module = getattr(value, "__module__", "")
            return f"{module}.{getattr(value, '__qualname__', type(value).__qualname__)}"
        return repr(value)

    settings = [
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        sorted(environment.extensions),
    ]
    return "\0".join(
        [*map(named, settings), named(environment.autoescape), named(environment.finalize)]
    )


def template_cache(cache_folder: Path | None, variant: str) -> TemplateCache | None:
    """The template cache of one environment (``variant``, e.g. ``"html"``) under a foretell
    cache folder, or ``None`` for no cache."""
    return None if cache_folder is None else TemplateCache(cache_folder / "templates", variant)
