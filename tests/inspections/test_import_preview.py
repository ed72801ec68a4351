"""The preview where every staged letter is checked: from a single upload or the review
queue, corrected, confirmed or discarded, with what the parser inferred or missed marked."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from actions.importing import flow
from actions.importing.forms import InspectionPreviewForm
from actions.models import ActionItem
from inspections.models import Finding, Inspection, Judgement, LocalAuthority
from inspections.parsing.model import INFERRED, MISSING, Provenance
from inspections.staging import ImportBatch, StagedImport
from tests.dates import date_fields
from tests.inspections.test_import_admin import preview_post_data, start_import
from tests.inspections.test_staging import waiting

SAMPLES = Path(__file__).resolve().parents[2] / "inspections" / "sample_letters"
# A 2011 report whose areas for improvement come under "Immediately", "Within three
# months" and "Within six months"; its visit ended on 15 April 2011.
GROUPED_BY_TIMESCALE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "letters"
    / "safeguarding-and-looked-after-children-2011-stockport.txt"
)
LEADERS = "The impact of leaders on social work practice with children and families"

pytestmark = pytest.mark.django_db


@pytest.fixture
def wigan(db) -> LocalAuthority:
    return LocalAuthority.objects.get(name="Wigan")


def preview_url(staged: StagedImport) -> str:
    return reverse("admin:inspections_inspection_import_preview", args=[staged.pk])


def queued(sample: str, reasons: list[str]) -> StagedImport:
    """A letter a bulk import sent to the review queue."""
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    batch = ImportBatch.objects.create(total=1, done=1)
    return waiting(text, sample, reasons, batch=batch)


def test_a_letter_from_the_review_queue_is_corrected_and_confirmed_on_the_same_preview(
    admin_client,
):
    staged = queued("wigan-2020-focused-visit.txt", ["A reason a bulk import gave."])

    preview = admin_client.get(preview_url(staged))

    page = preview.content.decode()
    assert "A reason a bulk import gave." in page
    assert "Letters waiting for review" in page  # the way back is to the queue
    data = preview_post_data(preview)
    data["title"] = "Focused visit, title corrected"
    response = admin_client.post(preview_url(staged), data)

    inspection = Inspection.objects.get()
    assert response["Location"] == reverse(
        "admin:inspections_inspection_change", args=[inspection.pk]
    )
    assert inspection.title == "Focused visit, title corrected"
    staged.refresh_from_db()
    assert (staged.status, staged.inspection) == (StagedImport.Status.IMPORTED, inspection)


def test_discarding_a_letter_takes_it_out_of_the_queue_and_deletes_nothing(admin_client):
    staged = queued("wigan-2020-focused-visit.txt", [])
    before = ImportBatch.objects.count()

    response = admin_client.post(preview_url(staged), {"discard": "1"}, follow=True)

    assert "nothing was imported from it" in response.content.decode()
    staged.refresh_from_db()
    assert staged.status == StagedImport.Status.DISCARDED
    assert staged.text  # the letter is kept, only taken out of the queue
    assert ImportBatch.objects.count() == before
    assert not Inspection.objects.exists()
    again = admin_client.post(preview_url(staged), {"confirm": "1"}, follow=True)
    assert "was discarded, so nothing was saved" in again.content.decode()
    assert not Inspection.objects.exists()


def test_two_grades_for_one_area_are_an_error_on_the_row_and_the_corrections_are_kept(
    admin_client,
):
    preview = start_import(admin_client, "wigan-2017-sif.txt")
    data = preview_post_data(preview)
    data["title"] = "A corrected title"
    rows = int(data["judgements-TOTAL_FORMS"])
    data["judgements-0-area"] = "Adoption performance"
    data[f"judgements-{rows - 1}-area"] = " adoption  performance"
    data[f"judgements-{rows - 1}-grade"] = "good"

    response = admin_client.post(preview.request["PATH_INFO"], data)

    assert response.status_code == 200
    formset = response.context["judgements"]
    assert "graded twice" in str(formset.forms[rows - 1].errors["area"])
    assert response.context["form"]["title"].value() == "A corrected title"
    assert not Inspection.objects.exists()


def test_the_overall_grade_is_refused_as_a_judgement_row(admin_client):
    preview = start_import(admin_client, "wigan-2017-sif.txt")
    data = preview_post_data(preview)
    rows = int(data["judgements-TOTAL_FORMS"])
    data[f"judgements-{rows - 1}-area"] = "Overall effectiveness"
    data[f"judgements-{rows - 1}-grade"] = "good"

    response = admin_client.post(preview.request["PATH_INFO"], data)

    errors = str(response.context["judgements"].forms[rows - 1].errors["area"])
    assert "goes in “Overall judgement”" in errors
    assert not Inspection.objects.exists()


def test_the_sif_report_stores_its_overall_grade_once_on_the_inspection(admin_client):
    preview = start_import(admin_client, "wigan-2017-sif.txt")

    admin_client.post(preview.request["PATH_INFO"], preview_post_data(preview))

    inspection = Inspection.objects.get()
    assert inspection.overall_judgement == "good"
    areas = list(inspection.judgements.values_list("area", flat=True))
    assert areas and not any("overall" in area.casefold() for area in areas)


def test_an_overall_effectiveness_row_in_a_draft_becomes_the_inspection_grade(wigan):
    review = flow.reopen(queued("wigan-2020-focused-visit.txt", []))
    draft = review.draft
    draft.overall_judgement = ""
    draft.judgements = [("Overall effectiveness", "good"), (LEADERS, "outstanding")]

    inspection = flow.confirm(review.staged, draft)

    assert inspection.overall_judgement == "good"
    assert list(Judgement.objects.values_list("area", flat=True)) == [LEADERS]


def test_inferred_and_missing_fields_are_tagged_with_a_hint_their_input_points_to(wigan):
    form = InspectionPreviewForm(
        initial={"authority": wigan, "kind": "ilacs_short"},
        provenance={
            "inspection_type": Provenance(INFERRED, "A short inspection: its visit lasts a week."),
            "lead_inspector": Provenance(MISSING, ""),
            "title": Provenance("read"),
        },
    )

    marks = {field.name: mark for field, mark in form.rows() if mark}

    assert set(marks) == {"kind", "lead_inspector"}
    assert (marks["kind"].tag, marks["kind"].note) == (
        "Inferred",
        "A short inspection: its visit lasts a week.",
    )
    assert marks["lead_inspector"].tag == "Not found"
    assert marks["lead_inspector"].note  # a missing field still says what to do
    kind = str(form["kind"])
    assert 'aria-describedby="id_kind_how"' in kind
    assert 'aria-describedby="id_title' not in str(form["title"])


def test_the_preview_page_shows_each_mark_beside_its_input(admin_client, wigan):
    text = (SAMPLES / "wirral-2010-annual-unannounced.txt").read_text(encoding="utf-8")
    preview = admin_client.post(
        reverse("admin:inspections_inspection_import"),
        {"text": text.replace("Wirral", "Atlantis")},
        follow=True,
    )

    page = preview.content.decode()
    select = page[page.index('<select name="authority"') :]
    assert 'aria-describedby="id_authority_how id_authority_helptext"' in select[:200]
    tag = select[select.index("</select>") :]
    assert tag.index('app-tag--missing">Not found</strong>') < tag.index('id="id_authority_how"')


def test_a_finding_keeps_its_timescale_and_its_action_the_due_date_the_admin_set(
    admin_client,
):
    preview = start_import(admin_client, "wigan-2020-focused-visit.txt")
    data = preview_post_data(preview)
    first_actionable = next(
        n
        for n, form in enumerate(preview.context["findings"])
        if form["kind"].value() in Finding.ACTIONABLE_KINDS
    )
    data[f"findings-{first_actionable}-timescale"] = "Within three months"
    data |= date_fields(f"findings-{first_actionable}-due_date", "2020-05-29")

    admin_client.post(preview.request["PATH_INFO"], data)

    finding = Finding.objects.get(position=first_actionable)
    assert finding.timescale == "Within three months"
    assert ActionItem.objects.get(finding=finding).due_date == datetime.date(2020, 5, 29)
    others = ActionItem.objects.exclude(finding=finding)
    assert others.exists() and not others.filter(due_date__isnull=False).exists()


def test_timescales_propose_due_dates_the_admin_confirms_or_changes(admin_client):
    text = GROUPED_BY_TIMESCALE.read_text(encoding="utf-8")
    preview = admin_client.post(
        reverse("admin:inspections_inspection_import"), {"text": text}, follow=True
    )
    rows = [form for form in preview.context["findings"] if form["text"].value()]
    shown = [(form["timescale"].value(), form["due_date"].value()) for form in rows]
    assert shown[0] == ("Immediately", datetime.date(2011, 5, 15))
    assert ("Within three months", datetime.date(2011, 7, 15)) in shown
    assert ("Within six months", datetime.date(2011, 10, 15)) in shown
    assert "counted from 15 April 2011" in preview.content.decode()
    data = preview_post_data(preview)
    data |= date_fields("findings-0-due_date", "2011-04-30")  # the admin brings one forward

    response = admin_client.post(preview.request["PATH_INFO"], data)

    assert response.status_code == 302, response.context["form"].errors

    findings = list(Finding.objects.order_by("position"))
    assert [f.timescale for f in findings] == [timescale for timescale, _ in shown]
    due = [ActionItem.objects.get(finding=f).due_date for f in findings]
    assert due == [datetime.date(2011, 4, 30), *(date for _, date in shown[1:])]


def test_a_field_the_parser_did_not_find_is_marked_with_its_note_on_the_page(admin_client):
    text = GROUPED_BY_TIMESCALE.read_text(encoding="utf-8")
    preview = admin_client.post(
        reverse("admin:inspections_inspection_import"), {"text": text}, follow=True
    )

    page = preview.content.decode()
    # Each of the date's boxes is described by the mark, then the field's hint.
    field = page[page.index('name="letter_date_day"') :]
    described = 'aria-describedby="id_letter_date_how id_letter_date_helptext"'
    assert described in field[: field.index(">")]
    mark = field[field.index("</fieldset>") :]
    mark = mark[: mark.index("</div>")]
    assert 'app-tag--missing">Not found</strong>' in mark
    assert 'id="id_letter_date_how">A report is not a letter' in mark


def test_a_staged_text_the_parser_now_refuses_still_opens_with_the_reason(admin_client):
    staged = waiting("Eggs, milk and bread.", "list.txt", [])

    response = admin_client.get(preview_url(staged))

    assert response.status_code == 200
    reasons = response.context["reasons"]
    assert any("Ofsted" in reason for reason in reasons)
    assert "No title was found." in reasons
