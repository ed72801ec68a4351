"""Celery tasks: the queue's way into the domain. Each task is a thin wrapper; the work
is done by the services it calls."""

from actions.tasks import imports, reminders

__all__ = ["imports", "reminders"]
