"""Page objects for the dashboard's leading panels (tests/browser/test_dashboard_panels.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.browser.pages import ActionListPage, DashboardPage


class PanelledDashboard(DashboardPage):
    def panel(self, heading: str) -> Locator:
        """A panel by its heading, which ends with its count: "Overdue actions (1)"."""
        return self.page.get_by_role("region", name=re.compile("^" + re.escape(heading)))

    @property
    def not_scheduled(self) -> Locator:
        """The sentence counting open actions with no owner or no due date."""
        return self.page.locator("p", has=self.page.locator(".govuk-tag", has_text="Not scheduled"))

    def row_links(self, heading: str) -> Locator:
        return self.panel(heading).get_by_role("link")

    def view_all(self, heading: str, count: int) -> ActionListPage:
        """Follows the panel's "View all N" link to the list, once its count is there."""
        self.panel(heading).get_by_role("link", name=f"View all {count}").click()
        listing = ActionListPage(self.page)
        expect(listing.heading).to_have_text("Actions")
        expect(
            self.page.get_by_role("heading", name=re.compile(rf"^{count} actions?$"))
        ).to_be_visible()
        return listing
