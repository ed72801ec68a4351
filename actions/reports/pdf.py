"""Both documents as PDF: a Django template under templates/reports/ laid out by WeasyPrint
with print CSS, tagged so that screen readers find its headings and tables."""

from __future__ import annotations

import base64
from typing import Any, cast

from django.template.loader import render_to_string

from actions.reports.chart import DESCRIPTION, rag_chart_png
from actions.reports.committee import NO_SLIPS, introduction, summary_tables
from actions.reports.contents import CommitteeReport, Plan
from actions.reports.plan import INTRODUCTION, NO_ACTIONS, NO_MEASURE

CONTENT_TYPE = "application/pdf"


def plan_pdf(plan: Plan) -> bytes:
    context = {
        "plan": plan,
        "introduction": INTRODUCTION,
        "no_actions": NO_ACTIONS,
        "no_measure": NO_MEASURE,
    }
    return _render("reports/plan.html", plan.title, context)


def committee_pdf(report: CommitteeReport) -> bytes:
    chart = base64.b64encode(rag_chart_png(report.total)).decode("ascii")
    context = {
        "report": report,
        "introduction": introduction(report),
        "summary_tables": summary_tables(report),
        "chart": f"data:image/png;base64,{chart}",
        "chart_description": DESCRIPTION,
        "no_slips": NO_SLIPS,
    }
    return _render("reports/committee.html", report.title, context)


def _render(template: str, title: str, context: dict[str, Any]) -> bytes:
    # WeasyPrint is imported on the first PDF, not when the URLs load: with Pango and
    # fontTools it adds tens of MiB to every web worker, and most never make a PDF.
    from weasyprint import HTML

    html = render_to_string(template, {**context, "title": title})
    # No base URL: the templates load nothing from outside (the chart is inline).
    # Given no target, write_pdf returns the document's bytes.
    return cast(bytes, HTML(string=html).write_pdf(pdf_tags=True))
