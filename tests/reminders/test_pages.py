"""The workspace pages about e-mail: my notifications, the administrators' outbox, and
reminder settings."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from actions import notifications, queue, reminders
from actions.models import Notification, ReminderPolicy, StaffProfile
from config import celery_app
from inspections.models import LocalAuthority, Membership
from tests.reminders.conftest import TODAY, add_action

State = Notification.State
NOTIFICATIONS = reverse("workspace:notifications")
OUTBOX = reverse("workspace:outbox")
SETTINGS = reverse("workspace:reminder_settings")


@pytest.fixture
def admin(db) -> User:
    return User.objects.create_superuser("ada", "ada@example.org", "correct-horse-9")


def notice(recipient, n: int = 0, state: str = State.SENT, **fields) -> Notification:
    return Notification.objects.create(
        recipient=recipient,
        kind=Notification.Kind.DIGEST,
        key=f"test:{recipient.pk}:{n}",
        day=TODAY - datetime.timedelta(days=n),
        subject=f"Digest {n}",
        state=state,
        sent_at=timezone.now() if state == State.SENT else None,
        **fields,
    )


@pytest.mark.parametrize("url", [NOTIFICATIONS, OUTBOX, SETTINGS])
def test_every_page_needs_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_my_notifications_lists_what_was_sent_to_me_and_nobody_else(client, world):
    add_action(world, world.owner, -3, "Late audit")
    reminders.sweep(TODAY)
    notifications.deliver_all()
    notice(world.colleague, 1)
    client.force_login(world.owner)

    response = client.get(NOTIFICATIONS)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your inspection actions: 1 overdue" in page
    assert "Late audit" in page and "24 November 2026" not in page.split("Late audit")[0][-20:]
    assert "Digest 1" not in page
    assert 'href="/work/notifications/" aria-current="page"' in page


@pytest.mark.parametrize("rows", [10, 200])
def test_notification_lists_cost_the_same_queries_whatever_their_length(
    client, world, admin, rows, django_assert_max_num_queries
):
    for n in range(rows):
        notice(world.owner, n)
    client.force_login(world.owner)
    with django_assert_max_num_queries(6):
        assert client.get(NOTIFICATIONS).status_code == 200
    client.force_login(admin)
    with django_assert_max_num_queries(6):
        assert client.get(OUTBOX).status_code == 200


def test_the_outbox_is_for_administrators_only(client, world):
    for person in (world.manager, world.owner):
        client.force_login(person)
        assert client.get(OUTBOX).status_code == 403
        assert client.post(reverse("workspace:outbox_sweep")).status_code == 403


def test_the_outbox_shows_failures_and_sends_a_failed_notice_again(
    client, world, admin, monkeypatch, django_capture_on_commit_callbacks
):
    failed = notice(world.owner, 1, State.FAILED, attempts=6, last_error="SMTPServerDisconnected")
    notice(world.colleague, 2)
    queued: list[tuple[object, ...]] = []
    monkeypatch.setattr(
        celery_app, "send_task", lambda name, args, **options: queued.append((name, *args))
    )
    client.force_login(admin)

    page = client.get(OUTBOX, {"state": "failed"}).content.decode()
    assert "Digest 1" in page and "Digest 2" not in page
    assert "6 attempts: SMTPServerDisconnected" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workspace:outbox_resend", args=[failed.pk]), follow=True)

    assert "“Digest 1” will be sent again." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (State.PENDING, 0)
    assert queued == [(queue.SEND_NOTIFICATION, failed.pk)]


def test_administrators_can_start_the_sweep_and_are_told_if_the_queue_is_down(
    client, admin, monkeypatch
):
    started = []
    monkeypatch.setattr(
        celery_app, "send_task", lambda name, **options: started.append((name, options))
    )
    client.force_login(admin)

    response = client.post(reverse("workspace:outbox_sweep"), follow=True)
    assert "Today’s reminders are being worked out" in response.content.decode()
    assert started == [(queue.SEND_REMINDERS, {"args": (), "retry": False})]

    def refuse(name, **options):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(celery_app, "send_task", refuse)
    response = client.post(reverse("workspace:outbox_sweep"), follow=True)
    assert "python manage.py send_reminders" in response.content.decode()


def test_a_person_chooses_their_emails(client, world):
    client.force_login(world.owner)
    page = client.get(SETTINGS).content.decode()
    assert "When I am given an action" in page
    assert "every Monday" not in page  # not a manager
    assert "Reminder timings" not in page

    response = client.post(SETTINGS, {"emails-emails": ["email_assigned", "email_overdue"]})

    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=world.owner)
    assert (profile.email_assigned, profile.email_due_soon, profile.email_overdue) == (
        True,
        False,
        True,
    )


def test_a_manager_sets_their_authoritys_reminder_timings(client, world):
    client.force_login(world.manager)
    page = client.get(SETTINGS).content.decode()
    assert "Reminder timings at Wigan" in page and 'value="7"' in page and 'value="14"' in page

    response = client.post(
        SETTINGS,
        {
            "authority": world.wigan.pk,
            f"policy-{world.wigan.pk}-first_reminder_days": "10",
            f"policy-{world.wigan.pk}-final_reminder_days": "2",
            f"policy-{world.wigan.pk}-escalate_after_days": "21",
        },
    )

    assert response.status_code == 302
    policy = ReminderPolicy.objects.get(authority=world.wigan)
    assert (policy.first_reminder_days, policy.final_reminder_days, policy.escalate_after_days) == (
        10,
        2,
        21,
    )
    assert policy.updated_by == world.manager


def test_timings_that_make_no_sense_are_refused_with_reasons(client, world):
    client.force_login(world.manager)
    prefix = f"policy-{world.wigan.pk}"

    response = client.post(
        SETTINGS,
        {
            "authority": world.wigan.pk,
            f"{prefix}-first_reminder_days": "3",
            f"{prefix}-final_reminder_days": "5",
            f"{prefix}-escalate_after_days": "none",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The final reminder must be fewer days before than the first" in page
    assert "Enter the number of days for telling managers, from 1 to 365" in page
    assert "<title>Error: Reminder settings" in page
    assert not ReminderPolicy.objects.exists()


def test_only_the_authoritys_managers_set_its_timings(client, world):
    wigan_fields = {
        "authority": world.wigan.pk,
        f"policy-{world.wigan.pk}-first_reminder_days": "10",
        f"policy-{world.wigan.pk}-final_reminder_days": "2",
        f"policy-{world.wigan.pk}-escalate_after_days": "21",
    }
    client.force_login(world.owner)
    assert client.post(SETTINGS, wigan_fields).status_code == 403
    client.force_login(world.outsider)  # Wirral's manager
    assert client.post(SETTINGS, wigan_fields).status_code == 404
    assert client.post(SETTINGS, {**wigan_fields, "authority": "x"}).status_code == 404
    assert not ReminderPolicy.objects.exists()


def test_a_manager_of_two_authorities_sets_each_separately(client, world):
    Membership.objects.create(
        user=world.manager, authority=world.wirral, role=Membership.Role.MANAGER
    )
    client.force_login(world.manager)

    page = client.get(SETTINGS).content.decode()

    assert "Reminder timings at Wigan" in page and "Reminder timings at Wirral" in page
    assert LocalAuthority.objects.count() > 2  # and not every other authority
    assert page.count("Reminder timings at") == 2
