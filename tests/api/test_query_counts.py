"""Every list of the API runs the same number of SQL queries for 10 rows as for 200."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify
from rest_framework.test import APIClient

from actions.models import ActionItem, ActionUpdate, Status
from actions.tokens import issue_token
from inspections.models import Finding, Inspection, Judgement, LocalAuthority
from tests.api.conftest import ApiWorld

pytestmark = pytest.mark.django_db

LEADERS = "The impact of leaders on social work practice with children and families"


def build(api: ApiWorld, rows: int) -> None:
    """`rows` more of everything the lists show: authorities, published inspections with a
    judgement and a finding, actions owned by the owner, and notes on the owner's action."""
    LocalAuthority.objects.bulk_create(
        LocalAuthority(name=f"Testshire {n}", slug=slugify(f"Testshire {n}")) for n in range(rows)
    )
    inspections = Inspection.objects.bulk_create(
        Inspection(
            authority=api.world.wigan,
            kind=Inspection.Kind.FOCUSED_VISIT,
            title=f"Focused visit {n}",
            visit_start=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            overall_judgement="good",
            published=True,
        )
        for n in range(rows)
    )
    Judgement.objects.bulk_create(
        Judgement(inspection=i, area=LEADERS, grade="good") for i in inspections
    )
    findings = Finding.objects.bulk_create(
        Finding(inspection=i, kind=Finding.Kind.RECOMMENDATION, text="Audit more.", position=0)
        for i in inspections
    )
    now = timezone.now()
    ActionItem.objects.bulk_create(
        ActionItem(
            finding=f,
            title=f"Action {n}",
            owner=api.world.owner,
            # every other one completed by its owner and verified by the manager
            status=Status.VERIFIED if n % 2 else Status.NOT_STARTED,
            completed_at=now if n % 2 else None,
            completed_by=api.world.owner if n % 2 else None,
            verified_at=now if n % 2 else None,
            verified_by=api.world.manager if n % 2 else None,
        )
        for n, f in enumerate(findings)
    )
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action=api.world.action, author=api.world.owner, note=f"Note {n}")
        for n in range(rows)
    )


# The token and the person's roles are one query each; then the page, its count where the
# list is numbered, and one query for each prefetch (for actions: the names of who
# completed and who verified them, when any on the page are).
LISTS = {
    "/api/v1/authorities/?page_size=200": 3,
    "/api/v1/inspections/?page_size=200": 6,
    "/api/v1/findings/?page_size=200": 6,
    "/api/v1/actions/?page_size=200": 4,
    "/api/v1/actions/?page_size=200&status=not_started&sort=-priority&q=Action": 3,
    "/api/v1/me/actions/?page_size=200": 4,
    "/api/v1/actions/{action}/updates/?page_size=200": 5,
}


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_whatever_its_length(api, rows, url, django_assert_max_num_queries):
    build(api, rows)
    client = api.client("owner")
    client.get("/api/v1/authorities/?page_size=1")  # the token's first use is recorded once

    with django_assert_max_num_queries(LISTS[url]):
        response = client.get(url.format(action=api.world.action.pk))

    assert response.status_code == 200
    assert len(response.data["results"]) >= min(rows, 10) // 2


@pytest.mark.parametrize("rows", [10, 200])
def test_an_inspection_costs_the_same_whatever_its_length(api, rows, django_assert_max_num_queries):
    build(api, 0)
    Finding.objects.bulk_create(
        Finding(inspection=api.published, kind=Finding.Kind.RECOMMENDATION, text="x", position=n)
        for n in range(1, rows)
    )

    with django_assert_max_num_queries(5):
        response = api.client(None).get(f"/api/v1/inspections/{api.published.pk}/")

    assert len(response.data["findings"]) == rows


def _queries_per_page(client, url: str) -> list[int]:
    """The SQL queries of each page of a list of actions, following `next` to the end."""
    counts = []
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
        url = response.data["next"]
    return counts


def client_of(api: ApiWorld, who: str) -> APIClient:
    """An API client with a token of the world's `who`, or of a new superuser."""
    if who != "superuser":
        return api.client(who)
    user = User.objects.create_superuser("root", "root@example.org", "correct-horse-9")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user, name='t')[1]}")
    return client


@pytest.mark.parametrize("who", ["manager", "superuser"])
def test_every_page_of_actions_costs_the_same_queries_for_every_role(api, who):
    """The token, the person's roles with their authorities' revision numbers (for a
    superuser, every authority's numbers), and the page with the names of its owners and
    of who completed and verified its actions: on the first page as on the last, for a
    manager of one authority as for a superuser who sees them all."""
    build(api, 200)
    client = client_of(api, who)
    client.get("/api/v1/authorities/?page_size=1")  # the token's first use is recorded once

    counts = _queries_per_page(client, "/api/v1/actions/?page_size=20")

    assert len(counts) > 5
    assert set(counts) == {3}


@pytest.mark.parametrize("who", ["manager", "superuser"])
def test_a_page_asked_again_is_served_from_the_cache_until_its_data_changes(api, who):
    """A script polling the same page pays for the token and the revision numbers only;
    a change to one of its actions is in the next answer."""
    build(api, 60)
    client = client_of(api, who)
    url = "/api/v1/actions/?page_size=20"
    first = client.get(url)
    with CaptureQueriesContext(connection) as again:
        second = client.get(url)
    assert len(again) == 2
    assert second.json() == first.json()

    listed = first.json()["results"][0]
    ActionItem.objects.filter(pk=listed["id"]).update(title=f"{listed['title']} (renamed)")

    now = {row["id"]: row["title"] for row in client.get(url).json()["results"]}
    assert now[listed["id"]] == f"{listed['title']} (renamed)"


def test_no_list_or_detail_reads_an_inspections_letter_text(api):
    """The letter's text (88 KB in a real one) is shown nowhere in the API."""
    build(api, 3)
    client = api.client("manager")
    client.get("/api/v1/authorities/?page_size=1")  # the token's first use is recorded once
    urls = [
        "/api/v1/inspections/",
        f"/api/v1/inspections/{api.published.pk}/",
        "/api/v1/findings/",
        "/api/v1/actions/",
        f"/api/v1/actions/{api.world.action.pk}/",
        f"/api/v1/actions/{api.world.action.pk}/updates/",
        "/api/v1/me/actions/",
    ]

    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert not [q["sql"] for q in captured if "source_text" in q["sql"]], url
