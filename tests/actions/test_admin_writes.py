"""The admin changes actions through the same services as the workspace, and deletes
nothing: an owner change, a due-date change, a stale admin form and an attempted delete
each behave as they do on the action page."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from actions.models import ActionItem, ActionUpdate, Notification, Status
from inspections.models import Membership
from tests.conftest import World, make_user

pytestmark = pytest.mark.django_db

ASSIGNED = Notification.Kind.ASSIGNED


def admin_user(name: str = "ada") -> User:
    return User.objects.create_superuser(name, f"{name}@example.org", "correct-horse-9")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(action: ActionItem) -> str:
    return reverse("admin:actions_actionitem_change", args=[action.pk])


def seen_version(client: Client, action: ActionItem) -> int:
    """Opens the admin's change form and reads the version it carries, as a browser would."""
    form = client.get(change_url(action)).context["adminform"].form
    return int(form["seen_version"].value())


def save(client: Client, action: ActionItem, version: int, **changes: object):
    """Posts the admin's change form of the action as it was read, with `changes`."""
    data = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner_id or "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "priority": action.priority,
        "seen_version": version,
        "new_status": "",
        "reason": "",
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
    } | changes
    return client.post(change_url(action), data)


def errors_of(response) -> str:
    form = response.context["adminform"].form
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


# An owner change ------------------------------------------------------------------------


def test_an_admin_gives_an_action_a_new_owner_who_is_told_and_named_in_the_history(
    world: World,
):
    ada = admin_user()
    client = signed_in(ada)

    response = save(
        client, world.action, seen_version(client, world.action), owner=world.colleague.pk
    )

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.owner, world.action.version) == (world.colleague, 2)
    notice = Notification.objects.get(kind=ASSIGNED)
    assert (notice.recipient, notice.action) == (world.colleague, world.action)
    latest = world.action.history.latest()
    assert (latest.history_user, latest.owner) == (ada, world.colleague)


def test_an_admin_cannot_make_someone_without_an_owners_role_the_owner(world: World):
    client = signed_in(admin_user())

    response = save(client, world.action, 1, owner=world.viewer.pk)

    assert response.status_code == 403
    assert "vera is not an action owner at this authority." in errors_of(response)
    assert response.context["adminform"].form["owner"].value() == str(world.viewer.pk)
    world.action.refresh_from_db()
    assert (world.action.owner, world.action.version) == (world.owner, 1)
    assert not Notification.objects.filter(kind=ASSIGNED).exists()


def test_staff_who_do_not_manage_the_authority_cannot_change_its_actions(world: World):
    """The admin's model permissions let them in; their role decides: the admin shows only
    the authorities a person manages (actions/admin/scoping.py), and answers for any other
    row as Django does for one that does not exist."""
    staff = make_user("stan", world.wigan, Membership.Role.OWNER)
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(codename__endswith="actionitem"))
    client = signed_in(staff)

    response = save(client, world.action, 1, owner=world.colleague.pk)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    world.action.refresh_from_db()
    assert (world.action.owner, world.action.version) == (world.owner, 1)


# A due-date change ----------------------------------------------------------------------


def test_an_admin_changes_the_due_date_as_a_manager_would(world: World):
    ada = admin_user()
    client = signed_in(ada)

    response = save(client, world.action, 1, due_date="2027-03-27")

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.due_date, world.action.version) == (datetime.date(2027, 3, 27), 2)
    assert world.action.history.latest().history_user == ada
    assert not Notification.objects.filter(kind=ASSIGNED).exists()  # the owner is the same


def test_an_admin_form_saved_unchanged_changes_nothing(world: World):
    client = signed_in(admin_user())

    assert save(client, world.action, 1).status_code == 302

    world.action.refresh_from_db()
    assert world.action.version == 1
    assert world.action.history.count() == 1


# A stale admin form ---------------------------------------------------------------------


def test_the_second_of_two_admin_edits_is_refused_and_nothing_is_overwritten(world: World):
    first, second = signed_in(admin_user("ada")), signed_in(admin_user("bob"))
    first_saw, second_saw = seen_version(first, world.action), seen_version(second, world.action)

    saved = save(first, world.action, first_saw, owner=world.colleague.pk)
    refused = save(second, world.action, second_saw, due_date="2027-03-27", title="Theirs")

    assert saved.status_code == 302
    assert refused.status_code == 409
    assert "This action changed since you opened it." in errors_of(refused)
    world.action.refresh_from_db()
    assert (world.action.owner, world.action.due_date) == (world.colleague, None)
    assert (world.action.title, world.action.version) == ("Improve audits", 2)
    form = refused.context["adminform"].form
    assert form["title"].value() == "Theirs"  # their input, kept
    assert int(form["seen_version"].value()) == 2  # saving again now is a deliberate choice
    assert "Now saved as: colin." in form.errors["owner"]  # what the other admin saved


def test_a_refused_stale_form_saved_again_goes_through(world: World):
    first, second = signed_in(admin_user("ada")), signed_in(admin_user("bob"))
    second_saw = seen_version(second, world.action)
    save(first, world.action, seen_version(first, world.action), priority="high")
    refused = save(second, world.action, second_saw, title="Theirs")

    again = save(
        second,
        world.action,
        refused.context["adminform"].form["seen_version"].value(),
        title="Theirs",
        priority="high",
    )

    assert again.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.title, world.action.priority, world.action.version) == (
        "Theirs",
        "high",
        3,
    )


def test_an_older_version_can_be_looked_at_but_not_restored(world: World):
    client = signed_in(admin_user())
    save(client, world.action, 1, title="Audit supervision")
    first = world.action.history.earliest()
    url = reverse(
        "admin:actions_actionitem_simple_history", args=[world.action.pk, first.history_id]
    )

    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Improve audits", "seen_version": 1}).status_code == 403
    world.action.refresh_from_db()
    assert (world.action.title, world.action.version) == ("Audit supervision", 2)


# Withdrawing is a recorded step ---------------------------------------------------------


def test_an_admin_withdraws_an_action_by_cancelling_it_with_a_reason(world: World):
    ada = admin_user()
    client = signed_in(ada)

    response = save(
        client, world.action, 1, new_status=Status.CANCELLED, reason="Covered by the new plan."
    )

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.status, world.action.version) == (Status.CANCELLED, 2)
    step = ActionUpdate.objects.get()
    assert (step.author, step.to_status, step.note) == (
        ada,
        "cancelled",
        "Covered by the new plan.",
    )


def test_a_cancellation_without_a_reason_is_refused_as_in_the_workspace(world: World):
    client = signed_in(admin_user())

    response = save(client, world.action, 1, new_status=Status.CANCELLED, title="Changed")

    assert response.status_code == 400
    assert "Say why in a note: this change needs a reason." in errors_of(response)
    world.action.refresh_from_db()
    assert (world.action.status, world.action.title) == (Status.NOT_STARTED, "Improve audits")
    assert not ActionUpdate.objects.exists()


# The timeline is added to in the admin's own name -----------------------------------------


def test_a_note_added_in_the_admin_is_always_the_admins_own(world: World):
    ada = admin_user()
    client = signed_in(ada)

    response = client.post(
        reverse("admin:actions_actionupdate_add"),
        {
            "action": world.action.pk,
            "note": "Corrected: the panel met in May.",
            "author": world.owner.pk,
        },
    )

    assert response.status_code == 302
    note = ActionUpdate.objects.get()
    assert (note.author, note.action, note.note) == (
        ada,
        world.action,
        "Corrected: the panel met in May.",
    )


def test_an_empty_note_is_refused(world: World):
    response = signed_in(admin_user()).post(
        reverse("admin:actions_actionupdate_add"), {"action": world.action.pk, "note": ""}
    )

    assert response.status_code == 400
    assert "Write a note or attach a file." in errors_of(response)
    assert not ActionUpdate.objects.exists()


# An attempted delete ----------------------------------------------------------------------


def test_an_admin_cannot_delete_an_action(world: World):
    client = signed_in(admin_user())

    page = client.get(change_url(world.action)).content.decode()
    delete = client.post(
        reverse("admin:actions_actionitem_delete", args=[world.action.pk]), {"post": "yes"}
    )
    bulk = client.post(
        reverse("admin:actions_actionitem_changelist"),
        {"action": "delete_selected", "_selected_action": [world.action.pk], "post": "yes"},
    )

    assert reverse("admin:actions_actionitem_delete", args=[world.action.pk]) not in page
    assert delete.status_code == 403
    assert bulk.status_code in (200, 302)
    assert ActionItem.objects.filter(pk=world.action.pk).exists()


def test_inspections_findings_and_timeline_entries_cannot_be_deleted_either(world: World):
    client = signed_in(admin_user())
    entry = ActionUpdate.objects.create(action=world.action, author=world.owner, note="Booked")

    for name, pk in (
        ("inspections_inspection", world.inspection.pk),
        ("inspections_finding", world.finding.pk),
        ("actions_actionupdate", entry.pk),
    ):
        response = client.post(reverse(f"admin:{name}_delete", args=[pk]), {"post": "yes"})
        assert response.status_code == 403, name

    assert world.inspection.findings.exists() and ActionUpdate.objects.filter(pk=entry.pk).exists()


def test_the_actions_under_a_finding_are_read_only_with_a_link_to_their_own_page(world: World):
    page = signed_in(admin_user()).get(
        reverse("admin:inspections_finding_change", args=[world.finding.pk])
    )

    content = page.content.decode()
    assert 'name="actions-0-owner"' not in content
    assert 'name="actions-0-due_date"' not in content
    assert change_url(world.action) in content
    (actions_formset,) = [
        f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "actions"
    ]
    assert not actions_formset.has_add_permission
    assert not actions_formset.formset.can_delete
