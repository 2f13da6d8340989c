"""Scoring reports: :func:`build_report` computes, the renderers format.

:func:`build_report` scores a book as of a day; :mod:`foretell.report.document` turns the
result into sections; :func:`render_markdown` and :func:`render_html` format the sections
through Jinja2 templates (``foretell/report/templates``), :func:`render_json` as data. Each
renderer has a ``stream_`` twin giving the same text in pieces, made as they are written (what
``foretell report`` writes, so that a report of 100,000 forecasts never exists whole in memory).

>>> from foretell.report import ReportOptions, build_report, render_markdown   # doctest: +SKIP
>>> report = build_report(book, ReportOptions(as_of=pendulum.date(2026, 11, 25)))  # doctest: +SKIP
>>> print(render_markdown(report))                                            # doctest: +SKIP
"""

from foretell.report.build import build_report
from foretell.report.document import ReportDocument, build_document
from foretell.report.jsondata import render_json, report_data, stream_json
from foretell.report.page import Section
from foretell.report.records import Report, ReportOptions
from foretell.report.render import render_html, render_markdown, stream_html, stream_markdown

__all__ = [
    "Report",
    "ReportDocument",
    "ReportOptions",
    "Section",
    "build_document",
    "build_report",
    "render_html",
    "render_json",
    "render_markdown",
    "report_data",
    "stream_html",
    "stream_json",
    "stream_markdown",
]
