"""The report as GitHub-flavoured Markdown, for terminals, pull requests and git diffs."""

from __future__ import annotations

from collections.abc import Mapping

from foretell.model import Prediction, Status
from foretell.report import text as t
from foretell.report.build import ForecasterSummary, ForecastRow, Report

__all__ = ["render_markdown"]


def render_markdown(report: Report, *, diagrams: Mapping[str, str] | None = None) -> str:
    """The report as Markdown.

    Args:
        report: the report.
        diagrams: forecaster name → relative path of their reliability diagram (SVG), when the
            diagrams were written next to the Markdown file; without it the report says how to
            get them.
    """
    out: list[str] = [f"# Scoring report: {_cell(report.title)}", ""]
    out += [f"As of **{report.options.as_of}**. {t.count_line(report)}.", ""]
    out += [f"*{t.conventions(report)}*", ""]
    out += _overview(report)
    for summary in report.forecasters:
        out += _forecaster(report, summary, (diagrams or {}).get(summary.name))
    out += _comparisons(report)
    out += _resolved(report)
    out += _attention(report)
    out += _open(report)
    return "\n".join(out).rstrip() + "\n"


def _overview(report: Report) -> list[str]:
    if not report.forecasters:
        return ["The book has no predictions yet.", ""]
    out = [
        "## Forecasters",
        "",
        f"| forecaster | scored | Brier | {report.options.level:.0%} interval | skill vs 50% "
        "| skill vs base rate | log score |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for s in report.forecasters:
        interval = f"{t.number(s.brier_ci[0])}–{t.number(s.brier_ci[1])}" if s.brier_ci else "–"
        out.append(
            f"| [{_cell(s.name)}](#{_anchor(s.name)}) | {s.n} | {t.number(s.brier)} | {interval} "
            f"| {t.number(s.brier_skill_vs_half, 2)} | {t.number(s.brier_skill_vs_base_rate, 2)} "
            f"| {t.number(s.log_score)} |"
        )
    return [*out, ""]


def _forecaster(report: Report, s: ForecasterSummary, diagram: str | None) -> list[str]:
    out = [f"## {_cell(s.name)}", ""]
    note = t.few_note(s)
    if note:
        out += [f"> {note}", ""]
    if s.n:
        half = "0.25" if report.options.brier_scale == "0-1" else "0.5"
        interval = (
            f" ({report.options.level:.0%} interval {t.number(s.brier_ci[0])}–"
            f"{t.number(s.brier_ci[1])})"
            if s.brier_ci
            else ""
        )
        z = (
            f"z = {t.number(s.spiegelhalter_z, 2)}, p = {t.p_value(s.spiegelhalter_p)}"
            if s.spiegelhalter_z is not None
            else "–"
        )
        explain = t.EXPLANATIONS
        rows = [
            ("questions scored", str(s.n), "resolved yes/no questions with a prediction"),
            ("Brier score", t.number(s.brier) + interval, explain["brier"].format(half=half)),
            ("skill vs always 50%", t.number(s.brier_skill_vs_half, 2), explain["skill_half"]),
            ("base rate", t.base_rate_words(s), "share of the scored questions that resolved yes"),
            ("skill vs base rate", t.number(s.brier_skill_vs_base_rate, 2), explain["skill_base"]),
            ("log score", t.number(s.log_score), t.EXPLANATIONS["log"]),
            ("miscalibration", t.number(s.miscalibration), t.EXPLANATIONS["mcb"]),
            ("discrimination", t.number(s.discrimination), t.EXPLANATIONS["dsc"]),
            ("uncertainty", t.number(s.uncertainty), t.EXPLANATIONS["unc"]),
            ("calibration test", z, t.EXPLANATIONS["spiegelhalter"]),
        ]  # fmt: skip
        out += ["| figure | value | how to read it |", "|---|---|---|"]
        out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        out += ["", "### Calibration", ""]
        out += [
            f"| forecast | n | mean forecast | observed | {report.options.level:.0%} interval |",
            "|---|--:|--:|--:|--:|",
        ]
        for row in s.calibration:
            lower = "[" if row.lower == 0 else "("
            out.append(
                f"| {lower}{row.lower:g}, {row.upper:g}] | {row.n} | "
                f"{t.percent(row.mean_probability)} | {t.percent(row.observed_frequency)} | "
                f"{t.percent(row.ci_low)}–{t.percent(row.ci_high)} |"
            )
        out.append("")
        if diagram:
            out += [f"![Reliability diagram of {s.name}]({diagram})", ""]
        else:
            out += [
                "The reliability diagram is in the HTML report (`--format html`), or next to "
                "the Markdown file with `--output report.md`.",
                "",
            ]
        if s.by_tag:
            out += ["### By tag", "", "| tag | n | Brier |", "|---|--:|--:|"]
            out += [f"| {_cell(tag.tag)} | {tag.n} | {t.number(tag.brier)} |" for tag in s.by_tag]
            out.append("")
        if s.time_averaged:
            ta = s.time_averaged
            out += [
                "### Updates over time",
                "",
                f"On the {ta.n} question{'s' if ta.n != 1 else ''} {s.name} updated, the "
                f"time-averaged Brier score (daily, each prediction standing until the next) is "
                f"**{t.number(ta.brier)}**, against {t.number(ta.final_brier)} for the last "
                "predictions alone.",
                "",
            ]
    if s.multi_category:
        mc = s.multi_category
        out += [
            "### Multi-category questions",
            "",
            f"{mc.n} scored, Brier score {t.number(mc.brier)} (scored apart from the yes/no "
            "questions).",
            "",
        ]
    return out


def _comparisons(report: Report) -> list[str]:
    if not report.comparisons:
        return []
    out = [
        "## Comparisons",
        "",
        "Forecasters scored on the same yes/no questions. The difference is A's Brier minus "
        "B's (negative: A did better); the paired t test (Diebold–Mariano) says whether it "
        "could be chance.",
        "",
        "| A | B | common questions | Brier A | Brier B | difference | t | p | better |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    factor = report.options.scale_factor
    for c in report.comparisons:
        r = c.result
        better = {"a": c.a, "b": c.b}.get(r.better or "", "not significant")
        out.append(
            f"| {_cell(c.a)} | {_cell(c.b)} | {r.n} | {t.number(r.brier_a * factor)} | "
            f"{t.number(r.brier_b * factor)} | {t.number(r.mean_difference * factor)} | "
            f"{t.number(r.statistic, 2)} | {t.p_value(r.p_value)} | {_cell(better)} |"
        )
    return [*out, ""]


def _resolved(report: Report) -> list[str]:
    rows = [r for r in report.forecasts if r.resolution.status is not Status.OPEN]
    settled = [r for r in rows if r.resolution.outcome is not None]
    if not settled:
        return []
    out = [
        "## Resolved forecasts",
        "",
        "| forecast | outcome | resolved on | predictions (scored in bold) | evidence |",
        "|---|---|---|---|---|",
    ]
    for row in settled:
        resolution = row.resolution
        how = " (by default)" if resolution.method == "otherwise" else ""
        out.append(
            f"| **{resolution.forecast.id}**: {_cell(resolution.forecast.question)} | "
            f"{t.outcome(resolution.outcome)}{how} | {resolution.resolved_on} | "
            f"{_predictions(row)} | {_evidence(row)} |"
        )
    return [*out, ""]


def _predictions(row: ForecastRow) -> str:
    parts = []
    for p in row.predictions:
        text = _prediction_text(p.prediction)
        if p.scored and p.brier is not None:
            parts.append(f"**{text} → Brier {t.number(p.brier)}**")
        elif p.late:
            parts.append(f"{text} (after resolution, not scored)")
        else:
            parts.append(text)
    return "<br>".join(parts) or "–"


def _evidence(row: ForecastRow) -> str:
    if not row.evidence:
        return "deadline passed with no evidence" if row.resolution.method == "otherwise" else "–"
    items = []
    for evidence in row.evidence:
        links = [
            f"[{_cell(label)}]({url})" if url else _cell(label)
            for label, url in t.evidence_sources(evidence)
        ]
        items.append(f"{evidence.id} ({', '.join(links)})")
    return "<br>".join(items)


def _attention(report: Report) -> list[str]:
    out = ["## Needs attention", ""]
    sections = t.attention_sections(report)
    if not sections:
        return [*out, t.NOTHING_NEEDS_ATTENTION, ""]
    for heading, advice, items in sections:
        out += [f"**{heading}.** {advice}", ""]
        out += [f"- {_cell(item)}" for item in items]
        out.append("")
    return out


def _open(report: Report) -> list[str]:
    rows = [r for r in report.forecasts if r.resolution.status is Status.OPEN]
    if not rows:
        return []
    out = [
        "## Open forecasts",
        "",
        "| forecast | deadline | predictions |",
        "|---|---|---|",
    ]
    for row in sorted(
        rows, key=lambda r: (r.resolution.forecast.resolves, r.resolution.forecast.id)
    ):
        forecast = row.resolution.forecast
        predictions = "<br>".join(_prediction_text(p.prediction) for p in row.predictions)
        out.append(
            f"| **{forecast.id}**: {_cell(forecast.question)} | {forecast.resolves} | "
            f"{predictions or '–'} |"
        )
    return [*out, ""]


def _prediction_text(prediction: Prediction) -> str:
    return f"{_cell(prediction.by)} {t.probability(prediction.probability)} on {prediction.made}"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _anchor(name: str) -> str:
    """GitHub's anchor for a heading."""
    return "".join(c for c in name.lower().replace(" ", "-") if c.isalnum() or c in "-_")
