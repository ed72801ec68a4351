"""What the bulk import calls: why a letter needs a person, staging it, finding it again,
and importing a confident one; and the admin's review queue that lists the staged."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from actions.importing import letters
from actions.importing.services import DuplicateLetter
from actions.models import ActionItem
from inspections.models import LocalAuthority
from inspections.parsing import ParsedFinding, ParsedLetter
from inspections.parsing.model import INFERRED, MISSING, READ, Provenance
from inspections.staging import ImportBatch, StagedImport

SAMPLES = Path(__file__).resolve().parents[2] / "inspections" / "sample_letters"
PDF = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "pdfs"
    / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
)
QUEUE = reverse("admin:inspections_stagedimport_changelist")


def confident_letter(**changes) -> ParsedLetter:
    """A focused visit letter with everything the import needs, read directly."""
    letter = ParsedLetter(
        local_authority="Wigan",
        council="Wigan Metropolitan Borough Council",
        inspection_type="focused_visit",
        title="Focused visit to Wigan children's services",
        letter_date=datetime.date(2020, 2, 19),
        published_date=None,
        visit_start=datetime.date(2020, 1, 21),
        visit_end=datetime.date(2020, 1, 22),
        lead_inspector="Peter McEntee",
        findings=[
            ParsedFinding(
                kind="area_for_development",
                text="The quality of plans for children in need.",
                heading="Areas for improvement",
                section="",
                position=0,
                timescale="Within three months",
            )
        ],
        provenance={"inspection_type": Provenance(READ)},
    )
    return dataclasses.replace(letter, **changes)


@pytest.fixture
def wigan(db) -> LocalAuthority:
    return LocalAuthority.objects.get(name="Wigan")


def test_a_letter_read_directly_needs_no_one(wigan):
    assert letters.review_reasons(confident_letter(), wigan) == []


def test_a_kind_the_parser_read_as_other_is_no_reason_to_stop(wigan):
    report = confident_letter(
        inspection_type="other",
        provenance={"inspection_type": Provenance(READ, "The service has no kind for it.")},
    )
    assert letters.review_reasons(report, wigan) == []


def test_an_inferred_field_alone_is_no_reason_to_stop(wigan):
    short = confident_letter(
        inspection_type="ilacs_short",
        provenance={"inspection_type": Provenance(INFERRED, "Its visit lasted one week.")},
    )
    assert letters.review_reasons(short, wigan) == []


def test_an_unmatched_authority_is_a_reason(db):
    reasons = letters.review_reasons(confident_letter(council="Atlantis Council"), None)
    assert reasons == [
        "The council the letter names (“Atlantis Council”) matches no local authority."
    ]


def test_a_letter_with_no_findings_is_a_reason_stated_once(db):
    # A real focused visit that lists nothing to act on: a person must confirm that.
    name = "2021-08-09-nottingham-focused-visit.pdf"
    data = (PDF.parent / name).read_bytes()
    _, parsed = letters.read_document(data, name)

    reasons = letters.review_reasons(parsed, letters.match_authority(parsed))

    assert len(reasons) == 1
    assert reasons[0].startswith("No findings found.")


def test_a_monitoring_visit_without_findings_needs_no_review(wigan):
    monitoring = confident_letter(findings=[], inspection_type="monitoring_visit")
    assert letters.review_reasons(monitoring, wigan) == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"inspection_type": "other", "provenance": {}},
            "The kind of inspection was not recognised.",
        ),
        (
            {"provenance": {"inspection_type": Provenance(MISSING, "No title names it.")}},
            "The kind of inspection was not recognised: No title names it.",
        ),
        ({"title": None}, "No title was found."),
        (
            {"visit_start": None, "visit_end": None, "letter_date": None},
            "No visit date or letter date was found.",
        ),
    ],
)
def test_a_required_field_left_empty_is_a_reason(wigan, changes, reason):
    assert letters.review_reasons(confident_letter(**changes), wigan) == [reason]


def test_a_needed_field_the_parser_marks_missing_is_a_reason_with_its_note(wigan):
    doubtful = confident_letter(
        provenance={"title": Provenance(MISSING, "Only the running header names it.")}
    )
    assert letters.review_reasons(doubtful, wigan) == [
        "No title was found: Only the running header names it."
    ]
    # A field the import can do without is not.
    unnamed = confident_letter(provenance={"lead_inspector": Provenance(MISSING, "")})
    assert letters.review_reasons(unnamed, wigan) == []


def test_each_warning_of_the_parser_is_a_reason(wigan):
    warned = confident_letter(warnings=["Two councils are named.", "The grades table wraps."])
    assert letters.review_reasons(warned, wigan) == [
        "Two councils are named.",
        "The grades table wraps.",
    ]


def test_a_staged_pdf_keeps_its_file_and_a_text_file_only_its_text(db, django_user_model):
    user = django_user_model.objects.create_user("ada")
    batch = ImportBatch.objects.create()

    pdf = letters.stage_document(
        text="The letter.",
        filename="letters/x.pdf",
        data=b"%PDF-1.7",
        reasons=["Why."],
        user=user,
        batch=batch,
    )
    txt = letters.stage_document(text="Another.", filename="y.txt", data=b"Another.", reasons=[])

    pdf.refresh_from_db()
    assert (pdf.filename, pdf.reasons, pdf.created_by, pdf.batch) == (
        "x.pdf",
        ["Why."],
        user,
        batch,
    )
    assert pdf.document.read() == b"%PDF-1.7"
    assert not txt.document
    assert txt.status == StagedImport.Status.PENDING


def test_a_letter_is_found_again_imported_or_waiting_but_not_once_discarded(wigan):
    text = (SAMPLES / "wigan-2020-focused-visit.txt").read_text(encoding="utf-8")
    assert letters.find_existing(text) is None

    staged = letters.stage_document(text=text, filename="a.txt", data=None, reasons=[])
    # Whitespace does not make a different letter.
    assert letters.find_existing("\n" + text.replace("\n", "\r\n")) == staged

    staged.status = StagedImport.Status.DISCARDED
    staged.save()
    assert letters.find_existing(text) is None

    _, parsed = letters.read_letter(data=None, filename="a.txt", pasted=text)
    inspection = letters.import_confident(
        text=text, filename="a.txt", data=None, parsed=parsed, authority=wigan
    )
    assert letters.find_existing(text) == inspection


def test_a_confident_letter_is_imported_unpublished_with_its_pdf_and_timescales_but_no_due_dates(
    wigan, django_user_model
):
    user = django_user_model.objects.create_user("ada")
    data = PDF.read_bytes()
    text, parsed = letters.read_document(data, PDF.name)
    parsed = dataclasses.replace(
        parsed,
        findings=[dataclasses.replace(parsed.findings[0], timescale="Within three months")],
    )

    inspection = letters.import_confident(
        text=text, filename=PDF.name, data=data, parsed=parsed, authority=wigan, user=user
    )

    assert not inspection.published
    assert inspection.source_document.read() == data
    assert {entry.history_user for entry in inspection.history.all()} == {user}
    finding = inspection.findings.get()
    assert finding.timescale == "Within three months"
    # Nobody confirms a proposed due date in an unattended import, so none is set.
    assert ActionItem.objects.get(finding=finding).due_date is None
    with pytest.raises(DuplicateLetter):
        letters.import_confident(
            text=text, filename=PDF.name, data=data, parsed=parsed, authority=wigan
        )


def test_the_review_queue_lists_waiting_letters_with_their_reasons_and_links_the_preview(
    admin_client,
):
    batch = ImportBatch.objects.create(total=2)
    waiting = letters.stage_document(
        text="One.", filename="one.pdf", data=None, reasons=["No title was found."], batch=batch
    )
    done = letters.stage_document(text="Two.", filename="two.pdf", data=None, reasons=[])
    done.status = StagedImport.Status.DISCARDED
    done.save()

    page = admin_client.get(QUEUE).content.decode()

    assert "Letters waiting for review" in page
    assert reverse("admin:inspections_inspection_import_preview", args=[waiting.pk]) in page
    assert "No title was found." in page and str(batch) in page
    assert reverse("admin:inspections_inspection_bulk_import_status", args=[batch.pk]) in page
    assert "two.pdf" not in page
    discarded = admin_client.get(QUEUE, {"status": "discarded"}).content.decode()
    assert "two.pdf" in discarded and "one.pdf" not in discarded


def test_the_review_queue_has_no_add_and_no_delete(admin_client):
    staged = letters.stage_document(text="One.", filename="one.pdf", data=None, reasons=[])

    assert admin_client.get(reverse("admin:inspections_stagedimport_add")).status_code == 403
    delete = reverse("admin:inspections_stagedimport_delete", args=[staged.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert StagedImport.objects.filter(pk=staged.pk).exists()


def test_the_api_stages_its_previews_in_the_same_queue_once(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    text = (SAMPLES / "wigan-2020-focused-visit.txt").read_text(encoding="utf-8")

    first = client.post("/api/v1/imports/preview/", {"text": text}, format="json")
    second = client.post("/api/v1/imports/preview/", {"text": text}, format="json")

    staged = StagedImport.objects.get()
    assert (first.status_code, second.status_code) == (200, 200)
    assert staged.created_by == admin_user
    body = {"token": second.data["token"], "draft": second.data["draft"]}
    response = client.post("/api/v1/imports/", body, format="json")
    assert response.status_code == 201
    staged.refresh_from_db()
    assert (staged.status, staged.inspection_id) == (
        StagedImport.Status.IMPORTED,
        response.data["id"],
    )
