"""Page objects for the admin's import pages, as tests/browser/pages.py has them for the
workspace and the public site: each step waits, with `expect`, for the page it leads to."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, expect

from tests.browser.pages import OnPage, fill_date


class AdminSignInPage(OnPage):
    def sign_in(self, username: str, password: str) -> None:
        self.page.goto("/admin/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        expect(self.page.get_by_role("button", name="Log out")).to_be_visible()
        expect(self.page.get_by_role("link", name="Inspections").first).to_be_visible()


class AdminInspectionsPage(OnPage):
    def open(self) -> AdminInspectionsPage:
        self.page.goto("/admin/inspections/inspection/")
        expect(self.page.get_by_role("link", name="Import letter")).to_be_visible()
        return self

    def import_a_letter(self) -> AdminImportPage:
        self.page.get_by_role("link", name="Import letter").click()
        return AdminImportPage(self.page).arrived()

    def import_many_letters(self) -> AdminBulkImportPage:
        self.page.get_by_role("link", name="Import many letters").click()
        return AdminBulkImportPage(self.page).arrived()


class AdminImportPage(OnPage):
    """Upload a letter, then correct and confirm what was read from it on the preview."""

    def arrived(self) -> AdminImportPage:
        expect(self.page.get_by_label("Upload the letter or report")).to_be_visible()
        return self

    def read(self, letter: Path) -> AdminImportPreviewPage:
        self.page.get_by_label("Upload the letter or report").set_input_files(str(letter))
        self.page.get_by_role("button", name="Read the letter").click()
        return AdminImportPreviewPage(self.page).arrived()


class AdminImportPreviewPage(OnPage):
    def arrived(self) -> AdminImportPreviewPage:
        expect(self.page.locator("#findings")).to_be_visible()
        return self

    @property
    def authority(self) -> Locator:
        return self.page.get_by_label("Authority")

    @property
    def review_reasons(self) -> Locator:
        return self.page.locator("#review-reasons")

    @property
    def success(self) -> Locator:
        return self.page.locator(".messagelist .success")

    def finding_texts(self) -> Locator:
        return self.page.locator("tr.finding-row textarea")

    def rewrite_finding(self, number: int, kind: str, text: str, action_due: str) -> None:
        self.page.get_by_label(f"Kind of finding {number}").select_option(kind)
        self.page.get_by_label(f"Text of finding {number}").fill(text)
        fill_date(
            self.page.get_by_role("group", name=f"Action due date for finding {number}"), action_due
        )

    def confirm(self) -> None:
        self.page.get_by_role("button", name="Confirm and create the inspection").click()


class ReviewQueuePage(OnPage):
    def open(self) -> ReviewQueuePage:
        self.page.goto("/admin/inspections/stagedimport/")
        expect(self.heading).to_have_text("Letters waiting for review")
        return self

    def check(self, filename: str) -> AdminImportPreviewPage:
        self.page.get_by_role("link", name=filename).click()
        return AdminImportPreviewPage(self.page).arrived()


class AdminBulkImportPage(OnPage):
    def arrived(self) -> AdminBulkImportPage:
        expect(self.page.get_by_role("heading", name="Import many letters")).to_be_visible()
        return self

    def upload(self, letters: Path) -> AdminBulkImportPage:
        self.page.get_by_label("Letters and reports").set_input_files(str(letters))
        self.page.get_by_role("button", name="Import the letters").click()
        expect(self.page.get_by_text("Documents handled")).to_be_visible()
        return self

    @property
    def progress(self) -> Locator:
        return self.page.locator("#bulk-progress-text")

    @property
    def progress_bar(self) -> Locator:
        return self.page.locator("#bulk-progress-bar")

    @property
    def summary(self) -> Locator:
        return self.page.locator("#bulk-summary-line")

    @property
    def refused(self) -> Locator:
        return self.page.locator("#bulk-refused")

    @property
    def for_review(self) -> Locator:
        return self.page.locator("#bulk-review")

    @property
    def refresh(self) -> Locator:
        return self.page.get_by_role("link", name="Refresh")
