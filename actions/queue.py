"""Work handed to the Celery workers, asked for by task name.

The domain decides when work is queued; the task modules (actions/tasks/, an interface
above the domain) say how a worker runs it. Naming the task here, rather than importing
it, keeps the imports pointing down. A broker that cannot be reached raises one of
BROKER_DOWN, which each caller turns into its own "try again later".
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

SEND_NOTIFICATION = "actions.send_notification"
SEND_REMINDERS = "actions.send_reminders"
SEND_WEEKLY_SUMMARIES = "actions.send_weekly_summaries"
SEND_PENDING = "actions.send_pending"
IMPORT_BATCH = "actions.import_batch"

BROKER_DOWN = (KombuError, RedisError, OSError)


def enqueue(task_name: str, *args: Any) -> None:
    """Publish one task message. retry=False: a web request must not hang waiting for
    Redis to come back."""
    current_app.send_task(task_name, args=args, retry=False)
