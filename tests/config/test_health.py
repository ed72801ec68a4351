"""The probes: /healthz (the process is alive) and /readyz (it can serve: the database
answers, every migration is applied, Redis answers; 503 naming what fails)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from tests.conftest import free_port


def probe(client, path: str, **headers: str):
    """Asks from a thread of its own. The health views are async, and on a test worker that
    has run a browser test, Playwright's event loop is running in this thread, where Django
    cannot run an async view from a sync client."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(client.get, path, **headers).result()


def readiness(client) -> tuple[int, dict[str, str]]:
    response = probe(client, "/readyz", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def failing(checks: dict[str, str]) -> dict[str, str]:
    return {name: result for name, result in checks.items() if result != "OK"}


def test_alive_needs_neither_the_database_nor_redis(client, settings):
    """No database access is allowed in this test (no `db` fixture): pytest-django would
    fail it on the first query."""
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"

    assert probe(client, "/healthz").status_code == 200


@pytest.mark.django_db
def test_ready_when_the_database_migrations_and_redis_all_answer(client, settings, redis_url):
    settings.REDIS_URL = redis_url

    status, checks = readiness(client)

    assert (status, failing(checks)) == (200, {})
    assert [name.split("(")[0] for name in checks] == ["Database", "Migrations", "Redis", "Cache"]


@pytest.mark.django_db
def test_not_ready_names_redis_when_redis_is_down(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    # A load balancer probes over plain HTTP: no redirect to https hides the answer.
    settings.SECURE_SSL_REDIRECT = True

    status, checks = readiness(client)

    assert status == 503
    [(name, result)] = failing(checks).items()
    assert name.startswith("Redis(")
    assert "Unable to connect to Redis" in result


@pytest.mark.django_db(transaction=True)
def test_not_ready_names_an_unapplied_migration(client, settings, redis_url):
    """The checks run in other threads, with their own connections: the change to the
    migration records must be committed for them to see it (transaction=True)."""
    settings.REDIS_URL = redis_url
    app, name = max(MigrationLoader(connection).graph.leaf_nodes())
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied(app, name)
    try:
        status, checks = readiness(client)
    finally:
        recorder.record_applied(app, name)

    assert status == 503
    [(check, result)] = failing(checks).items()
    assert check.startswith("Migrations(")
    assert result == f"Unavailable: 1 not applied: {app}.{name}"
    assert readiness(client)[0] == 200
