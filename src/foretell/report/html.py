"""The report as one self-contained HTML page: inline CSS and SVG, no scripts, no network.

Everything taken from the book is escaped; only ``http(s)`` addresses become links.
"""

from __future__ import annotations

from html import escape

from foretell.model import Status
from foretell.report import text as t
from foretell.report.build import ForecasterSummary, ForecastRow, Report
from foretell.report.plot import reliability_svg

__all__ = ["render_html"]

_STYLE = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --soft: #f5f7fa; --accent: #2563eb;
  --good: #0f7b4f; --warn: #b45309; --bad: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 21px; margin: 40px 0 12px; padding-bottom: 6px;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 8px; }
p { margin: 8px 0; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.meta { color: var(--muted); margin-bottom: 16px; }
.conventions { color: var(--muted); font-size: 13px; background: var(--soft); border-radius: 8px;
  padding: 10px 14px; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.chip { border-radius: 999px; padding: 3px 12px; font-size: 13px; background: var(--soft);
  border: 1px solid var(--line); }
.chip b { font-variant-numeric: tabular-nums; }
.status { display: inline-block; border-radius: 4px; padding: 0 7px; font-size: 12px;
  font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em; }
.status.resolved { background: #e3f5ec; color: var(--good); }
.status.open { background: #e8effd; color: var(--accent); }
.status.overdue, .status.conflict { background: #fdecec; color: var(--bad); }
.status.annulled, .status.ambiguous { background: #f1f1f1; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted);
  font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:nth-child(even) td { background: #fbfcfd; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px;
  margin: 12px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card .label { font-size: 12px; color: var(--muted); text-transform: uppercase;
  letter-spacing: 0.04em; }
.card .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .value small { font-size: 13px; font-weight: 400; color: var(--muted); }
.card .hint { font-size: 12px; color: var(--muted); line-height: 1.4; margin-top: 2px; }
.note { border-left: 4px solid var(--warn); background: #fff8eb; padding: 10px 14px;
  border-radius: 0 8px 8px 0; margin: 12px 0; }
.split { display: grid; grid-template-columns: minmax(300px, 440px) 1fr; gap: 24px;
  align-items: start; }
.split svg { width: 100%; height: auto; }
@media (max-width: 760px) { .split { grid-template-columns: 1fr; } }
.question { color: var(--muted); font-size: 13px; }
td.date { white-space: nowrap; }
.scored { font-weight: 600; }
.small { font-size: 13px; color: var(--muted); }
ul.plain { padding-left: 18px; margin: 6px 0; }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; }
"""


def render_html(report: Report) -> str:
    """The report as a complete HTML document (UTF-8, no external resources)."""
    title = escape(report.title)
    body = [
        f"<h1>Scoring report: {title}</h1>",
        f'<p class="meta">As of <b>{report.options.as_of}</b> &middot; '
        f"{report.counts['forecasts']} forecasts</p>",
        _chips(report),
        f'<p class="conventions">{escape(t.conventions(report))}</p>',
        *_overview(report),
        *(part for s in report.forecasters for part in _forecaster(report, s)),
        *_comparisons(report),
        *_resolved(report),
        *_attention(report),
        *_open(report),
        "<footer>Made with foretell. Every figure is reproducible: run "
        f"<code>foretell report --as-of {report.options.as_of}</code> on the same book.</footer>",
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Scoring report: {title}</title>\n<style>{_STYLE}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _chips(report: Report) -> str:
    chips = [
        f'<span class="chip"><b>{report.counts[key]}</b> {escape(word)}</span>'
        for key, word in t.STATUS_WORDS.items()
    ]
    return '<div class="chips">' + "".join(chips) + "</div>"


def _overview(report: Report) -> list[str]:
    if not report.forecasters:
        return ["<p>The book has no predictions yet.</p>"]
    level = f"{report.options.level:.0%}"
    rows = []
    for s in report.forecasters:
        interval = f"{t.number(s.brier_ci[0])}–{t.number(s.brier_ci[1])}" if s.brier_ci else "–"
        rows.append(
            f'<tr><td><a href="#{_anchor(s.name)}">{escape(s.name)}</a></td>'
            f'<td class="num">{s.n}</td><td class="num">{t.number(s.brier)}</td>'
            f'<td class="num">{interval}</td>'
            f'<td class="num">{t.number(s.brier_skill_vs_half, 2)}</td>'
            f'<td class="num">{t.number(s.brier_skill_vs_base_rate, 2)}</td>'
            f'<td class="num">{t.number(s.log_score)}</td></tr>'
        )
    return [
        "<h2>Forecasters</h2>",
        "<table><thead><tr><th>forecaster</th><th class=num>scored</th><th class=num>Brier</th>"
        f"<th class=num>{level} interval</th><th class=num>skill vs 50%</th>"
        "<th class=num>skill vs base rate</th><th class=num>log score</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>",
    ]


def _card(label: str, value: str, hint: str) -> str:
    return (
        f'<div class="card"><div class="label">{escape(label)}</div>'
        f'<div class="value">{value}</div><div class="hint">{escape(hint)}</div></div>'
    )


def _forecaster(report: Report, s: ForecasterSummary) -> list[str]:
    out = [f'<h2 id="{_anchor(s.name)}">{escape(s.name)}</h2>']
    note = t.few_note(s)
    if note:
        out.append(f'<p class="note">{escape(note)}</p>')
    if s.n:
        half = "0.25" if report.options.brier_scale == "0-1" else "0.5"
        interval = (
            f" <small>{t.number(s.brier_ci[0])}–{t.number(s.brier_ci[1])}</small>"
            if s.brier_ci
            else ""
        )
        z = (
            f"{t.number(s.spiegelhalter_z, 2)} "
            f"<small>p {escape(t.p_value(s.spiegelhalter_p))}</small>"
            if s.spiegelhalter_z is not None
            else "–"
        )
        cards = [
            _card("Brier score", t.number(s.brier) + interval,
                  t.EXPLANATIONS["brier"].format(half=half)),
            _card("questions scored", str(s.n), "resolved yes/no questions"),
            _card("skill vs 50%", t.number(s.brier_skill_vs_half, 2), t.EXPLANATIONS["skill_half"]),
            _card("skill vs base rate", t.number(s.brier_skill_vs_base_rate, 2),
                  "base rate " + t.base_rate_words(s)),
            _card("log score", t.number(s.log_score), t.EXPLANATIONS["log"]),
            _card("miscalibration", t.number(s.miscalibration), t.EXPLANATIONS["mcb"]),
            _card("discrimination", t.number(s.discrimination), t.EXPLANATIONS["dsc"]),
            _card("uncertainty", t.number(s.uncertainty), t.EXPLANATIONS["unc"]),
            _card("calibration test z", z, t.EXPLANATIONS["spiegelhalter"]),
        ]  # fmt: skip
        out.append('<div class="cards">' + "".join(cards) + "</div>")
        level = f"{report.options.level:.0%}"
        rows = "".join(
            f"<tr><td>{'[' if row.lower == 0 else '('}{row.lower:g}, {row.upper:g}]</td>"
            f'<td class="num">{row.n}</td><td class="num">{t.percent(row.mean_probability)}</td>'
            f'<td class="num">{t.percent(row.observed_frequency)}</td>'
            f'<td class="num">{t.percent(row.ci_low)}–{t.percent(row.ci_high)}</td></tr>'
            for row in s.calibration
        )
        out.append(
            '<div class="split"><div>'
            + reliability_svg(s, level=report.options.level)
            + "</div><div><h3>Calibration</h3>"
            "<table><thead><tr><th>forecast</th><th class=num>n</th><th class=num>mean forecast"
            f"</th><th class=num>observed</th><th class=num>{level} interval</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            '<p class="small">Points: each bin\'s mean forecast against the share that '
            "happened, with its Wilson interval. Orange steps: the CORP curve, the "
            "forecasts recalibrated by isotonic regression. On the dotted diagonal, forecasts "
            "mean what they say.</p>" + _tags(s) + "</div></div>"
        )
        if s.time_averaged:
            ta = s.time_averaged
            out.append(
                f"<h3>Updates over time</h3><p>On the {ta.n} question{'s' if ta.n != 1 else ''} "
                f"{escape(s.name)} updated, the time-averaged Brier score (daily, each "
                f"prediction standing until the next) is <b>{t.number(ta.brier)}</b>, against "
                f"{t.number(ta.final_brier)} for the last predictions alone.</p>"
            )
    if s.multi_category:
        mc = s.multi_category
        out.append(
            f"<h3>Multi-category questions</h3><p>{mc.n} scored, Brier score "
            f"<b>{t.number(mc.brier)}</b> (scored apart from the yes/no questions).</p>"
        )
    return out


def _tags(s: ForecasterSummary) -> str:
    if not s.by_tag:
        return ""
    rows = "".join(
        f'<tr><td>{escape(tag.tag)}</td><td class="num">{tag.n}</td>'
        f'<td class="num">{t.number(tag.brier)}</td></tr>'
        for tag in s.by_tag
    )
    return (
        "<h3>By tag</h3><table><thead><tr><th>tag</th><th class=num>n</th>"
        f"<th class=num>Brier</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _comparisons(report: Report) -> list[str]:
    if not report.comparisons:
        return []
    factor = report.options.scale_factor
    rows = []
    for c in report.comparisons:
        r = c.result
        better = {"a": c.a, "b": c.b}.get(r.better or "", "not significant")
        rows.append(
            f"<tr><td>{escape(c.a)}</td><td>{escape(c.b)}</td><td class=num>{r.n}</td>"
            f"<td class=num>{t.number(r.brier_a * factor)}</td>"
            f"<td class=num>{t.number(r.brier_b * factor)}</td>"
            f"<td class=num>{t.number(r.mean_difference * factor)}</td>"
            f"<td class=num>{t.number(r.statistic, 2)}</td>"
            f"<td class=num>{escape(t.p_value(r.p_value))}</td><td>{escape(better)}</td></tr>"
        )
    return [
        "<h2>Comparisons</h2>",
        "<p>Forecasters scored on the same yes/no questions. The difference is A's Brier minus "
        "B's (negative: A did better); the paired t test (Diebold–Mariano) says whether it "
        "could be chance.</p>",
        "<table><thead><tr><th>A</th><th>B</th><th class=num>common</th><th class=num>Brier A"
        "</th><th class=num>Brier B</th><th class=num>difference</th><th class=num>t</th>"
        "<th class=num>p</th><th>better</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>",
    ]


def _resolved(report: Report) -> list[str]:
    rows = [r for r in report.forecasts if r.resolution.outcome is not None]
    if not rows:
        return []
    body = []
    for row in rows:
        resolution = row.resolution
        how = " <span class=small>(by default)</span>" if resolution.method == "otherwise" else ""
        body.append(
            f"<tr><td><b>{escape(resolution.forecast.id)}</b><div class=question>"
            f"{escape(resolution.forecast.question)}</div></td>"
            f'<td><span class="status {resolution.status.value}">'
            f"{escape(t.outcome(resolution.outcome))}</span>{how}</td>"
            f"<td class=date>{resolution.resolved_on}</td><td>{_predictions(row)}</td>"
            f"<td>{_evidence(row)}</td></tr>"
        )
    return [
        "<h2>Resolved forecasts</h2>",
        "<table><thead><tr><th>forecast</th><th>outcome</th><th>resolved</th>"
        "<th>predictions</th><th>evidence</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>",
    ]


def _predictions(row: ForecastRow) -> str:
    parts = []
    for p in row.predictions:
        text = (
            f"{escape(p.prediction.by)} {t.probability(p.prediction.probability)} "
            f"<span class=small>{p.prediction.made}</span>"
        )
        if p.scored and p.brier is not None:
            parts.append(f"<div class=scored>{text} &rarr; Brier {t.number(p.brier)}</div>")
        elif p.late:
            parts.append(
                f"<div>{text} <span class=small>(after resolution, not scored)</span></div>"
            )
        else:
            parts.append(f"<div>{text}</div>")
    return "".join(parts) or "–"


def _evidence(row: ForecastRow) -> str:
    if not row.evidence:
        return "deadline passed with no evidence" if row.resolution.method == "otherwise" else "–"
    items = []
    for evidence in row.evidence:
        links = ", ".join(_link(label, url) for label, url in t.evidence_sources(evidence))
        items.append(f"<div>{escape(evidence.id)} <span class=small>({links})</span></div>")
    return "".join(items)


def _link(label: str, url: str | None) -> str:
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{escape(url, quote=True)}">{escape(label)}</a>'
    return escape(label)


def _attention(report: Report) -> list[str]:
    out = ["<h2>Needs attention</h2>"]
    sections = t.attention_sections(report)
    if not sections:
        return [*out, f"<p>{escape(t.NOTHING_NEEDS_ATTENTION)}</p>"]
    for heading, advice, items in sections:
        entries = "".join(f"<li>{escape(item)}</li>" for item in items)
        out.append(
            f'<h3>{escape(heading)}</h3><p>{escape(advice)}</p><ul class="plain">{entries}</ul>'
        )
    return out


def _open(report: Report) -> list[str]:
    rows = [r for r in report.forecasts if r.resolution.status is Status.OPEN]
    if not rows:
        return []
    body = []
    for row in sorted(
        rows, key=lambda r: (r.resolution.forecast.resolves, r.resolution.forecast.id)
    ):
        forecast = row.resolution.forecast
        body.append(
            f"<tr><td><b>{escape(forecast.id)}</b><div class=question>{escape(forecast.question)}"
            f"</div></td><td class=date>{forecast.resolves}</td><td>{_predictions(row)}</td></tr>"
        )
    return [
        "<h2>Open forecasts</h2>",
        "<table><thead><tr><th>forecast</th><th>deadline</th><th>predictions</th></tr></thead>"
        "<tbody>" + "".join(body) + "</tbody></table>",
    ]


def _anchor(name: str) -> str:
    return "forecaster-" + "".join(c if c.isalnum() else "-" for c in name.lower())
