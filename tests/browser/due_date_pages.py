"""Page objects for the due-date requests on the action page (templates/actions/
_detail_due_date.html): the owner asks for a new date, a manager decides."""

from __future__ import annotations

import datetime

from playwright.sync_api import Locator, expect

from tests.browser.pages import ActionPage


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


class DueDatePanel(ActionPage):
    @property
    def pending(self) -> Locator:
        return self.page.locator("#due-date-pending")

    @property
    def due_date_row(self) -> Locator:
        return self.page.locator(".govuk-summary-list__row", has_text="Due date")

    @property
    def new_date(self) -> Locator:
        return self.page.get_by_role("group", name="New due date")

    def open_the_request_form(self) -> None:
        self.page.get_by_text("Ask for a new due date").click()
        expect(self.new_date).to_be_visible()

    def ask_for(self, day: datetime.date, reason: str) -> None:
        """Types the date and the reason in the unfolded form, and sends them."""
        date = self.new_date
        date.get_by_label("Day").fill(str(day.day))
        date.get_by_label("Month").fill(str(day.month))
        date.get_by_label("Year").fill(str(day.year))
        self.page.get_by_label("Why does the action need more time?").fill(reason)
        self.page.get_by_role("button", name="Ask for this date").click()
        expect(self.success_banner).to_contain_text(
            f"You asked for a new due date of {long_date(day)}."
        )

    def approve(self, note: str) -> None:
        self.page.get_by_label("Note for the owner").fill(note)
        self.page.get_by_role("button", name="Approve new date").click()
        expect(self.success_banner).to_contain_text("The action is now due on")
