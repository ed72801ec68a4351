"""A due-date request in Chromium, at a phone's 375 px and a desktop's 1280 px: the owner
asks for a new date with a reason, a manager approves it, and the action's page shows the
new date and both steps in its timeline; no axe violation and no sideways scroll."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from actions.models import DueDateChange
from actions.services import update_action
from tests.browser.browser import axe_violations, new_page, sign_in_by_cookie
from tests.browser.due_date_pages import DueDatePanel, long_date
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/shots/duedates")
TITLE = "Improve audits"
REASON = "The new case recording system goes live in the spring"


def fits_the_width(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def checked(page: Page, name: str) -> None:
    """The page as it is now: accessible, no sideways scroll, and a screenshot to look at."""
    assert axe_violations(page) == []
    assert fits_the_width(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_owner_asks_for_a_new_date_and_a_manager_approves_it(
    live_server, browser, world: World, width: int
):
    today = timezone.localdate()
    old, new = today + datetime.timedelta(days=20), today + datetime.timedelta(days=75)
    update_action(action=world.action, by=world.manager, expected_version=None, due_date=old)
    viewport = {"width": width, "height": 900}

    with new_page(browser, base_url=live_server.url, viewport=viewport) as page:
        sign_in_by_cookie(page, world.owner, live_server.url)
        owner_page = DueDatePanel(page)
        owner_page.open(world.action.pk, TITLE)
        owner_page.open_the_request_form()
        checked(page, f"{width}-owner-asks")

        owner_page.ask_for(new, REASON)

        expect(owner_page.pending).to_contain_text("Waiting for a decision")
        expect(owner_page.pending).to_contain_text(long_date(new))
        expect(owner_page.due_date_row).to_contain_text(long_date(old))
        checked(page, f"{width}-owner-waits")

    with new_page(browser, base_url=live_server.url, viewport=viewport) as page:
        sign_in_by_cookie(page, world.manager, live_server.url)
        manager_page = DueDatePanel(page)
        manager_page.open(world.action.pk, TITLE)
        expect(manager_page.pending).to_contain_text(REASON)
        checked(page, f"{width}-manager-decides")

        manager_page.approve("Agreed with the improvement board")

        expect(manager_page.due_date_row).to_contain_text(long_date(new))
        expect(manager_page.timeline).to_contain_text(
            f"Asked to move the due date from {long_date(old)} to {long_date(new)}: {REASON}"
        )
        expect(manager_page.timeline).to_contain_text(
            f"Approved the new due date of {long_date(new)} (it was {long_date(old)}): "
            "Agreed with the improvement board"
        )
        expect(page.locator("#due-date-earlier")).to_contain_text("Approved by mandy")
        checked(page, f"{width}-manager-approved")

    world.action.refresh_from_db()
    assert world.action.due_date == new
    assert DueDateChange.objects.get().state == DueDateChange.State.APPROVED
