"""The public site in Chromium: home → authority → inspection → search, accessible, with
and without JavaScript, and the workspace's recurring themes page."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from actions.management.commands.load_sample_data import DEMO_PASSWORD
from tests.browser.browser import axe_violations, new_page, save_screenshot, title_starting
from tests.browser.pages import SERVICE_NAME, PublicHomePage, SignInPage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sample_data() -> None:
    call_command("load_sample_data", stdout=io.StringIO())


def test_a_reader_goes_from_home_to_an_authority_an_inspection_and_search(
    live_server, browser, sample_data
):
    with new_page(browser, base_url=live_server.url, locale="en-GB") as page:
        home = PublicHomePage(page).open()
        expect(page).to_have_title(SERVICE_NAME)
        assert axe_violations(page) == []
        save_screenshot(page, "public-home")

        wigan = home.open_authority("Wigan")
        expect(page).to_have_title(title_starting("Wigan: inspections and actions"))
        expect(page.get_by_role("heading", name="Quality of assessments and plans")).to_have_count(
            1
        )
        assert axe_violations(page) == []
        save_screenshot(page, "public-authority")

        inspection = wigan.open_inspection(
            "21 January 2020", title_starting("Wigan: Focused visit, January 2020")
        )
        expect(page.get_by_role("heading", name="Areas for development")).to_have_count(1)
        assert axe_violations(page) == []
        save_screenshot(page, "public-inspection")

        inspection.open_search().search("audit", authority="Wigan")
        expect(page).to_have_title(title_starting("Search results for “audit”"))
        expect(page.locator("mark").first).to_have_text(re.compile(r"^audit", re.IGNORECASE))
        assert axe_violations(page) == []
        save_screenshot(page, "public-search")


def test_the_public_site_works_without_javascript(live_server, browser, sample_data):
    with new_page(browser, base_url=live_server.url, java_script_enabled=False) as page:
        PublicHomePage(page).open().search("care leavers")
        expect(page).to_have_url(re.compile(r"/search/\?q=care\+leavers"))
        expect(page.locator(".app-search-result").first).to_be_visible()
        page.locator(".app-search-result a").first.click()
        expect(page.get_by_role("heading", level=2, name="What Ofsted found")).to_have_count(1)

        page.goto("/authorities/wigan/")
        page.get_by_text("How findings are tagged with themes").click()
        expect(page.get_by_text("audit*").first).to_be_visible()


def test_printing_leaves_out_navigation_and_search(live_server, browser, sample_data):
    with new_page(browser, base_url=live_server.url) as page:
        PublicHomePage(page).open()
        page.emulate_media(media="print")
        expect(page.locator(".govuk-service-navigation__wrapper")).not_to_be_visible()
        expect(page.locator(".app-search-form")).not_to_be_visible()
        expect(page.get_by_role("heading", name="Local authorities", exact=True)).to_be_visible()


def test_staff_see_their_authoritys_recurring_themes(live_server, browser, sample_data):
    with new_page(browser, base_url=live_server.url) as page:
        SignInPage(page).open(next_path="/work/themes/").sign_in("wigan.manager", DEMO_PASSWORD)
        expect(page).to_have_url(re.compile(r"/work/themes/$"))
        expect(page.get_by_role("heading", level=2, name="Wigan")).to_have_count(1)
        expect(page.get_by_role("heading", name="Quality assurance and audit")).to_have_count(1)
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-themes")
