"""A run through a batch of claims writes its "sent" marks together: fewer queries than
e-mails, and a bounded window in which an e-mail has gone but its row does not say so
(a worker dying then sends it again after the lease, with the same Message-ID)."""

from __future__ import annotations

import math
import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

from actions import notifications, reminders
from actions.models import Notification
from actions.reminders import marks
from inspections.models import Membership
from tests.conftest import make_user
from tests.reminders.conftest import TODAY, add_action

State = Notification.State

# Rows marked sent when each e-mail was handed to the mail server, in order.
marked_when_sent: list[int] = []


class WatchingBackend(EmailBackend):
    """Django's in-memory backend, noting how many rows said "sent" as each e-mail went."""

    def send_messages(self, messages) -> int:
        marked_when_sent.append(Notification.objects.filter(state=State.SENT).count())
        return super().send_messages(messages)


class FailingThirdBackend(WatchingBackend):
    def send_messages(self, messages) -> int:
        if len(marked_when_sent) == 2:
            marked_when_sent.append(-1)
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def digests(world, settings) -> int:
    """A digest each for 25 owners; returns how many."""
    for n in range(25):
        owner = make_user(f"owner{n}", world.wigan, Membership.Role.OWNER)
        add_action(world, owner, -3)
    reminders.sweep(TODAY)
    marked_when_sent.clear()
    settings.EMAIL_BACKEND = "tests.reminders.test_sent_marks.WatchingBackend"
    return Notification.objects.filter(state=State.PENDING).count()


def test_sending_costs_fewer_queries_than_emails(digests, settings, django_assert_max_num_queries):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # no watching
    # Two rounds of claims (the one that takes them all, the last, empty one), each a
    # claim and a read (on PostgreSQL with the test's savepoint and its release), and
    # one write of marks per MARKS_PER_WRITE e-mails.
    writes = math.ceil(digests / marks.MARKS_PER_WRITE)
    with django_assert_max_num_queries(2 * 4 + writes):
        assert notifications.deliver_all() == (digests, 0)

    assert 2 * 4 + writes < digests
    sent = Notification.objects.filter(state=State.SENT)
    assert sent.count() == digests
    assert not sent.filter(sent_at__isnull=True).exists()


def test_an_email_goes_only_once_at_most_ten_before_it_are_unmarked(digests):
    notifications.deliver_all()

    assert len(marked_when_sent) == digests
    waiting = [n - marked for n, marked in enumerate(marked_when_sent)]
    assert max(waiting) == marks.MARKS_PER_WRITE - 1
    assert min(waiting) == 0


def test_a_mark_a_second_old_is_written_before_the_next_email(digests, monkeypatch):
    monkeypatch.setattr(marks, "MARK_WITHIN_SECONDS", 0.0)

    notifications.deliver_all()

    assert marked_when_sent == list(range(digests))


def test_marks_waiting_are_written_before_a_failure_is_raised(world, digests, settings):
    settings.EMAIL_BACKEND = "tests.reminders.test_sent_marks.FailingThirdBackend"
    batch = notifications.claim(notifications.deliverable())
    first, second, third, *_ = batch.notifications
    sent_marks = marks.SentMarks(batch.token)  # not left as a with block would leave it
    for notice in (first, second):
        notifications.send_claimed(notifications.Claim(batch.token, [notice]), sent_marks)
    assert Notification.objects.filter(state=State.SENT).count() == 0  # still waiting

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notifications.send_claimed(notifications.Claim(batch.token, [third]), sent_marks)

    states = dict(Notification.objects.values_list("pk", "state"))
    assert [states[n.pk] for n in (first, second, third)] == [
        State.SENT,
        State.SENT,
        State.PENDING,
    ]
