"""The statement of action and the committee progress report, generated for the sample data,
downloaded as their users would, and opened to read back every finding and action."""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from actions.display import long_date
from actions.models import ActionItem, ActionUpdate, DueDateChange, Rag, Status
from actions.reports.data import committee_report
from inspections.models import Finding, Inspection
from tests.reports.reading import (
    docx_headings,
    docx_tables_repeat_header,
    docx_text,
    pdf_text,
    squash,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"docx": DOCX, "pdf": "application/pdf"}
TODAY = timezone.localdate()


@pytest.fixture
def sample(db) -> Inspection:
    """The sample data, with the Wigan 2017 SIF's plan filled in a little: a lead and a
    success measure, a cancelled action, and two requests to move a due date."""
    call_command("load_sample_data", stdout=io.StringIO())
    sif = Inspection.objects.get(authority__name="Wigan", kind=Inspection.Kind.SIF)
    manager = User.objects.get(username="wigan.manager")
    first, second, third, *_ = ActionItem.objects.filter(finding__inspection=sif).order_by(
        "finding__position"
    )
    first.lead = "Head of Quality Assurance"
    first.success_measure = "Nine in ten audits graded good or better"
    first.save()
    third.status = Status.CANCELLED
    third.title = "A cancelled action nobody will see"
    third.save()
    ActionUpdate.objects.create(action=second, author=manager, note="Audit tool rolled out")
    decided = timezone.now()
    DueDateChange.objects.create(
        action=first,
        requested_by=manager,
        from_date=datetime.date(2026, 3, 1),
        to_date=datetime.date(2026, 6, 1),
        reason="Waiting for the new case system",
        state=DueDateChange.State.APPROVED,
        decided_by=manager,
        decided_at=decided,
        decision_note="Agreed at the improvement board",
    )
    DueDateChange.objects.create(
        action=second,
        requested_by=manager,
        from_date=datetime.date(2026, 4, 1),
        to_date=datetime.date(2026, 9, 1),
        reason="Staff vacancies",
        state=DueDateChange.State.REFUSED,
        decided_by=manager,
        decided_at=decided,
        decision_note="Recruit agency staff instead",
    )
    return sif


def signed_in(client, username: str):
    client.force_login(User.objects.get(username=username))
    return client


def read(response, fmt: str, title: str) -> str:
    if fmt == "docx":
        return docx_text(response.content)
    return pdf_text(response.content, footer=title)


def counted_actions(inspection: Inspection) -> list[ActionItem]:
    return list(
        ActionItem.objects.filter(finding__inspection=inspection).exclude(status=Status.CANCELLED)
    )


def actionable_findings(inspection: Inspection) -> list[Finding]:
    return list(inspection.findings.actionable())


def assert_has_everything(text: str, inspections: list[Inspection]) -> None:
    for inspection in inspections:
        findings = actionable_findings(inspection)
        assert findings
        for finding in findings:
            assert squash(finding.text) in text, finding.text
        for action in counted_actions(inspection):
            assert squash(action.title) in text, action.title
    assert "A cancelled action nobody will see" not in text


def assert_proper_document(content: bytes, fmt: str, title: str) -> None:
    """Word: real headings, header rows that repeat, title and language set. PDF: tagged,
    titled, in British English, on A4 landscape pages."""
    if fmt == "docx":
        headings = docx_headings(content)
        assert headings[0] == ("Heading 1", title)
        assert {style for style, _ in headings} >= {"Heading 1", "Heading 2", "Heading 3"}
        assert docx_tables_repeat_header(content)
        document = Document(io.BytesIO(content))
        properties = document.core_properties
        assert (properties.title, properties.language) == (title, "en-GB")
        section = document.sections[0]
        assert section.page_width is not None and section.page_height is not None
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
        return
    reader = pypdf.PdfReader(io.BytesIO(content))
    root = reader.root_object
    assert reader.metadata is not None and reader.metadata.title == title
    assert str(root["/Lang"]) == "en-GB"
    assert "/StructTreeRoot" in root
    box = reader.pages[0].mediabox
    assert (round(box.width / 72 * 25.4), round(box.height / 72 * 25.4)) == (297, 210)


def has_chart(content: bytes, fmt: str) -> bool:
    """Whether the RAG chart is in the document, with its description for Word."""
    if fmt == "docx":
        pictures = Document(io.BytesIO(content)).inline_shapes
        return len(pictures) == 1 and pictures[0]._inline.docPr.get("descr").startswith(
            "Bar chart of actions by RAG rating"
        )
    return any(page.images for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_statement_of_action_holds_every_finding_and_action(client, sample, fmt):
    response = signed_in(client, "wigan.manager").get(
        reverse("workspace:plan", args=[sample.pk, fmt])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == (
        f'attachment; filename="wigan-single-inspection-framework-sif-january-2017'
        f'-statement-of-action.{fmt}"'
    )
    title = "Statement of action: Wigan, Single inspection framework (SIF), January 2017"
    text = read(response, fmt, title)
    assert_has_everything(text, [sample])
    # The plan's own columns: lead, success measure, timescale and progress.
    assert "Head of Quality Assurance" in text
    assert "Nine in ten audits graded good or better" in text
    assert f"{long_date(TODAY)}: Audit tool rolled out" in text
    assert "Recommendation 16" in text
    assert "Written statement required Yes" in text
    assert_proper_document(response.content, fmt, title)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_inspection_report_holds_progress_dates_and_slips(client, sample, fmt):
    response = signed_in(client, "wigan.manager").get(
        reverse("workspace:report", args=[sample.pk, fmt])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == (
        f'attachment; filename="wigan-single-inspection-framework-sif-january-2017'
        f'-progress-report-{TODAY:%Y-%m-%d}.{fmt}"'
    )
    title = "Progress report: Wigan, Single inspection framework (SIF), January 2017"
    text = read(response, fmt, title)
    assert_has_everything(text, [sample])
    # RAG in words; dates against targets; what slipped and why.
    assert "Not scheduled" in text
    assert "Audit tool rolled out" in text
    assert "1 March 2026 to 1 June 2026 Waiting for the new case system" in text
    assert f"Approved on {long_date(TODAY)} by Maria Manager: Agreed at the improvement board" in (
        text
    )
    assert "Staff vacancies" in text
    assert "Refused" in text and "Recruit agency staff instead" in text
    assert_proper_document(response.content, fmt, title)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_authority_report_covers_every_inspection_of_the_authority(client, sample, fmt):
    response = signed_in(client, "wigan.manager").get(
        reverse("workspace:authority_report", args=["wigan", fmt])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == (
        f'attachment; filename="wigan-progress-report-{TODAY:%Y-%m-%d}.{fmt}"'
    )
    title = "Progress report: Wigan, all inspections"
    text = read(response, fmt, title)
    wigan = list(Inspection.objects.filter(authority__name="Wigan"))
    assert len(wigan) == 3
    assert_has_everything(text, wigan)
    assert "All inspections" in text  # the summary table's total row
    for action in ActionItem.objects.filter(finding__inspection__authority__name="Wirral"):
        assert squash(action.title) not in text
    # Overdue by 10 and 20 days in the sample data; one verified 3 days late.
    assert "10 days late" in text and "20 days late" in text and "3 days late" in text
    assert_proper_document(response.content, fmt, title)
    assert has_chart(response.content, fmt)


@pytest.mark.parametrize(
    "url",
    [
        ("workspace:plan", "docx"),
        ("workspace:plan", "pdf"),
        ("workspace:report", "docx"),
        ("workspace:report", "pdf"),
    ],
)
def test_another_authority_cannot_download_an_inspections_documents(client, sample, url):
    name, fmt = url
    response = signed_in(client, "wirral.manager").get(reverse(name, args=[sample.pk, fmt]))
    assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_another_authority_cannot_download_the_authority_report(client, sample, fmt):
    client = signed_in(client, "wirral.manager")
    response = client.get(reverse("workspace:authority_report", args=["wigan", fmt]))
    assert response.status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, sample):
    response = client.get(reverse("workspace:plan", args=[sample.pk, "pdf"]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_unknown_format_is_not_found(client, sample):
    client = signed_in(client, "wigan.manager")
    assert client.get(reverse("workspace:plan", args=[sample.pk, "odt"])).status_code == 404
    response = client.get(reverse("workspace:authority_report", args=["wigan", "xlsx"]))
    assert response.status_code == 404


def test_the_number_of_queries_does_not_grow_with_the_plan(client, sample):
    client = signed_in(client, "wigan.manager")
    url = reverse("workspace:authority_report", args=["wigan", "docx"])
    client.get(url)  # warms the caches that a first request fills

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    manager = User.objects.get(username="wigan.manager")
    for finding in Finding.objects.filter(inspection__authority__name="Wigan").actionable():
        action = ActionItem.objects.create(finding=finding, title=f"More on {finding.pk}")
        ActionUpdate.objects.create(action=action, author=manager, note="Started")
        DueDateChange.objects.create(
            action=action, requested_by=manager, to_date=TODAY, reason="More time"
        )
    assert queries() == before


def test_the_inspection_page_partial_links_every_document(sample):
    html = render_to_string("actions/_inspection_documents.html", {"inspection": sample})
    for name in ("workspace:plan", "workspace:report"):
        for fmt in ("docx", "pdf"):
            assert f'href="{reverse(name, args=[sample.pk, fmt])}"' in html


def test_the_dashboard_links_to_each_authoritys_report(client, sample):
    response = signed_in(client, "wigan.manager").get(reverse("workspace:dashboard"))
    for fmt in ("docx", "pdf"):
        assert reverse("workspace:authority_report", args=["wigan", fmt]) in response.text
    assert reverse("workspace:authority_report", args=["wirral", "pdf"]) not in response.text


def test_the_summary_counts_each_rag_rating_and_status_as_the_lists_do(sample):
    manager = User.objects.get(username="wigan.manager")
    wigan = list(Inspection.objects.filter(authority__name="Wigan").select_related("authority"))

    report = committee_report("Wigan", wigan, manager, TODAY)

    actions = ActionItem.objects.filter(finding__inspection__authority__name="Wigan").exclude(
        status=Status.CANCELLED
    )
    ratings = list(actions.with_rag(TODAY).values_list("rag_status", flat=True))
    total = report.rows[-1]
    assert total.label == "All inspections"
    assert total.rag == {
        "Red": ratings.count(Rag.RED),
        "Amber": ratings.count(Rag.AMBER),
        "Green": ratings.count(Rag.GREEN),
        "Not scheduled": ratings.count(Rag.NOT_SCHEDULED),
        "Done": ratings.count(""),
    }
    assert total.rag["Not scheduled"] > 0 and total.rag["Red"] > 0
    assert total.status["Verified"] == actions.filter(status=Status.VERIFIED).count() == 1
    assert total.total == len(ratings) == sum(row.total for row in report.rows[:-1])
