"""Markdown and HTML from one document, through Jinja2 templates shipped in the package.

Both environments escape by construction:

* **HTML**: Jinja2's autoescape is on, so every ``{{ ... }}`` is HTML-escaped unless the
  renderer itself marked it safe (the reliability diagrams, drawn by matplotlib, which escapes
  its text). Links go through the ``link`` macro, which makes an ``<a>`` only for an http(s)
  address (:func:`~foretell.report.links.safe_url`).
* **Markdown**: the environment's ``finalize`` hook escapes every ``{{ ... }}`` for Markdown
  (:func:`~foretell.report.links.escape_markdown`): collapsed onto one line, inline syntax and
  pipes backslash-escaped. Only :class:`~foretell.report.links.MarkdownText` made by the
  renderer's own filters (``link``) passes unchanged.
* **Both**: the finished text goes through :func:`~foretell.safetext.visible_controls`, so a
  control character or a bidi control from the book shows as an escape (``\\u202e``) instead of
  reordering the text around it.

The templates live in ``foretell/report/templates``: ``report.md.j2`` and ``report.html.j2``
lay out the page and include ``md/KEY.md.j2`` / ``html/KEY.html.j2`` for each section.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from foretell.report.document import build_document
from foretell.report.figures import github_anchor
from foretell.report.lazy import blocks
from foretell.report.links import MarkdownText, escape_markdown, markdown_link, safe_url
from foretell.report.records import Report
from foretell.report.templatecache import template_cache
from foretell.safetext import visible_controls

__all__ = ["render_html", "render_markdown", "stream_html", "stream_markdown"]


def render_markdown(
    report: Report,
    *,
    diagrams: Mapping[str, str] | None = None,
    cache_folder: Path | None = None,
) -> str:
    """The report as GitHub-flavoured Markdown.

    Args:
        report: the report.
        diagrams: forecaster name → relative path of their reliability diagram (SVG), when the
            diagrams were written next to the Markdown file; without it the report says how to
            get them.
        cache_folder: foretell's cache folder, to keep the compiled templates between runs
            (:mod:`foretell.report.templatecache`); ``None`` compiles them afresh.
    """
    return "".join(stream_markdown(report, diagrams=diagrams, cache_folder=cache_folder))


def stream_markdown(
    report: Report,
    *,
    diagrams: Mapping[str, str] | None = None,
    cache_folder: Path | None = None,
) -> Iterator[str]:
    """The text of :func:`render_markdown` in pieces of about 64 KB, made as they are written
    (a receipt or a scorecard row exists only while its lines are being made)."""
    document = build_document(report)
    chunks = (
        _environment("md", cache_folder)
        .get_template("report.md.j2")
        .generate(doc=document, diagrams=dict(diagrams or {}))
    )
    return map(visible_controls, _tidy(blocks(chunks)))


def render_html(report: Report, *, cache_folder: Path | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no scripts).

    ``cache_folder``: as for :func:`render_markdown`.
    """
    return "".join(stream_html(report, cache_folder=cache_folder))


def stream_html(report: Report, *, cache_folder: Path | None = None) -> Iterator[str]:
    """The text of :func:`render_html` in pieces of about 64 KB, made as they are written."""
    from foretell.report.plot import reliability_svg  # noqa: PLC0415 - matplotlib is heavy

    document = build_document(report)
    diagrams = {
        s.name: Markup(reliability_svg(s, level=report.options.level))
        for s in report.forecasters
        if s.n
    }
    chunks = (
        _environment("html", cache_folder)
        .get_template("report.html.j2")
        .generate(doc=document, diagrams=diagrams)
    )
    return map(visible_controls, blocks(chunks))


#: Runs of blank lines, which the Markdown templates leave (they stay readable that way).
_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(chunks: Iterable[str]) -> Iterator[str]:
    """``re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"`` of the text of ``chunks``, in pieces.

    Whitespace at the end of a piece is held back until the next piece shows whether the
    text goes on: a run of line feeds is always whole when it is collapsed.
    """
    held = ""
    started = False
    for chunk in chunks:
        text = held + chunk
        if not started:
            text = text.lstrip()
            started = bool(text)
        body = text.rstrip()
        held = text[len(body) :]
        if body:
            yield _BLANK_LINES.sub("\n\n", body)
    yield "\n"


# -- filters shared by both environments ----------------------------------------------------


def number(value: float | None, digits: int = 3) -> str:
    """A figure rounded for reading; ``–`` when undefined, ``∞`` when infinite."""
    if value is None or math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{digits}f}"
    return "0." + "0" * digits if text == "-0." + "0" * digits else text.replace("-", "−")


def p_value(value: float | None) -> str:
    """A p-value with two significant digits, or ``< 0.001``."""
    if value is None or math.isnan(value):
        return "–"
    if value < 0.001:
        return "< 0.001"
    return f"{value:.2g}" if value < 0.1 else f"{value:.2f}"


def percent(value: float) -> str:
    """A probability as a percentage: ``70%``, ``12.5%``."""
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def probability(value: float | tuple[tuple[str, float], ...]) -> str:
    """A prediction's probability: ``70%``, or ``a 25%, b 75%`` for categories."""
    if isinstance(value, tuple):
        return ", ".join(f"{k} {percent(v)}" for k, v in value)
    return percent(value)


def outcome(value: str | float | None) -> str:
    """An outcome as people read it: ``yes``, a category, or a number such as ``0.8``."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return value


def interval_bin(lower: float, upper: float, closed: str = "right") -> str:
    """A calibration bin: ``[0, 0.1]`` for the first, ``(0.1, 0.2]`` for the others.

    Left-closed bins read ``[0.5, 0.6)``, the last one ``[0.9, 1]``.
    """
    if closed == "left":
        return f"[{lower:g}, {upper:g}{']' if upper == 1 else ')'}"
    return f"{'[' if lower == 0 else '('}{lower:g}, {upper:g}]"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``1 question``, ``2 questions``."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


_FILTERS: dict[str, Any] = {
    "number": number,
    "p_value": p_value,
    "percent": percent,
    "probability": probability,
    "outcome": outcome,
    "interval_bin": interval_bin,
    "plural": plural,
    "safe_url": safe_url,
    "github_anchor": github_anchor,
    "safe_path": lambda path: quote(str(path)),
}


def _collapse(text: str) -> str:
    """Text made of several template lines as one paragraph (line breaks become spaces)."""
    collapsed = re.sub(r"[ \t]*\n\s*", " ", str(text)).strip()
    return Markup(collapsed) if isinstance(text, Markup) else MarkdownText(collapsed)


def _markdown_forecast_link(forecast_id: str) -> MarkdownText:
    """A link to a forecast's receipt, whose heading is its id (a slug: its own anchor)."""
    return MarkdownText(f"[{escape_markdown(forecast_id)}](#{github_anchor(forecast_id)})")


def _html_forecast_link(forecast_id: str) -> Markup:
    return Markup('<a href="#forecast-{0}">{0}</a>').format(forecast_id)


def _html_link(label: object, url: str | None) -> Markup:
    """``<a href>`` for an http(s) address, else the label as text (both escaped)."""
    target = safe_url(url)
    if target is None:
        return Markup("{0}").format(label)
    return Markup('<a href="{0}">{1}</a>').format(target, label)


def _finalize_markdown(value: object) -> str:
    if value is None:
        return "–"
    return escape_markdown(value)


def _finalize_html(value: object) -> object:
    return "–" if value is None else value


def _authored(function: Any) -> Any:
    """A filter whose result, made by foretell from numbers alone, is Markdown as written."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> MarkdownText:
        return MarkdownText(function(*args, **kwargs))

    return wrapper


@functools.cache
def _environment(kind: str, cache_folder: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for ``"md"`` or ``"html"`` templates."""
    html = kind == "html"
    environment = jinja2.Environment(
        bytecode_cache=template_cache(cache_folder, kind),
        loader=jinja2.PackageLoader("foretell.report", "templates"),
        autoescape=html,
        finalize=_finalize_html if html else _finalize_markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    environment.filters.update(_FILTERS)
    environment.filters["collapse"] = _collapse
    if html:
        environment.filters["link"] = _html_link
        environment.filters["forecast_link"] = _html_forecast_link
    else:
        environment.filters["forecast_link"] = _markdown_forecast_link
        environment.filters["link"] = markdown_link
        # Figures foretell formats itself hold no Markdown syntax that could take effect:
        # keep them readable in a terminal ("[0, 0.1]" rather than "\\[0, 0.1\\]").
        for name in ("number", "p_value", "percent", "interval_bin"):
            environment.filters[name] = _authored(_FILTERS[name])
    return environment
