"""Managers' notices: the daily escalation (statements of action due soon or overdue, badly
overdue actions, findings nobody owns) and the weekly summary of each authority they
manage."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.text import Truncator

from actions.display import long_date
from actions.models import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ActionItem,
    Notification,
    Status,
    overdue_condition,
    unscheduled_condition,
)
from actions.reminders.items import ESCALATED
from actions.reminders.notices import (
    ActionSection,
    AnySection,
    Policies,
    Section,
    new_notices,
    notice_key,
    recipients,
    record,
)
from actions.statements import DueStatement, due_soon_or_overdue
from inspections.models import DATE_FALLBACK, Finding, Inspection, LocalAuthority, Membership
from inspections.permissions import MANAGER, roles_at_least

Kind = Notification.Kind

# Sections of an escalation, in the order the e-mail shows them.
STATEMENTS, UNOWNED = "statements", "unowned"
# An escalation quotes this many words of a finding nobody owns.
FINDING_WORDS = 25


def active_managers() -> dict[int, list[int]]:
    """Each active manager's authorities."""
    managed: dict[int, list[int]] = defaultdict(list)
    memberships = Membership.objects.filter(
        role__in=roles_at_least(MANAGER), user__is_active=True
    ).order_by("user_id", "authority_id")
    for user_id, authority_id in memberships.values_list("user_id", "authority_id"):
        managed[user_id].append(authority_id)
    return managed


def plan_escalations(
    managers: dict[int, list[int]], today: datetime.date, policies: Policies
) -> int:
    """One escalation per manager in the batch: statements of action due soon or overdue,
    badly overdue actions and findings nobody owns, in every authority they manage."""
    authority_ids = {a for ids in managers.values() for a in ids}
    names = dict(LocalAuthority.objects.filter(pk__in=authority_ids).values_list("id", "name"))
    inspections = inspections_of(authority_ids)
    statements = statements_by_authority(inspections, names, today)
    latest_due = today - datetime.timedelta(days=policies.shortest_escalation + 1)
    overdue = (
        ActionItem.objects.open()
        .filter(finding__inspection__authority_id__in=authority_ids, due_date__lte=latest_due)
        .exclude(due_date_changed_on=today)  # a past date a manager confirmed today
        .order_by("due_date", "id")
        .values_list("id", "due_date", "finding__inspection__authority_id")
    )
    # Each authority's badly overdue actions, once, however many of its managers are in
    # the batch; each manager's section shares them (ActionSection.merge).
    escalated: dict[int, ActionSection] = defaultdict(_escalated_section)
    for action_id, due_date, authority_id in overdue.iterator(chunk_size=2000):
        if (today - due_date).days > policies[authority_id].escalate_after_days:
            escalated[authority_id].add(action_id, due_date)
    labels = Labels(inspections)
    unowned: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for finding in unowned_findings(authority_ids):
        unowned[finding["authority_id"]].append(
            {
                "id": finding["id"],
                "inspection_id": finding["inspection_id"],
                "title": Truncator(finding["text"]).words(FINDING_WORDS),
                "kind": Finding.Kind(finding["kind"]).label,
                "authority": names[finding["authority_id"]],
                "inspection": labels[finding["inspection_id"]],
                "seen": f"f{finding['id']}",
            }
        )
    people = recipients(list(managers))
    sections: dict[int, dict[str, AnySection]] = {}
    for manager_id, managed in managers.items():
        if manager_id not in people:
            continue
        due_statements = Section(STATEMENTS, "Statements of action due soon or overdue")
        overdue_actions = _escalated_section()
        no_owner = Section(UNOWNED, "Findings with no owner")
        for authority_id in managed:
            due_statements.items += statements[authority_id]
            overdue_actions.merge(escalated[authority_id])
            no_owner.items += unowned[authority_id]
        sections[manager_id] = {
            STATEMENTS: due_statements,
            ESCALATED: overdue_actions,
            UNOWNED: no_owner,
        }
    return record(new_notices(Kind.ESCALATION, sections, today, _escalation_subject))


def _escalated_section() -> ActionSection:
    return ActionSection(ESCALATED, "Overdue actions")


def inspections_of(authority_ids: Iterable[int]) -> dict[int, Inspection]:
    """The authorities' inspections by id, with what their deadlines and labels read."""
    return {
        inspection.pk: inspection
        for inspection in Inspection.objects.filter(authority_id__in=authority_ids).only(
            "pk", "authority_id", "kind", *DATE_FALLBACK
        )
    }


class Labels(dict[int, str]):
    """Inspections' labels by id, each worked out once, when first asked for."""

    def __init__(self, inspections: dict[int, Inspection]) -> None:
        super().__init__()
        self._inspections = inspections

    def __missing__(self, inspection_id: int) -> str:
        label = self[inspection_id] = self._inspections[inspection_id].label
        return label


def statements_by_authority(
    inspections: dict[int, Inspection], names: dict[int, str], today: datetime.date
) -> defaultdict[int, list[dict[str, Any]]]:
    """Each authority's statements of action due soon or overdue, as the e-mails list them."""
    statements: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for due in due_soon_or_overdue(inspections, today):
        authority_id = due.inspection.authority_id
        statements[authority_id].append(statement_item(due, names[authority_id]))
    return statements


def statement_item(due: DueStatement, authority: str) -> dict[str, Any]:
    """A statement's next deadline as an escalation or weekly summary lists it."""
    inspection = due.inspection
    return {
        "inspection_id": inspection.pk,
        "title": "Draft statement of action" if due.stage == "draft" else "Statement of action",
        "authority": authority,
        "inspection": inspection.label,
        "due": due.due.isoformat(),
        "when": due.when,
        "overdue": due.overdue,
        # New to the manager when another deadline, or another date, comes up.
        "seen": f"s{inspection.pk}:{due.stage}:{due.due.isoformat()}",
    }


def unowned_findings(authority_ids: Iterable[int]) -> QuerySet:
    """Actionable findings that nobody is acting on: none of their actions has an owner
    (findings whose actions were all cancelled are left out: someone decided that).
    Asked finding by finding (EXISTS), which stops at the first owned action, rather than
    by counting every action of every finding."""
    actions = ActionItem.objects.filter(finding=OuterRef("pk"))
    return (
        Finding.objects.actionable()
        .filter(inspection__authority_id__in=authority_ids)
        .filter(~Exists(actions.filter(owner__isnull=False)))
        .filter(~Exists(actions) | Exists(actions.exclude(status=Status.CANCELLED)))
        .order_by("inspection_id", "position")
        .values("id", "text", "kind", "inspection_id", authority_id=F("inspection__authority_id"))
    )


def _escalation_subject(sections: dict[str, AnySection]) -> str:
    parts = []
    statements = cast(Section, sections[STATEMENTS]).items
    overdue = sum(item["overdue"] for item in statements)
    for n, state in ((overdue, "overdue"), (len(statements) - overdue, "due soon")):
        if n:
            parts.append(f"{n} statement{'s' if n != 1 else ''} of action {state}")
    if n := len(sections[ESCALATED]):
        parts.append(f"{n} action{'s' if n != 1 else ''} badly overdue")
    if n := len(sections[UNOWNED]):
        parts.append(f"{n} finding{'s' if n != 1 else ''} with no owner")
    listed = ", ".join(parts[:-1])
    return f"Escalation: {listed + ' and ' if listed else ''}{parts[-1]}"


def plan_summaries(managers: dict[int, list[int]], today: datetime.date) -> int:
    """The weekly summary: each managed authority's numbers and its statements of action
    due soon or overdue, sent whether or not anything changed, to managers who have not
    turned it off."""
    authority_ids = {a for ids in managers.values() for a in ids}
    week_ago = today - datetime.timedelta(days=7)
    is_open = Q(status__in=OPEN_STATUSES)
    counts = {
        row["authority_id"]: row
        for row in ActionItem.objects.filter(finding__inspection__authority_id__in=authority_ids)
        .values(authority_id=F("finding__inspection__authority_id"))
        .annotate(
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=overdue_condition(today)),
            blocked=Count("id", filter=Q(status=Status.BLOCKED)),
            not_scheduled=Count("id", filter=unscheduled_condition()),
            awaiting_verification=Count("id", filter=Q(status=Status.COMPLETED)),
            completed_this_week=Count(
                "id", filter=Q(status__in=DONE_STATUSES, completed_at__date__gt=week_ago)
            ),
        )
        .order_by()
    }
    unowned: defaultdict[int, int] = defaultdict(int)
    for finding in unowned_findings(authority_ids):
        unowned[finding["authority_id"]] += 1
    names = dict(LocalAuthority.objects.filter(pk__in=authority_ids).values_list("id", "name"))
    statements = statements_by_authority(inspections_of(authority_ids), names, today)
    people = recipients(list(managers))
    notices = []
    for manager_id, managed in managers.items():
        person = people.get(manager_id)
        if person is None or not person["email_weekly_summary"]:
            continue
        rows = []
        for authority_id in sorted(managed, key=lambda a: names[a]):
            if not (authority_id in counts or unowned[authority_id] or statements[authority_id]):
                continue  # nothing to report on an authority with no actions yet
            numbers: Mapping[str, Any] = counts.get(authority_id, {})
            rows.append(
                {
                    "authority": names[authority_id],
                    "authority_id": authority_id,
                    **{name: numbers.get(name, 0) for name in SUMMARY_NUMBERS},
                    "unowned": unowned[authority_id],
                    "statements": statements[authority_id],
                }
            )
        if not rows:
            continue
        notices.append(
            Notification(
                recipient_id=manager_id,
                kind=Kind.WEEKLY_SUMMARY,
                key=notice_key(Kind.WEEKLY_SUMMARY, manager_id, today),
                day=today,
                subject=f"Weekly summary of inspection actions, {long_date(today)}",
                reason="Sent every Monday to managers.",
                payload={"authorities": rows},
            )
        )
    return record(notices)


SUMMARY_NUMBERS = (
    "open",
    "overdue",
    "blocked",
    "not_scheduled",
    "awaiting_verification",
    "completed_this_week",
)
