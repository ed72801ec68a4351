"""Single sign-on end to end in Chromium, through a real OpenID provider: npm's
`oidc-provider` (tests/accounts/oidc_provider.mjs), started with node for the test run.
Nothing of the protocol is mocked: the browser goes to the provider and back, and the
service fetches tokens, keys and userinfo from it over HTTP.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from actions.models import ActionItem
from inspections.models import Finding, Inspection
from tests.browser.browser import axe_violations, new_page
from tests.browser.conftest import _local_authorities  # noqa: F401  (Wigan and Wirral back)
from tests.browser.pages import ActionListPage, DashboardPage, OnPage, SignInPage
from tests.conftest import free_port

PROVIDER_SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID = "inspection-action-tracker"
CLIENT_SECRET = secrets.token_urlsafe(32)
PASSWORD = "correct-horse-9"  # tests/conftest.py make_user
READY_WITHIN_SECONDS = 30


def discovery_document(issuer: str, process: subprocess.Popen, log: Path) -> dict:
    """The provider's discovery document, polled for until it answers."""
    deadline = time.monotonic() + READY_WITHIN_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"The OpenID provider stopped:\n{log.read_text()}")
        try:
            address = f"{issuer}/.well-known/openid-configuration"
            with urllib.request.urlopen(address, timeout=2) as answer:
                return json.load(answer)
        except OSError:
            if time.monotonic() > deadline:
                message = f"The OpenID provider did not start:\n{log.read_text()}"
                raise RuntimeError(message) from None
            time.sleep(0.1)


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory) -> Iterator[dict]:
    """A real OpenID provider on a free loopback port, whose one client is the live server;
    its discovery document, once it answers. Stopped by its PID at the end."""
    port = free_port()
    log = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["node", str(PROVIDER_SCRIPT)],
            env={
                **os.environ,
                "PORT": str(port),
                "CLIENT_ID": CLIENT_ID,
                "CLIENT_SECRET": CLIENT_SECRET,
                "REDIRECT_URI": f"{live_server.url}/oidc/callback/",
                "POST_LOGOUT_REDIRECT_URI": f"{live_server.url}/",
            },
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield discovery_document(f"http://127.0.0.1:{port}", process, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, oidc_provider):
    """The live server (in this process) signs on through the provider, as a council sets
    it up, with every endpoint from the provider's discovery document."""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = oidc_provider["issuer"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = oidc_provider["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = oidc_provider["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = oidc_provider["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = oidc_provider["jwks_uri"]
    settings.OIDC_OP_END_SESSION_ENDPOINT = oidc_provider["end_session_endpoint"]
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "actions.plumbing.sso.StaffSignOnBackend",
    ]
    return settings


class ProviderPages(OnPage):
    """The OpenID provider's own pages: its development sign-in form (any login signs in;
    here the login is the e-mail address), its consent page, and its sign-out question."""

    @property
    def login_box(self) -> Locator:
        return self.page.locator('input[name="login"]')

    def sign_in_as(self, email: str) -> None:
        expect(self.login_box).to_be_visible()
        self.login_box.fill(email)
        self.page.locator('input[name="password"]').fill("anything")
        self.page.get_by_role("button", name="Sign-in").click()
        self.page.get_by_role("button", name="Continue").click()

    def confirm_sign_out(self) -> None:
        self.page.get_by_role("button", name="Yes, sign me out").click()


class SingleSignOnPage(SignInPage):
    """The sign-in page with single sign-on set up."""

    def sign_in_with_provider(self, email: str) -> None:
        """Goes to the provider and signs in there; the page that follows is the caller's
        to wait for."""
        self.page.get_by_role("button", name="Sign in with Microsoft").click()
        ProviderPages(self.page).sign_in_as(email)

    def unfold_the_password_form(self) -> None:
        """Under SSO only, the password form is folded away under a summary."""
        self.page.get_by_text("Sign in with a password (emergency accounts only)").click()
        expect(self.page.get_by_label("Username")).to_be_visible()

    def sign_in_with_password(self, username: str, password: str) -> None:
        self.fill_in(username, password)
        self.page.get_by_role("button", name="Sign in", exact=True).click()


def open_sign_in(page: Page) -> SingleSignOnPage:
    sign_in = SingleSignOnPage(page)
    sign_in.open()
    expect(page.get_by_role("button", name="Sign in with Microsoft")).to_be_visible()
    return sign_in


@pytest.mark.django_db(transaction=True)
def test_staff_sign_on_as_their_account_and_sign_out_of_both(sso, live_server, browser, world):
    wirral_finding = Finding.objects.create(
        inspection=Inspection.objects.create(authority=world.wirral, title="Visit to Wirral"),
        kind=Finding.Kind.AREA_FOR_DEVELOPMENT,
        text="Wirral's finding",
        position=0,
    )
    ActionItem.objects.create(finding=wirral_finding, title="Wirral's own action")
    with new_page(browser, base_url=live_server.url) as page:
        # Owen is known here as owen@example.org; the provider's address differs in case.
        open_sign_in(page).sign_in_with_provider("Owen@Example.org")

        dashboard = DashboardPage(page).arrived()
        expect(page.get_by_text("Signed in as owen")).to_be_visible()
        # What Owen sees is his authority's, from his Wigan membership.
        ActionListPage(page).open()
        expect(page.get_by_role("link", name="Improve audits")).to_be_visible()
        expect(page.get_by_role("link", name="Wirral's own action")).to_have_count(0)

        dashboard.open()
        page.get_by_role("button", name="Sign out").click()
        ProviderPages(page).confirm_sign_out()
        expect(page.get_by_role("link", name="Staff sign in")).to_be_visible()

        page.goto("/work/")
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/work/$"))
        # Signed out of the provider too: it asks who you are again.
        open_sign_in(page).page.get_by_role("button", name="Sign in with Microsoft").click()
        expect(ProviderPages(page).login_box).to_be_visible()
    assert not User.objects.filter(email__iexact="owen@example.org").exclude(pk=world.owner.pk)


@pytest.mark.django_db(transaction=True)
def test_an_unknown_address_is_refused_with_a_reason(sso, live_server, browser, world):
    with new_page(browser, base_url=live_server.url) as page:
        sign_in = open_sign_in(page)
        sign_in.sign_in_with_provider("stranger@example.org")

        expect(page).to_have_url(re.compile(r"/accounts/login/$"))
        expect(sign_in.banner).to_contain_text(
            "There is no account for stranger@example.org. "
            "Ask a manager at your council to add you."
        )
        assert axe_violations(page) == []
        page.goto("/work/")
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/work/$"))
    assert not User.objects.filter(email="stranger@example.org").exists()


@pytest.mark.django_db(transaction=True)
def test_sso_only_keeps_passwords_for_break_glass_accounts(sso, live_server, browser, world):
    sso.SSO_ONLY = True
    sso.SSO_BREAK_GLASS_USERNAMES = ["mandy"]
    with new_page(browser, base_url=live_server.url) as page:
        sign_in = open_sign_in(page)
        sign_in.unfold_the_password_form()
        sign_in.sign_in_with_password("owen", PASSWORD)
        sign_in.expect_errors("Sign in")
        # Refused, and the form stays unfolded with its errors.
        expect(sign_in.error_summary).to_be_visible()
        expect(page.get_by_label("Username")).to_be_visible()
        assert axe_violations(page) == []

        sign_in.sign_in_with_password("mandy", PASSWORD)
        DashboardPage(page).arrived()
        expect(page.get_by_text("Signed in as mandy")).to_be_visible()
