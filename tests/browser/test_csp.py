"""The Content-Security-Policy in Chromium: every kind of page sends it, nothing on them is
blocked by it (new_page fails the test on any violation), and their scripts still run."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from inspections.models import Inspection
from tests.browser.browser import new_page, record_csp_violations, sign_in_by_cookie
from tests.browser.pages import SignInPage
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)

GOVUK_JS_STARTED = re.compile(r"\bjs-enabled\b")


def open_with_policy(page: Page, path: str, status: int = 200) -> None:
    """Opens `path` and checks that its answer carried a policy with nothing inline."""
    response = page.goto(path)
    assert response is not None and response.status == status, path
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, path
    assert "unsafe-inline" not in policy, path


def expect_govuk_javascript_started(page: Page) -> None:
    """static/build/app.mjs ran: GOV.UK Frontend marks the body once it has started."""
    expect(page.locator("body")).to_have_class(GOVUK_JS_STARTED)


def test_public_pages_sign_in_and_not_found_run_their_scripts(live_server, browser, world: World):
    Inspection.objects.filter(pk=world.inspection.pk).update(published=True)

    with new_page(browser, base_url=live_server.url) as page:
        for path, status in [
            ("/", 200),
            (f"/authorities/{world.wigan.slug}/", 200),
            (f"/inspections/{world.inspection.pk}/", 200),
            ("/accounts/login/", 200),
            ("/no-such-page/", 404),
        ]:
            open_with_policy(page, path, status)
            expect_govuk_javascript_started(page)


def test_the_swagger_ui_renders_the_api_operations(live_server, browser):
    with new_page(browser, base_url=live_server.url) as page:
        open_with_policy(page, "/api/v1/docs/")
        # Swagger UI's start-up script is a file, fetched and run under the policy; it
        # then fetches the schema and draws one block per operation.
        expect(
            page.locator(".opblock-summary-path", has_text="/api/v1/actions/").first
        ).to_be_visible()
        page.locator(".opblock-summary", has_text="/api/v1/authorities/").first.click()
        expect(page.get_by_role("button", name="Try it out").first).to_be_visible()


def test_workspace_pages_run_their_scripts(live_server, browser, world: World):
    with new_page(browser, base_url=live_server.url) as page:
        SignInPage(page).open().sign_in_to_dashboard("mandy", "correct-horse-9")
        for path in [
            "/work/",
            "/work/actions/",
            f"/work/actions/{world.action.pk}/",
            f"/work/inspections/{world.inspection.pk}/",
        ]:
            open_with_policy(page, path)
            expect_govuk_javascript_started(page)


def test_admin_pages_run_their_scripts(live_server, browser, world: World):
    admin = User.objects.create_superuser("ada", "ada@example.org", "correct-horse-9")
    with new_page(browser, base_url=live_server.url) as page:
        sign_in_by_cookie(page, admin, live_server.url)
        open_with_policy(page, "/admin/")
        expect(page.get_by_role("link", name="Action items")).to_be_visible()

        open_with_policy(page, f"/admin/actions/actionitem/{world.action.pk}/change/")
        # The admin's own scripts ran: the calendar shortcut beside the due date...
        expect(page.locator(".datetimeshortcuts").first).to_be_visible()

        # ...and the finding's autocomplete box, which fetches its choices as JSON.
        open_with_policy(page, "/admin/actions/actionitem/add/")
        page.locator(".select2-selection").first.click()
        expect(page.get_by_role("option", name="Casework audits")).to_be_visible()


def test_a_violation_is_heard_with_javascript_on_and_off(browser: Browser):
    """The check that every browser test relies on can fail: an inline style and script
    under a policy that forbids them are both reported."""
    blocked = (
        "<!DOCTYPE html><html lang='en'><head><title>t</title>"
        "<style>p { color: red; }</style></head>"
        "<body><script>document.title = 'ran';</script></body></html>"
    )
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        try:
            violations = record_csp_violations(context)
            page = context.new_page()
            page.route(
                "http://csp.test/",
                lambda route: route.fulfill(
                    body=blocked,
                    content_type="text/html",
                    headers={"Content-Security-Policy": "default-src 'self'"},
                ),
            )
            page.goto("http://csp.test/")
            page.wait_for_load_state()
            expected = 2 if javascript else 1  # no script runs, or is refused, without JS
            expect(page).not_to_have_title("ran")
            assert len(violations) >= expected, violations
        finally:
            context.close()
