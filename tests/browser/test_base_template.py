"""The page template in a real browser: styled, keyboard-first, and free of WCAG failures."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.browser import (
    axe_violations,
    expect_stylesheets_loaded,
    new_page,
    save_screenshot,
    title_starting,
)

# Arial, not GDS Transport: this service is not on GOV.UK.
ARIAL_NOT_GDS_TRANSPORT = re.compile(r"^(?!.*GDS Transport).*arial", re.IGNORECASE)


@pytest.mark.django_db(transaction=True)
def test_home_and_not_found_pages_are_styled_accessible_and_start_with_the_skip_link(
    live_server, browser
) -> None:
    with new_page(browser, base_url=live_server.url) as page:
        for path, name, status, heading in [
            ("/", "home", 200, "Inspection action tracker"),
            ("/no-such-page/", "not-found", 404, "Page not found"),
        ]:
            response = page.goto(path)
            assert response is not None and response.status == status

            expect_stylesheets_loaded(page)
            # The module script has run: GOV.UK Frontend is started.
            expect(page.locator("body")).to_contain_class("js-enabled govuk-frontend-supported")
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            expect(page).to_have_title(title_starting(heading))
            expect(page.locator("h1")).to_have_css("font-family", ARIAL_NOT_GDS_TRANSPORT)

            assert axe_violations(page) == []
            save_screenshot(page, f"base-{name}")

            page.keyboard.press("Tab")
            expect(page.locator(":focus")).to_have_text("Skip to main content")
