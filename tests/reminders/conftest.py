"""Helpers for the reminder tests: a fixed day, actions due around it, and mail that the
tests can read."""

from __future__ import annotations

import datetime

import pytest

from actions.models import ActionItem, Notification
from tests.reminders.realworld import publishing_to

# A Tuesday, so that no weekly summary is due unless a test asks for one.
TODAY = datetime.date(2026, 11, 24)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def add_action(world, owner, due_in: int | None, title: str = "", **fields) -> ActionItem:
    """An action on the world's finding, due `due_in` days from TODAY (negative: overdue)."""
    return ActionItem.objects.create(
        finding=world.finding,
        title=title or f"Action due in {due_in} days",
        owner=owner,
        due_date=None if due_in is None else days(due_in),
        **fields,
    )


def notices(kind: str | None = None, **filters) -> list[Notification]:
    rows = Notification.objects.filter(**filters).order_by("pk")
    return list(rows.filter(kind=kind) if kind else rows)


@pytest.fixture(autouse=True)
def _no_stray_broker():
    """Nothing here publishes to a developer's Redis by chance: tasks queued after a
    commit go to a port where nothing listens (and so stay pending), unless a test
    starts a Redis of its own. Celery's connection pools are reset afterwards, so no
    later test inherits them."""
    with publishing_to("redis://127.0.0.1:1/0"):
        yield


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.SITE_URL = "https://tracker.example.gov.uk"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
