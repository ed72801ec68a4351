"""The "API tokens" page in Chromium: make a token, copy its key, revoke it; accessible
at every step."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from inspections.models import LocalAuthority, Membership
from tests.browser.browser import axe_violations, new_page, save_screenshot
from tests.browser.pages import SignInPage
from tests.conftest import make_user

PASSWORD = "correct-horse-9"  # make_user's


@pytest.mark.django_db(transaction=True)
def test_a_person_makes_copies_and_revokes_a_token(live_server, browser):
    owner = make_user("owen", LocalAuthority.objects.get(name="Wigan"), Membership.Role.OWNER)
    owner.first_name, owner.last_name = "Owen", "Oduya"
    owner.save()

    with new_page(browser, base_url=live_server.url) as page:
        tokens = SignInPage(page).open().sign_in_to_dashboard("owen", PASSWORD).open_api_tokens()
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-empty")

        tokens.create()
        tokens.expect_errors("API tokens")
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-error")

        tokens.create("Performance dashboard")
        key = tokens.new_key()
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-created")

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert client.get("/api/v1/me/actions/").status_code == 200

        tokens.revoke("Performance dashboard")
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-revoked")
        assert client.get("/api/v1/me/actions/").status_code == 401
