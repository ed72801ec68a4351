"""What every kind of reminder shares: each authority's policy, a notice's sections and
items, who may receive one, and the insert that makes recording a notice idempotent."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F

from actions.display import long_date
from actions.models import Notification, ReminderPolicy

BATCH_SIZE = 500
# With nothing new to say, a person still hears about what is outstanding this often.
REPEAT_AFTER_DAYS = 7
# An e-mail lists this many items of a section; the rest are counted and linked.
LISTED_PER_SECTION = 25


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


def action_item(action: dict[str, Any], where: str, today: datetime.date) -> dict[str, Any]:
    """One action as a digest or escalation lists it, kept as data in the payload."""
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


def notice_key(kind: str, person_id: int, day: datetime.date) -> str:
    return f"{kind}:{person_id}:{day.isoformat()}"


def recipients(user_ids: list[int]) -> dict[int, dict[str, Any]]:
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
    people: dict[int, dict[str, Any]] = {}
    for row in rows:
        person: dict[str, Any] = dict(row)
        for name in ("email_due_soon", "email_overdue", "email_weekly_summary"):
            person[name] = person[name] is not False
        people[person["id"]] = person
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


def new_notices(
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


def record(notices: Iterable[Notification]) -> int:
    """Inserts the notices, skipping any already recorded (same key, or same person, kind
    and day): ON CONFLICT DO NOTHING, so concurrent sweeps cannot both insert one.
    Returns how many are due today, whether recorded now or by an earlier run."""
    due = list(notices)
    Notification.objects.bulk_create(due, ignore_conflicts=True)
    return len(due)


def batched(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    """Lists of up to `size` ids (itertools.batched needs Python 3.12)."""
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
