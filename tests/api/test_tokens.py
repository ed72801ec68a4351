"""API tokens: made on the workspace's "API tokens" page, shown once, stored only as a
hash, refused once revoked, and their use noted at most once a minute."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from actions.models import ApiToken
from actions.tokens import issue_token, revoke_token

pytestmark = pytest.mark.django_db

TOKENS_PAGE = reverse("workspace:api_tokens")


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_the_page_shows_a_new_key_once_and_keeps_only_its_hash(client, world):
    client.force_login(world.owner)

    made = client.post(TOKENS_PAGE, {"name": "Power BI dashboard"})
    shown = re.search(r'id="new-key" type="text" value="([^"]+)"', made.content.decode())
    assert shown is not None
    key = shown[1]
    later = client.get(TOKENS_PAGE)

    token = ApiToken.objects.get(user=world.owner)
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    assert token.name == "Power BI dashboard"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix) and len(token.prefix) == 12
    assert key not in later.content.decode()
    assert token.prefix in later.content.decode()


def test_a_token_needs_a_name(client, world):
    client.force_login(world.owner)

    response = client.post(TOKENS_PAGE, {"name": "  "})

    assert response.status_code == 400
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_key_made_on_the_page_works_in_a_script(client, world):
    client.force_login(world.owner)
    page = client.post(TOKENS_PAGE, {"name": "Script"}).content.decode()
    shown = re.search(r'id="new-key" type="text" value="([^"]+)"', page)
    assert shown is not None
    key = shown[1]

    response = bearer(key).get("/api/v1/me/actions/")

    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [world.action.pk]


def test_a_revoked_token_is_refused(client, world):
    token, key = issue_token(user=world.owner, name="Old laptop")
    client.force_login(world.owner)

    client.post(reverse("workspace:api_token_revoke", args=[token.pk]))

    response = bearer(key).get("/api/v1/actions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "Revoked" in client.get(TOKENS_PAGE).content.decode()


def test_nobody_can_revoke_someone_elses_token(client, world):
    token, key = issue_token(user=world.owner, name="Mine")
    client.force_login(world.manager)

    response = client.post(reverse("workspace:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    assert bearer(key).get("/api/v1/actions/").status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer iat_not-a-real-key", "Bearer", "Bearer two parts", "Bearer \xe9"],
)
def test_a_wrong_or_malformed_key_is_401_in_the_usual_error_shape(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/authorities/")

    assert response.status_code == 401
    assert set(response.json()) == {"status", "code", "detail"}


def test_an_inactive_persons_token_is_refused(world):
    _, key = issue_token(user=world.owner, name="Script")
    world.owner.is_active = False
    world.owner.save()

    assert bearer(key).get("/api/v1/actions/").status_code == 401


def test_use_is_noted_at_most_once_a_minute(world):
    token, key = issue_token(user=world.owner, name="Script")
    client = bearer(key)
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        client.get("/api/v1/me/actions/")
    with time_machine.travel(start + datetime.timedelta(seconds=59), tick=False):
        client.get("/api/v1/me/actions/")
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        client.get("/api/v1/me/actions/")
    token.refresh_from_db()
    assert token.last_used_at == start + datetime.timedelta(seconds=61)


def test_revoking_is_recorded_and_not_repeated(world):
    token, _ = issue_token(user=world.owner, name="Script")
    revoke_token(token=token)
    first = token.revoked_at

    revoke_token(token=token)

    token.refresh_from_db()
    assert token.revoked_at == first is not None


def test_the_page_is_for_signed_in_people(client):
    response = client.get(TOKENS_PAGE)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_workspace_menu_links_to_the_page(client, world):
    client.force_login(world.viewer)

    response = client.get(reverse("workspace:calendar"))

    assert f'href="{TOKENS_PAGE}"' in response.content.decode()
