"""Celery tasks for reminders. Thin: they take ids or nothing, and call actions/reminders/ and
notifications.py, which hold the logic and make running a task twice harmless.

The schedule is CELERY_BEAT_SCHEDULE in config/settings.py; the reliability settings
(late acknowledgement, prefetch of one, visibility timeout) are next to it.
"""

from __future__ import annotations

import datetime
import logging

from celery import Task, shared_task
from django.conf import settings
from django.utils import timezone

from actions import notifications, queue, reminders

logger = logging.getLogger(__name__)

# The sweep reads every open action in batches: minutes at most, even at national scale.
SWEEP_SOFT_LIMIT = 20 * 60
SWEEP_HARD_LIMIT = 25 * 60


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


@shared_task(name=queue.SEND_PENDING, ignore_result=True)
def send_pending() -> int:
    """Queue notices still waiting: queued while Redis was down, or whose worker died."""
    return notifications.enqueue(list(notifications.deliverable_ids()))


@shared_task(
    name=queue.SEND_NOTIFICATION,
    bind=True,
    # smtplib.SMTPException, refused connections and timeouts are all OSErrors.
    autoretry_for=(OSError,),
    retry_backoff=settings.NOTIFICATION_RETRY_BACKOFF,
    retry_backoff_max=settings.NOTIFICATION_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.NOTIFICATION_MAX_ATTEMPTS - 1,
    soft_time_limit=60,
    time_limit=90,
    ignore_result=True,
)
def send_notification(self: Task, notification_id: int) -> str:
    """Send one notice; a no-op if it was sent already. While another worker holds it,
    look again once that worker's lease has run out, in case it died."""
    outcome = notifications.deliver(notification_id)
    if outcome is notifications.Outcome.BUSY:
        raise self.retry(countdown=settings.NOTIFICATION_CLAIM_LEASE)
    return outcome.value
