"""The demo: with the sample data, the sweep sends each demo owner with something due one
digest and the Wigan manager one escalation, all listed on the notifications pages."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from actions.models import Notification

Kind = Notification.Kind


def sweep(day: datetime.date) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", day.isoformat(), stdout=out)
    return out.getvalue()


def sent(kind: str, day: datetime.date) -> list[str]:
    rows = Notification.objects.filter(kind=kind, day=day, state=Notification.State.SENT)
    return sorted(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def sample_data(db) -> datetime.date:
    call_command("load_sample_data", stdout=StringIO())
    return timezone.localdate()


NOT_FROM_THE_SWEEP = (
    "Weekly",
    "Completed, please verify",
    "Your action is verified",
    "New due date asked for",
)


def test_the_sweep_over_the_sample_data(client, sample_data, mailoutbox):
    today = sample_data

    output = sweep(today)

    # Owen has actions overdue and due in 5 days; Olivia a blocked one due in 4 days.
    assert sent(Kind.DIGEST, today) == ["wigan.owner1", "wigan.owner2"]
    assert sent(Kind.ESCALATION, today) == ["wigan.manager"]
    assert "due today: 2 digest(s), 1 escalation(s)" in output
    # The demo's progress also completed and verified actions and asked for a new due
    # date, which sent their own notices.
    sweep_mail = [m for m in mailoutbox if not m.subject.startswith(NOT_FROM_THE_SWEEP)]
    to = sorted(m.to[0] for m in sweep_mail)
    assert to == [
        "wigan.manager@example.org",
        "wigan.owner1@example.org",
        "wigan.owner2@example.org",
    ]

    client.force_login(User.objects.get(username="wigan.manager"))
    page = client.get(reverse("workspace:notifications")).content.decode()
    assert "Escalation: 1 action badly overdue and" in page
    client.force_login(User.objects.get(username="wigan.owner1"))
    page = client.get(reverse("workspace:notifications")).content.decode()
    assert "Your inspection actions: 2 overdue and 1 due soon" in page

    # Five days on, both owners have an action newly overdue.
    later = today + datetime.timedelta(days=5)
    sweep(later)
    assert sent(Kind.DIGEST, later) == ["wigan.owner1", "wigan.owner2"]
    assert sent(Kind.ESCALATION, later) == ["wigan.manager"]

    # And again the same day: nothing more.
    mail_before = len(mailoutbox)
    assert "E-mails sent: 0" in sweep(later)
    assert len(mailoutbox) == mail_before


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="'23/11/2026' is not a date like 2026-11-23"):
        call_command("send_reminders", "--today", "23/11/2026")
