"""Exports of the action list as an improvement plan, read back as a spreadsheet would."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from actions.models import ActionItem, ActionUpdate, Priority, Status
from inspections.models import Finding, Inspection
from tests.actions.test_list import add_action

HEADINGS = [
    "ID",
    "Link",
    "Authority",
    "Inspection",
    "Kind of finding",
    "Finding",
    "Action",
    "Lead",
    "Success measure",
    "Owner",
    "Priority",
    "Due date",
    "Status",
    "RAG",
    "Completed on",
    "Completed by",
    "Verified on",
    "Verified by",
    "Latest update",
]
# The XLSX's title takes the first rows; the table's header follows.
TITLE_ROWS = 3
TODAY = timezone.localdate()


def export_url(fmt: str) -> str:
    return reverse("workspace:actions_export", args=[fmt])


def csv_rows(response) -> list[dict[str, str]]:
    """The CSV's rows as dictionaries, after checking it starts with a UTF-8 byte order mark."""
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == HEADINGS
    return list(reader)


def workbook_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def xlsx_rows(response) -> list[dict[str, object]]:
    rows = list(workbook_sheet(response).iter_rows(values_only=True))
    assert list(rows[TITLE_ROWS]) == HEADINGS
    return [dict(zip(HEADINGS, row, strict=True)) for row in rows[TITLE_ROWS + 1 :]]


def exported(client, fmt: str, **params) -> list[dict]:
    response = client.get(export_url(fmt), params)
    assert response.status_code == 200
    return csv_rows(response) if fmt == "csv" else xlsx_rows(response)


def note(action: ActionItem, text: str, written: datetime.datetime, **fields) -> ActionUpdate:
    update = ActionUpdate.objects.create(action=action, note=text, **fields)
    ActionUpdate.objects.filter(pk=update.pk).update(created_at=written)
    return update


@pytest.fixture
def signed_in_manager(client, world):
    client.force_login(world.manager)
    return client


@pytest.fixture
def planned(world):
    """The world's action with a due date, a visit date and a timeline of notes."""
    Inspection.objects.filter(pk=world.inspection.pk).update(visit_start=datetime.date(2025, 3, 4))
    ActionItem.objects.filter(pk=world.action.pk).update(
        due_date=TODAY - datetime.timedelta(days=2), status=Status.IN_PROGRESS
    )
    now = timezone.now()
    note(world.action, "Audit tool drafted.", now - datetime.timedelta(days=9))
    note(world.action, "Audits started in two teams.", now - datetime.timedelta(days=3))
    # Newer, but a status change without a note is not an update to report.
    note(
        world.action,
        "",
        now - datetime.timedelta(days=1),
        from_status=Status.NOT_STARTED,
        to_status=Status.IN_PROGRESS,
    )
    world.action.refresh_from_db()
    return world.action


def test_the_csv_is_an_improvement_plan_that_excel_reads_as_utf8(signed_in_manager, planned):
    [row] = exported(signed_in_manager, "csv")

    three_days_ago = timezone.localdate(timezone.now() - datetime.timedelta(days=3))
    assert row == {
        "ID": str(planned.pk),
        "Link": "http://testserver" + reverse("workspace:action", args=[planned.pk]),
        "Authority": "Wigan",
        "Inspection": "Focused visit, March 2025",
        "Kind of finding": "Area for development",
        "Finding": "Casework audits to have a focus on the child's experience.",
        "Action": "Improve audits",
        "Lead": "",
        "Success measure": "",
        "Owner": "owen",
        "Priority": "Medium",
        "Due date": format_date(TODAY - datetime.timedelta(days=2), "j F Y"),
        "Status": "In progress",
        "RAG": "Red",
        "Completed on": "",
        "Completed by": "",
        "Verified on": "",
        "Verified by": "",
        "Latest update": f"{format_date(three_days_ago, 'j F Y')}: Audits started in two teams.",
    }


def test_the_xlsx_has_the_same_plan_with_a_real_due_date(signed_in_manager, planned):
    [from_csv] = exported(signed_in_manager, "csv")
    [from_xlsx] = exported(signed_in_manager, "xlsx")

    assert from_xlsx["Due date"].date() == planned.due_date
    assert from_xlsx["ID"] == planned.pk
    blanks = {name: "" for name, value in from_xlsx.items() if value is None}
    assert {
        **from_xlsx,
        **blanks,
        "ID": from_csv["ID"],
        "Due date": from_csv["Due date"],
    } == from_csv


def test_the_xlsx_header_is_bold_and_frozen_and_text_wraps(signed_in_manager, planned):
    sheet = workbook_sheet(signed_in_manager.get(export_url("xlsx")))

    assert all(cell.font.bold for cell in sheet[4])
    assert not sheet["A5"].font.bold
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == "A4:S5"
    assert sheet.column_dimensions["F"].width >= 50  # the finding
    assert sheet.column_dimensions["A"].width < 10  # the id
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=4) for cell in row)
    assert sheet["L5"].number_format == "d mmmm yyyy"


def test_the_action_column_adds_a_description_that_says_more_than_the_finding(
    signed_in_manager, world
):
    ActionItem.objects.filter(pk=world.action.pk).update(description=world.finding.text)
    add_action(world.inspection, "Return interviews", description="Offer one within 72 hours.")

    rows = exported(signed_in_manager, "csv", sort="title")

    assert [row["Action"] for row in rows] == [
        "Improve audits",
        "Return interviews\n\nOffer one within 72 hours.",
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_holds_exactly_the_filtered_rows_of_every_page_in_the_list_order(
    signed_in_manager, world, fmt
):
    for n in range(120):
        add_action(world.inspection, f"Step {n:02}", priority=Priority.HIGH if n % 5 else "low")
    params = {"priority": "high", "sort": "-title"}

    rows = exported(signed_in_manager, fmt, **params)

    on_the_list = [
        row.action.title
        for page in (1, 2)
        for row in signed_in_manager.get(
            reverse("workspace:actions"), {**params, "page": page}
        ).context["rows"]
    ]
    assert [row["Action"] for row in rows] == on_the_list
    assert len(rows) == 96


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_follows_the_filters_in_its_query_string(signed_in_manager, world, fmt):
    add_action(world.inspection, "Strengthen safeguarding", priority=Priority.HIGH)

    rows = exported(signed_in_manager, fmt, q="safeguard", owner="unassigned")

    assert [row["Action"] for row in rows] == ["Strengthen safeguarding"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
    signed_in_manager, world, fmt
):
    ActionItem.objects.filter(pk=world.action.pk).update(title='=HYPERLINK("http://x.test")')
    world.owner.first_name = "@SUM(A1)"
    world.owner.save()
    Finding.objects.filter(pk=world.finding.pk).update(kind=Finding.Kind.RECOMMENDATION)
    note(world.action, "+1 more team", timezone.now())
    add_action(world.inspection, "-2+3", kind=Finding.Kind.PRIORITY_ACTION)

    rows = exported(signed_in_manager, fmt, sort="title")

    assert [row["Action"] for row in rows] == ["'-2+3", '\'=HYPERLINK("http://x.test")']
    assert rows[1]["Owner"] == "'@SUM(A1)"
    assert rows[1]["Latest update"].endswith(": +1 more team")


def test_the_xlsx_stores_neutralised_text_not_formulas(signed_in_manager, world):
    ActionItem.objects.filter(pk=world.action.pk).update(title="=1+1")

    sheet = workbook_sheet(signed_in_manager.get(export_url("xlsx")))

    assert sheet["G5"].data_type == "s"
    assert sheet["G5"].value == "'=1+1"


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_an_export_downloads_as_a_dated_file(signed_in_manager, world, fmt, content_type):
    everything = signed_in_manager.get(export_url(fmt))
    wigan = signed_in_manager.get(export_url(fmt), {"authority": world.wigan.pk})

    assert everything["Content-Type"] == content_type
    assert everything["Content-Disposition"] == (
        f'attachment; filename="improvement-plan-{TODAY:%Y-%m-%d}.{fmt}"'
    )
    assert wigan["Content-Disposition"] == (
        f'attachment; filename="wigan-improvement-plan-{TODAY:%Y-%m-%d}.{fmt}"'
    )


def test_an_unknown_format_is_not_found(signed_in_manager):
    assert signed_in_manager.get(export_url("pdf")).status_code == 404


def test_exports_need_a_signed_in_user(client, db):
    response = client.get(export_url("csv"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_invalid_filter_is_refused_rather_than_dropped(signed_in_manager, world):
    response = signed_in_manager.get(export_url("csv"), {"authority": world.wirral.pk})

    assert response.status_code == 400


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_wirral_manager_exports_none_of_wigans_actions(client, world, fmt):
    wirral = Inspection.objects.create(authority=world.wirral, title="Wirral ILACS")
    add_action(wirral, "Wirral plan")
    client.force_login(world.outsider)

    rows = exported(client, fmt)

    assert [(row["Authority"], row["Action"]) for row in rows] == [("Wirral", "Wirral plan")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_superuser_exports_every_authoritys_actions(client, world, fmt):
    wirral = Inspection.objects.create(authority=world.wirral, title="Wirral ILACS")
    add_action(wirral, "Wirral plan")
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))

    rows = exported(client, fmt, sort="authority")

    assert [row["Authority"] for row in rows] == ["Wigan", "Wirral"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("count", [10, 200])
def test_an_export_runs_a_fixed_number_of_queries(
    signed_in_manager, world, django_assert_max_num_queries, fmt, count
):
    findings = Finding.objects.bulk_create(
        Finding(inspection=world.inspection, kind="recommendation", text=f"F{n}", position=n + 1)
        for n in range(count)
    )
    actions = ActionItem.objects.bulk_create(
        ActionItem(finding=finding, title=f"A{n}", owner=world.colleague)
        for n, finding in enumerate(findings)
    )
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action=action, note=f"Note {n}") for n, action in enumerate(actions)
    )

    with django_assert_max_num_queries(5):
        response = signed_in_manager.get(export_url(fmt), {"owner": world.colleague.pk})
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)

    assert len(rows) == count
    assert str(rows[0]["Latest update"]).endswith(": Note 0")
