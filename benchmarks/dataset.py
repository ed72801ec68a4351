"""The data the HTTP and API benchmarks measure against, laid down with bulk_create.

Ten authorities, each with ten inspections (half of them published) of ten findings, and
the actions spread evenly over the findings: at 100,000 actions every inspection has
1,000, as a large real one might. Each inspection carries a letter's worth of text, as
real ones do, so a page that loads it for nothing pays for it here too. People: an
administrator of every authority (a superuser), a manager of the first authority, and
forty owners spread over the ten.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from actions.models import ActionItem, Status
from inspections.models import Finding, Inspection, Judgement, LocalAuthority, Membership

AUTHORITIES = 10
INSPECTIONS_EACH = 10
FINDINGS_EACH = 10
OWNERS = 40
LETTER_TEXT = "An inspection letter. " * 4000  # about 88 KB, as large as a real one
STATUSES = list(Status)


@dataclass(frozen=True)
class Dataset:
    administrator: User
    manager: User
    authority: LocalAuthority  # the manager's
    published_inspection: Inspection  # one of the manager's, with ACTIONS / 100 actions


def build(actions: int) -> Dataset:
    """Migrate the empty database and fill it; ANALYZE so plans match a settled database."""
    call_command("migrate", verbosity=0)
    authorities = list(LocalAuthority.objects.order_by("name")[:AUTHORITIES])
    administrator = User.objects.create_superuser("admin", "admin@example.org", "x")
    manager = User.objects.create_user("manager", "manager@example.org", "x")
    Membership.objects.create(user=manager, authority=authorities[0], role="manager")
    owners = User.objects.bulk_create(
        User(username=f"owner{n}", first_name="Owner", last_name=str(n), email=f"o{n}@example.org")
        for n in range(OWNERS)
    )
    Membership.objects.bulk_create(
        Membership(user=owner, authority=authorities[n % AUTHORITIES], role="owner")
        for n, owner in enumerate(owners)
    )
    inspections = Inspection.objects.bulk_create(
        Inspection(
            authority=authority,
            kind=Inspection.Kind.FOCUSED_VISIT,
            title=f"Focused visit {n}",
            visit_start=datetime.date(2015 + n, 1, 1),
            published_date=datetime.date(2015 + n, 2, 1),
            published=n % 2 == 0,
            source_text=LETTER_TEXT,
        )
        for authority in authorities
        for n in range(INSPECTIONS_EACH)
    )
    Judgement.objects.bulk_create(
        Judgement(inspection=i, area=area, grade="good", position=n)
        for i in inspections
        for n, area in enumerate(("Overall effectiveness", "Children in care", "Care leavers"))
    )
    Finding.objects.bulk_create(
        Finding(
            inspection=i,
            kind=Finding.Kind.AREA_FOR_DEVELOPMENT,
            text="The quality of supervision and management oversight of social work practice.",
            position=n,
        )
        for i in inspections
        for n in range(FINDINGS_EACH)
    )
    add_actions(actions)
    return Dataset(administrator, manager, authorities[0], inspections[0])


def add_actions(count: int) -> None:
    """Spread `count` more actions evenly over every finding, then ANALYZE."""
    findings = list(Finding.objects.order_by("pk"))
    owners = list(User.objects.filter(username__startswith="owner").order_by("pk"))
    start = ActionItem.objects.count()
    now, today = timezone.now(), timezone.localdate()
    per_finding = max(count // len(findings), 1)
    ActionItem.objects.bulk_create(
        (
            _action(
                findings[min(n // per_finding, len(findings) - 1)], owners, start + n, now, today
            )
            for n in range(count)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _action(
    finding: Finding, owners: list[User], n: int, now: datetime.datetime, today: datetime.date
) -> ActionItem:
    status = STATUSES[n % len(STATUSES)]
    done = status in (Status.COMPLETED, Status.VERIFIED)
    return ActionItem(
        finding=finding,
        title=f"Action {n}: audit supervision records monthly",
        description="What the council will do about it, and how it will know it worked.",
        owner=None if n % 5 == 0 else owners[(n // 5) % len(owners)],
        status=status,
        due_date=None if n % 10 == 0 else today + datetime.timedelta(days=n * 7 % 365 - 90),
        completed_at=now if done else None,
        verified_at=now if status == Status.VERIFIED else None,
    )
