"""Letter import through the API, for admins: read a letter into a preview, correct it,
and confirm it into an inspection, as the admin's import pages do."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from actions.models import ActionItem
from inspections.models import Inspection
from tests.api.conftest import ApiWorld

pytestmark = pytest.mark.django_db

LETTER = Path(settings.BASE_DIR, "inspections/sample_letters/wigan-2010-annual-unannounced.txt")
PDF = Path(settings.BASE_DIR, "tests/fixtures/pdfs/2015-03-27-enfield-inspection.pdf")


def preview_text(api: ApiWorld, text: str):
    return api.client("admin").post("/api/v1/imports/preview/", {"text": text}, format="json")


def test_a_pasted_letter_is_read_into_a_draft_to_check(api):
    response = preview_text(api, LETTER.read_text())

    draft = response.data["draft"]
    assert response.status_code == 200
    assert response.data["authority_matched"] is True
    assert draft["authority"] == api.world.wigan.pk
    assert draft["kind"] == "annual_unannounced"
    assert draft["findings"] and response.data["action_count"] > 0
    assert not Inspection.objects.filter(kind="annual_unannounced").exists()


def test_the_corrected_draft_becomes_an_inspection_with_draft_actions(api):
    preview = preview_text(api, LETTER.read_text()).data
    draft = {**preview["draft"], "title": "Annual unannounced inspection of Wigan, 2010"}

    response = api.client("admin").post(
        "/api/v1/imports/",
        {"token": preview["token"], "draft": draft, "publish": True},
        format="json",
    )

    inspection = Inspection.objects.get(pk=response.data["id"])
    assert response.status_code == 201
    assert response["Location"].endswith(f"/api/v1/inspections/{inspection.pk}/")
    assert inspection.title == "Annual unannounced inspection of Wigan, 2010"
    # Its actions are the drafts made from the letter: "publish" alone keeps it unpublished.
    assert not inspection.published and response.data["published"] is False
    assert inspection.source_text == LETTER.read_text()
    assert inspection.findings.count() == len(draft["findings"])
    actions = ActionItem.objects.filter(finding__inspection=inspection).count()
    assert actions == preview["action_count"] > 0


def test_publish_anyway_publishes_a_letter_whose_actions_are_drafts(api):
    preview = preview_text(api, LETTER.read_text()).data

    response = api.client("admin").post(
        "/api/v1/imports/",
        {
            "token": preview["token"],
            "draft": preview["draft"],
            "publish": True,
            "publish_anyway": True,
        },
        format="json",
    )

    assert response.status_code == 201
    assert Inspection.objects.get(pk=response.data["id"]).published


def test_a_letter_imported_before_is_409_with_the_first_import(api):
    preview = preview_text(api, LETTER.read_text()).data
    body = {"token": preview["token"], "draft": preview["draft"]}
    first = api.client("admin").post("/api/v1/imports/", body, format="json")

    again = api.client("admin").post("/api/v1/imports/", body, format="json")
    read_again = preview_text(api, LETTER.read_text())

    for response in (again, read_again):
        assert response.status_code == 409
        assert response.data["code"] == "duplicate"
        assert response.data["existing"]["id"] == first.data["id"]


def test_a_token_that_was_not_issued_here_is_refused(api):
    draft = preview_text(api, LETTER.read_text()).data["draft"]

    response = api.client("admin").post(
        "/api/v1/imports/", {"token": "made-up", "draft": draft}, format="json"
    )

    assert response.status_code == 400
    assert "token" in response.data["errors"]


def test_a_pdf_is_kept_with_the_inspection(api, django_capture_on_commit_callbacks):
    with PDF.open("rb") as handle:
        preview = api.client("admin").post(
            "/api/v1/imports/preview/", {"document": handle}, format="multipart"
        )
    draft = {**preview.data["draft"], "authority": api.world.wirral.pk}

    with django_capture_on_commit_callbacks(execute=True):
        response = api.client("admin").post(
            "/api/v1/imports/", {"token": preview.data["token"], "draft": draft}, format="json"
        )

    inspection = Inspection.objects.get(pk=response.data["id"])
    assert preview.status_code == 200 and response.status_code == 201
    assert str(inspection.source_document.name).endswith(".pdf")
    assert inspection.source_document.read() == PDF.read_bytes()
    assert default_storage.listdir("import-staging")[1] == []


def test_text_that_is_not_a_letter_is_400_with_the_parsers_reason(api):
    response = preview_text(api, "Shopping list: eggs, milk, bread.")

    assert response.status_code == 400
    assert response.data["errors"]["text"]


def test_a_file_and_text_together_are_refused_as_on_the_import_page(api):
    upload = SimpleUploadedFile("letter.txt", LETTER.read_bytes(), "text/plain")

    response = api.client("admin").post(
        "/api/v1/imports/preview/", {"document": upload, "text": "Also this"}, format="multipart"
    )

    assert response.status_code == 400
    assert response.data["errors"]["non_field_errors"] == [
        "Either upload a file or paste the text, not both."
    ]


def test_an_oversized_letter_is_413(api, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("letter.txt", b"x" * 2000, "text/plain")

    response = api.client("admin").post(
        "/api/v1/imports/preview/", {"document": upload}, format="multipart"
    )

    assert response.status_code == 413


def test_the_preview_proposes_due_dates_from_timescales_and_the_import_keeps_the_checked_ones(
    api,
):
    grouped = Path(
        settings.BASE_DIR,
        "tests/fixtures/letters/safeguarding-and-looked-after-children-2011-stockport.txt",
    )
    preview = preview_text(api, grouped.read_text()).data
    timed = [finding for finding in preview["draft"]["findings"] if finding["timescale"]]
    assert timed and all(finding["due_date"] for finding in timed)
    findings = [{**finding, "due_date": "2030-01-31"} for finding in preview["draft"]["findings"]]

    response = api.client("admin").post(
        "/api/v1/imports/",
        {"token": preview["token"], "draft": {**preview["draft"], "findings": findings}},
        format="json",
    )

    assert response.status_code == 201
    inspection = Inspection.objects.get(pk=response.data["id"])
    assert inspection.findings.exclude(timescale="").count() == len(timed)
    due = ActionItem.objects.filter(finding__inspection=inspection).values_list(
        "due_date", flat=True
    )
    assert {str(date) for date in due} == {"2030-01-31"}
