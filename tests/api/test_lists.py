"""Lists of actions: the workspace's filters and sorts, and cursors that walk the whole
list once, in that order, however it is sorted."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from actions.filters import SORT_CHOICES, ActionFilter
from actions.models import ActionItem, Priority, Status
from tests.api.conftest import ApiWorld

pytestmark = pytest.mark.django_db

STATUSES = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED]
PRIORITIES = list(Priority)


@pytest.fixture
def many(api: ApiWorld) -> list[ActionItem]:
    """Forty actions with repeated and missing due dates, owners and titles: ties and
    empty values for every sort."""
    today = datetime.date(2030, 1, 1)
    people = [api.world.owner, api.world.colleague, None]
    return ActionItem.objects.bulk_create(
        ActionItem(
            finding=api.world.finding,
            title=f"Action {n % 7}",
            owner=people[n % 3],
            status=STATUSES[n // 3 % 3],
            priority=PRIORITIES[n // 9 % 3],
            due_date=None if n % 5 == 0 else today + datetime.timedelta(days=n % 4),
        )
        for n in range(40)
    )


def walk(client, url: str) -> list[int]:
    """Every id the list gives, following `next` to the end."""
    ids: list[int] = []
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.content
        ids += [row["id"] for row in page.data["results"]]
        url = page.data["next"]
    return ids


@pytest.mark.parametrize("sort", [key for key, _ in SORT_CHOICES])
def test_the_pages_give_every_action_once_in_the_workspaces_order(api, many, sort):
    workspace = ActionFilter(
        {"sort": sort}, request=_request_of(api.world.manager), today=datetime.date.today()
    )

    walked = walk(api.client("manager"), f"/api/v1/actions/?sort={sort}&page_size=7")

    assert walked == [action.pk for action in workspace.qs]


def _request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_filters_are_the_workspaces(api, many):
    query = "status=in_progress&status=blocked&owner=me&priority=high"
    workspace = ActionFilter(
        QueryDict(query), request=_request_of(api.world.owner), today=datetime.date.today()
    )

    rows = api.client("owner").get(f"/api/v1/actions/?{query}").data["results"]

    assert rows
    assert [row["id"] for row in rows] == [action.pk for action in workspace.qs]
    assert {(row["owner"]["id"], row["priority"]) for row in rows} == {(api.world.owner.pk, "high")}


def test_a_filter_value_that_is_not_valid_is_400_naming_the_filter(api):
    response = api.client("manager").get("/api/v1/actions/?status=finished&due_after=soon")

    assert response.status_code == 400
    assert set(response.data["errors"]) == {"status", "due_after"}


def test_a_cursor_only_works_with_the_sort_it_was_made_for(api, many):
    client = api.client("manager")
    next_page = client.get("/api/v1/actions/?sort=title&page_size=5").data["next"]
    cursor = parse_qs(urlparse(next_page).query)["cursor"][0]

    other_sort = client.get(f"/api/v1/actions/?sort=-title&cursor={cursor}")
    garbage = client.get("/api/v1/actions/?cursor=not-a-cursor")

    assert (other_sort.status_code, garbage.status_code) == (404, 404)


@pytest.mark.parametrize("size", ["0", "201", "ten", "-5"])
def test_a_page_size_out_of_range_is_400(api, size):
    response = api.client("manager").get(f"/api/v1/actions/?page_size={size}")

    assert response.status_code == 400
    assert "page_size" in response.data["errors"]


def test_actions_added_while_walking_do_not_make_a_page_repeat_a_row(api, many):
    client = api.client("manager")
    first = client.get("/api/v1/actions/?sort=due_date&page_size=10").data
    ActionItem.objects.create(
        finding=api.world.finding, title="Earliest", due_date=datetime.date(2000, 1, 1)
    )

    second = walk(client, first["next"])

    assert not {row["id"] for row in first["results"]} & set(second)
