"""The dashboard's leading panels: what needs a manager first, an owner's own, each with its
count and a link to the same actions in the list, in a fixed number of queries."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionItem, DueDateChange, Status
from inspections.models import Finding, Inspection
from inspections.statements import StatementOfAction, add_working_days
from tests.actions.test_dashboard import PAGE_QUERIES, add_action, add_inspection, days

URL = reverse("workspace:dashboard")
LIST = reverse("workspace:actions")
TODAY = datetime.date(2026, 2, 5)  # a Thursday

MANAGER_HEADINGS = [
    "Overdue actions",
    "Completed, waiting for verification",
    "Findings nobody owns",
    "New due dates waiting for a decision",
    "Statements of action due",
    "Due in the next 14 days",
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 2, 5, 10, tzinfo=datetime.UTC), tick=False):
        yield


def headings(html: str) -> list[str]:
    """The panels' headings in page order, without their counts."""
    return [
        re.sub(r" \(\d+\)$", "", text)
        for text in re.findall(r'<h2 class="govuk-heading-m" id="[^"]+">([^<]+)</h2>', html)
    ]


def listed_titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [row.action.title for row in response.context["rows"]]


def request_new_date(action: ActionItem, by, **fields) -> DueDateChange:
    return DueDateChange.objects.create(
        action=action,
        requested_by=by,
        from_date=action.due_date,
        to_date=fields.pop("to_date", days(40)),
        reason="Waiting for the new system.",
        **fields,
    )


def test_a_manager_sees_what_needs_them_in_order(client, world):
    client.force_login(world.manager)

    html = client.get(URL).content.decode()

    assert headings(html)[: len(MANAGER_HEADINGS)] == MANAGER_HEADINGS
    assert html.index("Statements of action due") < html.index("My open actions")


def test_the_overdue_panel_lists_open_late_actions_and_links_to_the_same_list(client, world):
    add_action(world.finding, "Late", owner=world.owner, due_date=days(-3))
    add_action(world.finding, "Later still", owner=world.colleague, due_date=days(-9))
    add_action(world.finding, "Done late", due_date=days(-9), status=Status.COMPLETED)
    add_action(world.finding, "Not yet", owner=world.owner, due_date=days(2))
    client.force_login(world.manager)

    response = client.get(URL)

    panel = response.context["dashboard"].panels.overdue
    assert [a.title for a in panel.rows] == ["Later still", "Late"]
    assert panel.count == 2
    assert panel.url == f"{LIST}?overdue=yes"
    assert "View all 2" in response.content.decode()
    assert listed_titles(client, panel.url) == ["Later still", "Late"]


def test_a_panel_lists_five_and_counts_them_all(client, world):
    for n in range(7):
        add_action(world.finding, f"Late {n}", owner=world.owner, due_date=days(-10 + n))
    client.force_login(world.manager)

    panel = client.get(URL).context["dashboard"].panels.overdue

    assert [a.title for a in panel.rows] == [f"Late {n}" for n in range(5)]
    assert panel.count == 7
    assert len(listed_titles(client, panel.url)) == 7


def test_completed_actions_wait_for_verification_until_verified(client, world):
    add_action(world.finding, "Finished", owner=world.owner, status=Status.COMPLETED)
    add_action(world.finding, "Signed off", owner=world.owner, status=Status.VERIFIED)
    client.force_login(world.manager)

    panel = client.get(URL).context["dashboard"].panels.awaiting_verification

    assert [a.title for a in panel.rows] == ["Finished"]
    assert panel.count == 1
    assert listed_titles(client, panel.url) == ["Finished"]


def test_findings_nobody_owns_are_those_without_an_owned_action(client, world):
    """The fixture's finding has an owned action. Of the others, one has no action, one
    only an unowned action, one an owned action, one only cancelled actions, and a
    strength needs no action at all."""

    def finding(text: str, kind: str = Finding.Kind.RECOMMENDATION) -> Finding:
        return Finding.objects.create(
            inspection=world.inspection, kind=kind, text=text, position=Finding.objects.count()
        )

    finding("Nothing done yet.")
    add_action(finding("Drafted only."), "Draft", due_date=days(30))
    add_action(finding("In hand."), "Owned", owner=world.owner)
    add_action(finding("Dropped."), "Dropped", status=Status.CANCELLED)
    finding("Leaders know their services.", Finding.Kind.STRENGTH)
    client.force_login(world.manager)

    response = client.get(URL)

    panels = response.context["dashboard"].panels
    assert [f.text for f in panels.unowned_findings] == ["Nothing done yet.", "Drafted only."]
    assert panels.unowned_count == 2
    assert panels.unowned_by_inspection == [(world.inspection, 2)]
    html = response.content.decode()
    inspection_url = reverse("workspace:inspection", args=[world.inspection.pk])
    nothing = Finding.objects.get(text="Nothing done yet.")
    assert f'href="{inspection_url}#finding-{nothing.pk}"' in html


def test_due_date_requests_waiting_for_a_decision_link_to_their_action(client, world):
    world.action.due_date = days(5)
    world.action.save()
    waiting = request_new_date(world.action, world.owner, to_date=days(40))
    other = add_action(world.finding, "Decided", owner=world.owner, due_date=days(3))
    request_new_date(other, world.owner, state=DueDateChange.State.REFUSED)
    client.force_login(world.manager)

    response = client.get(URL)

    panel = response.context["dashboard"].panels.due_date_requests
    assert panel.rows == [waiting]
    assert panel.count == 1
    html = response.content.decode()
    assert f'href="{reverse("workspace:action", args=[world.action.pk])}"' in html
    assert "17 March 2026" in html  # the date asked for
    assert listed_titles(client, panel.url) == ["Improve audits"]


def test_statement_deadlines_show_the_next_one_with_working_days_left(client, world):
    standard = Inspection.objects.create(
        authority=world.wigan,
        kind=Inspection.Kind.ILACS_STANDARD,
        title="Wigan ILACS",
        letter_date=datetime.date(2026, 1, 5),
    )
    published = Inspection.objects.create(
        authority=world.wigan,
        kind=Inspection.Kind.SIF,
        title="Older SIF",
        letter_date=datetime.date(2025, 12, 1),
    )
    StatementOfAction.objects.create(inspection=published, published_at=timezone.now())
    client.force_login(world.manager)

    response = client.get(URL)

    [row] = response.context["dashboard"].panels.statements  # the focused visit needs none
    final = add_working_days(datetime.date(2026, 1, 5), 70)
    assert (row.inspection, row.which, row.due) == (standard, "final", final)
    # 23 of the 70 working days since the letter (Monday 5 January) have passed.
    assert row.working_days_left == 70 - 23 == 47
    html = response.content.decode()
    assert f"Final statement by {final:%-d %B %Y}" in html
    assert f'href="{reverse("workspace:inspection", args=[standard.pk])}"' in html


def test_not_scheduled_actions_are_counted_apart_and_linked(client, world):
    add_action(world.finding, "Nobody's", due_date=days(30))
    client.force_login(world.manager)

    response = client.get(URL)

    panel = response.context["dashboard"].panels.not_scheduled
    assert panel.count == 2  # and the fixture's, with no due date
    assert listed_titles(client, panel.url) == ["Nobody's", "Improve audits"]
    assert ">Not scheduled</strong>" in response.content.decode()


def test_an_owner_sees_their_own_panels_and_none_of_a_managers(client, world):
    mine_late = add_action(world.finding, "My late one", owner=world.owner, due_date=days(-2))
    add_action(world.finding, "My soon one", owner=world.owner, due_date=days(4))
    add_action(world.finding, "Colin's late one", owner=world.colleague, due_date=days(-2))
    request_new_date(mine_late, world.owner)
    request_new_date(
        add_action(world.finding, "Colin's asked", owner=world.colleague, due_date=days(2)),
        world.colleague,
    )
    client.force_login(world.owner)

    response = client.get(URL)

    panels = response.context["dashboard"].panels
    assert not response.context["dashboard"].for_manager
    assert [a.title for a in panels.overdue.rows] == ["My late one"]
    assert [a.title for a in panels.due_soon.rows] == ["My soon one"]
    assert [r.action.title for r in panels.due_date_requests.rows] == ["My late one"]
    assert listed_titles(client, panels.overdue.url) == ["My late one"]
    assert listed_titles(client, panels.due_soon.url) == ["My soon one"]
    assert listed_titles(client, panels.due_date_requests.url) == ["My late one"]
    assert headings(response.content.decode())[:3] == [
        "My overdue actions",
        "My actions due in the next 14 days",
        "My new due dates waiting for a decision",
    ]
    assert "Findings nobody owns" not in response.content.decode()


def test_a_wirral_manager_sees_none_of_wigans_panels(client, world):
    add_action(world.finding, "Wigan late", owner=world.owner, due_date=days(-2))
    request_new_date(world.action, world.owner)
    client.force_login(world.outsider)

    response = client.get(URL)

    panels = response.context["dashboard"].panels
    assert (panels.overdue.count, panels.due_date_requests.count, panels.unowned_count) == (0, 0, 0)
    assert "Wigan" not in response.content.decode()


def test_everyone_has_my_actions_in_the_menu(client, world):
    client.force_login(world.viewer)

    response = client.get(URL)

    menu = response.context["workspace_navigation"]
    assert {"text": "My actions", "href": f"{LIST}?owner=me"} in menu


def fill(world, size: int) -> None:
    """`size` of everything a panel lists, over two inspections."""
    second, second_finding = add_inspection(
        world.wigan, "ILACS", kind=Inspection.Kind.ILACS_STANDARD, letter_date=days(-20)
    )
    findings = [world.finding, second_finding]
    for n in range(size):
        finding = findings[n % 2]
        late = add_action(finding, f"Late {n}", owner=world.owner, due_date=days(-1 - n % 9))
        request_new_date(late, world.owner)
        add_action(finding, f"Soon {n}", owner=world.owner, due_date=days(n % 14))
        add_action(finding, f"Done {n}", owner=world.owner, status=Status.COMPLETED)
        Finding.objects.create(
            inspection=second, kind=Finding.Kind.RECOMMENDATION, text=f"Unowned {n}", position=n + 1
        )


def queries_for(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["manager", "owner"])
def test_the_page_costs_the_same_queries_whatever_the_data(client, world, who):
    user = getattr(world, who)
    few = queries_for(client, user)

    fill(world, 30)
    many = queries_for(client, user)

    assert many == few
    assert many <= PAGE_QUERIES[who]
