"""Celery tasks for reminders. Thin: they take ids or nothing, and call actions/reminders/ and
notifications.py, which hold the logic and make running a task twice harmless.

The schedule is CELERY_BEAT_SCHEDULE in config/settings.py; the reliability settings
(late acknowledgement, prefetch of one, visibility timeout) are next to it. No task here
retries through Celery (countdown, ETA): a failed send is recorded on the notice, and
send_pending tries it again after its pause, so a worker never holds a message for later
and a Redis restart loses nothing (see actions/notifications.py).
"""

from __future__ import annotations

import datetime
import logging
import time

from celery import shared_task
from django.utils import timezone

from actions import notifications, queue, reminders

logger = logging.getLogger(__name__)

# The sweep reads every open action in batches: minutes at most, even at national scale.
SWEEP_SOFT_LIMIT = 20 * 60
SWEEP_HARD_LIMIT = 25 * 60
# send_pending stops taking new notices after this long; the next run goes on.
PENDING_RUN_BUDGET = 4 * 60


def _day(today: str | None) -> datetime.date:
    """The day to sweep for: given (ISO date) or today in London, read when the task runs
    so that a sweep delayed past midnight works out the state of the day it runs."""
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


# Tasks record what they did in the database; no result backend is needed.
@shared_task(
    name=queue.SEND_REMINDERS,
    soft_time_limit=SWEEP_SOFT_LIMIT,
    time_limit=SWEEP_HARD_LIMIT,
    ignore_result=True,
)
def send_reminders(today: str | None = None) -> str:
    """The daily sweep: record today's digests and escalations, then queue every notice
    waiting to go (today's, and any left pending earlier)."""
    result = reminders.sweep(_day(today))
    queued = notifications.enqueue(list(notifications.deliverable_ids()))
    logger.info("Reminder sweep: %s; %d send tasks queued.", result, queued)
    return f"{result}; {queued} queued"


@shared_task(
    name=queue.SEND_WEEKLY_SUMMARIES,
    soft_time_limit=SWEEP_SOFT_LIMIT,
    time_limit=SWEEP_HARD_LIMIT,
    ignore_result=True,
)
def send_weekly_summaries(today: str | None = None) -> str:
    result = reminders.plan_weekly_summaries(_day(today))
    queued = notifications.enqueue(list(notifications.deliverable_ids()))
    return f"{result}; {queued} queued"


@shared_task(
    name=queue.SEND_PENDING,
    soft_time_limit=PENDING_RUN_BUDGET + 60,
    time_limit=PENDING_RUN_BUDGET + 90,
    ignore_result=True,
)
def send_pending() -> str:
    """Send, in this worker, every notice due: failed attempts whose pause is over,
    notices queued while Redis was down or lost with it, claims whose worker died."""
    sent, failed = notifications.deliver_due(deadline=time.monotonic() + PENDING_RUN_BUDGET)
    return f"{sent} sent, {failed} failed"


@shared_task(name=queue.SEND_NOTIFICATION, soft_time_limit=60, time_limit=90, ignore_result=True)
def send_notification(notification_id: int) -> str:
    """Send one notice at once; a no-op if it was sent already or another worker holds
    it. A failed attempt is recorded on the notice for send_pending to try again."""
    try:
        return notifications.deliver(notification_id).value
    except OSError:  # SMTP, refused connections, timeouts: logged and recorded already
        return "failed, to be tried again"
