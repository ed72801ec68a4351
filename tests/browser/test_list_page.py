"""The list of actions in Chromium: filtered from a bookmark and through its form, accessible,
and assigning in bulk without any JavaScript."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import ActionItem, Priority, Status
from inspections.models import Finding, Inspection
from tests.browser.browser import axe_violations, new_page, save_screenshot, sign_in_by_cookie
from tests.browser.pages import ActionListPage
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


# A URL holding both query parameters, in either order.
PRIORITY_HIGH_AND_BLOCKED = re.compile(r"^(?=.*[?&]priority=high)(?=.*[?&]status=blocked)")
SORTED_BY_TITLE_AND_PRIORITY_HIGH = re.compile(r"^(?=.*[?&]sort=title)(?=.*[?&]priority=high)")


@pytest.mark.django_db(transaction=True)
def test_a_manager_filters_sorts_and_assigns_without_javascript(live_server, browser, world):
    a_plan(world)

    with new_page(browser, base_url=live_server.url, java_script_enabled=False) as page:
        sign_in_by_cookie(page, world.manager, live_server.url)

        # A bookmarked list: open actions only, soonest due first.
        actions = ActionListPage(page).open("?status=not_started&status=in_progress&status=blocked")
        expect(actions.count(7)).to_be_visible()
        expect(actions.status("In progress")).to_be_checked()
        expect(actions.status("Completed")).not_to_be_checked()

        actions.filter_by_priority("high")
        expect(page).to_have_url(PRIORITY_HIGH_AND_BLOCKED)

        actions.sort_by("Action")
        expect(page).to_have_url(SORTED_BY_TITLE_AND_PRIORITY_HIGH)

        actions.clear_filters()
        expect(actions.count(9)).to_be_visible()

        actions.select("Reduce caseloads in the assessment teams")
        actions.assign_selected(to="Colin Chadwick")
        expect(actions.banner).to_contain_text("1 action assigned to Colin Chadwick.")
    assert ActionItem.objects.get(title__startswith="Reduce caseloads").owner == world.colleague


@pytest.mark.django_db(transaction=True)
def test_the_filtered_list_is_accessible(live_server, browser, world):
    a_plan(world)

    with new_page(browser, base_url=live_server.url) as page:
        sign_in_by_cookie(page, world.manager, live_server.url)
        actions = ActionListPage(page).open(
            "?status=not_started&status=in_progress&status=blocked&sort=due_date"
        )
        expect(page.locator("body")).to_contain_class("js-enabled")

        assert axe_violations(page) == []
        save_screenshot(page, "workspace-actions")

        actions.open("?due_before=soon")
        actions.expect_errors("Actions")
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-actions-error")

        # Assigning with nothing ticked explains itself in the same accessible way.
        actions.open()
        actions.assign_selected()
        expect(actions.error_summary).to_contain_text("Select the actions to assign.")
        assert axe_violations(page) == []
