"""An admin imports a real PDF letter through the admin in Chromium, correcting a finding."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from actions.models import ActionItem
from inspections.models import Inspection
from tests.browser.browser import new_page, save_screenshot

LETTER = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "pdfs"
    / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
)


@pytest.mark.django_db(transaction=True)
def test_upload_preview_correct_confirm(live_server, browser):
    User.objects.create_superuser("ada", "ada@example.org", "a-long-admin-password")

    with new_page(browser, base_url=live_server.url) as page:
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill("a-long-admin-password")
        page.get_by_role("button", name="Log in").click()

        page.goto("/admin/inspections/inspection/")
        page.get_by_role("link", name="Import letter").click()
        page.get_by_label("Upload the letter or report").set_input_files(str(LETTER))
        page.get_by_role("button", name="Read the letter").click()

        page.wait_for_selector("#findings")
        save_screenshot(page, "admin-import-preview")
        assert page.locator("#id_authority").input_value() != ""
        assert page.locator("#id_kind").input_value() == "focused_visit"
        found = page.locator("tr.finding-row textarea").evaluate_all(
            "areas => areas.filter(a => a.value.trim()).length"
        )
        assert found >= 5

        # The admin rewrites the first finding and makes it a recommendation.
        page.get_by_label("Kind of finding 1").select_option("recommendation")
        page.get_by_label("Text of finding 1").fill("Screen every contact with partners' history.")
        page.get_by_role("button", name="Confirm and create the inspection").click()

        page.wait_for_selector(".messagelist .success")
        save_screenshot(page, "admin-import-done")
        assert "draft actions" in page.locator(".messagelist .success").inner_text()

    inspection = Inspection.objects.get()
    assert inspection.authority.name == "Redcar and Cleveland"
    assert inspection.source_document.name.endswith(".pdf")
    first = inspection.findings.order_by("position").first()
    assert (first.kind, first.text) == (
        "recommendation",
        "Screen every contact with partners' history.",
    )
    assert inspection.findings.count() == found
    assert ActionItem.objects.filter(finding__inspection=inspection).count() == found
