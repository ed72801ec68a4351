"""No lost updates: two people open the same action, one saves, the other is told, not obeyed."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import ActionItem, ActionUpdate, Status
from inspections.models import Membership
from tests.conftest import World, make_user
from tests.dates import date_fields

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def another_manager(world: World):
    return make_user("maria", world.wigan, Membership.Role.MANAGER)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version_seen(client: Client, action: ActionItem, form: str) -> int:
    """Opens the action page and reads the version its form carries, as a browser would."""
    response = client.get(reverse("workspace:action", args=[action.pk]))
    return response.context[f"{form}_form"]["version"].value()


def edit(
    client: Client, action: ActionItem, version: int, due_date: str | None = None, **fields
) -> TestResponse:
    data = {
        "edit-title": action.title,
        "edit-description": "",
        "edit-owner": action.owner_id,
        **date_fields("edit-due_date", due_date),
        "edit-priority": action.priority,
        "edit-version": version,
    } | {f"edit-{name}": value for name, value in fields.items()}
    return client.post(reverse("workspace:action_edit", args=[action.pk]), data)


def test_the_second_of_two_edits_is_refused_and_nothing_of_it_is_saved(world: World):
    mandy = signed_in(world.manager)
    second_manager = signed_in(another_manager(world))
    mandy_saw = version_seen(mandy, world.action, "edit")
    other_saw = version_seen(second_manager, world.action, "edit")

    first = edit(mandy, world.action, mandy_saw, due_date="2027-03-27", owner=world.colleague.pk)
    second = edit(
        second_manager, world.action, other_saw, title="Rewrite the audit tool", priority="low"
    )

    assert first.status_code == 302
    assert second.status_code == 409
    world.action.refresh_from_db()
    assert world.action.due_date == datetime.date(2027, 3, 27)
    assert world.action.owner == world.colleague
    assert world.action.title == "Improve audits"
    assert world.action.priority == "medium"
    assert world.action.version == 2


def test_the_refused_editor_sees_the_newer_values_and_keeps_their_input(world: World):
    mandy = signed_in(world.manager)
    second_manager = signed_in(another_manager(world))
    saw = version_seen(second_manager, world.action, "edit")
    edit(
        mandy,
        world.action,
        version_seen(mandy, world.action, "edit"),
        due_date="2027-03-27",
        owner=world.colleague.pk,
    )

    response = edit(
        second_manager, world.action, saw, title="Rewrite the audit tool", priority="low"
    )

    page = response.content.decode()
    assert "This action changed since you opened it" in page
    assert "27 March 2027" in page and "colin" in page  # the newer values
    form = response.context["edit_form"]
    assert form["title"].value() == "Rewrite the audit tool"  # their input, kept
    assert form["priority"].value() == "low"
    assert form["version"].value() == 2  # saving again now goes through
    assert response.context["edit_open"]


def test_the_second_of_two_status_changes_is_refused(world: World):
    owen = signed_in(world.owner)
    mandy = signed_in(world.manager)
    owen_saw = version_seen(owen, world.action, "status")
    mandy_saw = version_seen(mandy, world.action, "status")
    url = reverse("workspace:action_status", args=[world.action.pk])

    first = owen.post(url, {"status-to_status": "in_progress", "status-version": owen_saw})
    second = mandy.post(
        url,
        {
            "status-to_status": "cancelled",
            "status-note": "Covered by the new audit framework.",
            "status-version": mandy_saw,
        },
    )

    assert first.status_code == 302
    assert second.status_code == 409
    world.action.refresh_from_db()
    assert world.action.status == Status.IN_PROGRESS
    assert list(ActionUpdate.objects.values_list("to_status", flat=True)) == ["in_progress"]
    page = second.content.decode()
    assert "This action changed since you opened it" in page
    form = second.context["status_form"]
    assert form["note"].value() == "Covered by the new audit framework."
    assert form["to_status"].value() == "cancelled"


def test_a_save_that_loses_the_race_inside_the_service_is_refused_too(world: World, monkeypatch):
    """The page read the current version, but someone saved before the row was locked."""
    from actions import services

    real_change_status = services.change_status

    def someone_saves_first(**kwargs):
        ActionItem.objects.filter(pk=world.action.pk).update(version=5, title="Theirs")
        return real_change_status(**kwargs)

    monkeypatch.setattr(services, "change_status", someone_saves_first)

    response = signed_in(world.owner).post(
        reverse("workspace:action_status", args=[world.action.pk]),
        {"status-to_status": "in_progress", "status-version": 1},
    )

    assert response.status_code == 409
    assert "Theirs" in response.content.decode()
    world.action.refresh_from_db()
    assert world.action.status == Status.NOT_STARTED


def test_a_note_written_against_an_older_version_is_still_kept(world: World):
    owen = signed_in(world.owner)
    mandy = signed_in(world.manager)
    owen_saw = version_seen(owen, world.action, "note")
    edit(mandy, world.action, version_seen(mandy, world.action, "edit"), priority="high")

    response = owen.post(
        reverse("workspace:action_note", args=[world.action.pk]),
        {"note-note": "First audit done.", "note-version": owen_saw},
        follow=True,
    )

    assert ActionUpdate.objects.get().note == "First audit done."
    assert "The action changed since you opened it" in response.content.decode()
