"""The "API tokens" page in Chromium: make a read-only token and a read-and-write one with
an expiry date, copy a key, see the list say what each can do, revoke one; accessible at
every step."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect
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
    today = timezone.localdate()
    yesterday, in_a_month = today - datetime.timedelta(days=1), today + datetime.timedelta(30)

    with new_page(browser, base_url=live_server.url) as page:
        tokens = SignInPage(page).open().sign_in_to_dashboard("owen", PASSWORD).open_api_tokens()
        expect(tokens.access("Read only")).to_be_checked()
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-empty")

        tokens.create(expires_on=yesterday.isoformat())
        tokens.expect_errors("API tokens")
        expect(tokens.error_summary).to_contain_text("Enter a name for the token")
        expect(tokens.error_summary).to_contain_text("The expiry date must be in the future")
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-error")

        tokens.create("Performance dashboard")
        key = tokens.new_key()
        expect(tokens.row("Performance dashboard")).to_contain_text("Read only")
        expect(tokens.row("Performance dashboard")).to_contain_text("Never used")
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-created")

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert client.get("/api/v1/me/actions/").status_code == 200
        assert client.post("/api/v1/actions/", {}, format="json").status_code == 403

        tokens.create("Nightly sync", access="Read and write", expires_on=in_a_month.isoformat())
        tokens.new_key()
        expect(tokens.row("Nightly sync")).to_contain_text("Read and write")
        expect(tokens.row("Nightly sync")).to_contain_text(date_format(in_a_month, "j M Y"))
        expect(tokens.access("Read only")).to_be_checked()  # the form starts afresh

        tokens.revoke("Performance dashboard")
        expect(tokens.row("Performance dashboard")).to_contain_text("Revoked")
        expect(tokens.row("Performance dashboard")).not_to_contain_text("Never used")
        assert axe_violations(page) == []
        save_screenshot(page, "api-tokens-revoked")
        assert client.get("/api/v1/me/actions/").status_code == 401
