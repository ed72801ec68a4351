"""The personal calendar: its settings page and the iCalendar feed calendar apps fetch."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionItem, StaffProfile, Status

SETTINGS_URL = reverse("workspace:calendar")


def feed_url(user) -> str:
    profile, _ = StaffProfile.objects.get_or_create(user=user)
    return reverse("calendar_feed", args=[profile.calendar_token])


def add_action(world, title: str, **fields) -> ActionItem:
    if fields.get("status") == Status.COMPLETED:
        fields["completed_at"] = timezone.now()
    return ActionItem.objects.create(finding=world.finding, title=title, **fields)


def events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.events}


def test_the_settings_page_needs_sign_in(client, db):
    response = client.get(SETTINGS_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_settings_page_shows_a_personal_absolute_address(client, world):
    client.force_login(world.owner)

    response = client.get(SETTINGS_URL)

    token = StaffProfile.objects.get(user=world.owner).calendar_token
    assert f">http://testserver/calendar/{token}.ics</textarea>" in response.content.decode()
    assert "Subscribe in Outlook" in response.content.decode()


def test_the_feed_holds_exactly_the_owners_open_dated_actions(client, world):
    add_action(world, "Due soon", owner=world.owner, due_date=datetime.date(2026, 2, 5))
    blocked = add_action(
        world, "Stuck", owner=world.owner, due_date=datetime.date(2026, 3, 1), status="blocked"
    )
    add_action(world, "Undated", owner=world.owner)
    add_action(
        world,
        "Done",
        owner=world.owner,
        due_date=datetime.date(2026, 2, 1),
        status=Status.COMPLETED,
    )
    add_action(world, "Colin's", owner=world.colleague, due_date=datetime.date(2026, 2, 2))

    response = client.get(feed_url(world.owner))  # no sign-in: calendar apps cannot

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert "owen" in str(calendar["X-WR-CALNAME"])
    found = events(response)
    assert set(found) == {"Due soon", "Stuck"}
    stuck = found["Stuck"]
    assert stuck.start == datetime.date(2026, 3, 1)
    assert str(stuck["UID"]) == f"action-{blocked.pk}@testserver"
    action_url = f"http://testserver{reverse('workspace:action', args=[blocked.pk])}"
    assert str(stuck["DESCRIPTION"]) == f"Status: Blocked\n{action_url}"


def test_an_actions_event_keeps_its_uid_across_fetches(client, world):
    world.action.due_date = datetime.date(2026, 4, 1)
    world.action.save()
    url = feed_url(world.owner)

    first = events(client.get(url))["Improve audits"]["UID"]
    world.action.title = "Improve audits (revised)"
    world.action.save()
    second = events(client.get(url))["Improve audits (revised)"]["UID"]

    assert first == second


def test_making_a_new_address_makes_the_old_one_stop_working(client, world):
    old = feed_url(world.owner)
    client.force_login(world.owner)

    response = client.post(SETTINGS_URL)

    assert response.status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(feed_url(world.owner)).status_code == 200


def test_an_unknown_token_is_not_found(client, world):
    assert client.get(reverse("calendar_feed", args=["not-a-real-token"])).status_code == 404


def test_a_deactivated_persons_feed_is_not_found(client, world):
    url = feed_url(world.owner)
    world.owner.is_active = False
    world.owner.save()

    assert client.get(url).status_code == 404


def test_someone_who_left_the_authority_sees_none_of_its_actions(client, world):
    world.action.due_date = datetime.date(2026, 4, 1)
    world.action.save()
    world.owner.memberships.all().delete()

    assert events(client.get(feed_url(world.owner))) == {}


@pytest.mark.parametrize("actions", [10, 200])
def test_the_feed_runs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries, actions
):
    for n in range(actions):
        add_action(world, f"Action {n}", owner=world.owner, due_date=datetime.date(2026, 3, 1))
    url = feed_url(world.owner)

    with django_assert_max_num_queries(3):
        response = client.get(url)

    assert len(events(response)) == actions
