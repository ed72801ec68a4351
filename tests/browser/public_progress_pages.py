"""Page objects for the public progress tests: an action's public summary in the
workspace, the public inspection page's progress, a finding's list of every action, and
the footer's pages."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from tests.browser.pages import ActionPage, OnPage

# What a page must not do on a phone: scroll the whole page sideways.
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > window.innerWidth"


class ActionPublicSummary(ActionPage):
    """The "On the public site" part of the action page."""

    def approve_summary(self, summary: str) -> None:
        self.page.get_by_label("Public summary").fill(summary)
        self.page.get_by_role("button", name="Approve public summary").click()
        expect(self.success_banner).to_contain_text("The public summary was approved.")


class PublicInspectionPage(OnPage):
    def open(self, pk: int) -> PublicInspectionPage:
        self.page.goto(f"/inspections/{pk}/")
        expect(self.page.get_by_role("heading", level=2, name="What Ofsted found")).to_be_visible()
        return self

    @property
    def progress_text(self) -> Locator:
        return self.page.locator("#progress-text")

    @property
    def progress_bar(self) -> Locator:
        return self.page.locator("svg.app-progress-bar")

    @property
    def actions(self) -> Locator:
        return self.page.locator(".app-public-action")

    def open_all_actions(self, count: int) -> PublicFindingActionsPage:
        self.page.get_by_role("link", name=f"See all {count} actions").click()
        return PublicFindingActionsPage(self.page)

    def open_footer_link(self, name: str) -> OnPage:
        self.page.get_by_role("contentinfo").get_by_role("link", name=name).click()
        return OnPage(self.page)

    def scrolls_sideways(self) -> bool:
        return self.page.evaluate(SCROLLS_SIDEWAYS)


class PublicFindingActionsPage(OnPage):
    """Every action of one finding, 50 a page."""

    @property
    def actions(self) -> Locator:
        return self.page.locator(".app-public-action")

    @property
    def pagination(self) -> Locator:
        return self.page.get_by_role("navigation", name="Pagination")
