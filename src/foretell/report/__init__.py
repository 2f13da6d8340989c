"""Scoring reports: :func:`build_report` computes, the renderers format.

>>> from foretell.report import ReportOptions, build_report, render_markdown   # doctest: +SKIP
>>> report = build_report(book, ReportOptions(as_of=pendulum.date(2026, 11, 25)))  # doctest: +SKIP
>>> print(render_markdown(report))                                            # doctest: +SKIP
"""

from foretell.report.build import Report, ReportOptions, build_report
from foretell.report.html import render_html
from foretell.report.jsondata import render_json, report_data
from foretell.report.markdown import render_markdown

__all__ = [
    "Report",
    "ReportOptions",
    "build_report",
    "render_html",
    "render_json",
    "render_markdown",
    "report_data",
]
