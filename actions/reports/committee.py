"""The committee progress report as a Word document: a summary table and chart, then each
inspection's progress by finding, dates against targets, and what slipped and why."""

from __future__ import annotations

from actions.models import AMBER_WITHIN_DAYS
from actions.reports.chart import DESCRIPTION, rag_chart_png
from actions.reports.contents import (
    DONE_LABEL,
    CommitteeReport,
    FindingSection,
    InspectionPart,
    rag_headings,
    status_headings,
)
from actions.reports.word import WordDocument

ACTION_COLUMNS = (
    "Action",
    "Owner",
    "RAG",
    "Status",
    "Due date",
    "Completed",
    "Against target",
    "Latest progress note",
)
ACTION_WIDTHS = (55, 26, 20, 23, 26, 26, 23, 58)
SLIP_COLUMNS = ("Action", "Asked for", "Due date moved", "Reason", "Decision")
SLIP_WIDTHS = (55, 35, 40, 62, 65)
NO_SLIPS = "No one has asked to move a due date."


def introduction(report: CommitteeReport) -> str:
    """What the report covers and how to read it (the PDF says the same)."""
    count = len(report.parts)
    covers = "1 inspection" if count == 1 else f"{count} inspections"
    return (
        f"This report covers {covers}. RAG ratings are for open actions: Red means past "
        f"its due date; Amber, due within {AMBER_WITHIN_DAYS} days or blocked; Green, on "
        "track; Not scheduled, with no owner or no due date yet. Actions completed or verified are "
        f"shown as {DONE_LABEL}. Cancelled actions are left out."
    )


def summary_tables(report: CommitteeReport) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, headings, rows) of the two summary tables: by RAG rating, by status."""
    rag = [*rag_headings(), DONE_LABEL]
    statuses = status_headings()
    return [
        (
            "Actions by RAG rating",
            ["Inspection", *rag, "Total"],
            [[r.label, *(str(r.rag[h]) for h in rag), str(r.total)] for r in report.rows],
        ),
        (
            "Actions by status",
            ["Inspection", *statuses, "Total"],
            [[r.label, *(str(r.status[h]) for h in statuses), str(r.total)] for r in report.rows],
        ),
    ]


def committee_docx(report: CommitteeReport) -> bytes:
    document = WordDocument(
        title=report.title,
        subject="Progress on the Ofsted action plan",
        author=report.authority,
        made_on=report.made_on,
    )
    document.heading(report.title, 1)
    document.paragraph(introduction(report))
    document.heading("Summary", 2)
    for position, (caption, headings, rows) in enumerate(summary_tables(report)):
        document.paragraph(caption, bold_lead="Table: ")
        document.table(headings, rows, [80, *[25] * (len(headings) - 1)], row_headers=True)
        if position == 0:  # the chart shows the first table, by RAG rating
            document.picture(rag_chart_png(report.total), DESCRIPTION, width_mm=150)
    for part in report.parts:
        _inspection(document, part)
    return document.save()


def _inspection(document: WordDocument, part: InspectionPart) -> None:
    document.heading(part.facts.label, 2)
    document.facts(part.facts.rows)
    document.heading("Progress by finding", 3)
    for group in part.groups:
        for finding in group.findings:
            _finding(document, finding)
    if not part.groups:
        document.paragraph("No findings call for action.")
    document.heading("What slipped and why", 3)
    if not part.slips:
        document.paragraph(NO_SLIPS)
        return
    rows = [
        [s.action, s.requested_text, s.change_text, s.reason, s.decision_text] for s in part.slips
    ]
    document.table(SLIP_COLUMNS, rows, SLIP_WIDTHS)


def _finding(document: WordDocument, finding: FindingSection) -> None:
    document.heading(finding.heading, 4)
    document.paragraph(finding.text)
    document.paragraph(finding.summary, bold_lead="Progress: ")
    if not finding.actions:
        return
    rows = [
        [
            a.title,
            a.owner,
            a.rag,
            a.status,
            a.due_text,
            a.completed_text,
            a.days_late_text,
            a.note_text,
        ]
        for a in finding.actions
    ]
    document.table(ACTION_COLUMNS, rows, ACTION_WIDTHS)
