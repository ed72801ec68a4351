"""The documents' contents gathered from the database in a fixed number of queries, one
function per document."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db.models import F, QuerySet
from django.utils import timezone

from actions.display import KIND_HEADINGS, person_name, visit_dates
from actions.models import ActionItem, DueDateChange, Rag, Status
from actions.reports.contents import (
    DONE_LABEL,
    ActionLine,
    CommitteeReport,
    FindingSection,
    InspectionFacts,
    InspectionPart,
    KindGroup,
    Plan,
    Slip,
)
from actions.statements import deadlines_by_inspection
from inspections.models import Finding, Inspection
from inspections.statements import Deadlines

if TYPE_CHECKING:
    from inspections.permissions import User


def statement_of_action(inspection: Inspection, user: User, today: datetime.date) -> Plan:
    """The plan's contents: four queries, however many findings and actions."""
    return Plan(_parts([inspection], user, today, with_slips=False)[0], today)


def committee_report(
    authority: str, inspections: Sequence[Inspection], user: User, today: datetime.date
) -> CommitteeReport:
    """The report's contents over the given inspections: five queries, however many."""
    return CommitteeReport(authority, _parts(inspections, user, today, with_slips=True), today)


def _parts(
    inspections: Sequence[Inspection], user: User, today: datetime.date, *, with_slips: bool
) -> list[InspectionPart]:
    ids = [i.pk for i in inspections]
    by_inspection = deadlines_by_inspection(ids)
    findings = list(
        Finding.objects.filter(inspection_id__in=ids).order_by("inspection_id", "position")
    )
    timescales = {finding.pk: finding.timescale for finding in findings}
    counted = (
        ActionItem.objects.for_user(user)
        .filter(finding__inspection_id__in=ids)
        .exclude(status=Status.CANCELLED)
    )
    actions = (
        counted.with_rag(today)
        .with_latest_note()
        .select_related("owner")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    lines: dict[int, list[ActionLine]] = {}
    for action in actions:
        line = _action_line(action, today, timescales[action.finding_id])
        lines.setdefault(action.finding_id, []).append(line)
    slips: dict[int, list[Slip]] = {}
    if with_slips:
        for change in _changes(counted):
            slips.setdefault(change.action.finding.inspection_id, []).append(_slip(change))
    grouped: dict[int, dict[str, KindGroup]] = {pk: {} for pk in ids}
    for finding in findings:
        finding_actions = lines.get(finding.pk, [])
        if not (finding.is_actionable or finding_actions):
            continue
        groups = grouped[finding.inspection_id]
        group = groups.setdefault(finding.kind, KindGroup(KIND_HEADINGS[finding.kind]))
        heading = f"{finding.get_kind_display()} {len(group.findings) + 1}"
        group.findings.append(
            FindingSection(heading, finding.text, finding.section, finding_actions)
        )
    return [
        InspectionPart(
            facts=_facts(inspection, by_inspection[inspection.pk]),
            groups=_in_kind_order(grouped[inspection.pk]),
            slips=slips.get(inspection.pk, []),
        )
        for inspection in inspections
    ]


def _in_kind_order(groups: dict[str, KindGroup]) -> list[KindGroup]:
    """Priority actions first, and so on: the order the pages use."""
    return [groups[kind] for kind in KIND_HEADINGS if kind in groups]


def _changes(actions: QuerySet[ActionItem]) -> Iterable[DueDateChange]:
    """Due-date requests on these actions, oldest first; withdrawn ones changed nothing."""
    return (
        DueDateChange.objects.filter(action__in=actions.values("pk"))
        .exclude(state=DueDateChange.State.WITHDRAWN)
        .select_related("action__finding", "requested_by", "decided_by")
        .order_by("requested_at", "pk")
    )


def _facts(inspection: Inspection, deadlines: Deadlines) -> InspectionFacts:
    return InspectionFacts(
        pk=inspection.pk,
        authority=inspection.authority.name,
        title=inspection.title,
        kind=inspection.get_kind_display(),
        label=inspection.label,
        visit=visit_dates(inspection),
        letter_date=inspection.letter_date,
        lead_inspector=inspection.lead_inspector,
        deadlines=deadlines,
    )


def _action_line(action: ActionItem, today: datetime.date, finding_timescale: str) -> ActionLine:
    # The type checker cannot see what with_rag() and with_latest_note() annotate.
    rag: str = action.rag_status  # type: ignore[attr-defined]
    note_at: datetime.datetime | None = action.latest_note_at  # type: ignore[attr-defined]
    owner = person_name(action.owner) if action.owner else ""
    completed_on = timezone.localdate(action.completed_at) if action.completed_at else None
    return ActionLine(
        title=action.title,
        lead=action.lead or owner or "Not yet assigned",
        owner=owner or "Nobody yet",
        status=Status(action.status).label,
        rag=Rag(rag).label if rag else DONE_LABEL,
        due_date=action.due_date,
        finding_timescale=finding_timescale,
        success_measure=action.success_measure,
        latest_note=action.latest_note or "",  # type: ignore[attr-defined]
        latest_note_on=timezone.localdate(note_at) if note_at else None,
        completed_on=completed_on,
        days_late=_days_late(action, completed_on, today),
    )


def _days_late(
    action: ActionItem, completed_on: datetime.date | None, today: datetime.date
) -> int | None:
    """Days past the due date: until done if it was done late, until today if it is
    overdue; None when on time (or with no due date)."""
    if action.due_date is None:
        return None
    if completed_on is not None:
        late = (completed_on - action.due_date).days
        return late if late > 0 else None
    return (today - action.due_date).days if action.is_overdue(today) else None


def _slip(change: DueDateChange) -> Slip:
    return Slip(
        action=change.action.title,
        requested_on=timezone.localdate(change.requested_at),
        requested_by=person_name(change.requested_by) if change.requested_by else "",
        from_date=change.from_date,
        to_date=change.to_date,
        reason=change.reason,
        state=change.get_state_display(),
        decided_on=timezone.localdate(change.decided_at) if change.decided_at else None,
        decided_by=person_name(change.decided_by) if change.decided_by else "",
        decision_note=change.decision_note,
    )
