"""Loading a book from disk: YAML files in, model objects and located problems out.

:func:`read_book` never raises on bad input: every file is read, every entry that can be built is
built, and everything wrong is returned as a :class:`~foretell.problems.Problem` pointing at the
key or value concerned. :func:`foretell.load_book` is the strict version for library users: it
returns the :class:`~foretell.model.Book` or raises :class:`~foretell.problems.BookError`.

The modules follow the file format (``docs/format.md``):

- :mod:`.book`: the walk over a book's folder, and how the files' readings combine;
- :mod:`.config`: ``foretell.toml``;
- :mod:`.entries`: the layout shared by forecast and evidence files (one entry, or a list);
- :mod:`.forecasts`, :mod:`.predictions`: forecast files and the predictions in them;
- :mod:`.evidence`: evidence files;
- :mod:`.sources`: the sources cited by both;
- :mod:`.fields`: reading one mapping's fields with locations; :mod:`.values`: pure parsers of
  probabilities, outcomes and slugs; :mod:`.keys`: the keys each entry may hold;
- :mod:`.reading`: what reading gives (:class:`BookReading`, :class:`FileReading`);
- :mod:`.cache`, :mod:`.plain`: the parse cache, and file readings as plain data for it.
"""

from __future__ import annotations

from .book import paused_garbage_collection, read_book
from .cache import ParseCache
from .reading import BookReading, Citation, FileReading, Link, Supersession

__all__ = [
    "BookReading",
    "Citation",
    "FileReading",
    "Link",
    "ParseCache",
    "Supersession",
    "paused_garbage_collection",
    "read_book",
]
