"""Lists of actions: the workspace's filters and sorts, and cursors that walk the whole
list once, in that order, however it is sorted."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from rest_framework import serializers

from actions.api.action_reads import ActionSerializer
from actions.display import person_name
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


@pytest.mark.parametrize("rag", ["", "red", "amber", "green", "not_scheduled"])
def test_the_rag_rating_and_owner_are_the_models_whatever_the_filter(api, many, rag):
    """The API works both out in Python (ActionItem.rag, person_name); the workspace's
    filter works the rating out in SQL."""
    today = datetime.date.today()
    ActionItem.objects.filter(pk__in=[a.pk for a in many[::4]]).update(
        due_date=today - datetime.timedelta(days=3)
    )
    ActionItem.objects.filter(pk__in=[a.pk for a in many[1::6]]).update(
        due_date=today + datetime.timedelta(days=2)
    )
    ActionItem.objects.filter(pk=many[2].pk).update(
        status=Status.COMPLETED, completed_at=datetime.datetime.now(tz=datetime.UTC)
    )
    query = f"rag={rag}&page_size=200" if rag else "page_size=200"
    workspace = ActionFilter(QueryDict(query), request=_request_of(api.world.manager), today=today)

    rows = api.client("manager").get(f"/api/v1/actions/?{query}").data["results"]

    actions = {action.pk: action for action in workspace.qs.select_related("owner")}
    assert rows and [row["id"] for row in rows] == list(actions)
    for row in rows:
        action = actions[row["id"]]
        assert row["rag"] == (action.rag(today) or None) == (action.rag_status or None)
        owner = action.owner and {"id": action.owner.pk, "name": person_name(action.owner)}
        assert row["owner"] == owner


@pytest.mark.parametrize(
    "moment",
    [
        None,
        datetime.datetime(2026, 1, 15, 9, 30, 5, 123456, tzinfo=datetime.UTC),
        datetime.datetime(2026, 7, 15, 23, 30, tzinfo=datetime.UTC),  # British Summer Time
        datetime.datetime(2026, 7, 15, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5))),
    ],
)
def test_moments_are_written_as_drfs_datetime_field_writes_them(moment):
    ours = ActionSerializer()._moment(moment)

    assert ours == serializers.DateTimeField().to_representation(moment)


def test_the_api_cleans_only_the_parameters_it_was_given(api, many, django_assert_num_queries):
    """No query for the authorities, inspections or owners it may choose from unless it
    chose one; a parameter given is checked as the workspace checks it."""
    client = api.client("manager")
    client.get("/api/v1/actions/")  # the token's first use is recorded once

    with django_assert_num_queries(3):  # the token, the person's roles, the page
        assert client.get("/api/v1/actions/?status=in_progress").status_code == 200
    wrong = client.get("/api/v1/actions/?owner=nobody&inspection=0&authority=x&overdue=maybe")

    assert wrong.status_code == 400
    assert set(wrong.data["errors"]) == {"owner", "inspection", "authority"}


def test_each_filter_set_has_its_own_filters(api):
    """ActionFilter copies its filters shallowly: the owner choices of one person's list
    never reach another's, and the class's own filters are left as they were."""
    first = ActionFilter({}, request=_request_of(api.world.manager))
    second = ActionFilter({}, request=_request_of(api.world.owner))

    assert first.filters["owner"] is not second.filters["owner"]
    assert first.filters["owner"].extra["choices"] is not second.filters["owner"].extra["choices"]
    assert "choices" not in ActionFilter.base_filters["owner"].extra
    method = first.filters["overdue"].filter
    assert method.f is first.filters["overdue"]  # type: ignore[attr-defined]  # a FilterMethod


def test_a_kept_page_is_sent_as_each_client_asked_for_it(api, many):
    """The list's body is kept in the cache as rendered: a client that asks for indented
    JSON gets its own copy, and both are JSON as the API sends it."""
    client = api.client("manager")
    compact = client.get("/api/v1/actions/?page_size=5")
    indented = client.get("/api/v1/actions/?page_size=5", HTTP_ACCEPT="application/json; indent=4")
    again = client.get("/api/v1/actions/?page_size=5")

    assert compact["Content-Type"] == indented["Content-Type"] == "application/json"
    assert b'\n    "next"' in indented.content and b"\n" not in compact.content
    assert again.content == compact.content
    assert indented.json() == compact.json() == again.data
