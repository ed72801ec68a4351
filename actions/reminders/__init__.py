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

Here: the sweep's entry points. notices.py holds what every kind shares, digests.py the
owners' digests, managers.py the escalations and weekly summaries; the settings that
shape them are set through actions/preferences.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from actions.models import Notification
from actions.reminders.digests import owners_with_reminders, plan_digests
from actions.reminders.managers import active_managers, plan_escalations, plan_summaries
from actions.reminders.notices import BATCH_SIZE, Policies, batched

Kind = Notification.Kind


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
    for owner_ids in batched(owners_with_reminders(today, policies), batch_size):
        result.digests += plan_digests(owner_ids, today, policies)
        result.batches += 1
    managers = active_managers()
    for manager_ids in batched(sorted(managers), batch_size):
        batch = {pk: managers[pk] for pk in manager_ids}
        result.escalations += plan_escalations(batch, today, policies)
        result.batches += 1
    return result


def plan_weekly_summaries(today: datetime.date, *, batch_size: int = BATCH_SIZE) -> SweepResult:
    """Record this week's summary for every manager who wants one."""
    result = SweepResult()
    managers = active_managers()
    for manager_ids in batched(sorted(managers), batch_size):
        batch = {pk: managers[pk] for pk in manager_ids}
        result.weekly_summaries += plan_summaries(batch, today)
        result.batches += 1
    return result


def supersede_earlier(today: datetime.date) -> int:
    """Marks digests and escalations of earlier days that never went out as out of date:
    today's say what is true now, and back-dated mail would only repeat or contradict it."""
    return Notification.objects.filter(
        kind__in=(Kind.DIGEST, Kind.ESCALATION), day__lt=today, state=Notification.State.PENDING
    ).update(state=Notification.State.SUPERSEDED)
