"""Demo data for `make run`: the five sample letters, demo accounts, and actions in every state.

Safe to run again: letters already imported are skipped, accounts are reused, and the
demo progress is only laid down once.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from actions import due_dates, statement_records
from actions.importing import flow
from actions.importing.flow import AlreadyStaged, DuplicateLetter
from actions.models import ActionItem, Status
from actions.publishing import approve_public_summary
from actions.services import change_status, update_action
from actions.statements import deadlines_by_inspection
from inspections.models import Inspection, LocalAuthority, Membership

SAMPLE_DIR = Path(__file__).resolve().parents[3] / "inspections" / "sample_letters"
DEMO_PASSWORD = "inspect-demo-2026"
Role = Membership.Role

# username, authority, role, full name
DEMO_STAFF = [
    ("wigan.manager", "Wigan", Role.MANAGER, "Maria Manager"),
    ("wigan.owner1", "Wigan", Role.OWNER, "Owen Owner"),
    ("wigan.owner2", "Wigan", Role.OWNER, "Olivia Owner"),
    ("wirral.manager", "Wirral", Role.MANAGER, "William Manager"),
]

# Who leads the first actions, as a statement of action names them: roles, not people.
DEMO_LEADS = [
    "Head of Children's Social Care",
    "Principal Social Worker",
    "Service Manager, Quality Assurance",
]


class Command(BaseCommand):
    help = "Import the sample letters, create demo accounts and give the demo some progress."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in sorted(SAMPLE_DIR.glob("*.txt")):
            self.stdout.write(f"{path.name}: {self.import_sample(path)}")
        with transaction.atomic():
            users = self.create_accounts()
            if not ActionItem.objects.filter(owner__isnull=False).exists():
                self.lay_down_progress(users)
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        self.stdout.write("  admin            superuser: everything, including the admin")
        for username, authority, role, _name in DEMO_STAFF:
            self.stdout.write(f"  {username:<16} {Role(role).label} at {authority}")

    def import_sample(self, path: Path) -> str:
        """Import a sample letter through the import flow, published, as the parser read it."""
        try:
            staged = flow.stage(data=path.read_bytes(), filename=path.name)
        except DuplicateLetter:
            return "already loaded"
        except AlreadyStaged as waiting:  # read in the admin and not yet confirmed
            staged = flow.reopen(waiting.staged)
        # Published although its actions are the drafts made from the letter: a demo.
        inspection = flow.confirm(
            staged.staged, staged.draft.unattended(), published=True, publish_anyway=True
        )
        return f"loaded “{inspection}”"

    def create_accounts(self) -> dict[str, User]:
        users = {}
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        users["admin"] = admin
        for username, authority_name, role, full_name in DEMO_STAFF:
            first, last = full_name.split()
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.org",
                    "first_name": first,
                    "last_name": last,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(
                user=user,
                authority=LocalAuthority.objects.get(name=authority_name),
                defaults={"role": role},
            )
            users[username] = user
        return users

    def lay_down_progress(self, users: dict[str, User]) -> None:
        """Owners, due dates and statuses so the demo shows every state of an action."""
        today = timezone.localdate()
        manager, owner1, owner2 = (
            users["wigan.manager"],
            users["wigan.owner1"],
            users["wigan.owner2"],
        )
        wigan = ActionItem.objects.filter(finding__inspection__authority__name="Wigan").order_by(
            "-finding__inspection__visit_start", "finding__position"
        )
        # (owner, days from today to the due date, steps to take), newest inspection first.
        plan = [
            (owner1, -10, [Status.IN_PROGRESS]),  # overdue
            (owner1, 5, []),  # due soon, not started
            (owner2, 30, [Status.IN_PROGRESS]),
            (owner2, 45, [Status.IN_PROGRESS, Status.COMPLETED]),
            (owner1, -3, [Status.IN_PROGRESS, Status.COMPLETED, Status.VERIFIED]),
            (owner2, 4, [Status.IN_PROGRESS, Status.BLOCKED]),  # due soon, blocked
            (owner1, -20, [Status.IN_PROGRESS]),  # badly overdue
        ]
        for action, (owner, days, steps) in zip(wigan, plan, strict=False):
            action.owner = owner
            action.due_date = today + datetime.timedelta(days=days)
            action.save(update_fields=["owner", "due_date", "updated_at"])
            for step in steps:
                actor = manager if step == Status.VERIFIED else owner
                change_status(
                    action=action, to_status=step, by=actor, note=f"Demo: {Status(step).label}."
                )
        wirral = ActionItem.objects.filter(finding__inspection__authority__name="Wirral")
        wirral.update(owner=users["wirral.manager"], due_date=today + datetime.timedelta(days=60))
        self.plan_the_first_actions(list(wigan[:3]), manager)
        due_soon = wigan[1]
        due_dates.request_change(
            due_soon,
            by=owner1,
            to_date=today + datetime.timedelta(days=40),
            reason="Demo: the new case recording system goes live next month; the audit needs it.",
        )
        self.record_old_statements(manager)

    def plan_the_first_actions(self, actions: list[ActionItem], manager: User) -> None:
        """A lead, a success measure and an approved public summary, as a manager would
        write them for the statement of action."""
        for action, lead in zip(actions, DEMO_LEADS, strict=False):
            action = update_action(
                action=action,
                by=manager,
                expected_version=action.version,
                lead=lead,
                success_measure="Demo: monthly audits show the change in at least 80% of cases.",
            )
            approve_public_summary(
                action=action, by=manager, summary=action.title, expected_version=action.version
            )

    def record_old_statements(self, manager: User) -> None:
        """The sample letters are years old: their statements of action went in on time
        long ago, so the demo records them on their deadlines rather than show them as
        years overdue."""
        inspections = list(Inspection.objects.filter(authority__name="Wigan"))
        by_inspection = deadlines_by_inspection(i.pk for i in inspections)
        for inspection in inspections:
            result = by_inspection[inspection.pk]
            if result.required and result.final_due and result.published_at is None:
                on_time = timezone.make_aware(
                    datetime.datetime.combine(result.final_due, datetime.time(12))
                )
                statement_records.record_submitted(inspection, manager, at=on_time)
                statement_records.record_published(inspection, manager, at=on_time)
