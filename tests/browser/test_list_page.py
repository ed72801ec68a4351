"""The list of actions in Chromium: filtered from a bookmark and through its form, accessible,
and assigning in bulk without any JavaScript."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from actions.models import ActionItem, Priority, Status
from inspections.models import Finding, Inspection
from tests.browser.browser import axe_violations, new_page, save_screenshot, title_starting
from tests.conftest import World

TODAY = timezone.localdate()


def a_plan(world: World) -> None:
    """A dozen actions in every state, with named owners, so the table looks like real use."""
    for user, first, last in [
        (world.owner, "Owen", "Okafor"),
        (world.colleague, "Colin", "Chadwick"),
        (world.manager, "Mandy", "Marsh"),
    ]:
        user.first_name, user.last_name = first, last
        user.save()
    Inspection.objects.filter(pk=world.inspection.pk).update(visit_start=datetime.date(2025, 3, 4))
    plan = [
        ("Audit ten cases a month for the child's lived experience", Status.IN_PROGRESS, -3),
        ("Agree a multi-agency protocol for children missing from home", Status.NOT_STARTED, 5),
        ("Recruit two permanent team managers", Status.BLOCKED, 40),
        ("Review thresholds with the safeguarding partnership", Status.NOT_STARTED, 60),
        ("Offer every care leaver a personal adviser", Status.IN_PROGRESS, 20),
        ("Publish the local offer for care leavers", Status.COMPLETED, -10),
        ("Train staff in direct work with disabled children", Status.VERIFIED, -30),
        ("Reduce caseloads in the assessment teams", Status.NOT_STARTED, None),
    ]
    kinds = [Finding.Kind.PRIORITY_ACTION, Finding.Kind.RECOMMENDATION]
    owners = [world.owner, world.colleague, None]
    for n, (title, status, due_in) in enumerate(plan, start=1):
        finding = Finding.objects.create(
            inspection=world.inspection, kind=kinds[n % 2], text=f"{title}.", position=n
        )
        done = status in (Status.COMPLETED, Status.VERIFIED)
        ActionItem.objects.create(
            finding=finding,
            title=title,
            status=status,
            owner=owners[n % 3],
            priority=[Priority.HIGH, Priority.MEDIUM, Priority.LOW][n % 3],
            due_date=TODAY + datetime.timedelta(days=due_in) if due_in is not None else None,
            completed_at=timezone.now() if done else None,
            verified_at=timezone.now() if status == Status.VERIFIED else None,
        )


def sign_in_as(page: Page, user, live_server_url: str) -> None:
    """Signs in through a session made by the test client, then shares its cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server_url}])


@pytest.mark.django_db(transaction=True)
def test_a_manager_filters_sorts_and_assigns_without_javascript(live_server, browser, world):
    a_plan(world)

    with new_page(browser, base_url=live_server.url, java_script_enabled=False) as page:
        sign_in_as(page, world.manager, live_server.url)

        # A bookmarked list: open actions only, soonest due first.
        page.goto("/work/actions/?status=not_started&status=in_progress&status=blocked")
        expect(page.get_by_role("heading", level=1)).to_have_text("Actions")
        expect(page.get_by_role("heading", name="7 actions")).to_be_visible()
        assert page.get_by_label("In progress").is_checked()
        assert not page.get_by_label("Completed").is_checked()

        page.get_by_label("Priority (optional)").select_option("high")
        page.get_by_role("button", name="Apply filters").click()
        assert "priority=high" in page.url and "status=blocked" in page.url

        page.get_by_role("link", name="Action", exact=True).click()
        assert "sort=title" in page.url and "priority=high" in page.url

        page.get_by_role("link", name="Clear filters").click()
        expect(page.get_by_role("heading", name="9 actions")).to_be_visible()

        page.get_by_label("Select Reduce caseloads in the assessment teams").check()
        page.get_by_label("New owner (optional)").select_option(label="Colin Chadwick")
        page.get_by_role("button", name="Assign selected actions").click()
        assert "1 action assigned to Colin Chadwick." in page.inner_text(
            ".govuk-notification-banner"
        )
    assert ActionItem.objects.get(title__startswith="Reduce caseloads").owner == world.colleague


@pytest.mark.django_db(transaction=True)
def test_the_filtered_list_is_accessible(live_server, browser, world):
    a_plan(world)

    with new_page(browser, base_url=live_server.url) as page:
        sign_in_as(page, world.manager, live_server.url)
        page.goto(
            "/work/actions/?status=not_started&status=in_progress&status=blocked&sort=due_date"
        )
        page.wait_for_selector("body.js-enabled", state="attached")

        assert axe_violations(page) == []
        save_screenshot(page, "workspace-actions")

        page.goto("/work/actions/?due_before=soon")
        expect(page).to_have_title(title_starting("Error: Actions"))
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-actions-error")

        # Assigning with nothing ticked explains itself in the same accessible way.
        page.goto("/work/actions/")
        page.get_by_role("button", name="Assign selected actions").click()
        assert "Select the actions to assign." in page.inner_text(".govuk-error-summary")
        assert axe_violations(page) == []
