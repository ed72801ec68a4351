"""The reminder pages in Chromium: each passes axe (WCAG 2.2 AA) and is saved as a
screenshot in var/screenshots/ to look at.

Playwright's sync API allows one instance per thread, and tests/browser keeps one open
for the whole session; so these tests drive a Chromium of their own from a thread of
their own. The database is set up, and people signed in, from the test's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from actions import email_links, notifications, reminders, services
from actions.models import Notification
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority
from tests.browser.browser import (
    axe_violations,
    chromium,
    new_page,
    save_screenshot,
    title_starting,
)
from tests.reminders.conftest import TODAY, add_action

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _authorities(transactional_db) -> None:
    load_local_authorities(LocalAuthority)


def in_chromium(live_server, *steps: tuple[User | None, Callable[[Page], None]]) -> None:
    """Runs each (person, steps) on a fresh page, signed in as the person (None: nobody),
    in a thread with its own Playwright; re-raises whatever failed there."""
    cookies = []
    for person, _ in steps:
        client = Client()
        if person is not None:
            client.force_login(person)
        session = client.cookies.get("sessionid")
        cookies.append(
            [{"name": "sessionid", "value": session.value, "url": live_server.url}]
            if session
            else []
        )
    failures: list[BaseException] = []

    def drive() -> None:
        try:
            with chromium() as browser:
                for (_, run), cookie in zip(steps, cookies, strict=True):
                    with new_page(browser, live_server.url) as page:
                        page.context.add_cookies(cookie)
                        run(page)
        except BaseException as error:  # handed to the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=drive)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "Chromium did not finish within 2 minutes"
    if failures:
        raise failures[0]


def check(page: Page, name: str) -> None:
    save_screenshot(page, f"reminders-{name}")
    assert axe_violations(page) == [], name


@pytest.fixture
def sent_mail(world, settings, tmp_path):
    """Wigan's reminders, written to files: Owen's digest, Mandy's escalation (which then
    failed), Colin's new action."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
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


def test_the_notification_pages_are_accessible(live_server, sent_mail):
    admin = User.objects.create_superuser("ada", "ada@example.org", "correct-horse-9")

    def my_notifications(page: Page) -> None:
        page.goto(reverse("workspace:notifications"))
        page.get_by_text("What it listed").first.click()
        check(page, "my-notifications")

    def outbox(page: Page) -> None:
        page.goto(reverse("workspace:outbox"))
        check(page, "outbox")
        page.get_by_role("button", name="Send again").click()
        expect(page.get_by_text("will be sent again")).to_be_visible()

        page.goto(reverse("workspace:mail_folder"))
        check(page, "mail-folder")
        page.get_by_role("link", name="Your inspection actions").click()
        # The folder shows every message; the message page, once it has loaded, one.
        expect(page.locator("iframe")).to_have_count(1)
        frame = page.frame_locator("iframe")
        expect(frame.get_by_text("Publish the revised supervision policy")).to_be_visible()
        check(page, "mail-message")

    in_chromium(live_server, (sent_mail.owner, my_notifications), (admin, outbox))


def test_the_settings_page_is_accessible_with_and_without_errors(live_server, world):
    def settings_page(page: Page) -> None:
        page.goto(reverse("workspace:reminder_settings"))
        check(page, "settings")
        page.get_by_label("Final reminder, in days before the due date").fill("9")
        page.get_by_role("button", name="Save timings for Wigan").click()
        expect(page).to_have_title(title_starting("Error:"))
        check(page, "settings-error")

    in_chromium(live_server, (world.manager, settings_page))


def test_the_email_reply_pages_are_accessible(live_server, world):
    link = email_links.reply_path(world.action.pk, world.owner.pk)

    def reply(page: Page) -> None:
        page.goto(link)
        check(page, "reply-form")
        page.get_by_role("button", name="Send").click()
        check(page, "reply-form-errors")
        page.get_by_label("Mark the action as completed").check()
        note = "Every audit now starts from the child’s own words."
        page.get_by_label("Your note", exact=True).fill(note)
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("heading", name="Action completed")).to_be_visible()
        check(page, "reply-done")
        page.goto(link)
        check(page, "reply-refused")

    in_chromium(live_server, (None, reply))
