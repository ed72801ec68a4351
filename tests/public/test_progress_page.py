"""The public inspection page's progress, the footer's pages on every page, and the page
that explains the Atom feed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import publishing, services
from actions.models import ActionItem, Status
from tests.public.conftest import KIND, publish

pytestmark = pytest.mark.django_db

FOOTER_LINKS = {
    "Accessibility statement": "/accessibility/",
    "Privacy": "/privacy/",
    "Cookies": "/cookies/",
    "Feedback": "/feedback/",
}


@pytest.fixture
def progress(world):
    """A published inspection of two findings: one action verified with an approved
    summary, one completed, one in progress and one not started."""
    inspection = world.inspection
    inspection.published = True
    inspection.save()
    second = inspection.findings.create(
        kind=KIND.RECOMMENDATION, text="Improve supervision.", position=1
    )
    verified = world.action
    publishing.approve_public_summary(
        action=verified,
        by=world.manager,
        summary="Audits will look at the quality of work",
        expected_version=None,
    )
    for step in (Status.IN_PROGRESS, Status.COMPLETED):
        services.change_status(action=verified, to_status=step, by=world.owner, note="Done")
    services.change_status(action=verified, to_status=Status.VERIFIED, by=world.manager)
    completed = ActionItem.objects.create(
        finding=second, title="Hire the agency supervisor", owner=world.owner
    )
    for step in (Status.IN_PROGRESS, Status.COMPLETED):
        services.change_status(action=completed, to_status=step, by=world.owner, note="Done")
    ActionItem.objects.create(
        finding=second,
        title="Secret plan",
        status=Status.IN_PROGRESS,
        due_date=datetime.date(2030, 5, 1),
    )
    ActionItem.objects.create(finding=second, title="Another internal title")
    return inspection


def test_one_progress_sentence_and_bar_for_the_inspection(client, progress):
    page = client.get(f"/inspections/{progress.pk}/").content.decode()

    assert "2 of 4 actions completed, 1 verified" in page
    assert page.count('class="app-progress-bar"') == 1
    # The bar's widths: completed 50%, verified 25%.
    assert 'class="app-progress-bar__completed" width="50"' in page
    assert 'class="app-progress-bar__verified" width="25"' in page


def test_actions_are_a_short_list_under_each_finding_with_the_approved_summary_only(
    client, progress
):
    page = client.get(f"/inspections/{progress.pk}/").content.decode()

    assert "<table" not in page.split("What Ofsted found")[1]
    assert page.count('class="app-public-action"') == 4
    assert "Audits will look at the quality of work" in page
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Verified: {today}" in page and f"Completed: {today}" in page
    assert "Due: 1 May 2030" in page
    for internal in ("Improve audits", "Hire the agency", "Secret plan", "Another internal"):
        assert internal not in page
    # Unapproved actions go by their number under their finding.
    assert re.search(r"Action 3<span[^>]*>:</span> <span[^>]*>\(summary not yet published\)", page)


def test_completed_and_verified_are_explained_in_words(client, progress):
    page = client.get(f"/inspections/{progress.pk}/").content.decode()

    assert "The person responsible for the action says it is done" in page
    assert "A manager has checked the evidence and agrees the action is done" in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_footer_links_the_accessibility_privacy_cookies_and_feedback_pages(
    client, world, signed_in
):
    if signed_in:
        client.force_login(world.manager)
    urls = ["/", "/search/", "/accessibility/", "/no-such-page/"]
    if signed_in:
        urls += [
            reverse("workspace:dashboard"),
            reverse("workspace:action", args=[world.action.pk]),
        ]
    for url in urls:
        page = client.get(url).content.decode()
        footer = page.split('<footer class="govuk-footer">')[1]
        for text, href in FOOTER_LINKS.items():
            assert f'href="{href}">{text}</a>' in footer, (url, text)
        banner = page.split('class="govuk-phase-banner"')[1].split("</div>")[0]
        assert 'href="/feedback/"' in banner, url


def test_the_accessibility_statement_follows_the_model_statement(client):
    page = client.get("/accessibility/").content.decode()

    for part in (
        "Web Content Accessibility Guidelines version 2.2",
        "AA standard",
        "Non-accessible content",
        "Reporting accessibility problems with this service",
        "Equality and Human Rights Commission (EHRC)",
        "This statement was prepared on",
    ):
        assert part in page


def test_the_privacy_and_feedback_pages_use_the_configured_addresses(client, settings):
    settings.DATA_PROTECTION_EMAIL = "dpo@wigan.example"
    settings.FEEDBACK_EMAIL = "tell-us@wigan.example"

    privacy = client.get("/privacy/").content.decode()
    feedback = client.get("/feedback/").content.decode()

    assert 'href="mailto:dpo@wigan.example"' in privacy
    assert "public task" in privacy
    assert 'href="mailto:tell-us@wigan.example?subject=' in feedback


def test_the_public_pages_set_no_cookies_and_the_cookies_page_says_so(client, progress):
    urls = [
        "/",
        f"/authorities/{progress.authority.slug}/",
        f"/authorities/{progress.authority.slug}/follow/",
        f"/inspections/{progress.pk}/",
        "/search/?q=audit",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/feedback/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
    assert not client.cookies
    page = client.get("/cookies/").content.decode()
    assert "The public pages set no cookies" in page
    assert '<td class="govuk-table__cell">sessionid</td>' in page
    assert '<td class="govuk-table__cell">csrftoken</td>' in page


def test_the_follow_link_opens_a_page_that_explains_the_feed(client, world):
    publish(world.wigan, year=2020)

    authority = client.get("/authorities/wigan/").content.decode()
    follow = client.get("/authorities/wigan/follow/").content.decode()

    assert 'href="/authorities/wigan/follow/">Follow new inspections' in authority
    assert "http://testserver/authorities/wigan/feed/" in follow
    assert "feed reader" in follow
    assert client.get("/authorities/no-such-place/follow/").status_code == 404
