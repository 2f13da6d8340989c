"""The report's sections, in order: :data:`SECTION_BUILDERS`.

Each builder takes the computed :class:`~foretell.report.records.Report` and the report's
:class:`~foretell.report.page.Scale` and returns a :class:`~foretell.report.page.Section`,
several, or ``None`` when it has nothing to show. The templates ``md/KEY.md.j2`` and
``html/KEY.html.j2`` format a section with key ``KEY``. To add a section, write a builder, add
it to :data:`SECTION_BUILDERS` where it belongs, and add its two templates (``docs/report.md``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence

import attrs
import pendulum

from foretell.model import Resolution
from foretell.problems import Location, Problem
from foretell.report.figures import comparison_figures, forecaster_anchor, forecaster_figures
from foretell.report.lazy import LazyRows
from foretell.report.page import Scale, Section
from foretell.report.proof import audit_section, sealed_section
from foretell.report.records import DUE_SOON_DAYS, ForecastRow, Report
from foretell.report.scorecard import scorecard, unsettled_forecasts
from foretell.report.views import SETTLED, ForecastView, forecast_view
from foretell.report.wordings import wording_view

__all__ = ["SECTION_BUILDERS", "AttentionGroup", "AttentionItem", "Problems", "Receipts"]

SectionBuilder = Callable[[Report, Scale], "Section | Iterable[Section] | None"]


@attrs.frozen
class Problems:
    """The errors of the book and the entries left out for them."""

    errors: tuple[Problem, ...]
    left_out: tuple[tuple[str, str, Location], ...]


@attrs.frozen
class AttentionItem:
    """One forecast (or prediction) that needs a person; ``why`` is plain text."""

    forecast_id: str
    anchor: str
    why: str


@attrs.frozen
class AttentionGroup:
    """One kind of thing that needs a person, with advice."""

    key: str
    heading: str
    advice: str
    items: tuple[AttentionItem, ...]


@attrs.frozen
class Receipts:
    """Every forecast with its receipts, grouped by state (groups with nothing left out).

    Attributes:
        rows: the report's forecasts (:attr:`~foretell.report.records.Report.forecasts`), in
            book order.
        scale: the report's Brier scale, which the views are on.

    The views are made as they are read (:class:`~foretell.report.lazy.LazyRows`), and the
    groups when they are read: the JSON report lists the views in book order without them.
    """

    rows: Sequence[ForecastRow]
    scale: Scale

    @property
    def views(self) -> Sequence[ForecastView]:
        """Every forecast's view in book order."""
        return LazyRows(self.rows, self._view)

    @property
    def groups(self) -> tuple[tuple[str, str, Sequence[ForecastView]], ...]:
        """(key, heading, forecasts) per non-empty group of :data:`RECEIPT_GROUPS`, in that
        order: settled forecasts by resolution date, the others by due date, then by id.

        One pass over the rows; a group holds its forecasts' places in ``rows``.
        """
        found: dict[str, tuple[list[Resolution], array[int]]] = {
            key: ([], array("q")) for key, _ in RECEIPT_GROUPS
        }
        for index, row in enumerate(self.rows):
            status = row.resolution.status.value
            group = found.get("settled" if status in SETTLED else status)
            if group is not None:
                group[0].append(row.resolution)
                group[1].append(index)
        groups = []
        for key, heading in RECEIPT_GROUPS:
            resolutions, places = found.pop(key)
            if not places:
                continue
            keys = [_settled_order(r) if key == "settled" else _due_order(r) for r in resolutions]
            del resolutions
            order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: then book order
            del keys
            groups.append(
                (key, heading, LazyRows(array("q", map(places.__getitem__, order)), self._view_at))
            )
        return tuple(groups)

    def _view(self, row: ForecastRow) -> ForecastView:
        return forecast_view(row, self.scale)

    def _view_at(self, index: int) -> ForecastView:
        return forecast_view(self.rows[index], self.scale)


def _settled_order(resolution: Resolution) -> tuple[str, str]:
    return (str(resolution.resolved_on), resolution.forecast.id)


def _due_order(resolution: Resolution) -> tuple[pendulum.Date, str]:
    return (resolution.forecast.resolves, resolution.forecast.id)


def problems_section(report: Report, scale: Scale) -> Section | None:
    """The book's errors, first: the report covers what loaded, and says what did not."""
    if not report.problems:
        return None
    count = len(report.problems)
    heading = f"The book has {count} error{'' if count == 1 else 's'}"
    return Section(
        "problems", heading, Problems(report.problems, report.left_out), anchor="problems"
    )


def scorecard_sections(report: Report, scale: Scale) -> tuple[Section, ...]:
    """One headline scorecard per forecaster who has a scored claim."""
    unsettled = unsettled_forecasts(report) if any(s.claims for s in report.forecasters) else {}
    return tuple(
        Section("scorecard", f"Scorecard: {s.name}", card, anchor=card.anchor)
        for s in report.forecasters
        if s.claims
        for card in (scorecard(s, scale, unsettled.get(s.name, {})),)
    )


def overview_section(report: Report, scale: Scale) -> Section:
    """One row per forecaster: questions scored, Brier with interval, skill, log score."""
    figures = tuple(forecaster_figures(s, scale) for s in report.forecasters)
    return Section("forecasters", "Forecasters", figures, anchor="forecasters")


def forecaster_sections(report: Report, scale: Scale) -> tuple[Section, ...]:
    """One section per forecaster: every figure, the calibration table and the diagram."""
    return tuple(
        Section(
            "forecaster",
            f"Figures: {s.name}",
            forecaster_figures(s, scale),
            anchor=forecaster_anchor(s.name),
        )
        for s in report.forecasters
    )


def wording_sections(report: Report, scale: Scale) -> tuple[Section, ...]:
    """For each forecaster whose predictions were read from words: how much the reading matters.

    See :mod:`foretell.report.wordings`.
    """
    sections = []
    for summary in report.forecasters:
        anchor = "wording-" + forecaster_anchor(summary.name).removeprefix("forecaster-")
        view = wording_view(summary, scale.factor, anchor)
        if view is not None:
            heading = f"How the words were read: {summary.name}"
            sections.append(Section("wording", heading, view, anchor=anchor))
    return tuple(sections)


def comparisons_section(report: Report, scale: Scale) -> Section | None:
    """Every pair of forecasters scored on at least two common yes/no questions."""
    if not report.comparisons:
        return None
    rows = tuple(comparison_figures(c, scale) for c in report.comparisons)
    return Section("comparisons", "Comparisons", rows, anchor="comparisons")


def attention_section(report: Report, scale: Scale) -> Section:
    """What needs a person; no groups when nothing does."""
    a = report.attention

    def item(forecast_id: str, why: str) -> AttentionItem:
        return AttentionItem(forecast_id, "forecast-" + forecast_id, why)

    groups = (
        AttentionGroup(
            "overdue",
            "Overdue",
            "Past the deadline with no evidence and no 'otherwise': record what happened.",
            tuple(item(r.forecast.id, f"deadline {r.forecast.resolves}") for r in a.overdue),
        ),
        AttentionGroup(
            "conflict",
            "Evidence in conflict",
            "Add a record that supersedes the wrong one.",
            tuple(item(r.forecast.id, "records " + ", ".join(r.evidence)) for r in a.conflicts),
        ),
        AttentionGroup(
            "provisional",
            "Deadline passed, evidence not checked",
            "The default outcome stands in for evidence nobody has looked for yet: search the "
            "reporting up to the deadline, record what happened, and move "
            "'evidence_checked_through' in foretell.toml forward.",
            tuple(
                item(
                    r.forecast.id,
                    f"deadline {r.forecast.resolves}, evidence not checked since "
                    f"{r.evidence_checked_through}; '{r.outcome}' by default is provisional",
                )
                for r in a.provisional
            ),
        ),
        AttentionGroup(
            "due",
            f"Due within {DUE_SOON_DAYS} days",
            "Look for evidence before the deadline.",
            tuple(item(r.forecast.id, f"deadline {r.forecast.resolves}") for r in a.due),
        ),
        AttentionGroup(
            "late",
            "Predictions made on or after the resolution date",
            "Not scored: they knew the answer.",
            tuple(
                item(r.forecast.id, f"{p.by} on {p.made} (resolved {r.resolved_on})")
                for r, p in a.late
            ),
        ),
    )
    return Section(
        "attention",
        "Needs attention",
        tuple(g for g in groups if g.items),
        anchor="attention",
    )


#: The order receipts are grouped in, with each group's heading.
RECEIPT_GROUPS = (
    ("settled", "Settled"),
    ("conflict", "In conflict"),
    ("overdue", "Overdue"),
    ("provisional", "Provisional"),
    ("open", "Open"),
)


def receipts_section(report: Report, scale: Scale) -> Section | None:
    """Every forecast: what was said, by whom and where, and what happened, with sources.

    Each receipt is made as it is read (:class:`~foretell.report.lazy.LazyRows`) from the
    report's row of the forecast, so that a book of 100,000 forecasts never holds them all.
    """
    if not report.forecasts:
        return None
    return Section(
        "receipts",
        "What was said, and what happened",
        Receipts(report.forecasts, scale),
        anchor="receipts",
    )


#: The report's sections, in order. Each builder returns a section, several, or ``None``.
SECTION_BUILDERS: list[SectionBuilder] = [
    problems_section,
    scorecard_sections,
    overview_section,
    audit_section,
    forecaster_sections,
    wording_sections,
    comparisons_section,
    attention_section,
    receipts_section,
    sealed_section,
]
