"""The dashboard is built once and then served from the cache until something it shows
changes: any write to the person's authorities, their roles, anyone's name, the date or
the code. Each person has their own copy."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import services
from actions.models import ActionItem, DueDateChange, Status
from inspections.models import Finding, Inspection, LocalAuthority, Membership

URL = reverse("workspace:dashboard")


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def queries_of(client) -> int:
    with CaptureQueriesContext(connection) as run:
        page(client)
    return len(run)


@pytest.mark.parametrize("who", ["owner", "manager", "viewer"])
def test_a_second_view_reads_only_the_session_the_person_and_their_revisions(client, world, who):
    client.force_login(getattr(world, who))
    built = queries_of(client)
    assert queries_of(client) == 3  # session, person, roles with their revision numbers
    assert built > 10


def test_an_administrators_second_view_reads_every_revision_in_one_query(client, world):
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))
    page(client)
    assert queries_of(client) == 3  # session, person, every authority's revision number


def test_a_change_through_the_services_shows_at_once(client, world):
    client.force_login(world.owner)
    assert "Improve audits" in page(client)
    services.update_action(
        action=world.action,
        by=world.manager,
        expected_version=world.action.version,
        title="Audit every case file",
    )
    shown = page(client)
    assert "Audit every case file" in shown
    assert "Improve audits" not in shown


def test_a_write_outside_the_services_shows_at_once(client, world):
    client.force_login(world.owner)
    page(client)
    ActionItem.objects.filter(pk=world.action.pk).update(title="Changed in the admin's SQL")
    assert "Changed in the admin&#x27;s SQL" in page(client)


def test_a_new_due_date_request_shows_in_the_managers_panel(client, world):
    client.force_login(world.manager)
    before = page(client)
    DueDateChange.objects.create(
        action=world.action,
        requested_by=world.owner,
        to_date=datetime.date(2031, 1, 1),
        reason="Waiting for the audit team",
    )
    after = page(client)
    assert after != before
    assert "1 January 2031" in after


def test_another_authoritys_write_keeps_the_copy(client, world):
    client.force_login(world.owner)
    page(client)
    theirs = Inspection.objects.create(authority=world.wirral, title="Wirral visit")
    Finding.objects.create(inspection=theirs, kind="recommendation", text="x", position=0)
    assert queries_of(client) == 3


def test_a_renamed_owner_shows_at_once(client, world):
    client.force_login(world.manager)
    page(client)
    User.objects.filter(pk=world.owner.pk).update(first_name="Owain", last_name="Glyn")
    assert "Owain Glyn" in page(client)


def test_a_new_role_changes_the_page(client, world):
    client.force_login(world.viewer)
    as_viewer = page(client)
    Membership.objects.filter(user=world.viewer).update(role=Membership.Role.MANAGER)
    assert page(client) != as_viewer


def test_joining_another_authority_shows_its_inspections(client, world):
    client.force_login(world.owner)
    page(client)
    theirs = Inspection.objects.create(authority=world.wirral, title="Wirral focused visit")
    Membership.objects.create(user=world.owner, authority=world.wirral, role="viewer")
    assert "Wirral" in page(client)
    assert theirs.label in page(client)


def test_each_person_has_their_own_copy(client, world):
    services.change_status(action=world.action, to_status=Status.IN_PROGRESS, by=world.owner)
    client.force_login(world.owner)
    owners = page(client)
    client.force_login(world.colleague)
    colleagues = page(client)
    assert "You have no open actions." in colleagues
    assert "You have no open actions." not in owners


def test_a_new_day_builds_it_again(client, world):
    client.force_login(world.owner)
    with time_machine.travel(datetime.datetime(2026, 2, 5, 10, tzinfo=datetime.UTC)):
        page(client)
        assert queries_of(client) == 3
    with time_machine.travel(datetime.datetime(2026, 2, 6, 10, tzinfo=datetime.UTC)):
        assert queries_of(client) > 3


def test_an_authority_added_changes_the_administrators_copy(client, world):
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))
    page(client)
    newtown = LocalAuthority.objects.create(name="Newtown", slug="newtown")
    Inspection.objects.create(authority=newtown, title="Newtown visit")
    assert "Newtown" in page(client)


def built_authorities(response) -> list[str]:
    return [group.authority.name for group in response.context["progress"].built]


def test_each_authoritys_progress_is_built_once_for_everyone_who_sees_it(client, world):
    client.force_login(world.owner)
    assert built_authorities(client.get(URL)) == ["Wigan"]
    client.force_login(world.manager)  # a page of their own, but the same progress section
    response = client.get(URL)
    assert built_authorities(response) == []
    assert "Actions by status and RAG rating for each Wigan inspection" in response.content.decode()


def test_a_change_in_one_authority_rebuilds_only_its_progress(client, world):
    theirs = Inspection.objects.create(authority=world.wirral, title="Wirral visit")
    finding = Finding.objects.create(inspection=theirs, kind="recommendation", text="x", position=0)
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))
    assert built_authorities(client.get(URL)) == ["Wigan", "Wirral"]

    ActionItem.objects.create(finding=finding, title="Wirral's new action")
    response = client.get(URL)

    assert built_authorities(response) == ["Wirral"]
    [wirral] = response.context["progress"].built
    assert wirral.inspections[0].counts["total"] == 1
    html = response.content.decode()
    # Still in authority order.
    assert html.index("each Wigan inspection") < html.index("each Wirral inspection")
