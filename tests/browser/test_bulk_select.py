"""Assigning many actions at once on a phone: "Select all" ticks every action on the page,
a live count says how many are ticked, and the assign controls stay in view at the bottom
of the window while any is ticked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from actions.models import ActionItem
from tests.browser.browser import axe_violations, new_page, save_screenshot, sign_in_by_cookie
from tests.browser.pages import ActionListPage
from tests.browser.test_list_page import a_plan
from tests.conftest import World

PHONE = {"width": 375, "height": 740}


@pytest.mark.django_db(transaction=True)
def test_a_manager_selects_all_but_one_and_assigns_them_from_the_sticky_bar(
    live_server, browser, world: World
) -> None:
    a_plan(world)
    assignable = ActionItem.objects.count()

    with new_page(browser, base_url=live_server.url, viewport=PHONE) as page:
        sign_in_by_cookie(page, world.manager, live_server.url)
        actions = ActionListPage(page).open()
        select_all = page.get_by_label(f"Select all {assignable} actions on this page")
        count = page.locator("[data-app-selected-count]")
        bar = page.locator("[data-app-assign-bar]")
        expect(count).to_have_text("No actions selected")
        expect(bar).to_have_css("position", "static")

        select_all.check()
        expect(count).to_have_text(f"{assignable} selected")
        page.get_by_label("Select Improve audits").uncheck()
        expect(count).to_have_text(f"{assignable - 1} selected")
        expect(select_all).not_to_be_checked()

        # Half way down the list, the controls are in view at the bottom of the window.
        expect(bar).to_have_css("position", "sticky")
        page.get_by_label("Select Recruit two permanent team managers").scroll_into_view_if_needed()
        expect(page.get_by_role("button", name="Assign selected actions")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_violations(page) == []
        save_screenshot(page, "workspace-actions-bulk-select-phone")

        actions.assign_selected(to="Colin Chadwick")
        expect(actions.banner).to_contain_text(
            f"{assignable - 1} actions assigned to Colin Chadwick."
        )
    assert ActionItem.objects.filter(owner=world.colleague).count() == assignable - 1
    assert ActionItem.objects.get(title="Improve audits").owner == world.owner
