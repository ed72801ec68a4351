"""GOV.UK's date input in Chromium, on the action page's edit form: a date that does not
exist comes back with GOV.UK's error on the day box alone, the error summary leads to that
box, and a real date is saved. The page passes axe, with everything inside a landmark (the
"Signed in as" bar too), and does not scroll sideways, on a phone and on a desktop."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from tests.browser.browser import axe_violations, new_page, save_screenshot, sign_in_by_cookie
from tests.browser.pages import ActionPage, fill_date
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)

ERROR_CLASS = re.compile(r"\bgovuk-input--error\b")
SHOTS = Path("/tmp/shots/forms")


def check_the_page(page: Page, name: str, width: int) -> None:
    """axe finds nothing (landmarks included), nothing scrolls sideways; a screenshot."""
    assert axe_violations(page, also=("region",)) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the page scrolls sideways"
    )
    path = save_screenshot(page, f"{name}-{width}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / path.name).write_bytes(path.read_bytes())


@pytest.mark.parametrize("width", [375, 1280])
def test_a_manager_types_a_due_date_and_is_told_when_it_is_not_a_real_date(
    live_server, browser, world: World, width: int
):
    later = datetime.date.today() + datetime.timedelta(days=60)
    viewport = {"width": width, "height": 800}

    with new_page(browser, base_url=live_server.url, viewport=viewport) as page:
        sign_in_by_cookie(page, world.manager, live_server.url)
        action_page = ActionPage(page).open(world.action.pk, "Improve audits")
        action_page.open_the_edit_form()
        due = page.get_by_role("group", name="Due date (optional)", exact=True)
        expect(due).to_have_accessible_description("For example, 27 3 2027")
        for box in ("Day", "Month", "Year"):
            expect(due.get_by_label(box, exact=True)).to_have_attribute("inputmode", "numeric")
        check_the_page(page, "date-input", width)

        fill_date(due, "2027-02-31")
        page.get_by_role("button", name="Save changes").click()

        action_page.expect_errors()
        summary_link = action_page.error_summary.get_by_role(
            "link", name="Due date must be a real date"
        )
        expect(summary_link).to_have_attribute("href", "#id_edit-due_date_day")
        expect(due).to_contain_text("Error: Due date must be a real date")
        day = due.get_by_label("Day", exact=True)
        expect(day).to_have_class(ERROR_CLASS)
        expect(day).to_have_value("31")  # what was typed stays
        for box in ("Month", "Year"):
            expect(due.get_by_label(box, exact=True)).not_to_have_class(ERROR_CLASS)
        check_the_page(page, "date-input-error", width)

        summary_link.click()
        expect(day).to_be_focused()

        fill_date(due, later.isoformat())
        page.get_by_role("button", name="Save changes").click()
        expect(action_page.success_banner).to_be_visible()
        expect(page.locator(".govuk-summary-list")).to_contain_text(date_format(later, "j F Y"))

    world.action.refresh_from_db()
    assert world.action.due_date == later
