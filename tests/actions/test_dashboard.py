"""The workspace dashboard: my actions, what is due, and each inspection's progress."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import ActionItem, Status
from actions.workspace.charts import LABEL_GAP, ProgressPoint, progress_chart
from actions.workspace.dashboard import progress_by_inspection
from inspections.models import Finding, Inspection, LocalAuthority
from tests.conftest import make_user

URL = reverse("workspace:dashboard")
TODAY = datetime.date(2026, 2, 5)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 2, 5, 10, tzinfo=datetime.UTC), tick=False):
        yield


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def add_action(finding: Finding, title: str, **fields) -> ActionItem:
    if fields.get("status") in (Status.COMPLETED, Status.VERIFIED):
        fields.setdefault("completed_at", timezone.now())
    if fields.get("status") == Status.VERIFIED:
        fields.setdefault("verified_at", timezone.now())
    return ActionItem.objects.create(finding=finding, title=title, **fields)


def add_inspection(authority, title: str, **fields) -> tuple[Inspection, Finding]:
    inspection = Inspection.objects.create(authority=authority, title=title, **fields)
    finding = Finding.objects.create(
        inspection=inspection, kind=Finding.Kind.RECOMMENDATION, text=f"{title} finding", position=0
    )
    return inspection, finding


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_my_open_actions_come_overdue_first_then_by_due_date(client, world):
    world.action.delete()
    add_action(world.finding, "Due later", owner=world.owner, due_date=days(20))
    add_action(world.finding, "Long overdue", owner=world.owner, due_date=days(-30))
    add_action(world.finding, "No date yet", owner=world.owner)
    add_action(world.finding, "Just overdue", owner=world.owner, due_date=days(-1))
    add_action(
        world.finding,
        "Done already",
        owner=world.owner,
        due_date=days(-40),
        status=Status.COMPLETED,
    )
    add_action(world.finding, "Colin's", owner=world.colleague, due_date=days(-50))
    client.force_login(world.owner)

    response = client.get(URL)

    rows = response.context["dashboard"].my_open.rows
    assert [a.title for a in rows] == ["Long overdue", "Just overdue", "Due later", "No date yet"]
    # No due date: not scheduled, never green.
    assert [a.rag_status for a in rows] == ["red", "red", "green", "not_scheduled"]
    html = response.content.decode()
    assert html.index("Long overdue") < html.index("Just overdue") < html.index("Due later")
    assert "6 January 2026" in html  # dates written out in full
    assert ">Red</strong>" in html  # the RAG tag says its colour in words


def test_it_counts_each_inspections_actions_by_status_and_rag(client, world):
    add_action(world.finding, "Overdue", owner=world.owner, due_date=days(-1))
    add_action(
        world.finding, "Blocked", owner=world.owner, due_date=days(60), status=Status.BLOCKED
    )
    add_action(world.finding, "On track", owner=world.owner, due_date=days(60))
    add_action(world.finding, "Nobody's", due_date=days(60))
    add_action(world.finding, "Finished", status=Status.VERIFIED)
    add_action(world.finding, "Dropped", status=Status.CANCELLED)
    client.force_login(world.manager)

    response = client.get(URL)

    [wigan] = response.context["progress"].built
    [row] = wigan.inspections
    assert row.inspection == world.inspection
    assert row.counts == {
        "total": 7,
        "not_started": 4,
        "in_progress": 0,
        "blocked": 1,
        "completed": 0,
        "verified": 1,
        "cancelled": 1,
        "red": 1,
        "amber": 1,
        "green": 1,
        # The fixture's action, with no due date, and the one with no owner.
        "not_scheduled": 2,
    }
    assert row.status_counts == [4, 0, 1, 0, 1, 1]
    assert row.rag_counts == [1, 1, 1, 2]
    html = response.content.decode()
    assert ">Not scheduled</th>" in html  # a column of its own in the counts table


def test_due_soon_lists_open_actions_due_within_14_days_for_the_whole_authority(client, world):
    add_action(world.finding, "Today", owner=world.colleague, due_date=days(0))
    add_action(world.finding, "In a fortnight", due_date=days(14))
    add_action(world.finding, "Too far", due_date=days(15))
    add_action(world.finding, "Already late", due_date=days(-1))
    add_action(world.finding, "Done", due_date=days(3), status=Status.COMPLETED)
    client.force_login(world.owner)

    response = client.get(URL)

    rows = response.context["dashboard"].due_soon.rows
    assert [a.title for a in rows] == ["Today", "In a fortnight"]


@pytest.mark.parametrize("who", ["viewer", "superuser"])
def test_recently_updated_shows_the_ten_latest_changes(client, world, who):
    """A member's newest are picked from their own actions, a superuser's from the index
    of everyone's (dashboard._recently_updated): the same ten either way."""
    for n in range(12):
        with time_machine.travel(timezone.now() - datetime.timedelta(hours=12 - n), tick=False):
            add_action(world.finding, f"Action {n}")
    reader = world.viewer
    if who == "superuser":
        reader = User.objects.create_superuser("root", "root@example.org", "correct-horse-9")
    client.force_login(reader)

    response = client.get(URL)

    titles = [a.title for a in response.context["dashboard"].recently_updated]
    # The fixture's action, made "now", is the newest of all.
    assert titles == ["Improve audits"] + [f"Action {n}" for n in range(11, 2, -1)]


def test_someone_in_no_authority_is_told_how_to_get_access(client, world):
    client.force_login(make_user("newcomer"))

    response = client.get(URL)

    assert response.status_code == 200
    assert "You are not a member of any local authority yet" in response.content.decode()
    assert world.action.title not in response.content.decode()


def test_a_wirral_manager_sees_nothing_of_wigan(client, world):
    wirral_inspection, wirral_finding = add_inspection(world.wirral, "Wirral visit")
    add_action(wirral_finding, "Wirral own action", owner=world.outsider, due_date=days(3))
    add_action(world.finding, "Wigan due soon", owner=world.owner, due_date=days(3))
    client.force_login(world.outsider)

    response = client.get(URL)

    html = response.content.decode()
    assert "Wirral own action" in html
    assert "Wigan" not in html
    assert "Improve audits" not in html and "Wigan due soon" not in html
    [wirral] = response.context["progress"].built
    assert [row.inspection for row in wirral.inspections] == [wirral_inspection]


def test_the_chart_replays_creations_and_status_changes_day_by_day(world):
    world.action.delete()
    start = timezone.now() - datetime.timedelta(days=10)
    with time_machine.travel(start, tick=False):
        first = add_action(world.finding, "First", owner=world.owner)
        second = add_action(world.finding, "Second", owner=world.owner)
    with time_machine.travel(start + datetime.timedelta(days=2), tick=False):
        services.change_status(action=first, to_status=Status.IN_PROGRESS, by=world.owner)
        services.change_status(
            action=first, to_status=Status.COMPLETED, by=world.owner, note="Done."
        )
    with time_machine.travel(start + datetime.timedelta(days=4), tick=False):
        services.change_status(action=first, to_status=Status.VERIFIED, by=world.manager)
        services.change_status(
            action=second, to_status=Status.CANCELLED, by=world.manager, note="Merged."
        )

    series = progress_by_inspection(ActionItem.objects.all())[world.inspection.pk]

    assert series == [
        ProgressPoint(days(-10), open=2, completed=0),
        ProgressPoint(days(-8), open=1, completed=1),
        ProgressPoint(days(-6), open=0, completed=1),  # verified still counts as completed
    ]


def test_each_inspection_has_an_accessible_chart_with_its_numbers_in_a_table(client, world):
    client.force_login(world.manager)

    html = client.get(URL).content.decode()

    chart_id = f"progress-{world.inspection.pk}"
    assert f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
    assert f'<title id="{chart_id}-title">Open and completed actions over time: Wigan' in html
    assert "Show the numbers in this chart" in html
    assert "Open: 1" in html and "Completed: 0" in html  # lines labelled, not just coloured


def fill(world, *, inspections: int, actions: int) -> None:
    """Spreads `actions` actions, with timelines, over `inspections` inspections."""
    findings = [world.finding] + [
        add_inspection(world.wigan, f"Visit {n}")[1] for n in range(inspections - 1)
    ]
    for n in range(actions):
        action = add_action(
            findings[n % len(findings)], f"Action {n}", owner=world.owner, due_date=days(n % 20)
        )
        services.change_status(action=action, to_status=Status.IN_PROGRESS, by=world.owner)


# The panels that lead the page (tests/actions/test_dashboard_panels.py) take one query
# each, and their counts one more, on top of the charts' and lists'.
PAGE_QUERIES = {"owner": 14, "manager": 16}


@pytest.mark.parametrize(("inspections", "actions"), [(1, 10), (1, 200), (5, 10), (5, 200)])
@pytest.mark.parametrize("who", ["owner", "manager"])
def test_the_page_runs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries, inspections, actions, who
):
    fill(world, inspections=inspections, actions=actions)
    client.force_login(getattr(world, who))

    with django_assert_max_num_queries(PAGE_QUERIES[who]):
        response = client.get(URL)

    assert response.status_code == 200
    groups = response.context["progress"].built
    assert sum(len(group.inspections) for group in groups) == inspections


def test_an_administrators_page_runs_the_same_queries_however_many_authorities(client, world):
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))
    client.get(URL)  # the session's first read
    cache.clear()  # each measure builds the page (tests/actions/test_dashboard_cache.py: cached)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for authority in LocalAuthority.objects.exclude(pk=world.wigan.pk).order_by("name")[:4]:
        _inspection, finding = add_inspection(authority, f"{authority} visit", letter_date=days(-9))
        add_action(finding, f"{authority} plan", due_date=days(3))

    cache.clear()
    with CaptureQueriesContext(connection) as five:
        response = client.get(URL)

    assert len(five) == len(one)
    assert not [q for q in five.captured_queries if "source_text" in q["sql"]]
    assert sum(len(group.inspections) for group in response.context["progress"].built) == 5


def test_a_chart_labels_both_lines_apart_even_when_they_end_together():
    chart = progress_chart(
        [ProgressPoint(days(-30), 7, 0), ProgressPoint(days(-3), 4, 4)],
        today=TODAY,
        chart_id="c",
        title="Progress",
    )

    open_line, completed_line = chart.lines
    assert (open_line.end_value, completed_line.end_value) == (4, 4)
    assert completed_line.label_y - open_line.label_y >= LABEL_GAP
    assert [tick.label for tick in chart.y_ticks] == ["0", "2", "4", "6", "8", "10"]
    assert [tick.label for tick in chart.x_ticks] == [
        "6 January 2026",
        "21 January 2026",
        "5 February 2026",
    ]
    assert chart.summary == "From 6 January 2026 to 5 February 2026. Now 4 open and 4 completed."


def test_a_chart_of_an_inspection_without_actions_is_flat_at_zero():
    chart = progress_chart([], today=TODAY, chart_id="c", title="Progress")

    assert [line.end_value for line in chart.lines] == [0, 0]
    assert "Now 0 open and 0 completed." in chart.summary
    assert 'role="img"' in chart.render()
