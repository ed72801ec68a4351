"""F3: simultaneous saves through a real server never give a 500 and never lose a write.

gunicorn, started as production starts it (config/gunicorn.py: several processes, several
threads each), serves the test database. People signed in with sessions of their own
open one action, wait at a barrier, and then all post at once: notes, which must all be
kept, and edits made against the same version, of which exactly one may win while every
other one gets the conflict message (409), never a silent overwrite.

The database engine is what this checks, so unlike the other tests that start processes
it is not marked `once_on_postgres`: scripts/test.sh runs it on PostgreSQL and again on
SQLite, where F3 was found. Before WAL, a busy timeout and IMMEDIATE transactions
(config/settings.py), this test failed there with 500 "database is locked".
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import User

from actions.models import ActionItem, ActionUpdate
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority
from tests.conftest import free_port
from tests.reminders.realworld import BASE_DIR, database_url, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "correct-horse-9"
ROUNDS = 4
NOTES_PER_ROUND = 6
EDITS_PER_ROUND = 4
STALE_MESSAGE = "This action changed since you opened it."
Task = Callable[[threading.Barrier], requests.Response]


@pytest.fixture(autouse=True)
def _local_authorities(transactional_db) -> None:
    """The flush after each transactional test empties the table a data migration filled."""
    load_local_authorities(LocalAuthority)


@pytest.fixture
def server(transactional_db, tmp_path: Path) -> Iterator[str]:
    """gunicorn with 3 processes of 4 threads on the test database; its base URL."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "true",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [GUNICORN, "config.wsgi:application", "-c", "config/gunicorn.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "3", "--threads", "4"],
            cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        # Each worker loads Django on its first request: seconds on a busy machine.
        wait_until(lambda: _answers(base, process, log), "gunicorn to answer /healthz", 120)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def _answers(base: str, process: subprocess.Popen, log: Path) -> bool:
    if process.poll() is not None:
        raise AssertionError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
    try:
        return requests.get(f"{base}/healthz", timeout=30).status_code == 200
    except (requests.ConnectionError, requests.Timeout):
        return False


class Person:
    """One browser: its own session and CSRF cookie, signed in through the sign-in page."""

    def __init__(self, base: str, user: User) -> None:
        self.base = base
        self.http = requests.Session()
        # No keep-alive: a connection left open would hold up the server's shutdown.
        self.http.headers["Connection"] = "close"
        self.http.get(f"{base}/accounts/login/", timeout=60).raise_for_status()
        signed_in = self.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
        assert signed_in.status_code == 302, f"{user} could not sign in"

    def version_seen(self, action: ActionItem, form: str) -> str:
        """Opens the action page; the version of the action that `form` carries."""
        page = self.http.get(f"{self.base}/work/actions/{action.pk}/", timeout=60)
        page.raise_for_status()
        version = re.search(rf'name="{form}-version"[^>]*value="(\d+)"', page.text)
        assert version, f"no {form} form on the action page"
        return version.group(1)

    def post(self, path: str, data: dict[str, str]) -> requests.Response:
        token = {"csrfmiddlewaretoken": self.http.cookies["csrftoken"]}
        return self.http.post(
            f"{self.base}{path}", data={**data, **token}, allow_redirects=False, timeout=120
        )


def write_note(
    person: Person, action: ActionItem, text: str, barrier: threading.Barrier
) -> requests.Response:
    version = person.version_seen(action, "note")
    barrier.wait()
    return person.post(
        f"/work/actions/{action.pk}/note/", {"note-note": text, "note-version": version}
    )


def edit_title(
    person: Person, action: ActionItem, title: str, barrier: threading.Barrier
) -> requests.Response:
    version = person.version_seen(action, "edit")
    barrier.wait()
    return person.post(
        f"/work/actions/{action.pk}/edit/",
        {"edit-title": title, "edit-description": "", "edit-owner": str(action.owner_id),
         "edit-due_date": "", "edit-priority": "medium", "edit-version": version},
    )  # fmt: skip


def all_at_once(tasks: Sequence[Task]) -> list[requests.Response]:
    """Runs each task in a thread of its own; each posts once all have reached the barrier."""
    barrier = threading.Barrier(len(tasks), timeout=300)
    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        futures = [pool.submit(task, barrier) for task in tasks]
        return [future.result() for future in futures]


def error_of(response: requests.Response) -> str:
    """The exception named on Django's debug page for a 500, e.g. "database is locked"."""
    found = re.search(r'<pre class="exception_value">(.*?)</pre>', response.text, re.S)
    return found.group(1) if found else response.text[:200]


def use_real_password_hashes(*users: User) -> None:
    """The test settings hash with MD5, which the server does not accept."""
    hasher = Argon2PasswordHasher()
    for user in users:
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])


def test_simultaneous_notes_are_all_kept_and_edits_conflict(world, server):
    use_real_password_hashes(world.owner, world.manager)
    action = world.action
    writers = [Person(server, (world.owner, world.manager)[i % 2]) for i in range(NOTES_PER_ROUND)]
    editors = [Person(server, world.manager) for _ in range(EDITS_PER_ROUND)]
    posted_notes: list[str] = []

    for round_number in range(ROUNDS):
        notes = [f"Round {round_number} note {i}" for i in range(NOTES_PER_ROUND)]
        titles = [f"Round {round_number} title {i}" for i in range(EDITS_PER_ROUND)]
        version_before = ActionItem.objects.get(pk=action.pk).version
        responses = all_at_once(
            [partial(write_note, p, action, n) for p, n in zip(writers, notes, strict=True)]
            + [partial(edit_title, p, action, t) for p, t in zip(editors, titles, strict=True)]
        )
        posted_notes += notes

        statuses = [response.status_code for response in responses]
        assert 500 not in statuses, [error_of(r) for r in responses if r.status_code == 500]
        assert statuses[:NOTES_PER_ROUND] == [302] * NOTES_PER_ROUND, statuses
        edits = dict(zip(titles, responses[NOTES_PER_ROUND:], strict=True))
        saved = [title for title, response in edits.items() if response.status_code == 302]
        refused = [response for response in edits.values() if response.status_code == 409]
        assert (len(saved), len(refused)) == (1, EDITS_PER_ROUND - 1), statuses
        assert all(STALE_MESSAGE in response.text for response in refused)
        current = ActionItem.objects.get(pk=action.pk)
        assert (current.title, current.version) == (saved[0], version_before + 1)

    stored = ActionUpdate.objects.filter(action=action).values_list("note", flat=True)
    assert sorted(stored) == sorted(posted_notes)
