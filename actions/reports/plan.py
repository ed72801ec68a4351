"""The statement of action as a Word document: the inspection's facts and deadlines, then
each finding as Ofsted wrote it with the actions the authority proposes."""

from __future__ import annotations

from actions.reports.contents import FindingSection, Plan
from actions.reports.word import WordDocument

ACTION_COLUMNS = ("Action", "Lead", "Timescale", "Success measure", "Current progress")
ACTION_WIDTHS = (70, 35, 40, 55, 57)
NO_ACTIONS = "No action has been recorded for this finding yet."
NO_MEASURE = "Not yet recorded"
INTRODUCTION = (
    "This is the written statement of the action the authority proposes to take in "
    "response to Ofsted's findings, with its timescales (Education and Inspections Act "
    "2006, section 137). Each finding is quoted as Ofsted wrote it, followed by the "
    "actions that answer it."
)


def plan_docx(plan: Plan) -> bytes:
    facts = plan.part.facts
    document = WordDocument(
        title=plan.title,
        subject=f"Written statement of action: {facts.title}",
        author=facts.authority,
        made_on=plan.made_on,
    )
    document.heading(plan.title, 1)
    document.paragraph(INTRODUCTION)
    document.heading("About the inspection", 2)
    document.facts(facts.rows)
    for group in plan.part.groups:
        document.heading(group.heading, 2)
        for finding in group.findings:
            _finding(document, finding)
    if not plan.part.groups:
        document.paragraph("Ofsted's letter records no findings that call for action.")
    return document.save()


def _finding(document: WordDocument, finding: FindingSection) -> None:
    document.heading(finding.heading, 3)
    if finding.section:
        document.paragraph(finding.section, bold_lead="Part of the report: ")
    document.paragraph(finding.text)
    if not finding.actions:
        document.paragraph(NO_ACTIONS)
        return
    rows = [
        [a.title, a.lead, a.timescale, a.success_measure or NO_MEASURE, a.progress]
        for a in finding.actions
    ]
    document.table(ACTION_COLUMNS, rows, ACTION_WIDTHS)
