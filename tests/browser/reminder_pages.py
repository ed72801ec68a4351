"""Page objects for the reminder pages, as tests/browser/pages.py has them for the rest of
the workspace: each step waits, with `expect`, for the page it leads to."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Locator, expect

from tests.browser.pages import OnPage


class NotificationsPage(OnPage):
    def open(self) -> NotificationsPage:
        self.page.goto(reverse("workspace:notifications"))
        expect(self.heading).to_have_text("Your notifications")
        return self

    def show_what_the_first_listed(self) -> None:
        details = self.page.locator("details", has_text="What it listed").first
        details.get_by_text("What it listed").click()
        expect(details).to_have_attribute("open", "")


class OutboxPage(OnPage):
    def open(self) -> OutboxPage:
        self.page.goto(reverse("workspace:outbox"))
        expect(self.heading).to_have_text("Outbox")
        return self

    def send_the_failed_one_again(self) -> None:
        self.page.get_by_role("button", name="Send again").click()
        expect(self.page.get_by_text("will be sent again")).to_be_visible()


class ReminderSettingsPage(OnPage):
    def open(self) -> ReminderSettingsPage:
        self.page.goto(reverse("workspace:reminder_settings"))
        expect(self.heading).to_have_text("Reminder settings")
        return self

    def save_final_reminder(self, days_before: str, authority: str) -> None:
        self.page.get_by_label("Final reminder, in days before the due date").fill(days_before)
        self.page.get_by_role("button", name=f"Save timings for {authority}").click()


class EmailReplyPage(OnPage):
    """The page a reminder e-mail's link opens: a note, and a status change, without
    signing in."""

    def open(self, link: str) -> EmailReplyPage:
        self.page.goto(link)
        return self

    def expect_form_for(self, title: str) -> None:
        expect(self.heading).to_have_text(title)

    @property
    def refusal(self) -> Locator:
        return self.page.get_by_role("heading", name="This link does not work")

    def send(self, note: str = "", completed: bool = False) -> None:
        if completed:
            self.page.get_by_label("Mark the action as completed").check()
        if note:
            self.page.get_by_label("Your note", exact=True).fill(note)
        self.page.get_by_role("button", name="Send").click()
