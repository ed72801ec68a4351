"""F9: a letter import with two judgements for the same area was a 500 (IntegrityError) in
the admin and the API, and the admin's corrections were lost. The import flow now refuses
such a draft before writing anything: the admin re-shows the page with the error on the
judgement row and every correction kept; the API answers 400 in its error shape."""

from __future__ import annotations

import dataclasses

import pytest
from rest_framework.test import APIClient

from actions.importing import flow, letters
from actions.importing.drafts import LetterDraft
from actions.importing.flow import InvalidDraft
from inspections.models import Inspection, Judgement
from inspections.staging import StagedImport
from tests.inspections.test_import_admin import SAMPLES, preview_post_data, start_import

pytestmark = pytest.mark.django_db

LETTER = "wigan-2010-annual-unannounced.txt"
AREA = "Leadership and management"


def test_the_flow_refuses_a_draft_that_grades_an_area_twice_and_writes_nothing(admin_user):
    staged = flow.stage(data=None, filename="x.txt", pasted=(SAMPLES / LETTER).read_text())
    draft = LetterDraft(
        authority=staged.draft.authority,
        title="Two grades for one area",
        judgements=[(AREA, "good"), (f" {AREA.upper()} ", "inadequate")],
    )

    with pytest.raises(InvalidDraft) as refused:
        flow.confirm(staged.staged, draft, by=admin_user)

    assert refused.value.judgements == {
        1: f"“ {AREA.upper()} ” is graded twice: remove one of its rows."
    }
    assert not Inspection.objects.exists() and not Judgement.objects.exists()
    assert StagedImport.objects.get().status == StagedImport.Status.PENDING


def test_the_admin_shows_the_error_on_the_row_and_keeps_the_corrections(admin_client):
    preview = start_import(admin_client, LETTER)
    data = preview_post_data(preview)
    data["title"] = "Corrected title that must survive"
    prefix = "judgements"
    data.update(
        {
            f"{prefix}-0-area": AREA,
            f"{prefix}-0-grade": "good",
            f"{prefix}-1-area": AREA,
            f"{prefix}-1-grade": "inadequate",
            f"{prefix}-TOTAL_FORMS": "2",
        }
    )
    # Rows the parser found beyond the two posted are dropped by the TOTAL_FORMS above.

    response = admin_client.post(preview.request["PATH_INFO"], data)

    assert response.status_code == 200
    assert not Inspection.objects.exists()
    judgements = response.context["judgements"]
    assert judgements.forms[1].errors["area"] == [
        f"“{AREA}” is graded twice: remove one of its rows."
    ]
    page = response.content.decode()
    assert "Corrected title that must survive" in page
    assert page.count(f'value="{AREA}"') == 2


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.mark.parametrize("again", [AREA, AREA.lower()], ids=["same", "other-case"])
def test_the_api_answers_400_on_the_judgement_row(admin_user, again):
    client = api_client(admin_user)
    preview = client.post(
        "/api/v1/imports/preview/", {"text": (SAMPLES / LETTER).read_text()}, format="json"
    ).data
    draft = {
        **preview["draft"],
        "judgements": [
            {"area": AREA, "grade": "good"},
            {"area": again, "grade": "inadequate"},
        ],
    }

    response = client.post(
        "/api/v1/imports/", {"token": preview["token"], "draft": draft}, format="json"
    )

    assert response.status_code == 400, response.content
    assert response.data["errors"] == {
        "draft": {
            "judgements": [
                {},
                {"area": [f"“{again}” is graded twice: remove one of its rows."]},
            ]
        }
    }
    assert not Inspection.objects.exists() and not Judgement.objects.exists()
    # The same preview can still be confirmed once corrected.
    draft["judgements"] = draft["judgements"][:1]
    fixed = client.post(
        "/api/v1/imports/", {"token": preview["token"], "draft": draft}, format="json"
    )
    assert fixed.status_code == 201
    assert list(Judgement.objects.values_list("area", flat=True)) == [AREA]


def test_a_letter_read_with_an_area_graded_twice_waits_for_a_person(world):
    """A bulk import confirms a letter at once only if nobody needs to check it; a letter
    the parser read with one area twice goes to the review queue instead of failing."""
    letter = dataclasses.replace(
        letters.parse_text((SAMPLES / LETTER).read_text()),
        judgements={AREA: "good", AREA.upper(): "inadequate"},
    )

    reasons = letters.review_reasons(letter, world.wigan)

    assert f"“{AREA.upper()}” is graded twice: remove one of its rows." in reasons
