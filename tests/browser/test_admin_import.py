"""An admin imports letters through the admin in Chromium: a real PDF uploaded, corrected
and confirmed; and a letter from the review queue checked on the same preview page."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from actions.importing import letters
from actions.models import ActionItem
from inspections.models import Inspection
from inspections.staging import ImportBatch, StagedImport
from tests.browser.browser import axe_violations, new_page, save_screenshot

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "tests" / "fixtures" / "pdfs" / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
WIRRAL = ROOT / "inspections" / "sample_letters" / "wirral-2010-annual-unannounced.txt"


def sign_in(page) -> None:
    User.objects.create_superuser("ada", "ada@example.org", "a-long-admin-password")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("a-long-admin-password")
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_text("Log out"))
    ).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_upload_preview_correct_confirm(live_server, browser):
    with new_page(browser, base_url=live_server.url) as page:
        sign_in(page)
        page.goto("/admin/inspections/inspection/")
        page.get_by_role("link", name="Import letter").click()
        page.get_by_label("Upload the letter or report").set_input_files(str(LETTER))
        page.get_by_role("button", name="Read the letter").click()

        expect(page.locator("#findings")).to_be_visible()
        save_screenshot(page, "admin-import-preview")
        expect(page.locator("#id_authority")).not_to_have_value("")
        expect(page.locator("#id_kind")).to_have_value("focused_visit")
        found = page.locator("tr.finding-row textarea").evaluate_all(
            "areas => areas.filter(a => a.value.trim()).length"
        )
        assert found >= 5

        # The admin rewrites the first finding, makes it a recommendation and sets its
        # action's due date.
        page.get_by_label("Kind of finding 1").select_option("recommendation")
        page.get_by_label("Text of finding 1").fill("Screen every contact with partners' history.")
        page.get_by_label("Action due for finding 1").fill("2019-06-30")
        page.get_by_role("button", name="Confirm and create the inspection").click()

        success = page.locator(".messagelist .success")
        expect(success).to_contain_text("draft actions")
        save_screenshot(page, "admin-import-done")

    inspection = Inspection.objects.get()
    assert inspection.authority.name == "Redcar and Cleveland"
    assert inspection.source_document.name.endswith(".pdf")
    first = inspection.findings.order_by("position").first()
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
    _, parsed = letters.read_letter(data=None, filename=WIRRAL.name, pasted=text)
    letters.stage_document(
        text=text,
        filename=WIRRAL.name,
        data=None,
        reasons=letters.review_reasons(parsed, None),
        batch=ImportBatch.objects.create(total=1, done=1),
    )

    with new_page(browser, base_url=live_server.url) as page:
        sign_in(page)
        page.goto("/admin/inspections/stagedimport/")
        expect(page.get_by_role("cell", name="matches no local authority")).to_be_visible()
        page.get_by_role("link", name=WIRRAL.name).click()

        expect(page.locator("#review-reasons")).to_contain_text("matches no local authority")
        authority = page.get_by_label("Authority")
        # The mark is beside the input, and read out with it.
        expect(page.locator(".app-tag--missing").first).to_have_text("Not found")
        expect(authority).to_have_accessible_description(
            re.compile(r"matches no local authority: choose it\. Matched from the council")
        )
        save_screenshot(page, "admin-import-review-item")
        assert axe_violations(page, "#content-main") == []

        authority.select_option(label="Wirral")
        page.get_by_role("button", name="Confirm and create the inspection").click()
        expect(page.locator(".messagelist .success")).to_contain_text("Imported")

        page.goto("/admin/inspections/stagedimport/")
        expect(page.get_by_text("0 letters in the review queue")).to_be_visible()

    inspection = Inspection.objects.get()
    assert inspection.authority.name == "Wirral"
    assert StagedImport.objects.get().status == StagedImport.Status.IMPORTED
