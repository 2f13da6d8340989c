"""The reliability diagram: forecasts against what happened, as a deterministic SVG.

Drawn with matplotlib's object-oriented API (no pyplot global state) and saved with the settings
that make SVG output byte-identical between runs: a fixed ``svg.hashsalt`` (ids), text kept as
``<text>`` (``svg.fonttype = "none"``), and no ``Date`` or ``Creator`` metadata.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from typing import Any

from foretell.report.records import ForecasterSummary
from foretell.report.views import shorten
from foretell.safetext import visible_controls
from foretell.scoring import CalibrationBin
from foretell.suggest import slugify

__all__ = ["diagram_file_names", "reliability_svg"]

# Okabe & Ito's colour-blind-safe palette: blue and vermillion stay distinct under every common
# colour-vision deficiency, and each series also differs in line style and marker.
_INK = "#1f2933"
_BINS = "#0072B2"  # blue
_CORP = "#D55E00"  # vermillion
_RUG = "#6b7280"  # grey
_GRID = "#e5e7eb"
#: Up to this many bins, each bar of the count panel is labelled with its count.
_LABELLED_BINS = 20
#: Longest forecaster name in the title; longer names are cut at a word boundary.
_TITLE_NAME = 48


def reliability_svg(summary: ForecasterSummary, *, level: float = 0.95) -> str:
    """The reliability diagram of one forecaster as SVG text (no XML declaration).

    The main panel shows the diagonal (perfect calibration), the CORP reliability curve
    (PAV-recalibrated probabilities, a step function), one point per occupied bin at (mean
    forecast, observed frequency) with its Wilson interval, and a rug: one tick per forecast
    along the bottom (forecasts with the same probability share their tick). The panel below
    shows how many forecasts fall in each bin, with the count written above each bar (up to 20
    bins; with more bins the bars' axis gives the counts), so no label can collide with another
    or leave the frame. The legend sits below both panels.
    All text is literal: book text is never read as maths or markup.
    """
    from matplotlib import rc_context  # noqa: PLC0415 - heavy; only reports draw
    from matplotlib.figure import Figure  # noqa: PLC0415

    table = summary.calibration
    rows = table.rows if table else ()
    with rc_context(
        {
            "svg.hashsalt": f"foretell-{summary.name}",
            "svg.fonttype": "none",
            # Names come from the book: "$5 or $6" is text, never mathtext.
            "text.parse_math": False,
            "text.usetex": False,
            "font.family": "sans-serif",
            "font.size": 9,
            "axes.edgecolor": _INK,
            "axes.labelcolor": _INK,
            "xtick.color": _INK,
            "ytick.color": _INK,
        }
    ):
        figure = Figure(figsize=(4.6, 5.9), layout="constrained")
        axes, counts = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [4.2, 1.0]})
        axes.set(xlim=(-0.02, 1.02), ylim=(-0.06, 1.04))
        axes.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        axes.grid(color=_GRID, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.plot([0, 1], [0, 1], linestyle=":", color=_INK, linewidth=1.1,
                  label="perfect calibration")  # fmt: skip
        curve = summary.corp_curve
        if curve:
            xs = [x for x, _ in curve]
            ys = [y for _, y in curve]
            axes.step(xs, ys, where="post", color=_CORP, linewidth=1.6, linestyle="-",
                      label="CORP: forecasts recalibrated")  # fmt: skip
            # Equal probabilities share one tick: tens of thousands of ticks drawn on top of each
            # other would only make the SVG megabytes long (and its drawing a few times that).
            given = (c.prediction.probability for c in summary.binary_claims)
            forecasts = list(dict.fromkeys(float(p) for p in given))  # type: ignore[arg-type]
            axes.plot(forecasts, [-0.035] * len(forecasts), linestyle="none", marker="|",
                      markersize=7, color=_RUG, alpha=0.8,
                      label="rug: one tick per forecast")  # fmt: skip
        if rows:
            x = [r.mean_probability for r in rows]
            y = [r.observed_frequency for r in rows]
            below = [r.observed_frequency - r.ci_low for r in rows]
            above = [r.ci_high - r.observed_frequency for r in rows]
            axes.errorbar(x, y, yerr=[below, above], fmt="o", color=_BINS, ecolor=_BINS,
                          elinewidth=1.0, capsize=3, markersize=5,
                          label=f"bins: mean forecast, share that happened, {level:.0%} "
                                "interval")  # fmt: skip
        axes.set_ylabel("share that happened")
        name = visible_controls(summary.name)  # no glyph for a NUL; no reordering by a bidi mark
        title = f"Reliability: {shorten(name, _TITLE_NAME)} (n={summary.n})"
        # Wrapped by hand: matplotlib's own wrapping measures text as mathtext.
        axes.set_title(textwrap.fill(title, 44), fontsize=10)
        axes.tick_params(labelbottom=True)
        _draw_counts(counts, rows)
        figure.legend(loc="outside lower center", ncol=1, fontsize=7, frameon=False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    start = text.find("<svg")
    return visible_controls(text[start:] if start >= 0 else text)  # always well-formed XML


def _draw_counts(counts: Any, rows: tuple[CalibrationBin, ...]) -> None:
    """The count panel: one bar per occupied bin, labelled inside the frame when they fit."""
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415 - heavy; only reports draw

    counts.grid(axis="y", color=_GRID, linewidth=0.6)
    counts.set_axisbelow(True)
    counts.set_xlabel("forecast probability")
    counts.set_ylabel("forecasts")
    counts.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    if not rows:
        counts.set_ylim(0, 1)
        return
    lefts = [r.lower for r in rows]
    widths = [r.upper - r.lower for r in rows]
    heights = [r.n for r in rows]
    counts.bar(lefts, heights, width=widths, align="edge", color=_BINS, alpha=0.35,
               edgecolor=_BINS, linewidth=0.6)  # fmt: skip
    top = max(heights)
    # Headroom for the labels: they sit above the bars, inside the axes.
    counts.set_ylim(0, top * 1.45 + 0.5)
    counts.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    if len(rows) <= _LABELLED_BINS:
        size = 7 if len(rows) <= 10 else 5.5
        for row in rows:
            counts.text((row.lower + row.upper) / 2, row.n + top * 0.06, str(row.n),
                        ha="center", va="bottom", fontsize=size, color=_INK,
                        clip_on=True)  # fmt: skip


def diagram_file_names(stem: str, names: Iterable[str]) -> dict[str, str]:
    """A distinct SVG file name per forecaster: ``STEM.SLUG.svg``.

    Names that slug alike (``"a b"``, ``"a-b"``, ``"A B"``), even on a file system that ignores
    case, get ``-2``, ``-3``, ... in the order of the names sorted by code point, so the same
    forecasters always get the same files.

    >>> diagram_file_names("r", ["a b", "a-b", "A B", "$$"])
    {'$$': 'r.forecaster.svg', 'A B': 'r.a-b.svg', 'a b': 'r.a-b-2.svg', 'a-b': 'r.a-b-3.svg'}
    """
    taken: set[str] = set()
    result: dict[str, str] = {}
    for name in sorted(set(names)):
        slug = slugify(name) or "forecaster"
        candidate, number = slug, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{slug}-{number}"
        taken.add(candidate.casefold())
        result[name] = f"{stem}.{candidate}.svg"
    return result
