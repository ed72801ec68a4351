"""`manage.py send_reminders [--today YYYY-MM-DD]`: the reminder sweep in the foreground.

The same sweep that Celery beat runs every morning, then every waiting notice sent from
this process, with no broker needed: for operators, and for deployments without beat
(run it daily from cron). On Mondays it also sends the managers' weekly summaries.
Running it twice, or beside the workers, sends nothing twice.
"""

from __future__ import annotations

import datetime
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actions import notifications, reminders


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a date like 2026-11-23") from None


class Command(BaseCommand):
    help = "Work out today's reminders and escalations and send every waiting notice."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--today",
            type=iso_date,
            help="Sweep as if it were this day (YYYY-MM-DD); by default today in London.",
        )

    def handle(self, *args: Any, today: datetime.date | None = None, **options: Any) -> None:
        day = today or timezone.localdate()
        result = reminders.sweep(day)
        if day.weekday() == 0:
            summaries = reminders.plan_weekly_summaries(day)
            result.weekly_summaries = summaries.weekly_summaries
        self.stdout.write(f"{long_day(day)}: {result}.")
        sent, failed = notifications.deliver_all()
        self.stdout.write(f"E-mails sent: {sent}; failed (to be tried again): {failed}.")
        if failed:
            raise CommandError(f"{failed} e-mail(s) could not be sent; see the outbox.")


def long_day(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"
