"""A manager's dashboard, inspection page and calendar page in Chromium: usable and accessible."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from actions import services
from actions.models import ActionItem, Status
from inspections.models import Finding, Inspection, LocalAuthority, Membership
from tests.browser.browser import axe_violations, new_page, save_screenshot
from tests.browser.pages import SignInPage, fill_date
from tests.conftest import make_user

PASSWORD = "correct-horse-9"  # make_user's
TITLES = ["Revise the plan template", "Audit supervision records", "Train auditors"]


def build_wigan() -> Inspection:
    """An inspection two months into its action plan, with progress to chart."""
    wigan, _ = LocalAuthority.objects.get_or_create(name="Wigan", defaults={"slug": "wigan"})
    manager = make_user("mandy", wigan, Membership.Role.MANAGER)
    manager.first_name, manager.last_name = "Mandy", "Mills"
    manager.save()
    owner = make_user("owen", wigan, Membership.Role.OWNER)
    owner.first_name, owner.last_name = "Owen", "Oduya"
    owner.save()
    inspection = Inspection.objects.create(
        authority=wigan,
        kind=Inspection.Kind.FOCUSED_VISIT,
        title="Focused visit to Wigan children’s services",
        visit_start=datetime.date(2025, 11, 4),
        visit_end=datetime.date(2025, 11, 5),
        lead_inspector="Sam Smith",
        overall_judgement="good",
    )
    texts = [
        (Finding.Kind.STRENGTH, "Leaders know their services well."),
        (Finding.Kind.AREA_FOR_DEVELOPMENT, "The quality of plans for children in need."),
        (Finding.Kind.AREA_FOR_DEVELOPMENT, "Management oversight of casework."),
        (Finding.Kind.RECOMMENDATION, "Audits should focus on children’s experiences."),
    ]
    findings = [
        Finding.objects.create(inspection=inspection, kind=kind, text=text, position=n)
        for n, (kind, text) in enumerate(texts)
    ]
    now = timezone.now()
    today = timezone.localdate()
    actions = []
    with time_machine.travel(now - datetime.timedelta(days=60), tick=False):
        for n in range(9):
            actions.append(
                ActionItem.objects.create(
                    finding=findings[1 + n % 3],
                    title=f"Action {n + 1}: {TITLES[n % 3]}",
                    owner=owner if n % 2 else manager,
                    due_date=today + datetime.timedelta(days=(n - 3) * 7),
                )
            )
    for days_ago, n in [(45, 0), (30, 1), (20, 2), (10, 3)]:
        with time_machine.travel(now - datetime.timedelta(days=days_ago), tick=False):
            services.change_status(action=actions[n], to_status=Status.IN_PROGRESS, by=manager)
            services.change_status(
                action=actions[n], to_status=Status.COMPLETED, by=manager, note="Done."
            )
    with time_machine.travel(now - datetime.timedelta(days=5), tick=False):
        services.change_status(action=actions[4], to_status=Status.IN_PROGRESS, by=manager)
        services.change_status(
            action=actions[5], to_status=Status.CANCELLED, by=manager, note="Merged."
        )
    return inspection


@pytest.mark.django_db(transaction=True)
def test_dashboard_inspection_and_calendar_pages(live_server, browser):
    inspection = build_wigan()

    with new_page(browser, base_url=live_server.url, locale="en-GB") as page:
        dashboard = SignInPage(page).open().sign_in_to_dashboard("mandy", PASSWORD)
        expect(dashboard.chart("Wigan")).to_have_count(1)
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-dashboard")

        inspection_page = dashboard.open_inspection(
            "Focused visit, November 2025", inspection.title
        )
        form = inspection_page.open_the_form_to_add_an_action(
            "recommendation 1", inspection.findings.get(position=3).pk
        )
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-inspection")
        # Forgetting the title brings the page back with the error summary first.
        form.get_by_role("button", name="Add action").click()
        expect(inspection_page.error_summary).to_contain_text("Enter a title for the action")
        inspection_page.expect_errors()
        assert axe_violations(page) == []
        inspection_page.error_summary.get_by_role("link").click()
        form.get_by_label("Title").fill("Publish an audit guide")
        form.get_by_label("Owner (optional)").select_option(label="Owen Oduya")
        fill_date(form.get_by_role("group", name="Due date (optional)", exact=True), "2027-03-27")
        form.get_by_label("High").check()
        form.get_by_role("button", name="Add action").click()
        expect(inspection_page.banner).to_contain_text("Action added: Publish an audit guide")
        assert axe_violations(page) == []

        calendar = dashboard.open_calendar()
        expect(calendar.address).to_have_value(
            re.compile("^" + re.escape(live_server.url + "/calendar/") + r".*\.ics$")
        )
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-calendar")

    added = ActionItem.objects.get(title="Publish an audit guide")
    assert added.owner is not None
    assert (added.priority, added.due_date, added.owner.username) == (
        "high",
        datetime.date(2027, 3, 27),
        "owen",
    )
