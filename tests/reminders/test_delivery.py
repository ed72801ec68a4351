"""Sending: each notice is claimed by one worker, sent as one e-mail (HTML and plain text,
with links), marked sent, and never sent again; failures are retried, then shown as failed."""

from __future__ import annotations

import datetime
import smtplib

import pytest
import time_machine
from django.utils import timezone

from actions import notifications, reminders, services
from actions.models import Notification, StaffProfile, Status
from actions.tasks.reminders import send_notification, send_pending
from inspections.models import Membership
from tests.conftest import make_user
from tests.reminders.conftest import TODAY, add_action, notices

Kind = Notification.Kind
State = Notification.State


@pytest.fixture
def digest(world) -> Notification:
    add_action(world, world.owner, -3, "Late audit")
    add_action(world, world.owner, 1, "Tomorrow's audit")
    reminders.sweep(TODAY)
    return notices(Kind.DIGEST)[0]


def test_a_digest_goes_as_one_email_with_plain_text_html_and_links(digest, mailoutbox):
    assert notifications.deliver(digest.pk) is notifications.Outcome.SENT

    (message,) = mailoutbox
    assert message.to == ["owen@example.org"]
    assert message.subject == "Your inspection actions: 1 overdue and 1 due soon"
    assert "Late audit" in message.body and "Tomorrow's audit" in message.body
    assert "3 days overdue (due 21 November 2026)" in message.body
    action_urls = [
        f"https://tracker.example.gov.uk/work/actions/{item['id']}/"
        for section in digest.payload["sections"]
        for item in section["items"]
    ]
    html, content_type = message.alternatives[0]
    assert content_type == "text/html"
    for url in action_urls:
        assert url in message.body and url in html
    assert message.body.count("https://tracker.example.gov.uk/work/reply/") == 2
    assert "Tomorrow&#x27;s audit" in html
    digest.refresh_from_db()
    assert (digest.state, digest.attempts, digest.last_error) == (State.SENT, 1, "")
    assert digest.sent_at is not None
    assert message.extra_headers["Message-ID"] == (
        f"<notice-{digest.pk}.digest.20261124@tracker.example.gov.uk>"
    )


def test_a_notice_already_sent_is_never_sent_again(digest, mailoutbox):
    notifications.deliver(digest.pk)

    assert notifications.deliver(digest.pk) is notifications.Outcome.DONE
    assert notifications.deliver_all() == (0, 0)
    assert len(mailoutbox) == 1


def test_two_claims_at_once_never_share_a_notice(digest):
    first = notifications.claim(notifications.deliverable())
    second = notifications.claim(notifications.deliverable())

    assert [n.pk for n in first.notifications] == [digest.pk]
    assert second.notifications == []


def test_a_claim_whose_worker_died_is_taken_again_after_the_lease(digest, settings, mailoutbox):
    settings.NOTIFICATION_CLAIM_LEASE = 60
    notifications.claim(notifications.deliverable())  # a worker claims it, then dies

    assert notifications.deliver(digest.pk) is notifications.Outcome.BUSY
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert notifications.deliver(digest.pk) is notifications.Outcome.SENT

    digest.refresh_from_db()
    assert (digest.state, digest.attempts) == (State.SENT, 2)
    assert len(mailoutbox) == 1


def test_the_sent_mark_is_only_made_by_the_worker_holding_the_claim(digest):
    stale = notifications.claim(notifications.deliverable())
    Notification.objects.filter(pk=digest.pk).update(claim="someone-else")

    notifications._finish(stale.notifications, stale.token, state=State.SENT)

    digest.refresh_from_db()
    assert digest.state == State.SENDING


class BrokenSMTP:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_failed_send_is_recorded_and_retried_until_out_of_attempts(
    digest, settings, monkeypatch, mailoutbox
):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.BrokenSMTP"

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notifications.deliver(digest.pk)
    digest.refresh_from_db()
    assert (digest.state, digest.attempts) == (State.PENDING, 1)
    assert digest.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notifications.deliver(digest.pk)
    digest.refresh_from_db()
    assert (digest.state, digest.attempts) == (State.FAILED, 2)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notifications.resend(notification=digest)
    assert notifications.deliver(digest.pk) is notifications.Outcome.SENT
    assert len(mailoutbox) == 1


def test_the_foreground_run_tries_each_notice_once_and_goes_on_after_a_failure(world, settings):
    add_action(world, world.owner, -3)
    add_action(world, world.colleague, -3)
    reminders.sweep(TODAY)
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.BrokenSMTP"

    assert notifications.deliver_all() == (0, 2)
    assert {n.attempts for n in notices()} == {1}


def test_a_digest_overtaken_by_a_newer_one_is_not_sent(world, mailoutbox):
    add_action(world, world.owner, -3)
    reminders.sweep(TODAY - datetime.timedelta(days=1))
    old = notices(Kind.DIGEST)[0]
    Notification.objects.create(
        recipient=world.owner, kind=Kind.DIGEST, day=TODAY, key="digest:newer"
    )

    assert notifications.deliver(old.pk) is notifications.Outcome.DONE

    old.refresh_from_db()
    assert old.state == State.SUPERSEDED
    assert mailoutbox == []


def test_weekly_summaries_and_escalations_are_sent_to_managers(world, mailoutbox):
    add_action(world, world.owner, -20, "Very late")
    reminders.sweep(TODAY)
    reminders.plan_weekly_summaries(TODAY)

    assert notifications.deliver_all() == (3, 0)  # owen's digest, mandy's two

    to_mandy = {m.subject: m for m in mailoutbox if m.to == ["mandy@example.org"]}
    assert set(to_mandy) == {
        "Escalation: 1 action badly overdue",
        "Weekly summary of inspection actions, 24 November 2026",
    }
    escalation = to_mandy["Escalation: 1 action badly overdue"]
    assert "20 days overdue" in escalation.body and "owner owen" in escalation.body
    assert "/work/reply/" not in escalation.body  # managers' links need signing in
    summary = to_mandy["Weekly summary of inspection actions, 24 November 2026"]
    assert "Overdue: 1" in summary.body


def test_one_persons_assignment_notices_go_as_one_email(world, mailoutbox):
    actions = [add_action(world, None, 10, f"Task {n}") for n in range(3)]
    services.assign_many(actions=actions, by=world.manager, owner=world.colleague)
    assigned = notices(Kind.ASSIGNED)
    assert len(assigned) == 3

    assert notifications.deliver(assigned[0].pk) is notifications.Outcome.SENT
    for notice in assigned[1:]:
        assert notifications.deliver(notice.pk) is notifications.Outcome.DONE

    (message,) = mailoutbox
    assert message.to == ["colin@example.org"]
    assert message.subject == "You have 3 new actions"
    assert all(f"Task {n}" in message.body for n in range(3))
    assert "mandy has made you the owner of these 3 actions" in message.body


def test_an_assignment_overtaken_by_reassignment_or_closure_is_not_sent(world, mailoutbox):
    # Only the assignments here: completing "Done already" would also tell the manager.
    StaffProfile.objects.create(user=world.manager, email_completed=False)
    moved = add_action(world, None, 10, "Moved on")
    done = add_action(world, None, 10, "Done already")
    services.update_action(action=moved, by=world.manager, expected_version=None, owner=world.owner)
    services.update_action(
        action=done, by=world.manager, expected_version=None, owner=world.colleague
    )
    services.update_action(
        action=moved, by=world.manager, expected_version=None, owner=world.colleague
    )
    change_to = [(Status.IN_PROGRESS, ""), (Status.COMPLETED, "Finished.")]
    for status, note in change_to:
        services.change_status(action=done, to_status=status, by=world.colleague, note=note)

    assert notifications.deliver_all() == (1, 0)

    (message,) = mailoutbox
    assert message.to == ["colin@example.org"] and "Moved on" in message.body
    assert "Done already" not in message.body
    states = {
        (n.action.title if n.action else None, n.recipient.username): n.state
        for n in notices(Kind.ASSIGNED)
    }
    assert states == {
        ("Moved on", "owen"): State.SUPERSEDED,
        ("Done already", "colin"): State.SUPERSEDED,
        ("Moved on", "colin"): State.SENT,
    }


def test_people_without_an_address_or_no_longer_active_are_not_sent_anything(world):
    nameless = make_user("nomail", world.wigan, "owner")
    nameless.email = ""
    nameless.save()
    add_action(world, nameless, -3)

    reminders.sweep(TODAY)

    assert notices(Kind.DIGEST) == []


def test_a_notice_waiting_for_its_retry_is_not_queued_again_until_it_looks_abandoned(
    digest, settings
):
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.BrokenSMTP"
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notifications.deliver(digest.pk)  # its task will retry after a backoff

    assert list(notifications.deliverable_ids()) == []
    half_an_hour = datetime.timedelta(seconds=settings.NOTIFICATION_RETRY_BACKOFF_MAX)
    assert list(notifications.deliverable_ids(timezone.now() + half_an_hour)) == [digest.pk]


def test_a_failed_send_is_tried_again_by_send_pending_once_its_growing_pause_is_over(
    digest, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.BrokenSMTP"
    start = timezone.now()

    assert send_notification(digest.pk) == "failed, to be tried again"  # no Celery retry
    assert list(notifications.due()) == []
    minute = datetime.timedelta(minutes=1)
    with time_machine.travel(start + minute + datetime.timedelta(seconds=5)):
        assert send_pending() == "0 sent, 1 failed"
        assert list(notifications.due()) == []  # the second pause is two minutes
    with time_machine.travel(start + 3 * minute):
        assert list(notifications.due()) == []
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(start + 3 * minute + datetime.timedelta(seconds=10)):
        assert send_pending() == "1 sent, 0 failed"
        assert send_pending() == "0 sent, 0 failed"

    digest.refresh_from_db()
    assert (digest.state, digest.attempts) == (State.SENT, 3)
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("owners", [2, 8])
def test_sending_costs_one_query_per_email_and_a_few_per_batch_of_claims(
    world, owners, mailoutbox, django_assert_max_num_queries
):
    """Claiming, reading the rows and checking that no newer notice replaced them is done
    once per batch of claims; each e-mail then costs only its own sent mark."""
    for n in range(owners):
        owner = make_user(f"owner{n}", world.wigan, Membership.Role.OWNER)
        add_action(world, owner, -3)
    reminders.sweep(TODAY)
    emails = Notification.objects.filter(state=State.PENDING).count()

    # Each round of claims: the claim and the read of the claimed rows (on PostgreSQL
    # also the savepoint the test's transaction turns its atomic block into, and its
    # release). Two rounds: the one that takes them all, and the last, empty one.
    claim_round = 4
    with django_assert_max_num_queries(2 * claim_round + emails):
        sent, failed = notifications.deliver_all()

    assert (sent, failed) == (emails, 0)
    assert len(mailoutbox) == emails
