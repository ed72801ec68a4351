"""The public inspection page of the Wigan 2017 inspection and the accessibility statement,
in Chromium at a phone's 375 px and a desktop's 1280 px: a manager approves an action's
public summary, and a reader sees it with the inspection's progress; a finding with many
actions lists the few that matter and links to all of them, 50 a page; no axe violation
and no sideways scroll on any of these pages at either width."""

from __future__ import annotations

import datetime
import io
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from actions.models import ActionItem, Status
from inspections.models import Inspection
from tests.browser.browser import axe_violations, new_page, save_screenshot, sign_in_by_cookie
from tests.browser.public_progress_pages import ActionPublicSummary, PublicInspectionPage

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (375, 1280)
SUMMARY = "Audit work will check the quality of practice, not only compliance."
SHOTS = Path("/tmp/shots/public")


@pytest.fixture
def wigan_2017() -> Inspection:
    call_command("load_sample_data", stdout=io.StringIO())
    return Inspection.objects.get(authority__name="Wigan", visit_start__year=2017)


def check_at_each_width(page: Page, name: str) -> None:
    """No axe violation and no sideways scroll, at the phone's width and the desktop's."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], f"{name} at {width} px"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways at {width} px"
        )
        shot = save_screenshot(page, f"{name}-{width}")
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, SHOTS / shot.name)


def test_a_reader_follows_the_progress_of_the_wigan_2017_inspection(
    live_server, browser, wigan_2017
):
    action = ActionItem.objects.filter(
        finding__inspection=wigan_2017, title__startswith="Ensure that the revised quality"
    ).get()
    with new_page(browser, base_url=live_server.url) as page:
        sign_in_by_cookie(page, User.objects.get(username="wigan.manager"), live_server.url)
        ActionPublicSummary(page).open(action.pk, action.title).approve_summary(SUMMARY)

    actions = ActionItem.objects.filter(finding__inspection=wigan_2017)
    total = actions.exclude(status=Status.CANCELLED).count()
    completed = actions.filter(status__in=[Status.COMPLETED, Status.VERIFIED]).count()
    verified = actions.filter(status=Status.VERIFIED).count()
    with new_page(
        browser, base_url=live_server.url, viewport={"width": 375, "height": 900}
    ) as page:
        public = PublicInspectionPage(page).open(wigan_2017.pk)

        expect(public.progress_text).to_have_text(
            re.compile(rf"^{completed} of {total} actions completed, {verified} verified")
        )
        expect(public.progress_bar).to_have_attribute("aria-hidden", "true")
        expect(public.actions).to_have_count(total)
        expect(public.actions.filter(has_text=SUMMARY)).to_have_count(1)
        expect(page.get_by_text("A manager has checked the evidence")).to_be_visible()
        expect(page.get_by_text(action.title, exact=True)).to_have_count(0)
        check_at_each_width(page, "public-progress-inspection")

        statement = public.open_footer_link("Accessibility statement")
        expect(statement.heading).to_have_text(re.compile("^Accessibility statement"))
        check_at_each_width(page, "public-progress-accessibility")


def test_a_reader_pages_through_every_action_of_a_busy_finding(live_server, browser, wigan_2017):
    finding = ActionItem.objects.filter(finding__inspection=wigan_2017).earliest("pk").finding
    today = timezone.localdate()
    ActionItem.objects.bulk_create(
        ActionItem(
            finding=finding,
            title=f"Internal step {n}",
            status=Status.IN_PROGRESS,
            due_date=today + datetime.timedelta(days=n - 10),
        )
        for n in range(60)
    )
    count = finding.actions.count()
    with new_page(
        browser, base_url=live_server.url, viewport={"width": 375, "height": 900}
    ) as page:
        public = PublicInspectionPage(page).open(wigan_2017.pk)
        shown = page.locator(f"#finding-{finding.pk} .app-public-action")
        expect(shown).to_have_count(5)
        check_at_each_width(page, "public-progress-busy-inspection")

        every = public.open_all_actions(count)
        expect(every.actions).to_have_count(50)
        expect(every.pagination).to_be_visible()
        expect(page.get_by_text("Internal step", exact=False)).to_have_count(0)
        check_at_each_width(page, "public-progress-finding-actions")
