"""The "API tokens" page in Chromium: make a token, copy its key, revoke it; accessible
at every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from inspections.models import LocalAuthority, Membership
from tests.browser.browser import axe_violations, new_page, save_screenshot, title_starting
from tests.conftest import make_user

PASSWORD = "correct-horse-9"  # make_user's


@pytest.mark.django_db(transaction=True)
def test_a_person_makes_copies_and_revokes_a_token(live_server, browser):
    owner = make_user("owen", LocalAuthority.objects.get(name="Wigan"), Membership.Role.OWNER)
    owner.first_name, owner.last_name = "Owen", "Oduya"
    owner.save()

    with new_page(browser, base_url=live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("owen")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="API tokens").click()
        expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-empty")

        page.get_by_role("button", name="Create token").click()
        expect(page).to_have_title(title_starting("Error: API tokens"))
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-error")

        page.get_by_label("Name of the new token").fill("Performance dashboard")
        page.get_by_role("button", name="Create token").click()
        key = page.get_by_label("Your new token").input_value()
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-created")

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert client.get("/api/v1/me/actions/").status_code == 200

        page.get_by_role("button", name="Revoke Performance dashboard").click()
        expect(page.get_by_text("The token “Performance dashboard” was revoked.")).to_be_visible()
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-revoked")
        assert client.get("/api/v1/me/actions/").status_code == 401
