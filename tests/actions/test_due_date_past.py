"""Past due dates: refused whenever one is set (services, workspace forms, bulk assignment,
API, admin) unless a manager confirms it; then no escalation goes out that day. An older
letter's import, which a manager confirms, keeps its past dates. Reminders follow a due
date approved on request."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from actions import due_dates, reminders, services
from actions.importing import flow
from actions.models import ActionItem, Notification
from tests.actions.test_f10_admin_action_form import page_form
from tests.conftest import World
from tests.dates import date_fields

pytestmark = pytest.mark.django_db

PAST_REFUSAL = "Due date must be today or later, unless you confirm it"
LETTERS = Path(__file__).resolve().parents[1] / "fixtures" / "letters"
OLDER_LETTER = LETTERS / "safeguarding-and-looked-after-children-2011-stockport.txt"


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refusal_of(call, **kwargs) -> services.ActionError:
    with pytest.raises(services.ActionError) as refused:
        call(**kwargs)
    return refused.value


# The services: one rule for every interface ----------------------------------------------


def test_an_edit_to_a_past_date_is_refused_unless_confirmed(world: World):
    error = refusal_of(
        services.update_action,
        action=world.action,
        by=world.manager,
        expected_version=None,
        due_date=in_days(-1),
    )
    assert (error.field, str(error)) == ("due_date", PAST_REFUSAL)
    world.action.refresh_from_db()
    assert (world.action.due_date, world.action.due_date_changed_on) == (None, None)

    services.update_action(
        action=world.action,
        by=world.manager,
        expected_version=None,
        due_date=in_days(-1),
        confirm_past_due_date=True,
    )

    world.action.refresh_from_db()
    assert (world.action.due_date, world.action.due_date_changed_on) == (
        in_days(-1),
        timezone.localdate(),
    )


def test_today_is_not_in_the_past_and_any_change_of_date_is_dated(world: World):
    services.update_action(
        action=world.action, by=world.manager, expected_version=None, due_date=in_days(0)
    )
    world.action.refresh_from_db()
    assert world.action.due_date_changed_on == timezone.localdate()


def test_a_past_date_already_saved_does_not_block_other_edits(world: World):
    ActionItem.objects.filter(pk=world.action.pk).update(due_date=in_days(-10))
    saved = services.update_action(
        action=world.action, by=world.manager, expected_version=None, title="Renamed"
    )
    assert (saved.title, saved.due_date, saved.due_date_changed_on) == (
        "Renamed",
        in_days(-10),
        None,
    )


def test_a_new_action_with_a_past_date_is_refused_unless_confirmed(world: World):
    new: dict[str, Any] = {
        "finding": world.finding,
        "by": world.manager,
        "title": "New",
        "due_date": in_days(-3),
    }
    error = refusal_of(services.create_action, **new)
    assert (error.field, str(error)) == ("due_date", PAST_REFUSAL)

    action = services.create_action(**new, confirm_past_due_date=True)

    assert (action.due_date, action.due_date_changed_on) == (in_days(-3), timezone.localdate())


def test_bulk_assignment_refuses_a_past_date_for_all_unless_confirmed(world: World):
    other = ActionItem.objects.create(finding=world.finding, title="Other")
    both = [world.action, other]
    error = refusal_of(services.assign_many, actions=both, by=world.manager, due_date=in_days(-2))
    assert str(error) == PAST_REFUSAL
    assert not ActionItem.objects.filter(due_date__isnull=False).exists()

    services.assign_many(
        actions=both, by=world.manager, due_date=in_days(-2), confirm_past_due_date=True
    )

    assert set(ActionItem.objects.values_list("due_date", "due_date_changed_on")) == {
        (in_days(-2), timezone.localdate())
    }


# The workspace's forms -------------------------------------------------------------------


def edit_post(action: ActionItem, due: datetime.date, confirm: bool) -> dict[str, str]:
    return {
        "edit-version": str(action.version),
        "edit-title": action.title,
        "edit-owner": str(action.owner_id),
        "edit-priority": action.priority,
        **date_fields("edit-due_date", due),
        **({"edit-confirm_past_due_date": "on"} if confirm else {}),
    }


def test_the_edit_form_shows_the_refusal_and_the_manager_confirms(world: World):
    client = signed_in(world.manager)
    url = reverse("workspace:action_edit", args=[world.action.pk])

    refused = client.post(url, edit_post(world.action, in_days(-5), confirm=False))

    assert refused.status_code == 400
    assert refused.context["edit_form"].errors["due_date"] == [PAST_REFUSAL]
    page = refused.content.decode()
    assert "The date is in the past: I confirm it" in page
    confirmed = client.post(url, edit_post(world.action, in_days(-5), confirm=True))
    assert confirmed.status_code == 302
    world.action.refresh_from_db()
    assert world.action.due_date == in_days(-5)


def test_adding_an_action_with_a_past_date_needs_the_confirmation(world: World):
    client = signed_in(world.manager)
    url = reverse("workspace:finding_add_action", args=[world.finding.pk])
    name = f"finding-{world.finding.pk}"
    data = {
        f"{name}-title": "Audit again",
        f"{name}-priority": "medium",
        f"{name}-owner": "",
        **date_fields(f"{name}-due_date", in_days(-7)),
    }

    refused = client.post(url, data)

    assert refused.status_code == 400
    assert PAST_REFUSAL in refused.content.decode()
    assert client.post(url, {**data, f"{name}-confirm_past_due_date": "on"}).status_code == 302
    assert ActionItem.objects.get(title="Audit again").due_date == in_days(-7)


def test_bulk_assignment_in_the_list_needs_the_confirmation(world: World):
    client = signed_in(world.manager)
    data = {"action": [str(world.action.pk)], **date_fields("assign-due_date", in_days(-1))}

    refused = client.post(reverse("workspace:actions_assign"), data)

    assert refused.status_code == 400
    assert PAST_REFUSAL in refused.content.decode()
    world.action.refresh_from_db()
    assert world.action.due_date is None
    confirmed = client.post(
        reverse("workspace:actions_assign"), {**data, "assign-confirm_past_due_date": "on"}
    )
    assert confirmed.status_code == 302
    world.action.refresh_from_db()
    assert world.action.due_date == in_days(-1)


# The API and the admin --------------------------------------------------------------------


def api_client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_the_api_refuses_a_past_date_unless_confirm_past_due_date_is_true(world: World):
    client = api_client(world.manager)
    action = world.action
    url = reverse("api:action-detail", args=[action.pk])
    past = in_days(-4).isoformat()

    refused = client.patch(url, {"version": action.version, "due_date": past}, format="json")

    assert refused.status_code == 400
    assert refused.json()["errors"]["due_date"] == [PAST_REFUSAL]
    confirmed = client.patch(
        url,
        {"version": action.version, "due_date": past, "confirm_past_due_date": True},
        format="json",
    )
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["due_date"] == past
    new = {"finding": world.finding.pk, "title": "New", "due_date": past}
    created = client.post(reverse("api:action-list"), new, format="json")
    assert created.status_code == 400
    assert created.json()["errors"]["due_date"] == [PAST_REFUSAL]
    new["confirm_past_due_date"] = True
    assert client.post(reverse("api:action-list"), new, format="json").status_code == 201


def test_the_api_schema_documents_the_confirmation(world: World):
    schema = api_client(world.manager).get(reverse("api:schema"), {"format": "json"}).json()
    for name in ("ActionCreateRequest", "PatchedActionChangeRequest"):
        field = schema["components"]["schemas"][name]["properties"]["confirm_past_due_date"]
        assert field["type"] == "boolean" and field["default"] is False
        assert "before today" in field["description"]


def test_the_admin_refuses_a_past_date_unless_confirmed(world: World):
    admin = User.objects.create_superuser("ada", "ada@example.org", "correct-horse-9")
    client = signed_in(admin)
    url = reverse("admin:actions_actionitem_change", args=[world.action.pk])
    _page, unchanged = page_form(client, world.action)
    data = {**unchanged, "due_date": in_days(-6).isoformat()}

    refused = client.post(url, data)

    assert refused.status_code == 400
    assert PAST_REFUSAL in refused.content.decode()
    assert client.post(url, {**data, "confirm_past_due_date": "on"}).status_code == 302
    world.action.refresh_from_db()
    assert world.action.due_date == in_days(-6)


# What follows from a date -----------------------------------------------------------------


def escalated_ids(day: datetime.date) -> set[int]:
    reminders.sweep(day)
    notices = Notification.objects.filter(kind=Notification.Kind.ESCALATION, day=day)
    return {
        item["id"]
        for notice in notices
        for section in notice.payload["sections"]
        if section["name"] == "escalated"
        for item in section["items"]
    }


def test_a_confirmed_past_date_sends_no_escalation_that_day_but_does_the_next(world: World):
    services.update_action(
        action=world.action,
        by=world.manager,
        expected_version=None,
        due_date=in_days(-60),
        confirm_past_due_date=True,
    )

    assert world.action.pk not in escalated_ids(timezone.localdate())
    assert world.action.pk in escalated_ids(in_days(1))


def test_an_older_letters_import_keeps_its_past_dates_confirmed_by_the_importer(world: World):
    staged = flow.stage(
        data=None, filename=OLDER_LETTER.name, pasted=OLDER_LETTER.read_text(encoding="utf-8")
    )
    assert any(f.due_date and f.due_date < in_days(0) for f in staged.draft.findings)

    inspection = flow.confirm(staged.staged, staged.draft, by=world.manager)

    dated = ActionItem.objects.filter(finding__inspection=inspection, due_date__isnull=False)
    assert dated.exists()
    assert {day.year for day in dated.values_list("due_date", flat=True) if day} == {2011}
    assert set(dated.values_list("due_date_changed_on", flat=True)) == {timezone.localdate()}


def test_reminders_follow_the_approved_date(world: World):
    ActionItem.objects.filter(pk=world.action.pk).update(due_date=in_days(40))
    reminders.sweep(timezone.localdate())
    assert not Notification.objects.filter(kind=Notification.Kind.DIGEST).exists()
    change = due_dates.request_change(
        world.action, by=world.owner, to_date=in_days(3), reason="Sooner after all"
    )
    due_dates.approve(change, by=world.manager)

    Notification.objects.all().delete()
    reminders.sweep(timezone.localdate())

    (digest,) = Notification.objects.filter(kind=Notification.Kind.DIGEST)
    items = [item for section in digest.payload["sections"] for item in section["items"]]
    assert [(item["id"], item["due"]) for item in items] == [
        (world.action.pk, in_days(3).isoformat())
    ]
