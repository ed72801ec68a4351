"""What the bulk import calls: why a letter needs a person, staging it, finding it again,
and importing a confident one; and the admin's review queue that lists the staged."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from actions.importing import bulk, flow, letters
from actions.importing.bulk_inputs import Document
from actions.importing.flow import AlreadyStaged, DuplicateLetter
from actions.models import ActionItem
from inspections.models import Finding, Inspection, LocalAuthority
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
GROUPED_BY_TIMESCALE = (
    PDF.parents[1] / "letters" / "safeguarding-and-looked-after-children-2011-stockport.txt"
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


def waiting(text: str, filename: str, reasons: list[str], **fields) -> StagedImport:
    """A staged letter, as a bulk import leaves one in the review queue."""
    return StagedImport.objects.create(
        text=text,
        filename=filename,
        fingerprint=letters.fingerprint(text),
        reasons=reasons,
        **fields,
    )


def test_a_staged_pdf_keeps_its_file_and_a_text_file_only_its_text(db, django_user_model):
    user = django_user_model.objects.create_user("ada")
    batch = ImportBatch.objects.create()
    wirral = (SAMPLES / "wirral-2010-annual-unannounced.txt").read_bytes()

    pdf = flow.stage(data=PDF.read_bytes(), filename=f"letters/{PDF.name}", by=user, batch=batch)
    txt = flow.stage(data=wirral.replace(b"Wirral", b"Atlantis"), filename="y.txt")

    staged = StagedImport.objects.get(pk=pdf.staged.pk)
    assert (staged.filename, staged.created_by, staged.batch) == (PDF.name, user, batch)
    assert staged.document.read() == PDF.read_bytes()
    assert staged.reasons == pdf.reasons == []
    assert not txt.staged.document
    assert txt.staged.status == StagedImport.Status.PENDING
    assert txt.staged.reasons == txt.reasons
    assert "matches no local authority" in txt.reasons[0]


def test_a_letter_is_refused_again_while_waiting_once_imported_and_by_a_rerun_once_discarded(
    wigan,
):
    text = (SAMPLES / "wigan-2020-focused-visit.txt").read_text(encoding="utf-8")
    first = flow.stage(data=None, filename="a.txt", pasted=text)
    # Whitespace does not make a different letter.
    with pytest.raises(AlreadyStaged) as again:
        flow.stage(data=None, filename="a.txt", pasted="\n" + text.replace("\n", "\r\n"))
    assert again.value.staged == first.staged

    flow.discard(first.staged)
    with pytest.raises(AlreadyStaged) as rerun:
        flow.stage(data=None, filename="a.txt", pasted=text, again_if_discarded=False)
    assert rerun.value.staged == first.staged
    # A person may read a discarded letter again.
    second = flow.stage(data=None, filename="a.txt", pasted=text)
    inspection = flow.confirm(second.staged, second.draft)

    with pytest.raises(DuplicateLetter) as imported:
        flow.stage(data=None, filename="a.txt", pasted=text)
    assert imported.value.existing == inspection


def test_a_confident_letter_is_imported_unpublished_with_its_pdf_and_timescales_but_no_due_dates(
    wigan, django_user_model
):
    user = django_user_model.objects.create_user("ada")
    batch = ImportBatch.objects.create()
    data = PDF.read_bytes()

    row = bulk.decide(Document(PDF.name, lambda: data), user=user, batch=batch)

    inspection = Inspection.objects.get()
    assert (row["outcome"], row["inspection"]) == (bulk.IMPORTED, inspection.pk)
    assert not inspection.published
    assert inspection.source_document.read() == data
    assert {entry.history_user for entry in inspection.history.all()} == {user}
    # The letter it came from is kept as read, in its batch, pointing at the inspection.
    staged = StagedImport.objects.get(inspection=inspection)
    assert (row["staged"], staged.status, staged.batch) == (
        staged.pk,
        StagedImport.Status.IMPORTED,
        batch,
    )
    # A report whose areas for improvement come under "Within three months" and the like.
    grouped = bulk.decide(Document(GROUPED_BY_TIMESCALE.name, GROUPED_BY_TIMESCALE.read_bytes))
    timed = Finding.objects.exclude(inspection=inspection).exclude(timescale="")
    assert grouped["outcome"] == bulk.IMPORTED and timed.exists()
    # Nobody confirms a proposed due date in an unattended import, so none is set.
    assert not ActionItem.objects.filter(finding__in=timed, due_date__isnull=False).exists()
    again = bulk.decide(Document(PDF.name, lambda: data), user=user)
    assert (again["outcome"], again["inspection"]) == (bulk.DUPLICATE, inspection.pk)


def test_the_review_queue_lists_waiting_letters_with_their_reasons_and_links_the_preview(
    admin_client,
):
    batch = ImportBatch.objects.create(total=2)
    queued = waiting("One.", "one.pdf", ["No title was found."], batch=batch)
    done = waiting("Two.", "two.pdf", [])
    done.status = StagedImport.Status.DISCARDED
    done.save()

    page = admin_client.get(QUEUE).content.decode()

    assert "Letters waiting for review" in page
    assert reverse("admin:inspections_inspection_import_preview", args=[queued.pk]) in page
    assert "No title was found." in page and str(batch) in page
    assert reverse("admin:inspections_inspection_bulk_import_status", args=[batch.pk]) in page
    assert "two.pdf" not in page
    discarded = admin_client.get(QUEUE, {"status": "discarded"}).content.decode()
    assert "two.pdf" in discarded and "one.pdf" not in discarded


def test_the_review_queue_has_no_add_and_no_delete(admin_client):
    staged = waiting("One.", "one.pdf", [])

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
