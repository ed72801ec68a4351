"""Sign-off notices: "completed, please verify" to the authority's managers who may verify,
and "verified" to the owner; recorded with the status change, queued once it commits, sent
once through the same claim as every notice, and never to the person who did it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actions import notifications, preferences, services
from actions.models import Notification, StaffProfile, Status
from inspections.models import Membership
from tests.conftest import make_user
from tests.reminders.conftest import add_action, notices

Kind = Notification.Kind
State = Notification.State
SETTINGS = reverse("workspace:reminder_settings")


@pytest.fixture
def second_manager(world):
    return make_user("max", world.wigan, Membership.Role.MANAGER)


def complete(action, by) -> None:
    services.change_status(action=action, to_status=Status.IN_PROGRESS, by=by)
    services.change_status(action=action, to_status=Status.COMPLETED, by=by, note="All audited.")


def test_completing_tells_each_manager_once_the_change_commits(
    world, second_manager, django_capture_on_commit_callbacks
):
    action = add_action(world, world.owner, 10, "Audit casework")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        complete(action, world.owner)

    told = notices(Kind.COMPLETED)
    assert [(n.recipient, n.action, n.state) for n in told] == [
        (world.manager, action, State.PENDING),
        (second_manager, action, State.PENDING),
    ]  # not the owner who did it, the viewer, nor Wirral's manager
    assert told[0].subject == "Completed, please verify: Audit casework"
    assert told[0].key == f"completed:{action.pk}:{world.manager.pk}:v3"
    assert len(callbacks) == 1  # one queueing, after the commit


def test_a_manager_who_completes_is_not_told_of_it_and_nor_is_the_owner(world, second_manager):
    action = add_action(world, world.owner, 10)

    complete(action, world.manager)

    assert [n.recipient for n in notices(Kind.COMPLETED)] == [second_manager]


def test_the_managers_email_says_what_was_done_and_links_to_the_action(
    world, second_manager, mailoutbox
):
    action = add_action(world, world.owner, 10, "Audit casework")
    complete(action, world.owner)

    assert notifications.deliver_all() == (2, 0)
    assert notifications.deliver_all() == (0, 0)  # a rerun sends nothing again

    assert sorted(m.to[0] for m in mailoutbox) == ["mandy@example.org", "max@example.org"]
    message = mailoutbox[0]
    assert message.subject == "Completed, please verify: Audit casework"
    assert "owen has marked this action completed" in message.body
    assert "What they said: All audited." in message.body
    url = f"https://tracker.example.gov.uk/work/actions/{action.pk}/"
    html, _ = message.alternatives[0]
    assert url in message.body and url in html
    assert "Wigan: Focused visit" in message.body


def test_verifying_tells_the_owner_once(world, mailoutbox):
    action = add_action(world, world.owner, 10, "Audit casework")
    complete(action, world.owner)
    services.change_status(action=action, to_status=Status.VERIFIED, by=world.manager)

    (notice,) = notices(Kind.VERIFIED)
    assert (notice.recipient, notice.key) == (
        world.owner,
        f"verified:{action.pk}:{world.owner.pk}:v4",
    )
    assert notifications.deliver(notice.pk) is notifications.Outcome.SENT
    assert notifications.deliver(notice.pk) is notifications.Outcome.DONE

    (message,) = [m for m in mailoutbox if m.to == ["owen@example.org"]]
    assert message.subject == "Your action is verified: Audit casework"
    assert "mandy has verified your action" in message.body


def test_a_please_verify_overtaken_by_the_verification_is_not_sent(
    world, second_manager, mailoutbox
):
    action = add_action(world, world.owner, 10)
    complete(action, world.owner)
    services.change_status(action=action, to_status=Status.VERIFIED, by=world.manager)

    notifications.deliver_all()

    assert {n.recipient.username: n.state for n in notices(Kind.COMPLETED)} == {
        "mandy": State.SUPERSEDED,
        "max": State.SUPERSEDED,
    }
    assert [m.to for m in mailoutbox] == [["owen@example.org"]]  # the owner's "verified"


def test_nobody_is_told_who_opted_out_or_has_no_address(world, second_manager):
    StaffProfile.objects.create(user=world.manager, email_completed=False)
    StaffProfile.objects.create(user=world.owner, email_verified=False)
    second_manager.email = ""
    second_manager.save()
    action = add_action(world, world.owner, 10)

    complete(action, world.owner)
    services.change_status(action=action, to_status=Status.VERIFIED, by=world.manager)

    assert notices(Kind.COMPLETED) == []
    assert notices(Kind.VERIFIED) == []


def test_other_changes_and_an_unowned_action_tell_nobody(world):
    unowned = add_action(world, None, 10)
    complete(unowned, world.manager)  # the only manager did it: nobody else to tell
    services.change_status(
        action=unowned, to_status=Status.CANCELLED, by=world.manager, note="Merged."
    )

    assert notices() == []


def test_people_choose_these_emails_on_their_settings_page(client, world):
    client.force_login(world.owner)
    page = client.get(SETTINGS).content.decode()
    assert "When a manager verifies an action of mine" in page
    assert "waits for me to verify it" not in page  # for managers only

    client.force_login(world.manager)
    page = client.get(SETTINGS).content.decode()
    assert "When an action is completed and waits for me to verify it" in page
    response = client.post(SETTINGS, {"emails-emails": ["email_assigned", "email_verified"]})

    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=world.manager)
    assert (profile.email_completed, profile.email_verified) == (False, True)
    assert {"email_completed", "email_verified"} <= set(preferences.EMAIL_FIELDS)
