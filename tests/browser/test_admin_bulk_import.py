"""An admin imports a .zip of letters on the "Import many letters" page in Chromium while a
real Celery worker imports them: the page follows the import and then shows what became
of each document, with and without JavaScript."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from inspections.models import Inspection
from inspections.staging import ImportBatch
from tests.browser.admin_pages import AdminBulkImportPage, AdminInspectionsPage, AdminSignInPage
from tests.browser.browser import axe_violations, new_page, save_screenshot
from tests.inspections import workers
from tests.reminders.realworld import wait_until

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REDCAR = FIXTURES / "pdfs" / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
FAKE = FIXTURES / "pdfs" / "2012-10-19-birmingham-inspection.pdf"
WIRRAL = (
    FIXTURES.parent.parent / "inspections" / "sample_letters" / "wirral-2010-annual-unannounced.txt"
)
PASSWORD = "a-long-admin-password"

pytestmark = pytest.mark.django_db(transaction=True)
# A real Redis, and real `celery worker` processes.
broker, start_worker = workers.broker, workers.start_worker


@pytest.fixture
def letters(tmp_path) -> Path:
    """Two letters to import, one for the review queue, and the fake to refuse."""
    path = tmp_path / "letters.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(REDCAR, REDCAR.name)
        archive.write(WIRRAL, WIRRAL.name)
        archive.writestr("atlantis.txt", WIRRAL.read_bytes().replace(b"Wirral", b"Atlantis"))
        archive.write(FAKE, FAKE.name)
    return path


def sign_in_and_upload(page: Page, letters: Path) -> AdminBulkImportPage:
    User.objects.create_superuser("ada", "ada@example.org", PASSWORD)
    AdminSignInPage(page).sign_in("ada", PASSWORD)
    return AdminInspectionsPage(page).open().import_many_letters().upload(letters)


def test_the_page_follows_a_worker_through_the_import_and_links_every_outcome(
    live_server, browser, broker, start_worker, letters
):
    with new_page(browser, base_url=live_server.url) as page:
        bulk = sign_in_and_upload(page, letters)
        expect(bulk.progress).to_have_text("Waiting to start: 0 of 4 documents")
        assert axe_violations(page) == []

        start_worker("solo", broker)

        # The script polls and, when the import ends, reloads the page with the summary.
        expect(bulk.progress).to_have_text("Finished: 4 of 4 documents", timeout=90_000)
        expect(bulk.progress_bar).to_have_attribute("value", "4")
        expect(bulk.summary).to_have_text(
            "4 documents: 2 imported, 1 waiting for review, 0 duplicates, 1 refused."
        )
        expect(bulk.refused).to_contain_text("web page (HTML)")
        expect(bulk.for_review).to_contain_text("matches no local authority")
        save_screenshot(page, "admin-bulk-import-finished")
        assert axe_violations(page) == []

        page.get_by_role("link", name=f"Open the inspection for letters.zip/{REDCAR.name}").click()
        redcar = Inspection.objects.get(authority__name="Redcar and Cleveland")
        expect(page).to_have_url(re.compile(rf"/admin/inspections/inspection/{redcar.pk}/change/"))
        page.go_back()
        page.get_by_role(
            "link", name="Check it in the review queue for letters.zip/atlantis.txt"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Check")


def test_without_javascript_the_refresh_link_shows_how_far_it_has_got(
    live_server, browser, broker, start_worker, letters
):
    with new_page(browser, base_url=live_server.url, java_script_enabled=False) as page:
        bulk = sign_in_and_upload(page, letters)
        expect(bulk.progress).to_have_text("Waiting to start: 0 of 4 documents")

        start_worker("solo", broker)
        batch = ImportBatch.objects.get()
        wait_until(
            lambda: ImportBatch.objects.filter(pk=batch.pk, status="finished").exists(),
            "the import to finish",
            timeout=90,
        )
        bulk.refresh.click()

        expect(bulk.progress).to_have_text("Finished: 4 of 4 documents")
        expect(bulk.summary).to_contain_text("2 imported")
        expect(bulk.refresh).to_have_count(0)
