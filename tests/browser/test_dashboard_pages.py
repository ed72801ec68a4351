"""A manager's dashboard, inspection page and calendar page in Chromium: usable and accessible."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from actions import services
from actions.models import ActionItem, Status
from inspections.models import Finding, Inspection, LocalAuthority, Membership
from tests.browser.browser import axe_violations, new_page, save_screenshot, title_starting
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


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.django_db(transaction=True)
def test_dashboard_inspection_and_calendar_pages(live_server, browser):
    inspection = build_wigan()

    with new_page(browser, base_url=live_server.url, locale="en-GB") as page:
        sign_in(page, "mandy")

        page.wait_for_url("**/work/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
        chart = page.get_by_role("img", name="Open and completed actions over time: Wigan")
        assert chart.count() == 1
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-dashboard")

        page.get_by_role("link", name="Focused visit, 4 November 2025").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(inspection.title)
        page.get_by_text("Add an action to recommendation 1").click()
        form = page.locator(f"#finding-{inspection.findings.get(position=3).pk}")
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-inspection")
        # Forgetting the title brings the page back with the error summary first.
        form.get_by_role("button", name="Add action").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Enter a title for the action")
        expect(page).to_have_title(title_starting("Error: "))
        assert axe_violations(page) == []
        summary.get_by_role("link").click()
        form.get_by_label("Title").fill("Publish an audit guide")
        form.get_by_label("Owner (optional)").select_option(label="Owen Oduya")
        form.get_by_label("Due date (optional)").fill("2027-03-27")
        form.get_by_label("High").check()
        form.get_by_role("button", name="Add action").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Action added: Publish an audit guide"
        )
        assert axe_violations(page) == []

        page.get_by_role("link", name="Calendar").click()
        address = page.get_by_label("Your calendar address").input_value()
        assert address.startswith(live_server.url + "/calendar/") and address.endswith(".ics")
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-calendar")

    added = ActionItem.objects.get(title="Publish an audit guide")
    assert (added.priority, added.due_date, added.owner.username) == (
        "high",
        datetime.date(2027, 3, 27),
        "owen",
    )
