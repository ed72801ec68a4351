"""The reminder sweep: works out from the database what each person needs to hear today.

Nothing is scheduled per action. Each run reads today's state (which open actions are
within a lead time of their due date, overdue, or overdue past the escalation threshold,
and which findings still have nobody to act on them) and records at most one digest per
owner and one escalation per manager for the day, as pending Notification rows. The
rows are inserted with ON CONFLICT DO NOTHING against a unique (person, kind, day)
constraint, so a rerun, a retried task or a second worker sweeping at the same moment
adds nothing. Sending them is actions/notifications.py's job.

A notice is only recorded when it says something new: an item that the person's last
sent notice of the same kind did not list (an action came within a lead time, became due
tomorrow, became overdue, got a new due date), or a week has passed since that notice.
Days without a sweep are not replayed: the next sweep records today's state once, and
notices of earlier days still waiting to go are marked out of date.

People are read in batches of BATCH_SIZE, with a fixed number of queries per batch, so
the number of queries grows with the number of batches, not with the number of actions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils.text import Truncator

from actions.display import long_date
from actions.models import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ActionItem,
    Notification,
    ReminderPolicy,
    StaffProfile,
    Status,
)
from actions.services import NotPermitted
from inspections.models import Finding, LocalAuthority, Membership
from inspections.permissions import MANAGER, OWNER, has_role, roles_at_least

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

BATCH_SIZE = 500
# With nothing new to say, a person still hears about what is outstanding this often.
REPEAT_AFTER_DAYS = 7
# An e-mail lists this many items of a section; the rest are counted and linked.
LISTED_PER_SECTION = 25

Kind = Notification.Kind

# Sections of a notice, in the order the e-mail shows them.
OVERDUE, FINAL, FIRST = "overdue", "final", "first"
ESCALATED, UNOWNED = "escalated", "unowned"


@dataclass
class Section:
    """One heading of a notice and the items under it (plain data, kept in its payload)."""

    name: str
    heading: str
    items: list[dict[str, Any]] = field(default_factory=list)

    def as_payload(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "heading": self.heading,
            "count": len(self.items),
            "items": self.items[:LISTED_PER_SECTION],
        }


@dataclass
class SweepResult:
    digests: int = 0
    escalations: int = 0
    weekly_summaries: int = 0
    superseded: int = 0
    batches: int = 0

    def __str__(self) -> str:
        return (
            f"due today: {self.digests} digest(s), {self.escalations} escalation(s), "
            f"{self.weekly_summaries} weekly summary(ies), worked out in {self.batches} "
            f"batch(es); {self.superseded} older notice(s) out of date"
        )


def sweep(today: datetime.date, *, batch_size: int = BATCH_SIZE) -> SweepResult:
    """Record today's digests and escalations as pending notices. Safe to run any number
    of times, in any number of processes at once."""
    result = SweepResult()
    result.superseded = supersede_earlier(today)
    policies = Policies.load()
    for owner_ids in _batched(_owners_with_reminders(today, policies), batch_size):
        result.digests += _plan_digests(owner_ids, today, policies)
        result.batches += 1
    managers = _managers()
    for manager_ids in _batched(sorted(managers), batch_size):
        batch = {pk: managers[pk] for pk in manager_ids}
        result.escalations += _plan_escalations(batch, today, policies)
        result.batches += 1
    return result


def plan_weekly_summaries(today: datetime.date, *, batch_size: int = BATCH_SIZE) -> SweepResult:
    """Record this week's summary for every manager who wants one."""
    result = SweepResult()
    managers = _managers()
    for manager_ids in _batched(sorted(managers), batch_size):
        batch = {pk: managers[pk] for pk in manager_ids}
        result.weekly_summaries += _plan_summaries(batch, today)
        result.batches += 1
    return result


def supersede_earlier(today: datetime.date) -> int:
    """Marks digests and escalations of earlier days that never went out as out of date:
    today's say what is true now, and back-dated mail would only repeat or contradict it."""
    return Notification.objects.filter(
        kind__in=(Kind.DIGEST, Kind.ESCALATION), day__lt=today, state=Notification.State.PENDING
    ).update(state=Notification.State.SUPERSEDED)


class Policies:
    """Each authority's reminder policy, read once per sweep; defaults for the rest."""

    def __init__(self, by_authority: dict[int, ReminderPolicy]) -> None:
        self._by_authority = by_authority
        self._default = ReminderPolicy.default()

    @classmethod
    def load(cls) -> Policies:
        return cls({p.authority_id: p for p in ReminderPolicy.objects.all()})

    def __getitem__(self, authority_id: int) -> ReminderPolicy:
        return self._by_authority.get(authority_id, self._default)

    def _all(self) -> list[ReminderPolicy]:
        return [self._default, *self._by_authority.values()]

    @property
    def longest_lead(self) -> int:
        return max(p.first_reminder_days for p in self._all())

    @property
    def shortest_escalation(self) -> int:
        return min(p.escalate_after_days for p in self._all())


# Settings that shape the sweep -----------------------------------------------------------

EMAIL_FIELDS = ("email_assigned", "email_due_soon", "email_overdue", "email_weekly_summary")


@transaction.atomic
def set_email_choices(*, user: AbstractBaseUser, chosen: Iterable[str]) -> StaffProfile:
    """Which e-mails a person gets: the named ones on, the others off. Escalations to
    managers are not a choice."""
    chosen = set(chosen)
    unknown = chosen - set(EMAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not an e-mail choice: {', '.join(sorted(unknown))}")
    profile, _ = StaffProfile.objects.select_for_update().get_or_create(user=user)
    for name in EMAIL_FIELDS:
        setattr(profile, name, name in chosen)
    profile.save(update_fields=list(EMAIL_FIELDS))
    return profile


@transaction.atomic
def set_policy(
    *,
    authority: LocalAuthority,
    by: AbstractBaseUser,
    first_reminder_days: int,
    final_reminder_days: int,
    escalate_after_days: int,
) -> ReminderPolicy:
    """An authority's reminder timings, set by one of its managers."""
    if not has_role(by, authority.pk, MANAGER):
        raise NotPermitted("Only the authority’s managers can change its reminders.")
    policy, _ = ReminderPolicy.objects.update_or_create(
        authority=authority,
        defaults={
            "first_reminder_days": first_reminder_days,
            "final_reminder_days": final_reminder_days,
            "escalate_after_days": escalate_after_days,
            "updated_by": by,
        },
    )
    return policy


# Owners' digests ---------------------------------------------------------------------


def _owners_with_reminders(today: datetime.date, policies: Policies) -> list[int]:
    """Everyone who owns an open action that is due within the longest lead time, or
    overdue: the only people who may need a digest today."""
    horizon = today + datetime.timedelta(days=policies.longest_lead)
    return list(
        ActionItem.objects.open()
        .filter(owner__isnull=False, due_date__lte=horizon)
        .order_by("owner_id")
        .values_list("owner_id", flat=True)
        .distinct()
    )


def stage(due_date: datetime.date, today: datetime.date, policy: ReminderPolicy) -> str | None:
    """Which section of an owner's digest an open action falls in today, if any."""
    days_left = (due_date - today).days
    if days_left < 0:
        return OVERDUE
    if days_left <= policy.final_reminder_days:
        return FINAL
    if days_left <= policy.first_reminder_days:
        return FIRST
    return None


def _plan_digests(owner_ids: list[int], today: datetime.date, policies: Policies) -> int:
    """The digests of one batch of owners: five queries whatever the number of actions."""
    horizon = today + datetime.timedelta(days=policies.longest_lead)
    actions = (
        ActionItem.objects.open()
        .filter(owner_id__in=owner_ids, due_date__lte=horizon)
        .order_by("due_date", "id")
        .values(
            "id",
            "title",
            "due_date",
            "owner_id",
            authority_id=F("finding__inspection__authority_id"),
            authority=F("finding__inspection__authority__name"),
        )
    )
    people = _recipients(owner_ids)
    # Reminders about an authority go only to people who may still act there.
    may_own = set(
        Membership.objects.filter(
            user_id__in=owner_ids, role__in=roles_at_least(OWNER)
        ).values_list("user_id", "authority_id")
    )
    sections: dict[int, dict[str, Section]] = defaultdict(_digest_sections)
    for action in actions:
        person = people.get(action["owner_id"])
        if person is None:
            continue
        if not person["is_superuser"] and (person["id"], action["authority_id"]) not in may_own:
            continue
        policy = policies[action["authority_id"]]
        where = stage(action["due_date"], today, policy)
        wanted = person["email_overdue"] if where == OVERDUE else person["email_due_soon"]
        if where is None or not wanted:
            continue
        sections[person["id"]][where].items.append(_action_item(action, where, today))
    notices = _new_notices(Kind.DIGEST, sections, today, _digest_subject)
    return _record(notices)


def _digest_sections() -> dict[str, Section]:
    return {
        OVERDUE: Section(OVERDUE, "Overdue"),
        FINAL: Section(FINAL, "Due very soon"),
        FIRST: Section(FIRST, "Due soon"),
    }


def _action_item(action: dict[str, Any], where: str, today: datetime.date) -> dict[str, Any]:
    due: datetime.date = action["due_date"]
    days = (due - today).days
    if days < 0:
        when = f"{-days} day{'s' if days != -1 else ''} overdue (due {long_date(due)})"
    elif days == 0:
        when = f"due today ({long_date(due)})"
    elif days == 1:
        when = f"due tomorrow ({long_date(due)})"
    else:
        when = f"due in {days} days ({long_date(due)})"
    return {
        "id": action["id"],
        "title": action["title"],
        "authority": action["authority"],
        "due": due.isoformat(),
        "when": when,
        "owner": action.get("owner_name", ""),
        # What makes the item new for the person: this action, in this section, due then.
        "seen": f"a{action['id']}:{where}:{due.isoformat()}",
    }


def _digest_subject(sections: dict[str, Section]) -> str:
    parts = []
    if n := len(sections[OVERDUE].items):
        parts.append(f"{n} overdue")
    if n := len(sections[FINAL].items) + len(sections[FIRST].items):
        parts.append(f"{n} due soon")
    return f"Your inspection actions: {' and '.join(parts)}"


# Managers' escalations and weekly summaries ---------------------------------------------


def _managers() -> dict[int, list[int]]:
    """Each active manager's authorities."""
    managed: dict[int, list[int]] = defaultdict(list)
    memberships = Membership.objects.filter(
        role__in=roles_at_least(MANAGER), user__is_active=True
    ).order_by("user_id", "authority_id")
    for user_id, authority_id in memberships.values_list("user_id", "authority_id"):
        managed[user_id].append(authority_id)
    return managed


def _plan_escalations(
    managers: dict[int, list[int]], today: datetime.date, policies: Policies
) -> int:
    """One escalation per manager in the batch: badly overdue actions and findings nobody
    owns, in every authority they manage."""
    authority_ids = {a for ids in managers.values() for a in ids}
    names = dict(LocalAuthority.objects.filter(pk__in=authority_ids).values_list("id", "name"))
    latest_due = today - datetime.timedelta(days=policies.shortest_escalation + 1)
    overdue = (
        ActionItem.objects.open()
        .filter(finding__inspection__authority_id__in=authority_ids, due_date__lte=latest_due)
        .order_by("due_date", "id")
        .values(
            "id",
            "title",
            "due_date",
            authority_id=F("finding__inspection__authority_id"),
            authority=F("finding__inspection__authority__name"),
            owner_first=F("owner__first_name"),
            owner_last=F("owner__last_name"),
            owner_username=F("owner__username"),
        )
    )
    escalated: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for action in overdue:
        threshold = policies[action["authority_id"]].escalate_after_days
        if (today - action["due_date"]).days > threshold:
            first, last = action["owner_first"], action["owner_last"]
            action["owner_name"] = f"{first} {last}".strip() or action["owner_username"] or ""
            escalated[action["authority_id"]].append(_action_item(action, ESCALATED, today))
    unowned: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for finding in unowned_findings(authority_ids):
        unowned[finding["authority_id"]].append(
            {
                "id": finding["id"],
                "inspection_id": finding["inspection_id"],
                "title": Truncator(finding["text"]).chars(140),
                "kind": Finding.Kind(finding["kind"]).label,
                "authority": names[finding["authority_id"]],
                "seen": f"f{finding['id']}",
            }
        )
    people = _recipients(list(managers))
    sections: dict[int, dict[str, Section]] = {}
    for manager_id, managed in managers.items():
        if manager_id not in people:
            continue
        mine = {
            ESCALATED: Section(ESCALATED, "Overdue actions"),
            UNOWNED: Section(UNOWNED, "Findings with no owner"),
        }
        for authority_id in managed:
            mine[ESCALATED].items += escalated[authority_id]
            mine[UNOWNED].items += unowned[authority_id]
        sections[manager_id] = mine
    return _record(_new_notices(Kind.ESCALATION, sections, today, _escalation_subject))


def unowned_findings(authority_ids: Iterable[int]) -> QuerySet:
    """Actionable findings that nobody is acting on: none of their actions has an owner
    (findings whose actions were all cancelled are left out: someone decided that)."""
    live = [s for s in Status.values if s != Status.CANCELLED]
    return (
        Finding.objects.actionable()
        .filter(inspection__authority_id__in=authority_ids)
        .annotate(
            owned=Count("actions", filter=Q(actions__owner__isnull=False)),
            live=Count("actions", filter=Q(actions__status__in=live)),
            total=Count("actions"),
        )
        .filter(Q(owned=0) & (Q(total=0) | Q(live__gt=0)))
        .order_by("inspection_id", "position")
        .values("id", "text", "kind", "inspection_id", authority_id=F("inspection__authority_id"))
    )


def _escalation_subject(sections: dict[str, Section]) -> str:
    parts = []
    if n := len(sections[ESCALATED].items):
        parts.append(f"{n} action{'s' if n != 1 else ''} badly overdue")
    if n := len(sections[UNOWNED].items):
        parts.append(f"{n} finding{'s' if n != 1 else ''} with no owner")
    return f"Escalation: {' and '.join(parts)}"


def _plan_summaries(managers: dict[int, list[int]], today: datetime.date) -> int:
    """The weekly summary: each managed authority's numbers, sent whether or not anything
    changed, to managers who have not turned it off."""
    authority_ids = {a for ids in managers.values() for a in ids}
    week_ago = today - datetime.timedelta(days=7)
    is_open = Q(status__in=OPEN_STATUSES)
    counts = {
        row["authority_id"]: row
        for row in ActionItem.objects.filter(finding__inspection__authority_id__in=authority_ids)
        .values(authority_id=F("finding__inspection__authority_id"))
        .annotate(
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=is_open & Q(due_date__lt=today)),
            blocked=Count("id", filter=Q(status=Status.BLOCKED)),
            awaiting_verification=Count("id", filter=Q(status=Status.COMPLETED)),
            completed_this_week=Count(
                "id", filter=Q(status__in=DONE_STATUSES, completed_at__date__gt=week_ago)
            ),
        )
        .order_by()
    }
    unowned = defaultdict(int)
    for finding in unowned_findings(authority_ids):
        unowned[finding["authority_id"]] += 1
    names = dict(LocalAuthority.objects.filter(pk__in=authority_ids).values_list("id", "name"))
    people = _recipients(list(managers))
    notices = []
    for manager_id, managed in managers.items():
        person = people.get(manager_id)
        if person is None or not person["email_weekly_summary"]:
            continue
        rows = []
        for authority_id in sorted(managed, key=lambda a: names[a]):
            if authority_id not in counts and not unowned[authority_id]:
                continue  # nothing to report on an authority with no actions yet
            numbers = counts.get(authority_id, {})
            rows.append(
                {
                    "authority": names[authority_id],
                    "authority_id": authority_id,
                    **{name: numbers.get(name, 0) for name in SUMMARY_NUMBERS},
                    "unowned": unowned[authority_id],
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
    return _record(notices)


SUMMARY_NUMBERS = ("open", "overdue", "blocked", "awaiting_verification", "completed_this_week")


# Shared by all kinds --------------------------------------------------------------------


def notice_key(kind: str, person_id: int, day: datetime.date) -> str:
    return f"{kind}:{person_id}:{day.isoformat()}"


def _recipients(user_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Active people with an e-mail address, and which e-mails they want (a person who
    never opened their settings has no profile yet, and wants them all)."""
    rows = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values(
            "id",
            "is_superuser",
            email_due_soon=F("staff_profile__email_due_soon"),
            email_overdue=F("staff_profile__email_overdue"),
            email_weekly_summary=F("staff_profile__email_weekly_summary"),
        )
    )
    people = {}
    for row in rows:
        for name in ("email_due_soon", "email_overdue", "email_weekly_summary"):
            row[name] = row[name] is not False
        people[row["id"]] = row
    return people


def _last_seen(kind: str, person_ids: Iterable[int], today: datetime.date) -> dict[int, set[str]]:
    """What each person's latest notice of this kind in the past week listed."""
    recent = (
        Notification.objects.filter(
            recipient_id__in=person_ids,
            kind=kind,
            state=Notification.State.SENT,
            day__gt=today - datetime.timedelta(days=REPEAT_AFTER_DAYS),
            day__lt=today,
        )
        .order_by("recipient_id", "-day")
        .values_list("recipient_id", "payload")
    )
    seen: dict[int, set[str]] = {}
    for person_id, payload in recent:
        seen.setdefault(person_id, set(payload.get("seen", [])))
    return seen


def _new_notices(
    kind: str,
    sections_by_person: dict[int, dict[str, Section]],
    today: datetime.date,
    subject: Callable[[dict[str, Section]], str],
) -> Iterator[Notification]:
    """A notice for each person whose sections list anything new to them."""
    people = [pk for pk, sections in sections_by_person.items() if _has_items(sections)]
    last = _last_seen(kind, people, today)
    for person_id in people:
        sections = sections_by_person[person_id]
        seen = {item["seen"] for s in sections.values() for item in s.items}
        before = last.get(person_id)
        if before is None:
            reason = "Nothing was sent to you about these in the past week."
        elif new := seen - before:
            reason = f"{len(new)} new since the last e-mail."
        else:
            continue
        yield Notification(
            recipient_id=person_id,
            kind=kind,
            key=notice_key(kind, person_id, today),
            day=today,
            subject=subject(sections),
            reason=reason,
            payload={
                "sections": [s.as_payload() for s in sections.values() if s.items],
                "seen": sorted(seen),
            },
        )


def _has_items(sections: dict[str, Section]) -> bool:
    return any(s.items for s in sections.values())


def _record(notices: Iterable[Notification]) -> int:
    """Inserts the notices, skipping any already recorded (same key, or same person, kind
    and day): ON CONFLICT DO NOTHING, so concurrent sweeps cannot both insert one.
    Returns how many are due today, whether recorded now or by an earlier run."""
    due = list(notices)
    Notification.objects.bulk_create(due, ignore_conflicts=True)
    return len(due)


def _batched(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    """Lists of up to `size` ids (itertools.batched needs Python 3.12)."""
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
