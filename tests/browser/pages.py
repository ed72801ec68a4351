"""Page objects for the browser tests: the pages they drive, and the steps a person takes on
each, so that a test reads as what the person does.

A step that leaves the page returns the page it arrives on, once that page is there: each
page's `arrived` waits with Playwright's `expect`, as a person waits for the heading before
reading on. Nothing here reads the page without waiting first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser import title_starting

SERVICE_NAME = "Inspection action tracker"


@dataclass
class OnPage:
    """A page of the service, in the browser tab `page`."""

    page: Page

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def error_summary(self) -> Locator:
        return self.page.locator(".govuk-error-summary")

    @property
    def banner(self) -> Locator:
        return self.page.locator(".govuk-notification-banner")

    def expect_errors(self, title: str = "") -> None:
        """The page came back with its errors: the title starts "Error: ", as a screen
        reader announces it first."""
        expect(self.page).to_have_title(title_starting(f"Error: {title}"))


class SignInPage(OnPage):
    def open(self, next_path: str = "") -> SignInPage:
        self.page.goto("/accounts/login/" + (f"?next={next_path}" if next_path else ""))
        expect(self.heading).to_have_text("Sign in")
        return self

    def fill_in(self, username: str, password: str) -> None:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)

    def sign_in(self, username: str, password: str) -> None:
        """Signs in; the page that follows is the caller's to wait for."""
        self.fill_in(username, password)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_in_to_dashboard(self, username: str, password: str) -> DashboardPage:
        self.sign_in(username, password)
        return DashboardPage(self.page).arrived()


class DashboardPage(OnPage):
    def arrived(self) -> DashboardPage:
        expect(self.page).to_have_url(re.compile(r"/work/$"))
        expect(self.heading).to_have_text("Dashboard")
        return self

    def open(self) -> DashboardPage:
        self.page.goto("/work/")
        return self.arrived()

    def chart(self, authority: str) -> Locator:
        return self.page.get_by_role(
            "img", name=f"Open and completed actions over time: {authority}"
        )

    def cells_of_the_first_row_of_the_table_with(self, text: str) -> Locator:
        return self.page.locator("table", has_text=text).locator("tbody tr").first.locator("td")

    def open_inspection(self, link: str, title: str) -> InspectionPage:
        self.page.get_by_role("link", name=link).click()
        return InspectionPage(self.page).arrived(title)

    def open_action(self, title: str) -> ActionPage:
        self.page.get_by_role("link", name=title).first.click()
        return ActionPage(self.page).arrived(title)

    def open_calendar(self) -> CalendarPage:
        self.page.get_by_role("link", name="Calendar").click()
        return CalendarPage(self.page).arrived()

    def open_api_tokens(self) -> TokensPage:
        self.page.get_by_role("link", name="API tokens").click()
        return TokensPage(self.page).arrived()


class ActionPage(OnPage):
    def open(self, pk: int, title: str) -> Self:
        self.page.goto(f"/work/actions/{pk}/")
        return self.arrived(title)

    def arrived(self, title: str) -> Self:
        expect(self.heading).to_have_text(title)
        return self

    @property
    def note_box(self) -> Locator:
        return self.page.get_by_label("Progress note")

    @property
    def success_banner(self) -> Locator:
        return self.page.locator(".govuk-notification-banner--success")

    @property
    def timeline(self) -> Locator:
        return self.page.locator("#timeline + .app-timeline")

    @property
    def status_tag(self) -> Locator:
        return self.page.locator(".govuk-summary-list .govuk-tag")

    @property
    def reason(self) -> Locator:
        return self.page.get_by_label("Reason")

    @property
    def stale_warning(self) -> Locator:
        return self.page.get_by_role("alert").filter(has_text="changed since you opened it")

    def add_note(self, note: str, evidence: Path) -> None:
        self.note_box.fill(note)
        self.page.get_by_label("Evidence file").set_input_files(str(evidence))
        self.page.get_by_role("button", name="Add note").click()
        expect(self.success_banner).to_contain_text("Your note was added.")

    def change_status(self, to: str, note: str = "") -> None:
        """Chooses the new status and, with a note, says why; the outcome is the caller's
        to wait for (the new status, or the errors)."""
        form = self.page.locator("form", has=self.page.get_by_role("button", name="Change status"))
        form.get_by_label(to).check()
        if note:
            form.get_by_role("textbox").fill(note)
        form.get_by_role("button", name="Change status").click()

    def open_the_edit_form(self) -> None:
        self.page.get_by_text("Edit the owner, due date, priority or wording").click()
        expect(self.page.get_by_label("Owner")).to_be_visible()

    def verify(self) -> None:
        self.page.get_by_role("button", name="Verify action").click()
        expect(self.status_tag).to_have_text("Verified")

    def sign_out(self) -> SignInPage:
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page.get_by_role("link", name="Staff sign in")).to_be_visible()
        return SignInPage(self.page)


class ActionListPage(OnPage):
    def open(self, query: str = "") -> ActionListPage:
        self.page.goto(f"/work/actions/{query}")
        expect(self.heading).to_have_text("Actions")
        return self

    def count(self, actions: int) -> Locator:
        """The heading over the table: "7 actions"."""
        return self.page.get_by_role("heading", name=f"{actions} actions")

    def status(self, label: str) -> Locator:
        return self.page.get_by_label(label)

    def filter_by_priority(self, priority: str) -> None:
        self.page.get_by_label("Priority (optional)").select_option(priority)
        self.page.get_by_role("button", name="Apply filters").click()

    def sort_by(self, column: str) -> None:
        self.page.get_by_role("link", name=column, exact=True).click()

    def clear_filters(self) -> None:
        self.page.get_by_role("link", name="Clear filters").click()

    def select(self, title: str) -> None:
        self.page.get_by_label(f"Select {title}").check()

    def assign_selected(self, to: str = "") -> None:
        if to:
            self.page.get_by_label("New owner (optional)").select_option(label=to)
        self.page.get_by_role("button", name="Assign selected actions").click()


class InspectionPage(OnPage):
    def arrived(self, title: str) -> InspectionPage:
        expect(self.heading).to_have_text(title)
        return self

    def open_the_form_to_add_an_action(self, finding_name: str, finding_pk: int) -> Locator:
        """Opens "Add an action to <finding_name>" and returns its form."""
        self.page.get_by_text(f"Add an action to {finding_name}").click()
        form = self.page.locator(f"#finding-{finding_pk}")
        expect(form.get_by_label("Title")).to_be_visible()
        return form


class CalendarPage(OnPage):
    def arrived(self) -> CalendarPage:
        expect(self.heading).to_have_text("Your actions in your calendar")
        return self

    @property
    def address(self) -> Locator:
        return self.page.get_by_label("Your calendar address")


class TokensPage(OnPage):
    def arrived(self) -> TokensPage:
        expect(self.page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
        return self

    def access(self, choice: str) -> Locator:
        """The radio for what a new token can do: "Read only" or "Read and write"."""
        return self.page.get_by_label(choice, exact=True)

    def create(self, name: str = "", *, access: str = "", expires_on: str = "") -> None:
        """Fills in the name and expiry date (YYYY-MM-DD; empty clears what a refused try
        left), chooses `access` if given, and creates the token."""
        self.page.get_by_label("Name of the new token").fill(name)
        if access:
            self.access(access).check()
        fill_date(self.page.get_by_role("group", name="Expiry date"), expires_on)
        self.page.get_by_role("button", name="Create token").click()

    def row(self, name: str) -> Locator:
        """The tokens table's row for the token called `name`."""
        return self.page.get_by_role("row").filter(
            has=self.page.get_by_role("rowheader", name=name, exact=True)
        )

    def new_key(self) -> str:
        """The key of the token just made, shown once, once the page shows it."""
        key = self.page.get_by_label("Your new token")
        expect(key).to_have_value(re.compile(r"\S"))
        return key.input_value()

    def revoke(self, name: str) -> None:
        self.page.get_by_role("button", name=f"Revoke {name}").click()
        expect(self.page.get_by_text(f"The token “{name}” was revoked.")).to_be_visible()


class PublicPage(OnPage):
    """A page of the public site, with its navigation."""

    def open_search(self) -> SearchPage:
        self.page.get_by_role("link", name="Search", exact=True).click()
        return SearchPage(self.page).arrived()


class PublicHomePage(PublicPage):
    def open(self) -> PublicHomePage:
        self.page.goto("/")
        expect(self.heading).to_have_text(SERVICE_NAME)
        return self

    def open_authority(self, name: str) -> PublicAuthorityPage:
        self.page.get_by_role("link", name=name, exact=True).first.click()
        return PublicAuthorityPage(self.page).arrived(name)

    def search(self, words: str) -> None:
        """The search box in the page's header."""
        self.page.get_by_label("Search inspections and findings").fill(words)
        self.page.get_by_role("button", name="Search").click()


class PublicAuthorityPage(PublicPage):
    def arrived(self, name: str) -> PublicAuthorityPage:
        expect(self.heading).to_have_text(name)
        return self

    def open_inspection(self, row: str, title: str | re.Pattern[str]) -> PublicPage:
        """Follows the link in the table row that names `row` (the visit's date) to the
        inspection whose page title is `title`."""
        self.page.get_by_role("row", name=row).get_by_role("link").click()
        expect(self.page).to_have_title(title)
        return PublicPage(self.page)


class SearchPage(OnPage):
    def arrived(self) -> SearchPage:
        expect(self.heading).to_have_text("Search inspections and findings")
        return self

    def search(self, words: str, authority: str) -> None:
        self.page.get_by_label("Words to search for (optional)").fill(words)
        self.page.get_by_label("Local authority (optional)").select_option(label=authority)
        self.page.get_by_role("button", name="Search").click()


def fill_date(date_input: Locator, day: str) -> None:
    """Types `day` (YYYY-MM-DD, or "" to clear) into a GOV.UK date input, the fieldset
    (role "group") around its Day, Month and Year boxes, as a person types it: 5, not 05."""
    parts = [str(int(part)) for part in day.split("-")] if day else ["", "", ""]
    for label, typed in zip(("Year", "Month", "Day"), parts, strict=True):
        date_input.get_by_label(label, exact=True).fill(typed)
