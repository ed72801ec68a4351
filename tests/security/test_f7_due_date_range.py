"""F7: a due date of 9999-12-31 was accepted, and its owner's whole calendar feed then
failed (OverflowError on the day after). Due dates are now held to 1 January 2000 to the
end of the year ten years on, by one rule (actions/models/items.py) that the services
apply to every way in; and the feed takes whatever date is stored."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from actions.api.inspection_serializers import DraftFindingSerializer
from actions.importing.forms import FindingPreviewForm
from actions.models import ActionItem, StaffProfile
from inspections.models import Finding
from tests.dates import date_fields

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year + 10
REFUSED = ["9999-12-31", f"{LAST_YEAR + 1}-01-01", "1999-12-31", "0001-01-01"]
MESSAGE = f"Due date must be between 1 January 2000 and 31 December {LAST_YEAR}"


def manager_api(world) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.manager)
    return client


@pytest.mark.parametrize("due", REFUSED)
def test_the_api_refuses_a_due_date_out_of_range(world, due):
    api = manager_api(world)

    created = api.post(
        "/api/v1/actions/",
        {"finding": world.finding.pk, "title": "Far off", "due_date": due},
        format="json",
    )
    changed = api.patch(
        f"/api/v1/actions/{world.action.pk}/", {"due_date": due, "version": 1}, format="json"
    )

    for response in (created, changed):
        assert response.status_code == 400, response.content
        assert response.data["errors"] == {"due_date": [MESSAGE]}
    assert not ActionItem.objects.filter(title="Far off").exists()
    world.action.refresh_from_db()
    assert world.action.due_date is None


@pytest.mark.parametrize("due", [f"{LAST_YEAR}-12-31", "2000-01-01"])
def test_the_api_takes_the_first_and_last_days_of_the_range(world, due):
    # 2000 is in the past: a manager confirms it (actions/services.py refuses it otherwise).
    response = manager_api(world).post(
        "/api/v1/actions/",
        {
            "finding": world.finding.pk,
            "title": "Edge",
            "due_date": due,
            "confirm_past_due_date": True,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.data["due_date"] == due


def test_the_edit_form_refuses_a_due_date_out_of_range_and_keeps_the_input(client, world):
    client.force_login(world.manager)

    response = client.post(
        reverse("workspace:action_edit", args=[world.action.pk]),
        {
            "edit-title": "Improve audits",
            "edit-priority": "medium",
            **date_fields("edit-due_date", "9999-12-31"),
            "edit-version": world.action.version,
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert MESSAGE in page
    assert 'name="edit-due_date_day" value="31"' in page
    assert 'name="edit-due_date_month" value="12"' in page
    assert 'name="edit-due_date_year" value="9999"' in page
    world.action.refresh_from_db()
    assert world.action.due_date is None


def test_bulk_assign_refuses_a_due_date_out_of_range(client, world):
    client.force_login(world.manager)

    response = client.post(
        reverse("workspace:actions_assign"),
        {"action": [world.action.pk], **date_fields("assign-due_date", "9999-12-31")},
    )

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    world.action.refresh_from_db()
    assert world.action.due_date is None


def test_the_import_preview_and_its_api_refuse_a_due_date_out_of_range():
    row = {"kind": Finding.Kind.RECOMMENDATION, "text": "Improve.", "due_date": "9999-12-31"}
    form = FindingPreviewForm(data=row | date_fields("due_date", "9999-12-31"))
    serializer = DraftFindingSerializer(data=row)

    assert not form.is_valid()
    assert form.errors["due_date"] == [MESSAGE]
    assert not serializer.is_valid()
    assert serializer.errors["due_date"] == [MESSAGE]


def test_the_calendar_feed_takes_any_stored_date(client, world):
    for title, due in [
        ("Last day there is", datetime.date.max),
        ("First day there is", datetime.date.min),
        ("Ordinary", datetime.date(2026, 3, 27)),
    ]:
        ActionItem.objects.create(
            finding=world.finding, title=title, owner=world.owner, due_date=due
        )
    profile, _ = StaffProfile.objects.get_or_create(user=world.owner)

    response = client.get(reverse("calendar_feed", args=[profile.calendar_token]))

    assert response.status_code == 200
    events = {
        str(event["SUMMARY"]): event
        for event in icalendar.Calendar.from_ical(response.content).events
    }
    assert events["Last day there is"].start == datetime.date.max
    assert events["First day there is"].start == datetime.date.min
    ordinary = events["Ordinary"]
    assert (ordinary.start, ordinary.end) == (
        datetime.date(2026, 3, 27),
        datetime.date(2026, 3, 28),
    )
