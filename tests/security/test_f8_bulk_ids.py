"""F8: a bulk-assign id beyond 64 bits gave a 500 on SQLite (it cannot compare a column
with such a number). Ids from a request are now read by one rule: ASCII digits naming a
number a row could have; anything else matches no row, as another authority's id does.
Run on SQLite, the default database."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from actions.plumbing.ids import MAX_ID, parse_id
from tests.dates import date_fields

pytestmark = pytest.mark.django_db

NO_SUCH_IDS = [str(2**64), str(MAX_ID + 1), "9" * 400, "²", "١", "0", "-1", " 1", "1.0", ""]


@pytest.mark.parametrize("bad", NO_SUCH_IDS)
def test_bulk_assign_with_an_id_no_row_could_have_is_not_found(client, world, bad):
    client.force_login(world.manager)

    response = client.post(
        reverse("workspace:actions_assign"),
        {"action": [world.action.pk, bad], **date_fields("assign-due_date", "2027-01-01")},
    )

    assert response.status_code == 404
    world.action.refresh_from_db()
    assert world.action.due_date is None


@pytest.mark.parametrize("bad", NO_SUCH_IDS)
def test_the_reminder_settings_with_such_an_authority_id_is_not_found(client, world, bad):
    client.force_login(world.manager)

    response = client.post(reverse("workspace:reminder_settings"), {"authority": bad})

    assert response.status_code == 404


def test_the_api_filters_take_such_ids_as_matching_nothing(world):
    api = APIClient()
    api.force_authenticate(world.manager)

    response = api.get("/api/v1/inspections/", {"authority": str(2**64)})

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("007", 7), (str(MAX_ID), MAX_ID), *((bad, None) for bad in NO_SUCH_IDS)],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected
