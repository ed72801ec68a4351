"""Replying from a reminder e-mail: a signed link for one action and one person, valid for
7 days, that stops working once the action is reassigned, completed or verified."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from actions import email_links, services
from actions.models import ActionUpdate, Status


@pytest.fixture
def link(world) -> str:
    return email_links.reply_path(world.action.pk, world.owner.pk)


def test_the_link_opens_a_form_without_signing_in(client, world, link):
    response = client.get(link)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Improve audits" in page
    assert "Add a progress note" in page and "Mark the action as completed" in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_note_from_the_link_joins_the_timeline_and_the_link_still_works(client, world, link):
    response = client.post(link, {"what": "note", "note": "Audit tool drafted."})

    assert response.status_code == 200
    assert "Note added" in response.content.decode()
    update = ActionUpdate.objects.get(action=world.action)
    assert (update.author, update.note) == (world.owner, "Audit tool drafted.")
    assert client.get(link).status_code == 200


def test_completing_from_the_link_starts_the_action_first_and_then_the_link_stops(
    client, world, link
):
    response = client.post(link, {"what": "complete", "note": "All audits now child-focused."})

    assert "Action completed" in response.content.decode()
    world.action.refresh_from_db()
    assert world.action.status == Status.COMPLETED
    steps = list(world.action.updates.values_list("to_status", "note"))
    assert steps == [
        (Status.IN_PROGRESS, ""),
        (Status.COMPLETED, "All audits now child-focused."),
    ]
    refused = client.get(link)
    assert refused.status_code == 410
    assert "This action is completed, so the link no longer works." in refused.content.decode()


def test_a_blocked_action_is_unblocked_then_completed(client, world, link):
    services.change_status(action=world.action, to_status=Status.IN_PROGRESS, by=world.owner)
    services.change_status(action=world.action, to_status=Status.BLOCKED, by=world.owner, note="x")

    client.post(link, {"what": "complete", "note": "Unblocked and done."})

    world.action.refresh_from_db()
    assert world.action.status == Status.COMPLETED


def test_the_form_asks_for_a_choice_and_a_note(client, world, link):
    response = client.post(link, {"what": "", "note": ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Select whether to add a note or complete the action" in page
    assert "Enter a note" in page
    assert not ActionUpdate.objects.exists()


def test_the_link_stops_working_once_the_action_is_reassigned(client, world, link):
    services.update_action(
        action=world.action, by=world.manager, expected_version=None, owner=world.colleague
    )

    response = client.post(link, {"what": "note", "note": "Late note."})

    assert response.status_code == 410
    assert "given to someone else" in response.content.decode()
    assert not ActionUpdate.objects.filter(note="Late note.").exists()


def test_the_link_stops_working_once_the_action_is_verified(client, world, link):
    services.change_status(action=world.action, to_status=Status.IN_PROGRESS, by=world.owner)
    services.change_status(
        action=world.action, to_status=Status.COMPLETED, by=world.owner, note="x"
    )
    services.change_status(action=world.action, to_status=Status.VERIFIED, by=world.manager)

    response = client.get(link)

    assert response.status_code == 410
    assert "This action is verified" in response.content.decode()


def test_the_link_expires_after_seven_days(client, world, link):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        assert client.get(link).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        response = client.get(link)

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_a_tampered_link_is_refused(client, world, link):
    token = email_links.make_token(world.action.pk, world.owner.pk)
    # Point the signed value at another person, keeping the signature.
    other = signing.TimestampSigner(salt=email_links.SALT).sign_object(
        {"a": world.action.pk, "p": world.colleague.pk}
    )
    forged = other.rsplit(":", 1)[0] + ":" + token.rsplit(":", 1)[1]

    for bad in (forged, token[:-2] + "xx", "not-a-token"):
        response = client.post(f"/work/reply/{bad}/", {"what": "note", "note": "Sneaky."})
        assert response.status_code == 404
        assert "This link is not valid" in response.content.decode()
    assert not ActionUpdate.objects.exists()


def test_a_link_is_only_for_the_person_it_was_made_for(client, world):
    """Colin's own link for Owen's action does not let him act on it."""
    response = client.get(email_links.reply_path(world.action.pk, world.colleague.pk))

    assert response.status_code == 410
    assert "given to someone else" in response.content.decode()


def test_a_link_made_with_another_salt_is_refused(client, world):
    token = signing.TimestampSigner().sign_object({"a": world.action.pk, "p": world.owner.pk})

    assert client.get(f"/work/reply/{token}/").status_code == 404


def test_an_owner_who_left_the_authority_cannot_use_their_link(client, world, link):
    world.owner.memberships.all().delete()

    assert client.get(link).status_code == 410
