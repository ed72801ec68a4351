"""An action's whole life in Chromium: the owner records progress with evidence and completes
it, then their manager signs it off; the timeline, the history and the dashboard agree."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from actions.models import ActionItem, ActionUpdate, Status
from inspections.models import Finding, Inspection, LocalAuthority, Membership
from tests.browser.browser import axe_violations, new_page, save_screenshot
from tests.browser.pages import ActionPage, DashboardPage, SignInPage

PASSWORD = "a-long-test-password"
EVIDENCE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "pdfs"
    / ("2019-01-17-redcar-and-cleveland-focused-visit.pdf")
)


def member(username: str, name: str, authority: LocalAuthority, role: str) -> User:
    first, last = name.split()
    user = User.objects.create_user(
        username, f"{username}@example.org", PASSWORD, first_name=first, last_name=last
    )
    Membership.objects.create(user=user, authority=authority, role=role)
    return user


@pytest.mark.django_db(transaction=True)
def test_owner_completes_with_evidence_and_manager_verifies(live_server, browser):
    wigan = LocalAuthority.objects.get(name="Wigan")
    owner = member("owen", "Owen Owner", wigan, Membership.Role.OWNER)
    manager = member("mandy", "Mandy Manager", wigan, Membership.Role.MANAGER)
    inspection = Inspection.objects.create(
        authority=wigan, kind="focused_visit", title="Focused visit to Wigan"
    )
    finding = Finding.objects.create(
        inspection=inspection,
        kind="area_for_development",
        position=0,
        text="Casework audits to have a focus on the child's experience.",
    )
    action = ActionItem.objects.create(
        finding=finding, title="Improve casework audits", owner=owner, status=Status.IN_PROGRESS
    )

    with new_page(browser, base_url=live_server.url) as page:
        dashboard = SignInPage(page).open().sign_in_to_dashboard("owen", PASSWORD)
        action_page = dashboard.open_action("Improve casework audits")
        action_page.add_note("Audit tool agreed with team managers.", evidence=EVIDENCE)
        expect(page.get_by_text("Audit tool agreed with team managers.")).to_be_visible()

        action_page.change_status("Completed", note="First audits done; see the attached report.")
        expect(page.get_by_text("First audits done; see the attached report.")).to_be_visible()
        # An owner cannot sign off their own work.
        expect(page.get_by_role("button", name="Verify action")).to_have_count(0)
        assert axe_violations(page) == []
        save_screenshot(page, "lifecycle-owner-completed")

        action_page.sign_out().open().sign_in_to_dashboard("mandy", PASSWORD)
        ActionPage(page).open(action.pk, "Improve casework audits").verify()
        save_screenshot(page, "lifecycle-manager-verified")

        dashboard = DashboardPage(page).open()
        save_screenshot(page, "lifecycle-dashboard")
        # Not started, in progress, blocked, completed, verified, cancelled; red, amber,
        # green, not scheduled (open actions only); total.
        expect(dashboard.cells_of_the_first_row_of_the_table_with("Verified")).to_have_text(
            ["0", "0", "0", "0", "1", "0", "0", "0", "0", "0", "1"]
        )

    action.refresh_from_db()
    assert action.status == Status.VERIFIED
    assert (action.completed_by, action.verified_by) == (owner, manager)
    timeline = list(ActionUpdate.objects.filter(action=action).order_by("created_at"))
    assert [(u.author, u.to_status) for u in timeline] == [
        (owner, ""),
        (owner, Status.COMPLETED),
        (manager, Status.VERIFIED),
    ]
    assert timeline[0].evidence_name == EVIDENCE.name
    assert timeline[0].evidence_content_type == "application/pdf"
    history = [(h.status, h.history_user) for h in action.history.order_by("history_date")]
    assert history[-2:] == [(Status.COMPLETED, owner), (Status.VERIFIED, manager)]
