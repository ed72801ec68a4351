"""The action page's due-date requests: who sees which form, and how each refusal shows."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions import due_dates
from actions.models import ActionItem, DueDateChange
from inspections.models import Membership
from tests.conftest import World, make_user
from tests.dates import date_fields

pytestmark = pytest.mark.django_db

State = DueDateChange.State


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def shown(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def due(world: World) -> ActionItem:
    ActionItem.objects.filter(pk=world.action.pk).update(due_date=in_days(30))
    world.action.refresh_from_db()
    return world.action


def page(client: Client, action: ActionItem) -> str:
    response = client.get(reverse("workspace:action", args=[action.pk]))
    assert response.status_code == 200
    return response.content.decode()


def ask(client: Client, action: ActionItem, to_date: datetime.date | None, reason: str):
    return client.post(
        reverse("workspace:due_date_request", args=[action.pk]),
        {
            "due-request-version": action.version,
            "due-request-reason": reason,
            **date_fields("due-request-to_date", to_date),
        },
    )


def decide(client: Client, change: DueDateChange, decision: str, note: str = ""):
    return client.post(
        reverse("workspace:due_date_decide", args=[change.pk]),
        {
            "due-decision-version": change.action.version,
            "due-decision-decision": decision,
            "due-decision-note": note,
        },
    )


def test_only_the_owner_is_offered_the_request_form(world, due):
    assert "Ask for a new due date" in page(signed_in(world.owner), due)
    for other in (world.manager, world.colleague, world.viewer):
        assert "Ask for a new due date" not in page(signed_in(other), due)


def test_the_owner_asks_and_sees_the_request_waiting(world, due):
    owner = signed_in(world.owner)

    response = ask(owner, due, in_days(60), "The new case system arrives in spring")

    assert response.status_code == 302
    html = page(owner, due)
    assert f"You asked for a new due date of {shown(in_days(60))}." in html
    assert "Waiting for a decision" in html
    assert "Withdraw my request" in html and "Approve new date" not in html
    assert "Ask for a new due date" not in html  # one request at a time
    assert f"Asked to move the due date from {shown(in_days(30))}" in html  # the timeline


@pytest.mark.parametrize(
    ("to_date", "reason", "message"),
    [
        (None, "Staff", "Enter the new due date"),
        (-1, "Staff", "The new due date must be today or later"),
        (60, "", "Say why the action needs a new due date"),
    ],
)
def test_a_refused_request_shows_why_and_keeps_the_input(world, due, to_date, reason, message):
    day = None if to_date is None else in_days(to_date)

    response = ask(signed_in(world.owner), due, day, reason)

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert 'id="ask-due-date" open' in html  # the form stays unfolded, with the input
    assert not DueDateChange.objects.exists()


def test_someone_who_does_not_own_the_action_is_refused(world, due):
    response = ask(signed_in(world.colleague), due, in_days(60), "Mine now")
    assert response.status_code == 403
    assert not DueDateChange.objects.exists()


def test_the_manager_approves_and_everyone_sees_the_outcome(world, due):
    change = due_dates.request_change(due, by=world.owner, to_date=in_days(60), reason="Spring")
    manager = signed_in(world.manager)
    html = page(manager, due)
    assert "Approve new date" in html and "Refuse" in html

    response = decide(manager, change, "approve", "Agreed at the board")

    assert response.status_code == 302
    due.refresh_from_db()
    assert due.due_date == in_days(60)
    viewer_page = page(signed_in(world.viewer), due)
    assert "Earlier requests" in viewer_page
    assert "Approved by mandy" in viewer_page and "Agreed at the board" in viewer_page
    assert f"Approved the new due date of {shown(in_days(60))}" in viewer_page


def test_a_refusal_needs_a_note(world, due):
    change = due_dates.request_change(due, by=world.owner, to_date=in_days(60), reason="Spring")
    manager = signed_in(world.manager)

    response = decide(manager, change, "refuse")

    assert response.status_code == 400
    assert "Say why the request is refused" in response.content.decode()
    assert decide(manager, change, "refuse", "Not before the board").status_code == 302
    change.refresh_from_db()
    assert change.state == State.REFUSED


def test_the_second_manager_to_decide_is_told_who_was_first(world, due):
    change = due_dates.request_change(due, by=world.owner, to_date=in_days(60), reason="Spring")
    second = signed_in(make_user("maria", world.wigan, Membership.Role.MANAGER))
    decide(signed_in(world.manager), change, "approve")

    response = decide(second, change, "refuse", "No")

    assert response.status_code == 400
    assert "This request was already approved by mandy." in response.content.decode()
    change.refresh_from_db()
    assert change.state == State.APPROVED


def test_the_owner_withdraws_and_may_ask_again(world, due):
    change = due_dates.request_change(due, by=world.owner, to_date=in_days(60), reason="Spring")
    owner = signed_in(world.owner)
    url = reverse("workspace:due_date_withdraw", args=[change.pk])

    assert signed_in(world.manager).post(url, {"due-withdraw-version": 1}).status_code == 403
    response = owner.post(url, {"due-withdraw-version": due.version})

    assert response.status_code == 302
    html = page(owner, due)
    assert "Withdrawn" in html and "Ask for a new due date" in html
