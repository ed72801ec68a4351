"""The sign-in pages in Chromium: accessible, with errors a screen reader hears first."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.browser import axe_violations, new_page, save_screenshot, title_starting


@pytest.mark.django_db(transaction=True)
def test_sign_in_and_password_reset_pages_pass_axe(live_server, browser):
    User.objects.create_user("ada", "ada@example.org", "a-long-test-password")
    with new_page(browser, base_url=live_server.url) as page:
        for path, name in [
            ("/accounts/login/", "sign-in"),
            ("/accounts/password_reset/", "password-reset"),
        ]:
            page.goto(path)
            assert axe_violations(page) == [], path
            save_screenshot(page, name)

        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill("wrong")
        page.keyboard.press("Enter")
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_be_visible()
        expect(page).to_have_title(title_starting("Error: Sign in"))
        assert axe_violations(page) == []
        save_screenshot(page, "sign-in-error")
