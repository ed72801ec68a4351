"""Time the reminder sweep over 100,000 open actions and 2,000 owners on PostgreSQL.

Run from the repository root, against a database it may fill (it migrates it first):

    python scripts/throwaway_postgres.py -- python benchmarks/bench_sweep.py

Lays down 50 authorities, each with 2 managers and 40 owners, and 50,000 open actions
due between 90 days ago and a year ahead; sweeps; adds 50,000 more for the same people
and sweeps again. For each sweep it prints the time and the number of SQL queries: the
queries depend on the number of batches of people, not on the number of actions, so
both sweeps make the same number. Then it sends the second sweep's e-mails (to Django's
in-memory backend) and prints that too. Exits with status 1 if the 100,000-action sweep
takes 10 seconds or more, or if its queries grew with the actions.
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # so the script runs without installing the project
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from actions import notifications, reminders  # noqa: E402
from actions.models import ActionItem, Notification, Status  # noqa: E402
from inspections.models import Finding, Inspection, LocalAuthority, Membership  # noqa: E402

TODAY = datetime.date(2026, 11, 24)
AUTHORITIES = 50
OWNERS_PER_AUTHORITY = 40  # 2,000 owners
MANAGERS_PER_AUTHORITY = 2
FINDINGS_PER_AUTHORITY = 20
ACTIONS_PER_ROUND = 50_000
BUDGET_SECONDS = 10.0
OPEN = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED]


def lay_down_people() -> dict[int, tuple[list[int], list[int]]]:
    """Authorities with their managers and owners; returns each authority's findings and
    owners, by authority id."""
    authorities = list(LocalAuthority.objects.order_by("pk")[:AUTHORITIES])
    if len(authorities) < AUTHORITIES:
        sys.exit("The database has too few local authorities: was it migrated?")
    users, memberships, places = [], [], {}
    for a in authorities:
        for role, count in (
            (Membership.Role.MANAGER, MANAGERS_PER_AUTHORITY),
            (Membership.Role.OWNER, OWNERS_PER_AUTHORITY),
        ):
            for n in range(count):
                name = f"{a.slug}-{role}-{n}"
                users.append(User(username=name, email=f"{name}@example.org", password="!"))
    User.objects.bulk_create(users, batch_size=2000)
    by_name = dict(User.objects.values_list("username", "pk"))
    for a in authorities:
        inspection = Inspection.objects.create(authority=a, title=f"Inspection of {a.name}")
        findings = Finding.objects.bulk_create(
            Finding(
                inspection=inspection,
                kind=Finding.Kind.AREA_FOR_DEVELOPMENT,
                text=f"Finding {n} about {a.name}",
                position=n,
            )
            for n in range(FINDINGS_PER_AUTHORITY)
        )
        owners = []
        for role, count in (
            (Membership.Role.MANAGER, MANAGERS_PER_AUTHORITY),
            (Membership.Role.OWNER, OWNERS_PER_AUTHORITY),
        ):
            for n in range(count):
                user_id = by_name[f"{a.slug}-{role}-{n}"]
                memberships.append(Membership(user_id=user_id, authority=a, role=role))
                if role == Membership.Role.OWNER:
                    owners.append(user_id)
        places[a.pk] = ([f.pk for f in findings], owners)
    Membership.objects.bulk_create(memberships, batch_size=2000)
    return places


def lay_down_actions(places: dict[int, tuple[list[int], list[int]]], rng: random.Random) -> None:
    per_authority = ACTIONS_PER_ROUND // len(places)
    actions = []
    for findings, owners in places.values():
        for n in range(per_authority):
            actions.append(
                ActionItem(
                    finding_id=findings[n % len(findings)],
                    title=f"Action {n}",
                    owner_id=owners[n % len(owners)],
                    status=rng.choice(OPEN),
                    due_date=TODAY + datetime.timedelta(days=rng.randint(-90, 365)),
                )
            )
    ActionItem.objects.bulk_create(actions, batch_size=5000)


def timed_sweep() -> tuple[float, int, reminders.SweepResult]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = reminders.sweep(TODAY)
        seconds = time.perf_counter() - start
    return seconds, len(queries), result


def main() -> int:
    if connection.vendor != "postgresql":
        print("This benchmark needs PostgreSQL: run it through scripts/throwaway_postgres.py.")
        return 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    places = lay_down_people()
    owners = sum(len(o) for _, o in places.values())
    print(f"{'open actions':>12} {'owners':>7} {'batches':>8} {'queries':>8} {'seconds':>8}"
          f" {'digests':>8} {'escalations':>12}")  # fmt: skip
    rows = []
    for _ in range(2):
        lay_down_actions(places, rng)
        Notification.objects.all().delete()  # each sweep starts from a clean outbox
        connection.cursor().execute("ANALYZE")
        seconds, queries, result = timed_sweep()
        count = ActionItem.objects.count()
        rows.append((count, queries, seconds))
        print(f"{count:>12,} {owners:>7,} {result.batches:>8} {queries:>8} {seconds:>8.2f}"
              f" {result.digests:>8,} {result.escalations:>12,}")  # fmt: skip

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        sent, failed = notifications.deliver_all()
        seconds = time.perf_counter() - start
    print(f"Sending them: {sent:,} e-mails in {seconds:.2f} s with {len(captured):,} queries"
          f" ({len(captured) / max(sent, 1):.1f} per e-mail), {failed} failed.")  # fmt: skip
    seconds, queries, result = timed_sweep()
    print(f"Sweeping again the same day: {seconds:.2f} s, {queries} queries, nothing new sent.")

    (_, half_queries, _), (count, full_queries, full_seconds) = rows
    fast = full_seconds < BUDGET_SECONDS
    flat = full_queries == half_queries
    print(f"{count:,} actions: {full_seconds:.2f} s ({'within' if fast else 'OVER'} the "
          f"{BUDGET_SECONDS:.0f} s budget); queries {'the same' if flat else 'GREW'} with twice "
          f"the actions ({half_queries} and {full_queries}).")  # fmt: skip
    return 0 if fast and flat else 1


if __name__ == "__main__":
    sys.exit(main())
