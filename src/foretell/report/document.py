"""The report's sections: one model that the Markdown, HTML and JSON renderers all format.

:func:`build_document` turns a :class:`~foretell.report.records.Report` into a
:class:`ReportDocument`: a header and the sections built by
:data:`foretell.report.sections.SECTION_BUILDERS`, in order. Each section names the templates
that format it (``templates/md/KEY.md.j2`` and ``templates/html/KEY.html.j2``) and carries its
own content, frozen attrs objects of plain values. Numbers stay unrounded (templates round them
for people, JSON keeps them), and the report's Brier scale is applied once, as the sections are
built (:meth:`~foretell.report.page.Scale.brier`).
"""

from __future__ import annotations

import attrs
import pendulum

from foretell.report.links import MarkdownText
from foretell.report.page import Scale, Section
from foretell.report.records import BOOTSTRAP_LIMIT, Report
from foretell.report.sections import SECTION_BUILDERS
from foretell.report.views import STATUS_WORDS

__all__ = ["ReportDocument", "build_document", "conventions"]


@attrs.frozen
class ReportDocument:
    """The whole report as sections.

    Attributes:
        title: the book's title.
        as_of: the day the report describes.
        scale: the Brier scale of every Brier figure in the document.
        level: the confidence level of intervals.
        counts: (state, words, number) for each state.
        total: number of forecasts.
        conventions: the scoring conventions in one paragraph.
        sections: the sections, in order.
        report: the computed report the sections come from.
    """

    title: str
    as_of: pendulum.Date
    scale: Scale
    level: float
    counts: tuple[tuple[str, str, int], ...]
    total: int
    conventions: str
    sections: tuple[Section, ...]
    report: Report

    def section(self, key: str) -> Section | None:
        """The first section with this key, if any."""
        return next((s for s in self.sections if s.key == key), None)

    def all(self, key: str) -> tuple[Section, ...]:
        """Every section with this key, in order."""
        return tuple(s for s in self.sections if s.key == key)


def build_document(report: Report) -> ReportDocument:
    """The report as a document of sections, Brier figures on the report's scale."""
    options = report.options
    scale = Scale(options.brier_scale, options.scale_factor)
    sections: list[Section] = []
    for builder in SECTION_BUILDERS:
        built = builder(report, scale)
        if built is None:
            continue
        if isinstance(built, Section):
            sections.append(built)
        else:
            sections.extend(built)
    return ReportDocument(
        title=report.title,
        as_of=options.as_of,
        scale=scale,
        level=options.level,
        counts=tuple((key, word, report.counts.get(key, 0)) for key, word in STATUS_WORDS.items()),
        total=report.counts["forecasts"],
        conventions=conventions(report),
        sections=tuple(sections),
        report=report,
    )


def conventions(report: Report) -> str:
    """The scoring conventions in one paragraph (foretell's own words, safe as Markdown)."""
    options = report.options
    if options.brier_scale == "0-1":
        brier = (
            "Brier scores on the 0–1 scale ((p − o)² for yes/no questions, half the sum over "
            "categories for multi-category ones; 0 is perfect, always saying 50% scores 0.25; "
            "lower is better)"
        )
    else:
        brier = (
            "Brier scores on the 0–2 scale (2(p − o)² for yes/no questions, the sum over "
            "categories for multi-category ones, as Good Judgment Open reports them; 0 is "
            "perfect, always saying 50% scores 0.5; lower is better)"
        )
    edges = (
        [k / options.bins for k in range(options.bins + 1)]
        if isinstance(options.bins, int)
        else list(options.bins)
    )
    if options.bin_closed == "left":
        bins = f"left-closed, [a, b), the last [{edges[-2]:g}, 1]"
    else:
        bins = f"right-closed, (a, b], the first [0, {edges[1]:g}]"
    if not isinstance(options.bins, int):
        bins += "; edges " + ", ".join(f"{e:g}" for e in edges)
    scored = {
        "latest": "their latest prediction made before a question resolved",
        "first": "their first prediction on a question",
        "all": "every prediction made before a question resolved, each counting once "
        "(PredictionBook's convention)",
    }[options.score]
    aggregate = (
        f" The forecaster '{options.aggregate}' is the {options.aggregate} of the other "
        "forecasters' latest predictions on each question (each forecaster counts once, "
        "unweighted)."
        if options.aggregate
        else ""
    )
    groups = (
        " The group mean is the unweighted mean of the Brier scores of the tags "
        + ", ".join(options.group_mean)
        + "."
        if options.group_mean
        else ""
    )
    crowd = (
        " Crowd-relative scores compare each forecaster's latest prediction with the other "
        "forecasters' on the questions they share: relative Brier against the question's "
        "median forecaster (negative is better), and Metaculus' Peer and Baseline log scores "
        "(positive is better)."
        if any(f.crowd is not None and f.crowd.n for f in report.forecasters)
        else ""
    )
    resampled = "scored predictions" if options.score == "all" else "questions"
    large = (
        f" (the normal interval of the mean above {BOOTSTRAP_LIMIT:,} {resampled})"
        if any(s.n > BOOTSTRAP_LIMIT for s in report.forecasters)
        else ""
    )
    # foretell's own words from the options alone: Markdown as written, escaped in HTML.
    return MarkdownText(
        f"{brier}. Each forecaster is scored on {scored}; predictions made after "
        f"{options.as_of} and evidence observed after it are left out.{aggregate} An "
        "'otherwise' outcome whose deadline falls after the day the book's evidence was "
        "checked through is provisional and not scored. Intervals are "
        f"{options.level:.0%}: bootstrap over {resampled} for Brier scores{large}, Wilson for "
        f"calibration bins. Calibration bins are {bins}.{groups}{crowd}"
    )
