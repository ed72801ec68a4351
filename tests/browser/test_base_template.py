"""The page template in a real browser: styled, keyboard-first, and free of WCAG failures."""

import pytest
from playwright.sync_api import expect

from tests.browser.browser import (
    axe_violations,
    focused_element_text,
    new_page,
    save_screenshot,
    stylesheets_loaded,
    title_starting,
)


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

            assert stylesheets_loaded(page), f"{path}: the stylesheet did not load"
            # The module script has run: GOV.UK Frontend is started.
            page.wait_for_selector("body.js-enabled.govuk-frontend-supported", state="attached")
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            expect(page).to_have_title(title_starting(heading))
            # Arial, not GDS Transport: this service is not on GOV.UK.
            font = page.eval_on_selector("h1", "el => getComputedStyle(el).fontFamily")
            assert "GDS Transport" not in font and "arial" in font.lower()

            assert axe_violations(page) == []
            save_screenshot(page, f"base-{name}")

            page.keyboard.press("Tab")
            assert focused_element_text(page) == "Skip to main content"
