"""A small, readable world shared by the tests: two authorities and their staff."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import redis
from django.contrib.auth.models import User
from django.core.cache import cache

from actions.models import ActionItem
from inspections.models import Finding, Inspection, LocalAuthority, Membership

# The session's Chromium (the `browser` fixture), for tests/browser and any other browser test.
pytest_plugins = ["tests.browser.browser"]

# Fixtures that run the app outside the test's own process and thread: a browser, a live
# server (which Schemathesis and the curl script use too), a Redis server, Celery workers.
# What these tests check does not depend on the database engine, and they are the slow
# ones, so scripts/test.sh runs them once, on PostgreSQL.
OUT_OF_PROCESS_FIXTURES = {
    "browser",
    "live_server",
    "redis_url",
    "broker",
    "start_worker",
    "oidc_provider",
    "scaled_out",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks each test by what it needs, for scripts/test.sh to choose runs by: `database`
    when it asks for pytest-django's database, `once_on_postgres` when it uses one of the
    out-of-process fixtures."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "_django_db_helper" in fixtures or item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.database)
        if fixtures & OUT_OF_PROCESS_FIXTURES:
            item.add_marker(pytest.mark.once_on_postgres)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded files go to a folder of the test's own; passwords hash fast; the cache
    (in memory, in tests) starts empty, so no page cached by another test is served."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@dataclass
class World:
    wigan: LocalAuthority
    wirral: LocalAuthority
    manager: User
    owner: User
    colleague: User
    viewer: User
    outsider: User
    inspection: Inspection
    finding: Finding
    action: ActionItem


def make_user(username: str, authority: LocalAuthority | None = None, role: str = "") -> User:
    user = User.objects.create_user(username, f"{username}@example.org", "correct-horse-9")
    if authority is not None:
        Membership.objects.create(user=user, authority=authority, role=role)
    return user


@pytest.fixture
def world(db) -> World:
    """Wigan with a manager, two owners and a viewer; a Wirral manager as the outsider."""
    wigan = LocalAuthority.objects.get(name="Wigan")
    wirral = LocalAuthority.objects.get(name="Wirral")
    owner = make_user("owen", wigan, Membership.Role.OWNER)
    inspection = Inspection.objects.create(
        authority=wigan, kind=Inspection.Kind.FOCUSED_VISIT, title="Focused visit to Wigan"
    )
    finding = Finding.objects.create(
        inspection=inspection,
        kind=Finding.Kind.AREA_FOR_DEVELOPMENT,
        text="Casework audits to have a focus on the child's experience.",
        position=0,
    )
    action = ActionItem.objects.create(finding=finding, title="Improve audits", owner=owner)
    return World(
        wigan=wigan,
        wirral=wirral,
        manager=make_user("mandy", wigan, Membership.Role.MANAGER),
        owner=owner,
        colleague=make_user("colin", wigan, Membership.Role.OWNER),
        viewer=make_user("vera", wigan, Membership.Role.VIEWER),
        outsider=make_user("otto", wirral, Membership.Role.MANAGER),
        inspection=inspection,
        finding=finding,
        action=action,
    )


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A real Redis server on a free loopback port, for the length of the test run."""
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    subprocess.run(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--dir",
            str(folder),
            "--pidfile",
            str(folder / "redis.pid"),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    client.shutdown(nosave=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
