"""Assignment notices: recorded with the assignment, queued once it commits, and kept
pending for the next sweep when the queue cannot be reached."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from kombu.exceptions import OperationalError

from actions import queue, services
from actions.models import ActionItem, Notification, StaffProfile
from config import celery_app
from inspections.models import Finding, Inspection
from tests.reminders.conftest import add_action, notices

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

Kind = Notification.Kind


@pytest.fixture
def queued(monkeypatch) -> list[int]:
    """The ids that were put on the queue, instead of a broker."""
    ids: list[int] = []

    def publish(name: str, args: tuple = (), **options) -> None:
        assert (name, options) == (queue.SEND_NOTIFICATION, {"retry": False})
        ids.append(args[0])

    monkeypatch.setattr(celery_app, "send_task", publish)
    return ids


def edit_owner(client, action, owner) -> TestResponse:
    return client.post(
        reverse("workspace:action_edit", args=[action.pk]),
        {
            "edit-version": action.version,
            "edit-title": action.title,
            "edit-owner": owner.pk,
            "edit-priority": action.priority,
        },
    )


def test_a_new_owner_is_told_once_the_change_commits(
    client, world, queued, django_capture_on_commit_callbacks
):
    client.force_login(world.manager)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = edit_owner(client, world.action, world.colleague)
        assert queued == []  # nothing queued before the commit

    for callback in callbacks:
        callback()
    assert response.status_code == 302
    (notice,) = notices(Kind.ASSIGNED)
    assert (notice.recipient, notice.action, notice.state) == (
        world.colleague,
        world.action,
        Notification.State.PENDING,
    )
    assert notice.subject == "You have a new action: Improve audits"
    assert notice.reason == "mandy made you the owner."
    assert queued == [notice.pk]


def test_with_the_queue_unreachable_the_change_is_saved_and_the_notice_waits(
    client, world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(celery_app, "send_task", refuse)
    client.force_login(world.manager)

    with (
        caplog.at_level(logging.WARNING, logger="actions.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = edit_owner(client, world.action, world.colleague)

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.owner == world.colleague
    assert [n.state for n in notices(Kind.ASSIGNED)] == [Notification.State.PENDING]
    assert "stay pending for the next sweep" in caplog.text


def test_creating_an_action_with_an_owner_tells_the_owner(
    world, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        action = services.create_action(
            finding=world.finding, by=world.manager, title="New one", owner=world.colleague
        )

    (notice,) = notices(Kind.ASSIGNED)
    assert (notice.action, notice.recipient) == (action, world.colleague)
    assert queued == [notice.pk]


def test_bulk_assignment_records_a_notice_per_action(
    world, queued, django_capture_on_commit_callbacks
):
    actions = [add_action(world, None, 10) for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        services.assign_many(actions=actions, by=world.manager, owner=world.colleague)

    assert [n.action_id for n in notices(Kind.ASSIGNED)] == [a.pk for a in actions]


def test_no_notice_for_other_edits_assigning_oneself_or_opting_out(
    world, queued, django_capture_on_commit_callbacks
):
    StaffProfile.objects.create(user=world.colleague, email_assigned=False)
    action = add_action(world, None, 10)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_action(
            action=world.action, by=world.manager, expected_version=None, title="Renamed"
        )
        services.update_action(
            action=action, by=world.manager, expected_version=None, owner=world.manager
        )
        services.update_action(
            action=action, by=world.manager, expected_version=None, owner=world.colleague
        )

    assert notices(Kind.ASSIGNED) == []
    assert queued == []


def test_a_rollback_leaves_neither_the_assignment_nor_its_notice(world, queued):
    """The first action may be assigned, the second (Wirral's) may not: all or none."""
    inspection = Inspection.objects.create(authority=world.wirral, title="Wirral visit")
    finding = Finding.objects.create(
        inspection=inspection, kind=Finding.Kind.RECOMMENDATION, text="Theirs.", position=0
    )
    theirs = ActionItem.objects.create(finding=finding, title="Wirral's")

    with pytest.raises(services.NotPermitted):
        services.assign_many(
            actions=[add_action(world, None, 10), theirs], by=world.manager, owner=world.colleague
        )

    assert notices() == []
    assert queued == []
