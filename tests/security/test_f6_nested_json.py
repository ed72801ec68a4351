"""F6: deeply nested JSON from any signed-in user gave a 500 (RecursionError in the JSON
parser). It is a 400 in the API's error shape now; so is a cursor holding such JSON,
which is the list's own 404 for a cursor that is not valid."""

from __future__ import annotations

import base64

import pytest
from rest_framework.test import APIClient

from actions.models import ActionItem

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("body", [DEEP, '{"a":' * 100_000, DEEP + "]" * 100_000])
def test_deeply_nested_json_is_a_400_in_the_error_shape(world, body):
    before = ActionItem.objects.count()

    response = signed_in(world.manager).post(
        "/api/v1/actions/", body, content_type="application/json"
    )

    assert response.status_code == 400
    error = response.json()
    assert (error["status"], error["code"]) == (400, "parse_error")
    assert "nested" in error["detail"]
    assert ActionItem.objects.count() == before


def test_a_cursor_of_deeply_nested_json_is_not_a_valid_cursor(world):
    cursor = base64.urlsafe_b64encode(b"[" * 10_000).decode().rstrip("=")

    response = signed_in(world.viewer).get("/api/v1/actions/", {"cursor": cursor})

    assert response.status_code == 404
    assert response.json()["detail"] == "The cursor is not valid."
