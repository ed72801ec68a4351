"""What every kind of reminder shares: each authority's policy, a notice's sections and
items, who may receive one, and the insert that makes recording a notice idempotent."""

from __future__ import annotations

import datetime
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F

from actions.models import Notification, ReminderPolicy
from actions.reminders.items import listed_action
from actions.reminders.seen import action_key, pack, seen_before

BATCH_SIZE = 500
# With nothing new to say, a person still hears about what is outstanding this often.
REPEAT_AFTER_DAYS = 7
# An e-mail lists this many items of a section; the rest are counted and linked.
LISTED_PER_SECTION = 25


class ActionRow(NamedTuple):
    """An action as a section lists it."""

    id: int
    due_date: datetime.date


@dataclass
class Section:
    """One heading of a notice and the items under it, as the e-mail shows them (plain
    data, kept in its payload), each with its own "seen" key."""

    name: str
    heading: str
    items: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.items)

    def as_payload(self) -> dict[str, Any]:
        """The section as the e-mail lists it; the notice keeps the "seen" keys once, in
        its own list."""
        return {
            "name": self.name,
            "heading": self.heading,
            "count": len(self.items),
            "items": [
                {k: v for k, v in item.items() if k != "seen"}
                for item in self.items[:LISTED_PER_SECTION]
            ],
        }

    def seen_words(self) -> Iterator[str]:
        yield from (item["seen"] for item in self.items)

    def action_keys(self) -> Iterator[array[int]]:
        yield from ()


@dataclass
class ActionSection:
    """A heading of actions. It keeps only what its e-mail lists (the first
    LISTED_PER_SECTION, as ids and dates: the words are read when the notice is sent or
    shown, actions/reminders/items.py), how many there are, and each action's "seen" key
    as an integer in an array (8 bytes, actions/reminders/seen.py): an escalation may
    cover thousands of badly overdue actions, and the sweep's memory must not keep a
    word, or a tuple, for each (issue 13)."""

    name: str
    heading: str
    listed: list[ActionRow] = field(default_factory=list)
    count: int = 0
    _keys: array[int] = field(default_factory=lambda: array("q"), init=False, repr=False)
    _merged: list[ActionSection] = field(default_factory=list, init=False, repr=False)

    def __len__(self) -> int:
        return self.count

    def add(self, action_id: int, due_date: datetime.date) -> None:
        self.count += 1
        self._keys.append(action_key(action_id, self.name, due_date))
        if len(self.listed) < LISTED_PER_SECTION:
            self.listed.append(ActionRow(action_id, due_date))

    def merge(self, other: ActionSection) -> None:
        """Adds another, complete, section's actions after this one's, sharing (not
        copying) its keys: a manager's section is their authorities' sections one after
        the other."""
        self.count += other.count
        self.listed += other.listed[: LISTED_PER_SECTION - len(self.listed)]
        self._merged.append(other)

    def as_payload(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "heading": self.heading,
            "count": self.count,
            "items": [listed_action(row.id, row.due_date) for row in self.listed],
        }

    def seen_words(self) -> Iterator[str]:
        yield from ()

    def action_keys(self) -> Iterator[array[int]]:
        """What makes each action new to the person: the action in this section, due
        then (see action_key)."""
        yield self._keys
        for other in self._merged:
            yield from other.action_keys()


AnySection = Section | ActionSection
SectionsT = TypeVar("SectionsT", bound=Mapping[str, AnySection])


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


def _last_seen(
    kind: str, person_ids: Iterable[int], today: datetime.date
) -> dict[int, tuple[list[str] | None, str | None]]:
    """What each person's latest notice of this kind in the past week listed, as stored
    (unpacked one person at a time, by seen_before)."""
    recent = (
        Notification.objects.filter(
            recipient_id__in=person_ids,
            kind=kind,
            state=Notification.State.SENT,
            day__gt=today - datetime.timedelta(days=REPEAT_AFTER_DAYS),
            day__lt=today,
        )
        .order_by("recipient_id", "-day")
        # Only the lists compared against, not the sections the e-mail showed.
        .values_list("recipient_id", "payload__seen", "payload__seen_actions")
    )
    seen: dict[int, tuple[list[str] | None, str | None]] = {}
    for person_id, words, packed in recent:
        if person_id not in seen:
            seen[person_id] = (words, packed)
    return seen


def new_notices(
    kind: str,
    sections_by_person: Mapping[int, SectionsT],
    today: datetime.date,
    subject: Callable[[SectionsT], str],
) -> Iterator[Notification]:
    """A notice for each person whose sections list anything new to them."""
    people = [pk for pk, sections in sections_by_person.items() if _has_items(sections)]
    last = _last_seen(kind, people, today)
    for person_id in people:
        sections = sections_by_person[person_id]
        words = {word for section in sections.values() for word in section.seen_words()}
        keys = array("q")  # an action is in one section of one authority: no repeats
        for section in sections.values():
            for part in section.action_keys():
                keys += part
        if person_id not in last:
            reason = "Nothing was sent to you about these in the past week."
        else:
            words_before, keys_before = seen_before(*last[person_id])
            new = len(words - words_before) + sum(key not in keys_before for key in keys)
            if not new:
                continue
            reason = f"{new} new since the last e-mail."
        yield Notification(
            recipient_id=person_id,
            kind=kind,
            key=notice_key(kind, person_id, today),
            day=today,
            subject=subject(sections),
            reason=reason,
            payload={
                "sections": [s.as_payload() for s in sections.values() if len(s)],
                "seen": sorted(words),
                "seen_actions": pack(keys),
            },
        )


def _has_items(sections: Mapping[str, AnySection]) -> bool:
    return any(len(s) for s in sections.values())


def record(notices: Iterable[Notification]) -> int:
    """Inserts the notices, skipping any already recorded (same key, or same person, kind
    and day): ON CONFLICT DO NOTHING, so concurrent sweeps cannot both insert one.
    Returns how many are due today, whether recorded now or by an earlier run."""
    due = list(notices)
    if connection.vendor == "postgresql":
        _insert_as_json(due)
    else:
        Notification.objects.bulk_create(due, ignore_conflicts=True)
    return len(due)


def _insert_as_json(notices: list[Notification]) -> None:
    """bulk_create(ignore_conflicts=True) in one statement whose rows travel as one JSON
    document, unpacked by the server (jsonb_to_recordset). Django's compiling of each
    value and psycopg's client-side quoting of each payload were most of the sweep's
    time (issue 13); one json.dumps of all the rows costs a small part of that."""
    if not notices:
        return
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    rows = [
        {f.column: _json_value(f.pre_save(notice, add=True)) for f in fields} for notice in notices
    ]
    # Each column with its type (a foreign key's db_type is its target's).
    typed = [(connection.ops.quote_name(str(f.column)), f.db_type(connection)) for f in fields]
    columns = ", ".join(column for column, _ in typed)
    types = ", ".join(f"{column} {db_type}" for column, db_type in typed)
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "
            f"SELECT {columns} FROM jsonb_to_recordset(%s::jsonb) AS rows({types}) "
            "ON CONFLICT DO NOTHING",
            [json.dumps(rows)],
        )


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


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
