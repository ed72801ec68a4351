"""API tokens: made on the workspace's "API tokens" page, read-only unless asked and with an
optional expiry date, shown once, stored only as a hash, refused once revoked or expired,
and their use noted at most once a minute and shown."""

from __future__ import annotations

import datetime
import hashlib
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from actions.models import ActionUpdate, ApiToken
from actions.tokens import issue_token, revoke_token
from inspections.revisions import install_triggers, uninstall_triggers
from tests.dates import date_fields

pytestmark = pytest.mark.django_db

TOKENS_PAGE = reverse("workspace:api_tokens")
LONDON = ZoneInfo("Europe/London")  # settings.TIME_ZONE: a token's last day ends there
# Noon on a day whose "a year from today" is 30 November 2027.
NOON = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=LONDON)


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_the_page_shows_a_new_key_once_and_keeps_only_its_hash(client, world):
    client.force_login(world.owner)

    made = client.post(TOKENS_PAGE, {"name": "Power BI dashboard", "scope": "read"})
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

    response = client.post(TOKENS_PAGE, {"name": "  ", "scope": "read"})

    assert response.status_code == 400
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_key_made_on_the_page_works_in_a_script(client, world):
    client.force_login(world.owner)
    page = client.post(TOKENS_PAGE, {"name": "Script", "scope": "read"}).content.decode()
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


def key_on(page: str) -> str:
    shown = re.search(r'id="new-key" type="text" value="([^"]+)"', page)
    assert shown is not None, "no new key on the page"
    return shown[1]


def row_text(page: str, name: str) -> str:
    """The words of the tokens table's row for the token called `name`."""
    row = re.search(
        rf'<th scope="row" class="govuk-table__header">{name}</th>(.*?)</tr>', page, re.S
    )
    assert row is not None, f"no row for {name}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row[1])).split())


def test_the_page_offers_read_only_chosen_at_first(client, world):
    client.force_login(world.owner)

    page = client.get(TOKENS_PAGE).content.decode()

    radios = dict(re.findall(r'<input type="radio" name="scope" value="(\w+)"([^>]*)>', page))
    assert set(radios) == {"read", "read_write"}
    assert "checked" in radios["read"] and "checked" not in radios["read_write"]


def test_a_token_is_read_only_unless_its_owner_asks(world):
    token, _ = issue_token(user=world.owner, name="Dashboard")

    assert token.scope == ApiToken.Scope.READ and token.expires_on is None


def test_a_read_only_token_reads_but_any_write_is_403_and_changes_nothing(client, world):
    client.force_login(world.owner)
    key = key_on(client.post(TOKENS_PAGE, {"name": "Dashboard", "scope": "read"}).content.decode())
    script = bearer(key)
    notes = f"/api/v1/actions/{world.action.pk}/updates/"

    read = script.get(notes)
    write = script.post(notes, {"note": "Audit booked"}, format="json")

    assert read.status_code == 200
    assert write.status_code == 403
    assert write.json()["code"] == "read_only_token"
    assert "read-only" in write.json()["detail"]
    assert not ActionUpdate.objects.filter(note="Audit booked").exists()


def test_a_read_and_write_token_made_on_the_page_can_write(client, world):
    client.force_login(world.owner)
    form = {"name": "Nightly sync", "scope": "read_write"} | date_fields("expires_on", "2027-03-31")
    with time_machine.travel(NOON, tick=False):
        key = key_on(client.post(TOKENS_PAGE, form).content.decode())
        response = bearer(key).post(
            f"/api/v1/actions/{world.action.pk}/updates/", {"note": "Audit booked"}, format="json"
        )

    token = ApiToken.objects.get(user=world.owner)
    assert (token.scope, token.expires_on) == ("read_write", datetime.date(2027, 3, 31))
    assert response.status_code == 201


def test_a_signed_in_session_is_not_limited_by_any_token(world):
    issue_token(user=world.owner, name="Dashboard")  # read-only, and not sent
    session = APIClient()
    session.force_login(world.owner)

    response = session.post(
        f"/api/v1/actions/{world.action.pk}/updates/", {"note": "Audit booked"}, format="json"
    )

    assert response.status_code == 201


def test_a_token_works_to_the_end_of_its_last_day_where_the_service_is(world):
    _, key = issue_token(
        user=world.owner,
        name="Audit",
        scope=ApiToken.Scope.READ_WRITE,
        expires_on=datetime.date(2027, 3, 31),
    )
    script = bearer(key)
    last_minute = datetime.datetime(2027, 3, 31, 23, 59, tzinfo=LONDON)
    # 00:30 in London (summer time) is still 31 March in UTC: the day is London's.
    next_day = datetime.datetime(2027, 4, 1, 0, 30, tzinfo=LONDON)

    with time_machine.travel(last_minute, tick=False):
        before = script.get("/api/v1/me/actions/")
    with time_machine.travel(next_day, tick=False):
        after = script.get("/api/v1/me/actions/")
        write = script.post(
            f"/api/v1/actions/{world.action.pk}/updates/", {"note": "Late"}, format="json"
        )

    assert before.status_code == 200
    assert after.status_code == 401 and write.status_code == 401
    assert after["WWW-Authenticate"] == 'Bearer realm="api"'
    assert after.json()["detail"].startswith("The API key expired at the end of 31 March 2027.")
    assert not ActionUpdate.objects.filter(note="Late").exists()


def test_the_list_shows_access_expiry_and_last_use_and_marks_expired_tokens(client, world):
    with time_machine.travel(NOON, tick=False):
        issue_token(user=world.owner, name="Dashboard")
        _, used = issue_token(
            user=world.owner,
            name="Sync",
            scope=ApiToken.Scope.READ_WRITE,
            expires_on=datetime.date(2026, 12, 24),
        )
        bearer(used).get("/api/v1/me/actions/")
        client.force_login(world.owner)
        today = client.get(TOKENS_PAGE).content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 25, 9, 0, tzinfo=LONDON), tick=False):
        client.force_login(world.owner)  # a fresh session: the first would have timed out
        christmas = client.get(TOKENS_PAGE).content.decode()

    prefix = {t.name: t.prefix for t in ApiToken.objects.all()}
    assert row_text(today, "Dashboard") == (
        f"{prefix['Dashboard']}… Read only 30 Nov 2026 Never Never used Active Revoke Dashboard"
    )
    assert row_text(today, "Sync") == (
        f"{prefix['Sync']}… Read and write 30 Nov 2026 24 Dec 2026 30 Nov 2026 Active Revoke Sync"
    )
    assert "Expired Revoke Sync" in row_text(christmas, "Sync")
    assert "Active" in row_text(christmas, "Dashboard")


@pytest.mark.parametrize(
    ("expires_on", "error"),
    [
        ("2026-11-29", "The expiry date must be in the future"),
        ("2026-11-30", "The expiry date must be in the future"),
        ("2027-12-01", "The expiry date must be 30 November 2027 or earlier"),
        ("9999-12-31", "The expiry date must be 30 November 2027 or earlier"),
        ("2027-02-31", "Expiry date must be a real date"),
    ],
)
def test_the_expiry_date_must_be_a_real_day_within_a_year(client, world, expires_on, error):
    client.force_login(world.owner)
    form = {"name": "Dashboard", "scope": "read"} | date_fields("expires_on", expires_on)

    with time_machine.travel(NOON, tick=False):
        response = client.post(TOKENS_PAGE, form)

    page = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#id_expires_on_day">{error}</a>' in page  # the error summary's link
    assert f'<span class="govuk-visually-hidden">Error:</span> {error}' in page
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("expires_on", ["2026-12-01", "2027-11-30"])
def test_an_expiry_from_tomorrow_to_a_year_ahead_is_taken(client, world, expires_on):
    client.force_login(world.owner)
    form = {"name": "Dashboard", "scope": "read"} | date_fields("expires_on", expires_on)

    with time_machine.travel(NOON, tick=False):
        response = client.post(TOKENS_PAGE, form)

    assert response.status_code == 200
    assert ApiToken.objects.get().expires_on == datetime.date.fromisoformat(expires_on)


@pytest.mark.parametrize("scope", ["", "admin"])
def test_the_token_needs_a_scope_that_is_offered(client, world, scope):
    client.force_login(world.owner)

    response = client.post(TOKENS_PAGE, {"name": "Dashboard", "scope": scope})

    assert response.status_code == 400
    assert '<a href="#id_scope_0">Select what the token can do</a>' in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_tokens_made_before_scopes_keep_writing_and_new_ones_read_only():
    """Scripts that worked before the upgrade must not start getting 403."""
    before, after = (
        [("actions", "0006_erasure_record")],
        [("actions", "0007_token_scope_and_expiry")],
    )
    uninstall_triggers()  # as the migrate command does on SQLite (inspections.revisions)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        user = old.get_model("auth", "User").objects.create(username="scripter")
        old.get_model("actions", "ApiToken").objects.create(
            user=user, name="Nightly export", prefix="iat_abcdefgh", key_hash="0" * 64
        )

        executor = MigrationExecutor(connection)
        executor.migrate(after)

        migrated = executor.loader.project_state(after).apps.get_model("actions", "ApiToken")
        existing = migrated.objects.get(name="Nightly export")
        new = migrated.objects.create(user_id=user.pk, name="Dashboard", key_hash="1" * 64)
        assert (existing.scope, existing.expires_on) == ("read_write", None)
        assert new.scope == "read"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        install_triggers()
