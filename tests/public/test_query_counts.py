"""Every public page runs the same number of SQL queries whatever the amount of data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from inspections.models import Grade, Inspection, LocalAuthority, Membership
from tests.conftest import make_user
from tests.public.conftest import KIND, add_actions, publish

pytestmark = pytest.mark.django_db

SMALL, LARGE = 1, 10

FINDINGS = [
    (KIND.STRENGTH, "Leaders know their services well."),
    (KIND.AREA_FOR_DEVELOPMENT, "Audits of casework should look at the quality of practice."),
    (KIND.RECOMMENDATION, "Assessments and plans should focus on children’s needs."),
]


def build(size: int) -> Inspection:
    """Published inspections in `size` proportion: at the large size, 55 authorities
    (more than a page of the home page) with two inspections each, and one authority with
    ten more; returns that authority's newest inspection, with 10 findings and 30 actions
    for each unit of `size`."""
    today = timezone.localdate()
    authorities = list(LocalAuthority.objects.order_by("name")[: 1 if size == SMALL else 55])
    for authority in authorities:
        for year in (2013, 2017):
            publish(
                authority, year=year, kind=Inspection.Kind.SIF, grade=Grade.GOOD, findings=FINDINGS
            )
    for year in range(2010, 2010 + size):
        publish(authorities[0], year=year, findings=FINDINGS)
    big = publish(authorities[0], year=2024, findings=FINDINGS * (size * 10 // 3 + 1))
    add_actions(big, 30 * size, today)
    return big


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_the_home_page_costs_the_same_whatever_the_data(
    client, size, django_assert_max_num_queries
):
    build(size)
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_the_authority_page_costs_the_same_whatever_the_data(
    client, size, django_assert_max_num_queries
):
    big = build(size)
    with django_assert_max_num_queries(4):
        assert client.get(f"/authorities/{big.authority.slug}/").status_code == 200


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_the_inspection_page_costs_the_same_whatever_the_data(
    client, size, django_assert_max_num_queries
):
    big = build(size)
    with django_assert_max_num_queries(5):
        assert client.get(f"/inspections/{big.pk}/").status_code == 200


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_a_search_costs_the_same_whatever_the_data(client, size, django_assert_max_num_queries):
    build(size)
    with django_assert_max_num_queries(4):
        assert client.get("/search/?q=audits&kind=area_for_development").status_code == 200


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_the_feed_costs_the_same_whatever_the_data(client, size, django_assert_max_num_queries):
    big = build(size)
    with django_assert_max_num_queries(3):
        assert client.get(f"/authorities/{big.authority.slug}/feed/").status_code == 200


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_the_workspace_themes_page_costs_the_same_whatever_the_data(
    client, size, django_assert_max_num_queries
):
    big = build(size)
    manager = make_user("mandy", big.authority, Membership.Role.MANAGER)
    client.force_login(manager)
    with django_assert_max_num_queries(4):
        assert client.get("/work/themes/").status_code == 200
