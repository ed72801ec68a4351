"""The action page in Chromium, as its owner and as a manager: accessible and keyboard-usable."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from actions.models import ActionUpdate, Status
from actions.services import add_note, change_status, update_action
from tests.browser.browser import axe_violations, new_page, save_screenshot
from tests.browser.pages import ActionPage, SignInPage
from tests.conftest import World

PASSWORD = "correct-horse-9"  # what tests.conftest.make_user gives everyone

pytestmark = pytest.mark.django_db(transaction=True)


def give_it_a_past(world: World) -> None:
    """A few weeks of work on the action, so the page has a timeline and a history."""
    for user in (world.owner, world.colleague, world.manager):
        user.first_name, user.last_name = {
            "owen": ("Owen", "Owner"),
            "colin": ("Colin", "Colleague"),
            "mandy": ("Mandy", "Manager"),
        }[user.username]
        user.save()
    update_action(
        action=world.action,
        by=world.manager,
        expected_version=None,
        due_date=datetime.date.today() + datetime.timedelta(days=10),
        priority="high",
        description="Audit ten cases a month against the child's lived experience.",
    )
    change_status(action=world.action, to_status=Status.IN_PROGRESS, by=world.owner)
    add_note(action=world.action, by=world.owner, note="Audit tool drafted with team managers.")


def test_the_owner_adds_a_note_with_the_keyboard_alone(live_server, browser, world: World):
    give_it_a_past(world)

    with new_page(browser, base_url=live_server.url) as page:
        SignInPage(page).open().sign_in_to_dashboard("owen", PASSWORD)
        action_page = ActionPage(page).open(world.action.pk, "Improve audits")
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-action-owner")

        # Tab from the top of the page to the note box, type, and send it with Enter on
        # the button: no mouse.
        for _ in range(40):
            page.keyboard.press("Tab")
            if action_page.note_box.evaluate("el => el === document.activeElement"):
                break
        else:
            pytest.fail("The note box cannot be reached with the Tab key")
        page.keyboard.type("First audits done; findings shared with the team.")
        page.keyboard.press("Tab")  # the file input
        page.keyboard.press("Tab")  # the button
        page.keyboard.press("Enter")

        expect(action_page.success_banner).to_contain_text("Your note was added.")
        expect(action_page.timeline).to_contain_text("First audits done")
    assert ActionUpdate.objects.filter(note__startswith="First audits done").exists()


def test_the_manager_sees_every_form_and_the_page_is_accessible(live_server, browser, world):
    give_it_a_past(world)
    change_status(action=world.action, to_status=Status.COMPLETED, by=world.owner, note="Done.")

    with new_page(browser, base_url=live_server.url) as page:
        SignInPage(page).open().sign_in_to_dashboard("mandy", PASSWORD)
        action_page = ActionPage(page).open(world.action.pk, "Improve audits")

        expect(page.get_by_role("heading", name="Verify this action")).to_be_visible()
        expect(page.get_by_role("heading", name="Change the status")).to_be_visible()
        action_page.open_the_edit_form()
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-action-manager")

        # A reopen without a reason: the error summary links to the box to fill in.
        action_page.change_status("Reopened (back to in progress)")
        expect(page.get_by_role("link", name="Say why you are changing the status")).to_be_visible()
        action_page.expect_errors()
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-action-manager-error")

        # Meanwhile someone else reschedules the action: the reopen is refused, not obeyed.
        update_action(
            action=world.action,
            by=world.manager,
            expected_version=None,
            due_date=datetime.date(2027, 1, 29),
        )
        action_page.reason.fill("The audit sample was too small.")
        page.get_by_role("button", name="Change status").click()
        expect(action_page.stale_warning).to_contain_text("29 January 2027")
        expect(action_page.reason).to_have_value("The audit sample was too small.")
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-action-stale")
    world.action.refresh_from_db()
    assert world.action.status == Status.COMPLETED
