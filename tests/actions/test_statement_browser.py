"""The statement-of-action section in Chromium: a manager records the statement and
corrects its dates, on a desktop and on a 375 px phone, with no axe violations and no
sideways scroll."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from inspections.models import Inspection, LocalAuthority, Membership
from inspections.statements import StatementOfAction
from tests.browser.browser import axe_violations, new_page
from tests.browser.pages import SignInPage
from tests.conftest import make_user

PASSWORD = "correct-horse-9"  # make_user's
PHONE = {"width": 375, "height": 812}
# Where a person reviewing the change can look at the section (not checked by the test).
SHOTS = Path(os.environ.get("STATEMENT_SHOTS", "var/screenshots/statement"))


def overdue_inspection() -> Inspection:
    """A SIF report whose statement was due a week ago, with a manager and an owner."""
    wigan, _ = LocalAuthority.objects.get_or_create(name="Wigan", defaults={"slug": "wigan"})
    manager = make_user("mandy", wigan, Membership.Role.MANAGER)
    manager.first_name, manager.last_name = "Mandy", "Mills"
    manager.save()
    make_user("owen", wigan, Membership.Role.OWNER)
    inspection = Inspection.objects.create(
        authority=wigan,
        kind=Inspection.Kind.SIF,
        title="Inspection of services for children in need of help and protection",
        letter_date=datetime.date(2025, 6, 2),
    )
    return inspection


def open_section(page: Page, inspection: Inspection) -> None:
    page.goto(f"/work/inspections/{inspection.pk}/#statement")
    expect(page.get_by_role("heading", name="Statement of action", exact=True)).to_be_visible()


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_manager_records_the_statement_and_corrects_its_dates(live_server, browser):
    inspection = overdue_inspection()

    with new_page(browser, base_url=live_server.url, locale="en-GB") as page:
        SignInPage(page).open().sign_in_to_dashboard("mandy", PASSWORD)
        open_section(page, inspection)
        expect(page.locator(".govuk-warning-text")).to_contain_text("The final deadline has passed")
        assert axe_violations(page) == []
        shoot(page, "manager-1280")

        page.get_by_role("button", name="Record as submitted").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded as submitted")
        expect(page.locator(".govuk-summary-list").nth(1)).to_contain_text("by Mandy Mills")

        page.get_by_text("Correct the receipt date, or change whether").click()
        change = page.locator("#statement-change")
        change.locator("#id_statement-final_due_day").fill("30")
        change.locator("#id_statement-final_due_month").fill("1")
        change.locator("#id_statement-final_due_year").fill("2026")
        change.get_by_role("button", name="Save changes").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Give the reason for the change"
        )
        assert axe_violations(page) == []
        shoot(page, "manager-error-1280")

        page.locator(".govuk-error-summary").get_by_role("link").click()
        expect(page.get_by_label("Reason for the change")).to_be_focused()
        page.get_by_label("Reason for the change").fill("Agreed with Ofsted")
        page.locator("#statement-change").get_by_role("button", name="Save changes").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Statement of action updated"
        )
        expect(page.locator("#main-content")).to_contain_text("Agreed with Ofsted")

    statement = StatementOfAction.objects.get(inspection=inspection)
    assert statement.final_due == datetime.date(2026, 1, 30)
    assert statement.submitted_by is not None and statement.submitted_at is not None
    assert statement.submitted_by.username == "mandy"
    assert statement.submitted_at <= timezone.now()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["mandy", "owen"])
def test_the_section_fits_a_phone(live_server, browser, who):
    inspection = overdue_inspection()

    with new_page(browser, base_url=live_server.url, locale="en-GB", viewport=PHONE) as page:
        SignInPage(page).open().sign_in_to_dashboard(who, PASSWORD)
        open_section(page, inspection)
        if who == "mandy":
            page.locator("#statement-change summary").click()
            expect(page.get_by_role("button", name="Save changes")).to_be_visible()
        else:
            expect(page.get_by_role("button", name="Record as published")).to_have_count(0)
        assert no_sideways_scroll(page)
        assert axe_violations(page) == []
        shoot(page, f"{who}-375")
