"""Time the reminder sweep and the sending of its e-mails at 100,000 and 1,000,000 open
actions, for 20,000 owners, on PostgreSQL.

Run from the repository root, on a throwaway cluster (what `make bench` does):

    python scripts/throwaway_postgres.py -- python benchmarks/bench_sweep.py

Lays down 100 authorities, each with 2 managers, 200 owners and 20 findings, and open
actions due between 90 days ago and a year ahead, written by the database itself
(INSERT ... SELECT generate_series), first 100,000 and then 900,000 more. At each size it
sweeps in a child process and prints the time, the SQL queries and the child's peak memory
above what it started with; then it sends the e-mails of the 1,000,000-action sweep (to
Django's in-memory backend) for SENDING_SECONDS, and sweeps again the same day.

Exits with status 1 if a goal is missed: the 1,000,000-action sweep in under 30 s; the
same number of queries at both sizes; peak memory that does not grow with the actions
(the batches of people hold the same number of people at both sizes); at most one query
per e-mail sent.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # so the script runs without installing the project

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Run on PostgreSQL: python scripts/throwaway_postgres.py -- python " + __file__)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# As in production: no debug cursor keeping every query (and its memory).
os.environ.update(DEBUG="false", SECRET_KEY="benchmark-only-" * 5, ALLOWED_HOSTS="testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from actions import notifications, reminders  # noqa: E402
from actions.models import ActionItem, Notification, Status  # noqa: E402
from inspections.models import Finding, Inspection, LocalAuthority, Membership  # noqa: E402

TODAY = datetime.date(2026, 11, 24)
AUTHORITIES = 100
OWNERS_PER_AUTHORITY = 200
OWNERS = AUTHORITIES * OWNERS_PER_AUTHORITY  # 20,000
MANAGERS_PER_AUTHORITY = 2
FINDINGS_PER_AUTHORITY = 20
SIZES = (100_000, 1_000_000)
SWEEP_BUDGET_SECONDS = 30.0
# Peak memory at the larger size may exceed the smaller's by this much at most: noise
# of the allocator, not a share of the actions.
MEMORY_SLACK_MB = 10.0
MAX_QUERIES_PER_EMAIL = 1.0
# Sending is timed for this long (all 20,000 e-mails would take minutes), as a rate.
SENDING_SECONDS = 30.0
OPEN = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED]


class QueryCounter:
    """Counts SQL statements without keeping their text (a debug cursor would keep every
    bulk insert, and the memory measured would be its own)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def lay_down_people() -> tuple[list[int], list[int]]:
    """Authorities with their managers, owners and findings; returns the finding ids and
    the owner ids, AUTHORITIES blocks of each, in authority order."""
    authorities = list(LocalAuthority.objects.order_by("pk")[:AUTHORITIES])
    if len(authorities) < AUTHORITIES:
        sys.exit("The database has too few local authorities: was it migrated?")
    roles = ((Membership.Role.MANAGER, MANAGERS_PER_AUTHORITY),
             (Membership.Role.OWNER, OWNERS_PER_AUTHORITY))  # fmt: skip
    User.objects.bulk_create(
        (
            User(
                username=f"{a.slug}-{role}-{n}",
                email=f"{a.slug}-{role}-{n}@example.org",
                first_name="Person",
                last_name=f"{n}",
                password="!",
            )  # fmt: skip
            for a in authorities
            for role, count in roles
            for n in range(count)
        ),
        batch_size=5000,
    )
    by_name = dict(User.objects.values_list("username", "pk"))
    memberships, finding_ids, owner_ids = [], [], []
    for a in authorities:
        inspection = Inspection.objects.create(authority=a, title=f"Inspection of {a.name}")
        findings = Finding.objects.bulk_create(
            Finding(
                inspection=inspection,
                kind=Finding.Kind.AREA_FOR_DEVELOPMENT,
                text=f"Finding {n} about {a.name}",
                position=n,
            )  # fmt: skip
            for n in range(FINDINGS_PER_AUTHORITY)
        )
        finding_ids += [f.pk for f in findings]
        for role, count in roles:
            for n in range(count):
                user_id = by_name[f"{a.slug}-{role}-{n}"]
                memberships.append(Membership(user_id=user_id, authority=a, role=role))
                if role == Membership.Role.OWNER:
                    owner_ids.append(user_id)
    Membership.objects.bulk_create(memberships, batch_size=5000)
    return finding_ids, owner_ids


def lay_down_actions(first: int, last: int, finding_ids: list[int], owner_ids: list[int]) -> None:
    """Actions number `first` to `last`, written by the database in one statement: action
    g is in authority g mod AUTHORITIES, owned by one of its owners, open, due between 90
    days ago and a year ahead (actions 1 to OWNERS, one per owner, at most a week ahead).
    Columns not set here are copied from a template action."""
    template = ActionItem.objects.create(finding_id=finding_ids[0], title="template")
    columns = [str(f.column) for f in ActionItem._meta.concrete_fields if not f.primary_key]
    chosen = {
        "finding_id": f"(%(findings)s::int[])[1 + (g %% {AUTHORITIES}) * "
        f"{FINDINGS_PER_AUTHORITY} + (g / {AUTHORITIES}) %% {FINDINGS_PER_AUTHORITY}]",
        "owner_id": f"(%(owners)s::int[])[1 + (g %% {AUTHORITIES}) * "
        f"{OWNERS_PER_AUTHORITY} + (g / {AUTHORITIES}) %% {OWNERS_PER_AUTHORITY}]",
        "status": "(%(statuses)s::text[])[1 + (g::bigint * 7919) %% 3]",
        # The first action of every owner is overdue or due within a week, so that every
        # owner has a digest at both sizes; the rest spread over 90 days ago to a year ahead.
        "due_date": f"%(today)s::date + ((g::bigint * 48271) %% (CASE WHEN g <= {OWNERS} "
        "THEN 97 ELSE 456 END))::int - 90",
        "title": "'Action ' || g",
    }
    values = ", ".join(chosen.get(c, f"t.{c}") for c in columns)
    table = ActionItem._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} "
            f"FROM {table} t, generate_series(%(first)s, %(last)s) g WHERE t.id = %(template)s",
            {
                "findings": finding_ids,
                "owners": owner_ids,
                "statuses": [str(s) for s in OPEN],
                "today": TODAY,
                "first": first,
                "last": last,
                "template": template.pk,
            },  # fmt: skip
        )
    template.delete()


def resident_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def measured_sweep() -> dict[str, Any]:
    """Sweeps in a child process; returns its time, queries, result and peak memory above
    the memory it started with (its own high-water mark, reset at the start)."""
    connection.close()  # the child opens its own connection
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to now
        start_kb = resident_kb("VmRSS")
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            result = reminders.sweep(TODAY)
            seconds = time.perf_counter() - start
        figures = {
            "seconds": seconds,
            "queries": counter.count,
            "peak_mb": (resident_kb("VmHWM") - start_kb) / 1024,
            "digests": result.digests,
            "escalations": result.escalations,
            "batches": result.batches,
        }
        with os.fdopen(write_end, "w") as pipe:
            json.dump(figures, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        figures = json.load(pipe)
    os.waitpid(pid, 0)
    return figures


def measured_sending() -> dict[str, Any]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        sent, failed = notifications.deliver_all(deadline=time.monotonic() + SENDING_SECONDS)
        seconds = time.perf_counter() - start
    return {"sent": sent, "failed": failed, "seconds": seconds, "queries": counter.count}


def main() -> int:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    finding_ids, owner_ids = lay_down_people()
    print(f"{'open actions':>12} {'owners':>7} {'batches':>8} {'queries':>8} {'seconds':>8}"
          f" {'peak MB':>8} {'digests':>8} {'escalations':>12}")  # fmt: skip
    sweeps, laid = [], 0
    for size in SIZES:
        start = time.perf_counter()
        lay_down_actions(laid + 1, size, finding_ids, owner_ids)
        laid = size
        Notification.objects.all().delete()  # each sweep starts from a clean outbox
        connection.cursor().execute("ANALYZE")
        laying = time.perf_counter() - start
        sweep = measured_sweep()
        sweeps.append(sweep)
        print(f"{ActionItem.objects.count():>12,} {len(owner_ids):>7,} {sweep['batches']:>8}"
              f" {sweep['queries']:>8} {sweep['seconds']:>8.2f} {sweep['peak_mb']:>8.1f}"
              f" {sweep['digests']:>8,} {sweep['escalations']:>12,}"
              f"   (laid down in {laying:.1f} s)")  # fmt: skip

    sending = measured_sending()
    per_email = sending["queries"] / max(sending["sent"], 1)
    print(f"Sending them: {sending['sent']:,} e-mails in {sending['seconds']:.2f} s"
          f" ({sending['seconds'] / max(sending['sent'], 1) * 1000:.2f} ms each) with"
          f" {sending['queries']:,} queries ({per_email:.2f} per e-mail),"
          f" {sending['failed']} failed.")  # fmt: skip
    recorded = Notification.objects.count()
    again = measured_sweep()
    added = Notification.objects.count() - recorded
    print(f"Sweeping again the same day: {again['seconds']:.2f} s, {again['queries']} queries,"
          f" {again['peak_mb']:.1f} MB; {added} notice(s) added.")  # fmt: skip

    small, large = sweeps
    goals = {
        f"the {SIZES[-1]:,}-action sweep under {SWEEP_BUDGET_SECONDS:.0f} s "
        f"({large['seconds']:.2f} s)": large["seconds"] < SWEEP_BUDGET_SECONDS,
        f"queries flat with the actions ({small['queries']} and {large['queries']})":
            small["queries"] == large["queries"],
        f"peak memory bounded by the batch size ({small['peak_mb']:.1f} and "
        f"{large['peak_mb']:.1f} MB)": large["peak_mb"] <= small["peak_mb"] + MEMORY_SLACK_MB,
        f"at most {MAX_QUERIES_PER_EMAIL:.0f} query per e-mail ({per_email:.2f})":
            per_email <= MAX_QUERIES_PER_EMAIL,
        "nothing failed, nothing recorded twice": sending["failed"] == 0 and added == 0,
    }  # fmt: skip
    for goal, met in goals.items():
        print(f"{'met' if met else 'MISSED':>6}: {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
