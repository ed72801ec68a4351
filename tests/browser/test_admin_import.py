"""An admin imports letters through the admin in Chromium: a real PDF uploaded, corrected
and confirmed; and a letter from the review queue checked on the same preview page."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from actions.importing import flow
from actions.models import ActionItem
from inspections.models import Inspection
from inspections.staging import ImportBatch, StagedImport
from tests.browser.admin_pages import AdminInspectionsPage, AdminSignInPage, ReviewQueuePage
from tests.browser.browser import axe_violations, new_page, save_screenshot

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "tests" / "fixtures" / "pdfs" / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
WIRRAL = ROOT / "inspections" / "sample_letters" / "wirral-2010-annual-unannounced.txt"


def sign_in(page: Page) -> None:
    User.objects.create_superuser("ada", "ada@example.org", "a-long-admin-password")
    AdminSignInPage(page).sign_in("ada", "a-long-admin-password")


@pytest.mark.django_db(transaction=True)
def test_upload_preview_correct_confirm(live_server, browser):
    with new_page(browser, base_url=live_server.url) as page:
        sign_in(page)
        preview = AdminInspectionsPage(page).open().import_a_letter().read(LETTER)

        save_screenshot(page, "admin-import-preview")
        # Every field, the judgement and finding rows' included, has a name: the whole page.
        assert axe_violations(page, also=("region",)) == []
        expect(page.locator("#id_authority")).not_to_have_value("")
        expect(page.locator("#id_kind")).to_have_value("focused_visit")
        found = preview.finding_texts().evaluate_all(
            "areas => areas.filter(a => a.value.trim()).length"
        )
        assert found >= 5

        # The admin rewrites the first finding, makes it a recommendation and sets its
        # action's due date.
        preview.rewrite_finding(
            1,
            kind="recommendation",
            text="Screen every contact with partners' history.",
            action_due="2019-06-30",
        )
        preview.confirm()
        expect(preview.success).to_contain_text("draft actions")
        save_screenshot(page, "admin-import-done")

    inspection = Inspection.objects.get()
    assert inspection.authority.name == "Redcar and Cleveland"
    assert str(inspection.source_document.name).endswith(".pdf")
    first = inspection.findings.order_by("position").first()
    assert first is not None
    assert (first.kind, first.text) == (
        "recommendation",
        "Screen every contact with partners' history.",
    )
    assert str(ActionItem.objects.get(finding=first).due_date) == "2019-06-30"
    assert inspection.findings.count() == found
    assert ActionItem.objects.filter(finding__inspection=inspection).count() == found
    assert StagedImport.objects.get().inspection == inspection


@pytest.mark.django_db(transaction=True)
def test_a_letter_from_the_review_queue_is_checked_marked_and_confirmed(live_server, browser):
    text = WIRRAL.read_text(encoding="utf-8").replace("Wirral", "Atlantis")
    flow.stage(
        data=None,
        filename=WIRRAL.name,
        pasted=text,
        batch=ImportBatch.objects.create(total=1, done=1),
    )

    with new_page(browser, base_url=live_server.url) as page:
        sign_in(page)
        queue = ReviewQueuePage(page).open()
        expect(page.get_by_role("cell", name="matches no local authority")).to_be_visible()
        preview = queue.check(WIRRAL.name)

        expect(preview.review_reasons).to_contain_text("matches no local authority")
        # The mark is beside the input, and read out with it.
        expect(page.locator(".app-tag--missing").first).to_have_text("Not found")
        expect(preview.authority).to_have_accessible_description(
            re.compile(r"matches no local authority: choose it\. Matched from the council")
        )
        save_screenshot(page, "admin-import-review-item")
        assert axe_violations(page, also=("region",)) == []

        preview.authority.select_option(label="Wirral")
        preview.confirm()
        expect(preview.success).to_contain_text("Imported")

        ReviewQueuePage(page).open()
        expect(page.get_by_text("0 letters in the review queue")).to_be_visible()

    inspection = Inspection.objects.get()
    assert inspection.authority.name == "Wirral"
    assert StagedImport.objects.get().status == StagedImport.Status.IMPORTED
