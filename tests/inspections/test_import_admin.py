"""The admin's letter import: upload or paste, preview, correct, confirm."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.importing.letters import fingerprint
from actions.models import ActionItem, Status
from inspections.models import Finding, Inspection, LocalAuthority
from inspections.staging import StagedImport
from tests.dates import date_fields

SAMPLES = Path(__file__).resolve().parents[2] / "inspections" / "sample_letters"
PDF = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "pdfs"
    / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
)
START = reverse("admin:inspections_inspection_import")


def preview_post_data(response) -> dict[str, str]:
    """What the preview page would post back if the admin changed nothing."""
    data: dict[str, str] = {"confirm": "1"}
    for form in [response.context["form"]]:
        for name in form.fields:
            value = form[name].value()
            if name == "authority" and value is not None:
                value = getattr(value, "pk", value)
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(value, datetime.date):
                data |= date_fields(form.add_prefix(name), value)
                continue
            data[form.add_prefix(name)] = "" if value is None else str(value)
    for formset in (response.context["judgements"], response.context["findings"]):
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset:
            for name in form.fields:
                if name == "DELETE":
                    continue
                value = form[name].value()
                if isinstance(value, datetime.date):
                    data |= date_fields(form.add_prefix(name), value)
                    continue
                data[form.add_prefix(name)] = "" if value is None else str(value)
    return data


def start_import(admin_client, sample: str):
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    response = admin_client.post(START, {"text": text}, follow=True)
    assert response.status_code == 200
    assert "findings" in response.context, response.content.decode()[:2000]
    return response


@pytest.mark.django_db
def test_the_changelist_offers_import(admin_client):
    response = admin_client.get(reverse("admin:inspections_inspection_changelist"))
    assert START in response.content.decode()


@pytest.mark.django_db
def test_pasted_letter_is_previewed_then_created_with_draft_actions(admin_client):
    preview = start_import(admin_client, "wigan-2020-focused-visit.txt")
    page = preview.content.decode()
    assert "Focused visit to Wigan Metropolitan Borough Council children" in page
    assert "Peter McEntee" in page
    assert not Inspection.objects.exists()  # nothing saved before confirming

    response = admin_client.post(preview.request["PATH_INFO"], preview_post_data(preview))

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:inspections_inspection_change", args=[inspection.pk]
    )
    assert inspection.authority.name == "Wigan"
    assert inspection.kind == Inspection.Kind.FOCUSED_VISIT
    assert str(inspection.visit_start) == "2020-01-21"
    assert inspection.inspectors == ["Peter McEntee", "Lisa Summers"]
    assert inspection.findings.filter(kind=Finding.Kind.AREA_FOR_DEVELOPMENT).count() == 5
    actions = ActionItem.objects.filter(finding__inspection=inspection)
    assert actions.count() == 5
    assert set(actions.values_list("status", flat=True)) == {Status.NOT_STARTED}
    assert inspection.history.count() == 1


@pytest.mark.django_db
def test_the_admin_corrects_drops_and_adds_findings_before_confirming(admin_client):
    preview = start_import(admin_client, "wigan-2010-annual-unannounced.txt")
    data = preview_post_data(preview)
    found = len(preview.context["findings"].initial)
    assert found == 18
    data["findings-0-kind"] = "area_for_development"  # a satisfactory item made actionable
    data["findings-1-DELETE"] = "on"
    data[f"findings-{found}-kind"] = "recommendation"
    data[f"findings-{found}-text"] = "Record the ethnicity of every child at first contact."
    data["title"] = "Corrected title"

    admin_client.post(preview.request["PATH_INFO"], data)

    inspection = Inspection.objects.get()
    assert inspection.title == "Corrected title"
    findings = list(inspection.findings.order_by("position"))
    assert len(findings) == found  # one dropped, one added
    assert findings[0].kind == "area_for_development"
    assert findings[-1].text == "Record the ethnicity of every child at first contact."
    assert ActionItem.objects.filter(finding__inspection=inspection).count() == 6 + 1 + 1


@pytest.mark.django_db
def test_importing_the_same_letter_twice_is_refused_with_a_link(admin_client):
    preview = start_import(admin_client, "wirral-2010-annual-unannounced.txt")
    admin_client.post(preview.request["PATH_INFO"], preview_post_data(preview))
    existing = Inspection.objects.get()

    text = (SAMPLES / "wirral-2010-annual-unannounced.txt").read_text(encoding="utf-8")
    again = admin_client.post(START, {"text": "\n\n" + text.replace("\n", "\r\n")})

    assert again.status_code == 200
    page = again.content.decode()
    assert "already been imported" in page
    assert reverse("admin:inspections_inspection_change", args=[existing.pk]) in page
    assert Inspection.objects.count() == 1


@pytest.mark.django_db
def test_confirming_the_same_preview_twice_imports_once_and_links_the_inspection(admin_client):
    preview = start_import(admin_client, "wirral-2010-annual-unannounced.txt")
    data = preview_post_data(preview)
    admin_client.post(preview.request["PATH_INFO"], data)
    inspection = Inspection.objects.get()

    # The same form posted again (back button, double click) finds the letter imported.
    response = admin_client.post(preview.request["PATH_INFO"], data, follow=True)

    page = response.content.decode()
    assert "was already imported as" in page
    assert reverse("admin:inspections_inspection_change", args=[inspection.pk]) in page
    assert Inspection.objects.count() == 1


@pytest.mark.django_db
def test_an_unmatched_council_is_flagged_for_the_admin_to_choose(admin_client):
    text = (SAMPLES / "wirral-2010-annual-unannounced.txt").read_text(encoding="utf-8")
    text = text.replace("Wirral", "Atlantis")
    preview = admin_client.post(START, {"text": text}, follow=True)
    page = preview.content.decode()
    reasons = page[page.index('id="review-reasons"') :]
    assert "matches no local authority" in reasons[: reasons.index("</div>")]
    assert 'aria-describedby="id_authority_how id_authority_helptext"' in page
    assert 'id="id_authority_how">The council the letter names (“' in page

    data = preview_post_data(preview)
    admin_client.post(preview.request["PATH_INFO"], data)
    assert not Inspection.objects.exists()  # the authority must be chosen

    data["authority"] = str(LocalAuthority.objects.get(name="Wirral").pk)
    admin_client.post(preview.request["PATH_INFO"], data)
    assert Inspection.objects.get().authority.name == "Wirral"


@pytest.mark.django_db
def test_an_uploaded_letter_waits_as_a_staged_import_with_its_pdf(
    admin_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile(PDF.name, PDF.read_bytes(), content_type="application/pdf")
    preview = admin_client.post(START, {"document": upload}, follow=True)

    staged = StagedImport.objects.get()
    assert preview.request["PATH_INFO"] == reverse(
        "admin:inspections_inspection_import_preview", args=[staged.pk]
    )
    assert staged.status == StagedImport.Status.PENDING
    assert staged.filename == PDF.name
    assert staged.document.read() == PDF.read_bytes()
    assert staged.fingerprint == fingerprint(staged.text)
    assert not Inspection.objects.exists()

    stored = staged.document.name
    assert stored
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(preview.request["PATH_INFO"], preview_post_data(preview))

    staged.refresh_from_db()
    inspection = Inspection.objects.get()
    assert (staged.status, staged.inspection) == (StagedImport.Status.IMPORTED, inspection)
    assert inspection.source_document.read() == PDF.read_bytes()
    # The file moved to the inspection: no second copy is left in staging.
    assert not staged.document and not default_storage.exists(stored)
    assert not inspection.published


@pytest.mark.django_db
def test_reading_a_letter_that_is_already_waiting_opens_it_instead_of_staging_it_again(
    admin_client,
):
    first = start_import(admin_client, "wigan-2020-focused-visit.txt")

    again = start_import(admin_client, "wigan-2020-focused-visit.txt")

    assert again.request["PATH_INFO"] == first.request["PATH_INFO"]
    assert "already waiting for review" in again.content.decode()
    assert StagedImport.objects.count() == 1


@pytest.mark.django_db
def test_staff_without_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="pw-123456789", is_staff=True)
    client.force_login(user)
    assert client.get(START).status_code == 403
