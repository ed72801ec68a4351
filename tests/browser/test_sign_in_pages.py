"""The sign-in pages in Chromium: accessible, with errors a screen reader hears first."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.browser import axe_violations, new_page, save_screenshot
from tests.browser.pages import SignInPage


@pytest.mark.django_db(transaction=True)
def test_sign_in_and_password_reset_pages_pass_axe(live_server, browser):
    User.objects.create_user("ada", "ada@example.org", "a-long-test-password")
    with new_page(browser, base_url=live_server.url) as page:
        for path, name, heading in [
            ("/accounts/login/", "sign-in", "Sign in"),
            ("/accounts/password_reset/", "password-reset", "Reset your password"),
        ]:
            page.goto(path)
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            assert axe_violations(page, also=("region",)) == [], path
            save_screenshot(page, name)

        sign_in = SignInPage(page).open()
        sign_in.fill_in("ada", "wrong")
        page.keyboard.press("Enter")
        expect(sign_in.error_summary).to_be_visible()
        sign_in.expect_errors("Sign in")
        # GOV.UK's words, linked to the password box, which is where the message sits too.
        refused = "The username or password you entered is incorrect"
        expect(sign_in.error_summary.get_by_role("link", name=refused)).to_have_attribute(
            "href", "#id_password"
        )
        expect(page.get_by_label("Password", exact=True)).to_have_accessible_description(
            f"Error: {refused}"
        )
        assert axe_violations(page, also=("region",)) == []
        save_screenshot(page, "sign-in-error")
