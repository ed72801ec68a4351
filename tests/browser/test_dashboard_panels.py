"""A manager's dashboard in Chromium at a phone's 375 px and a desktop's 1280 px: the panels
that lead it (overdue, waiting for verification, findings nobody owns, due dates asked for,
the statement of action's deadline), no axe violation, no sideways scroll, and a "View all"
link that opens the same actions in the list."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from actions.models import ActionItem, DueDateChange, Status
from inspections.models import Finding, Inspection, LocalAuthority, Membership
from tests.browser.browser import axe_violations, new_page, save_screenshot, sign_in_by_cookie
from tests.browser.dashboard_panel_pages import PanelledDashboard
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (375, 1280)
SHOTS = Path("/tmp/shots/dash")
OVERDUE = "Revise the plan template for children in need, with the partnership"
COMPLETED = "Audit supervision records"
ASKED = "Train auditors in the new framework"
UNOWNED = "Leaders should make sure that care leavers have a personal adviser."


def seed() -> None:
    """One of everything the manager's panels show, at Wigan."""
    today = timezone.localdate()
    wigan = LocalAuthority.objects.get(name="Wigan")
    make_user("mandy", wigan, Membership.Role.MANAGER)
    owner = make_user("owen", wigan, Membership.Role.OWNER)
    owner.first_name, owner.last_name = "Owen", "Oduya"
    owner.save()
    inspection = Inspection.objects.create(
        authority=wigan,
        kind=Inspection.Kind.ILACS_STANDARD,
        title="Inspection of Wigan local authority children’s services",
        visit_start=today - datetime.timedelta(days=60),
        letter_date=today - datetime.timedelta(days=30),
    )
    owned, unowned = (
        Finding.objects.create(
            inspection=inspection, kind=Finding.Kind.RECOMMENDATION, text=text, position=n
        )
        for n, text in enumerate(["Plans for children in need are not specific.", UNOWNED])
    )
    ActionItem.objects.create(
        finding=owned, title=OVERDUE, owner=owner, due_date=today - datetime.timedelta(days=5)
    )
    ActionItem.objects.create(
        finding=owned,
        title=COMPLETED,
        owner=owner,
        due_date=today + datetime.timedelta(days=30),
        status=Status.COMPLETED,
        completed_at=timezone.now(),
        completed_by=owner,
    )
    asked = ActionItem.objects.create(
        finding=owned, title=ASKED, owner=owner, due_date=today + datetime.timedelta(days=10)
    )
    DueDateChange.objects.create(
        action=asked,
        requested_by=owner,
        from_date=asked.due_date,
        to_date=today + datetime.timedelta(days=60),
        reason="The trainer is booked until the spring.",
    )
    # A draft nobody owns yet: the finding is still nobody's, and the action not scheduled.
    ActionItem.objects.create(finding=unowned, title="Draft: care leavers")


def check(page: Page, width: int) -> None:
    """No axe violation and no sideways scroll; a screenshot to look at."""
    assert axe_violations(page) == [], f"dashboard at {width} px"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"the dashboard scrolls sideways at {width} px"
    )
    shot = save_screenshot(page, f"dashboard-panels-{width}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SHOTS / shot.name)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_manager_sees_what_needs_them_and_opens_it_in_the_list(live_server, browser, width):
    seed()
    with new_page(
        browser, base_url=live_server.url, viewport={"width": width, "height": 900}
    ) as page:
        sign_in_by_cookie(page, User.objects.get(username="mandy"), live_server.url)
        dashboard = PanelledDashboard(page)
        dashboard.open()

        expect(dashboard.row_links("Overdue actions (1)")).to_contain_text([OVERDUE, "View all 1"])
        expect(dashboard.row_links("Completed, waiting for verification (1)")).to_contain_text(
            [COMPLETED, "View all 1"]
        )
        expect(dashboard.panel("Findings nobody owns (1)")).to_contain_text(UNOWNED)
        expect(dashboard.panel("New due dates waiting for a decision (1)")).to_contain_text(ASKED)
        statements = dashboard.panel("Statements of action due (1)")
        expect(statements).to_contain_text("Final statement by")
        visited = timezone.localdate() - datetime.timedelta(days=60)
        expect(statements.get_by_role("link")).to_have_text(
            f"Wigan: ILACS standard inspection, {visited:%B %Y}"
        )
        expect(dashboard.panel("Due in the next 14 days (1)")).to_contain_text(ASKED)
        expect(dashboard.not_scheduled).to_have_text(
            "Not scheduled 1 open action has no owner or no due date yet, "
            "so nothing says it will be done."
        )
        check(page, width)

        listing = dashboard.view_all("Overdue actions (1)", 1)
        expect(page.get_by_role("link", name=OVERDUE)).to_be_visible()
        expect(listing.status("Only overdue actions")).to_be_checked()

        dashboard = PanelledDashboard(page)
        dashboard.open()
        dashboard.view_all("New due dates waiting for a decision (1)", 1)
        expect(page.get_by_role("link", name=ASKED)).to_be_visible()
