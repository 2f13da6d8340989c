"""The reliability diagram: forecasts against what happened, as a deterministic SVG.

Drawn with matplotlib's object-oriented API (no pyplot global state) and saved with the settings
that make SVG output byte-identical between runs: a fixed ``svg.hashsalt`` (ids), text kept as
``<text>`` (``svg.fonttype = "none"``), and no ``Date`` or ``Creator`` metadata.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from foretell.report.build import ForecasterSummary
from foretell.suggest import slugify

__all__ = ["diagram_file_names", "reliability_svg"]

_INK = "#1f2933"
_ACCENT = "#2563eb"
_CORP = "#d97706"
_GRID = "#e5e7eb"


def reliability_svg(summary: ForecasterSummary, *, level: float = 0.95) -> str:
    """The reliability diagram of one forecaster as SVG text (no XML declaration).

    Shows the diagonal (perfect calibration), the CORP reliability curve (PAV-recalibrated
    probabilities, a step function), and one point per occupied bin at (mean forecast, observed
    frequency) with its Wilson interval and its count; a strip of ticks along the bottom marks
    every forecast.
    """
    from matplotlib import rc_context  # noqa: PLC0415 - heavy; only reports draw
    from matplotlib.figure import Figure  # noqa: PLC0415

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
        figure = Figure(figsize=(4.6, 4.6), layout="constrained")
        axes = figure.subplots()
        axes.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.02), aspect="equal")
        axes.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        axes.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        axes.grid(color=_GRID, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.plot([0, 1], [0, 1], linestyle=":", color="#6b7280", linewidth=1.2,
                  label="perfect calibration")  # fmt: skip
        if summary.corp_curve:
            xs = [x for x, _ in summary.corp_curve]
            ys = [y for _, y in summary.corp_curve]
            axes.step(xs, ys, where="post", color=_CORP, linewidth=1.6,
                      label="CORP (recalibrated)")  # fmt: skip
            axes.plot(xs, [-0.015] * len(xs), linestyle="none", marker="|", markersize=6,
                      color="#9ca3af")  # fmt: skip
        rows = summary.calibration.rows if summary.calibration else ()
        if rows:
            x = [r.mean_probability for r in rows]
            y = [r.observed_frequency for r in rows]
            below = [r.observed_frequency - r.ci_low for r in rows]
            above = [r.ci_high - r.observed_frequency for r in rows]
            axes.errorbar(x, y, yerr=[below, above], fmt="o", color=_ACCENT, ecolor=_ACCENT,
                          elinewidth=1.0, capsize=3, markersize=5,
                          label=f"bins, {level:.0%} Wilson interval")  # fmt: skip
            for row in rows:
                axes.annotate(f"n={row.n}", (row.mean_probability, row.observed_frequency),
                              textcoords="offset points", xytext=(6, -3), fontsize=7,
                              color=_INK)  # fmt: skip
        axes.set_xlabel("forecast probability")
        axes.set_ylabel("observed frequency")
        axes.set_title(f"Reliability: {summary.name} (n={summary.n})", fontsize=10)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=7,
                    frameon=False)  # fmt: skip
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


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
