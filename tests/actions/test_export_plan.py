"""What an export adds for a meeting: the plan's columns for leads, measures and sign-off,
and, in the XLSX only, a title and RAG colours. Read back as a spreadsheet would."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionItem, Priority, Status
from inspections.models import Finding
from tests.actions.test_exports import (
    HEADINGS,
    TITLE_ROWS,
    export_url,
    exported,
    workbook_sheet,
)
from tests.actions.test_list import add_action

TODAY = timezone.localdate()
RAG_COLUMN = HEADINGS.index("RAG") + 1


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def signed_in_manager(client, world):
    client.force_login(world.manager)
    return client


@pytest.fixture
def signed_off(world):
    """The world's action, led and measured, completed by its owner and verified by the
    manager on two known days."""
    world.owner.first_name, world.owner.last_name = "Owen", "Owens"
    world.owner.save()
    completed = timezone.make_aware(datetime.datetime(2026, 3, 2, 10))
    verified = timezone.make_aware(datetime.datetime(2026, 3, 9, 16))
    ActionItem.objects.filter(pk=world.action.pk).update(
        lead="Head of quality assurance",
        success_measure="Nine in ten audits rated good",
        priority=Priority.HIGH,
        due_date=datetime.date(2026, 3, 31),
        status=Status.VERIFIED,
        completed_at=completed,
        completed_by=world.owner,
        verified_at=verified,
        verified_by=world.manager,
    )
    return world.action


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_says_who_leads_how_success_is_measured_and_who_signed_it_off(
    signed_in_manager, signed_off, fmt
):
    [row] = exported(signed_in_manager, fmt)

    as_text = {name: str(value) if value is not None else "" for name, value in row.items()}
    assert as_text["ID"] == str(signed_off.pk)
    assert as_text["Link"] == "http://testserver" + reverse(
        "workspace:action", args=[signed_off.pk]
    )
    assert as_text["Kind of finding"] == "Area for development"
    assert as_text["Finding"] == "Casework audits to have a focus on the child's experience."
    assert as_text["Lead"] == "Head of quality assurance"
    assert as_text["Success measure"] == "Nine in ten audits rated good"
    assert as_text["Priority"] == "High"
    assert as_text["Status"] == "Verified"
    assert as_text["RAG"] == ""  # closed
    assert as_text["Completed by"] == "Owen Owens"
    assert as_text["Verified by"] == "mandy"
    if fmt == "csv":
        assert (row["Completed on"], row["Verified on"]) == ("2 March 2026", "9 March 2026")
    else:
        assert (row["Completed on"].date(), row["Verified on"].date()) == (
            datetime.date(2026, 3, 2),
            datetime.date(2026, 3, 9),
        )


def test_the_xlsx_links_each_action_to_its_page(signed_in_manager, signed_off):
    sheet = workbook_sheet(signed_in_manager.get(export_url("xlsx")))

    link = sheet.cell(row=TITLE_ROWS + 2, column=HEADINGS.index("Link") + 1)
    assert link.hyperlink.target == link.value
    assert link.value.endswith(f"/actions/{signed_off.pk}/")


def test_the_xlsx_title_names_the_authority_the_filters_in_words_and_the_day(
    signed_in_manager, world
):
    add_action(
        world.inspection, "Strengthen safeguarding", priority=Priority.HIGH, due_date=days(9)
    )
    params = {
        "authority": world.wigan.pk,
        "q": "safeguarding",
        "priority": "high",
        "status": ["not_started", "blocked"],
        "owner": "unassigned",
        "finding_kind": Finding.Kind.AREA_FOR_DEVELOPMENT,
        "due_after": "2026-03-27",
        "overdue": "",
        "sort": "-title",
    }

    sheet = workbook_sheet(signed_in_manager.get(export_url("xlsx"), params))

    title = [sheet.cell(row=n, column=1).value for n in range(1, TITLE_ROWS + 1)]
    assert title == [
        "Improvement plan: Wigan",
        "Filters: Search: safeguarding; Type of finding: Area for development; "
        "Status: Not started, Blocked; Owner: Unassigned; Priority: High; "
        "Due on or after: 27 March 2026",
        f"Exported on {TODAY.day} {TODAY:%B %Y}",
    ]
    assert sheet.cell(row=1, column=1).font.bold
    assert [cell.value for cell in sheet[TITLE_ROWS + 1]] == HEADINGS
    assert sheet.cell(row=TITLE_ROWS + 2, column=HEADINGS.index("Action") + 1).value == (
        "Strengthen safeguarding"
    )


def test_without_filters_the_xlsx_title_covers_all_the_users_authorities(signed_in_manager, world):
    sheet = workbook_sheet(signed_in_manager.get(export_url("xlsx"), {"overdue": "yes"}))

    assert sheet["A1"].value == "Improvement plan: All your authorities"
    assert sheet["A2"].value == "Filters: Only overdue actions"


def test_a_named_owner_filter_is_written_as_their_name(signed_in_manager, world):
    sheet = workbook_sheet(signed_in_manager.get(export_url("xlsx"), {"owner": world.owner.pk}))

    assert sheet["A2"].value == "Filters: Owner: owen"


def test_the_csv_starts_with_its_header_for_tools_that_import_it(signed_in_manager, world):
    response = signed_in_manager.get(export_url("csv"), {"authority": world.wigan.pk})

    first_line = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert first_line == ",".join(HEADINGS)


def test_the_xlsx_colours_each_rag_rating_and_still_names_it(signed_in_manager, world):
    ActionItem.objects.filter(pk=world.action.pk).update(due_date=days(60))  # green
    add_action(world.inspection, "Late", owner=world.owner, due_date=days(-1))
    add_action(world.inspection, "Soon", owner=world.owner, due_date=days(3))
    add_action(world.inspection, "Nobody's", due_date=days(30))

    sheet = workbook_sheet(signed_in_manager.get(export_url("xlsx"), {"sort": "title"}))

    cells = {
        row[HEADINGS.index("Action")].value: row[RAG_COLUMN - 1]
        for row in sheet.iter_rows(min_row=TITLE_ROWS + 2)
    }
    colours = {
        title: (cell.value, cell.fill.fgColor.rgb[-6:], cell.font.color.rgb[-6:])
        for title, cell in cells.items()
    }
    assert colours == {
        "Improve audits": ("Green", "00703C", "FFFFFF"),
        "Late": ("Red", "D4351C", "FFFFFF"),
        "Soon": ("Amber", "F47738", "0B0C0C"),
        "Nobody's": ("Not scheduled", "B1B4B6", "0B0C0C"),
    }
    # Only the RAG column is coloured.
    status = sheet.cell(row=TITLE_ROWS + 2, column=HEADINGS.index("Status") + 1)
    assert status.fill.fill_type is None
