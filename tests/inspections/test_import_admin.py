"""The admin's letter import: upload or paste, preview, correct, confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from actions.models import ActionItem, Status
from inspections.models import Finding, Inspection

SAMPLES = Path(__file__).resolve().parents[2] / "inspections" / "sample_letters"
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
def test_confirming_an_expired_preview_saves_nothing_and_says_so(admin_client):
    preview = start_import(admin_client, "wirral-2010-annual-unannounced.txt")
    data = preview_post_data(preview)
    admin_client.post(preview.request["PATH_INFO"], data)

    # The same form posted again (back button, double click) finds its import gone.
    response = admin_client.post(preview.request["PATH_INFO"], data, follow=True)

    assert "expired or was already confirmed" in response.content.decode()
    assert Inspection.objects.count() == 1


@pytest.mark.django_db
def test_an_unmatched_council_is_flagged_for_the_admin_to_choose(admin_client):
    text = (SAMPLES / "wirral-2010-annual-unannounced.txt").read_text(encoding="utf-8")
    text = text.replace("Wirral", "Atlantis")
    preview = admin_client.post(START, {"text": text}, follow=True)
    assert 'id="authority-unmatched"' in preview.content.decode()

    data = preview_post_data(preview)
    admin_client.post(preview.request["PATH_INFO"], data)
    assert not Inspection.objects.exists()  # the authority must be chosen

    from inspections.models import LocalAuthority

    data["authority"] = str(LocalAuthority.objects.get(name="Wirral").pk)
    admin_client.post(preview.request["PATH_INFO"], data)
    assert Inspection.objects.get().authority.name == "Wirral"


@pytest.mark.django_db
def test_staff_without_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="pw-123456789", is_staff=True)
    client.force_login(user)
    assert client.get(START).status_code == 403
