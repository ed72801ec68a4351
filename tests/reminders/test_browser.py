"""The reminder pages in Chromium: each passes axe (WCAG 2.2 AA) and is saved as a
screenshot in var/screenshots/ to look at."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from actions import email_links, notifications, reminders, services
from actions.models import Notification
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority
from tests.browser.browser import axe_violations, new_page, save_screenshot, sign_in_by_cookie
from tests.browser.reminder_pages import (
    EmailReplyPage,
    NotificationsPage,
    OutboxPage,
    ReminderSettingsPage,
)
from tests.reminders.conftest import TODAY, add_action

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _authorities(transactional_db) -> None:
    load_local_authorities(LocalAuthority)


def check(page: Page, name: str) -> None:
    save_screenshot(page, f"reminders-{name}")
    assert axe_violations(page) == [], name


@pytest.fixture
def sent_mail(world):
    """Wigan's reminders, sent: Owen's digest, Mandy's escalation (which then failed),
    Colin's new action."""
    names = {
        "owner": ("Owen", "Oduya"),
        "manager": ("Mandy", "Mills"),
        "colleague": ("Colin", "Clarke"),
    }
    for attribute, (first, last) in names.items():
        person = getattr(world, attribute)
        person.first_name, person.last_name = first, last
        person.save()
    add_action(world, world.owner, -3, "Audit casework for the child’s lived experience")
    add_action(world, world.owner, 1, "Publish the revised supervision policy")
    add_action(world, world.owner, 6, "Train team managers in the new audit tool")
    add_action(world, world.owner, -20, "Review the missing-children protocol")
    services.update_action(
        action=world.action, by=world.manager, expected_version=None, owner=world.colleague
    )
    reminders.sweep(TODAY)
    notifications.deliver_all()
    Notification.objects.filter(kind=Notification.Kind.ESCALATION).update(
        state=Notification.State.FAILED,
        sent_at=None,
        attempts=6,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    return world


def test_the_notification_pages_are_accessible(live_server, browser, sent_mail):
    admin = User.objects.create_superuser("ada", "ada@example.org", "correct-horse-9")

    with new_page(browser, base_url=live_server.url) as page:
        sign_in_by_cookie(page, sent_mail.owner, live_server.url)
        NotificationsPage(page).open().show_what_the_first_listed()
        check(page, "my-notifications")

    with new_page(browser, base_url=live_server.url) as page:
        sign_in_by_cookie(page, admin, live_server.url)
        outbox = OutboxPage(page).open()
        check(page, "outbox")
        outbox.send_the_failed_one_again()


def test_the_settings_page_is_accessible_with_and_without_errors(live_server, browser, world):
    with new_page(browser, base_url=live_server.url) as page:
        sign_in_by_cookie(page, world.manager, live_server.url)
        settings_page = ReminderSettingsPage(page).open()
        check(page, "settings")
        settings_page.save_final_reminder("9", authority="Wigan")
        settings_page.expect_errors()
        check(page, "settings-error")


def test_the_email_reply_pages_are_accessible(live_server, browser, world):
    link = email_links.reply_path(world.action.pk, world.owner.pk)

    with new_page(browser, base_url=live_server.url) as page:
        reply = EmailReplyPage(page).open(link)
        reply.expect_form_for("Improve audits")
        check(page, "reply-form")
        reply.send()
        reply.expect_errors()
        check(page, "reply-form-errors")
        reply.send("Every audit now starts from the child’s own words.", completed=True)
        expect(page.get_by_role("heading", name="Action completed")).to_be_visible()
        check(page, "reply-done")
        reply.open(link)
        expect(reply.refusal).to_be_visible()
        check(page, "reply-refused")
