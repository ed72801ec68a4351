"""Scale-out, proven: two gunicorn instances, two Celery workers and one beat, as separate
processes in production mode (DEBUG off, a strong secret), against one database (the
test's own) and one Redis, with one shared media folder.

Everything goes over real HTTP and a real broker: a session signed in on one instance is
used on the other, the anonymous API throttle counts once across both (Django's cache is
Redis when DEBUG is off), reminders go once each, and the web tier keeps no state (one
instance is killed; the other still serves the session and the files uploaded through
the first).

The servers mark cookies Secure, as they must behind TLS; the test speaks plain HTTP to
them (SECURE_SSL_REDIRECT off), so it keeps the cookies itself rather than leave them to
`requests`, which sends Secure cookies over HTTPS only.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import User

from actions.models import ActionUpdate, Notification
from actions.tasks.reminders import send_reminders
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority, Membership
from tests.conftest import free_port, make_user
from tests.reminders.conftest import add_action
from tests.reminders.realworld import (
    BASE_DIR,
    CELERY,
    RedisServer,
    Worker,
    database_url,
    publishing_to,
    read_mail,
    wait_until,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("scale_out")]

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "a-long-pass-phrase-for-the-scale-test"


class WebInstance:
    """`gunicorn config.wsgi:application -c config/gunicorn.py` on a port of its own, in a
    process group of its own so that its workers can be ended with it."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.port = free_port()
        self.env = env
        self.log = log_dir / f"web-{name}.log"
        self.process: subprocess.Popen | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> WebInstance:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [GUNICORN, "config.wsgi:application", "-c", "config/gunicorn.py",
                 "--bind", f"127.0.0.1:{self.port}"],
                cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_until(self._ready, f"web instance {self.name} to be ready (see {self.log})", 120)
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
        try:
            return requests.get(self.url("/readyz"), timeout=10).status_code == 200
        except (requests.ConnectionError, requests.Timeout):  # not listening, or booting
            return False

    def kill(self) -> None:
        """SIGKILL to the whole instance, master and workers: gone without a goodbye."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        wait_until(self._refuses, f"{self.name} to stop answering")

    def _refuses(self) -> bool:
        try:
            requests.get(self.url("/healthz"), timeout=5)
        except requests.ConnectionError:
            return True
        return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


class Beat:
    """`celery -A config beat`, the one scheduler."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.folder = folder
        self.log = folder / "beat.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Beat:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [CELERY, "-A", "config", "beat", "--loglevel=INFO",
                 "--schedule", str(self.folder / "celerybeat-schedule")],
                cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self

    def sent(self, entry: str) -> int:
        return self.log.read_text().count(f"Sending due task {entry}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@dataclass
class Service:
    redis: RedisServer
    a: WebInstance
    b: WebInstance
    workers: list[Worker]
    beat: Beat
    mail_dir: Path


@pytest.fixture(scope="module")
def scaled_out(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Service]:
    """The whole service, twice over where it can be, started once for this module."""
    folder = tmp_path_factory.mktemp("scale-out")
    for name in ("redis", "media", "static", "mail", "var"):
        (folder / name).mkdir()
    redis_server = RedisServer(folder / "redis")
    redis_server.start()
    with django_db_blocker.unblock():
        database = database_url()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "EMAIL_URL"}},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database,
        "DATABASE_CONN_MAX_AGE": "0",
        # The broker, and (DEBUG being off) Django's cache: sessions' throttles and all.
        "REDIS_URL": redis_server.url,
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "VAR_DIR": str(folder / "var"),
        "EMAIL_URL": f"file:///{folder / 'mail'}",
        "SITE_URL": "https://tracker.example.gov.uk",
        "API_THROTTLE_ANON": "5/minute",
        # Beat queues send_pending every 2 s, so both workers also race for due notices.
        "NOTIFICATION_SEND_PENDING_EVERY": "2",
        "WEB_CONCURRENCY": "2",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    started: list[RedisServer | WebInstance | Worker | Beat] = [redis_server]
    try:
        a = WebInstance("a", env, folder)
        b = WebInstance("b", env, folder)
        workers = [
            Worker(f"w{n}", redis_server.url, folder / "mail", folder, **env) for n in (1, 2)
        ]
        beat = Beat(env, folder)
        processes: list[WebInstance | Worker | Beat] = [a, b, *workers, beat]
        for process in processes:
            started.append(process)
            process.start()
        yield Service(redis_server, a, b, workers, beat, folder / "mail")
    finally:
        for running in reversed(started):
            running.stop()


@pytest.fixture(autouse=True)
def _authorities(transactional_db) -> None:
    """Each transactional test's flush empties the table a data migration filled."""
    load_local_authorities(LocalAuthority)


class Visitor:
    """A browser's part in HTTP: keeps its cookies, whichever instance set them."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        response = requests.request(
            method, url, cookies=self.cookies, allow_redirects=False, timeout=60, **kwargs
        )
        self.cookies.update((name, value or "") for name, value in response.cookies.items())
        return response

    def form_token(self, url: str) -> str:
        page = self.request("GET", url)
        assert page.status_code == 200, page.status_code
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found, page.text[:2000]
        return found.group(1)

    def sign_in(self, web: WebInstance, user: User) -> None:
        token = self.form_token(web.url("/accounts/login/"))
        response = self.request(
            "POST",
            web.url("/accounts/login/"),
            data={"csrfmiddlewaretoken": token, "username": user.username, "password": PASSWORD},
        )
        assert response.status_code == 302, response.text[:2000]
        assert "sessionid" in self.cookies


def staff(username: str, authority: LocalAuthority) -> User:
    """A user whose password the servers can check: hashed with production's hasher,
    not the tests' fast one."""
    user = make_user(username, authority, Membership.Role.OWNER)
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def test_a_session_signed_in_on_one_instance_works_on_the_other(scaled_out, world):
    user = staff("sam", world.wigan)
    visitor = Visitor()

    visitor.sign_in(scaled_out.a, user)

    on_b = visitor.request("GET", scaled_out.b.url("/work/"))
    assert on_b.status_code == 200
    assert "Signed in as" in on_b.text
    stranger = Visitor().request("GET", scaled_out.b.url("/work/"))
    assert stranger.status_code == 302 and "/accounts/login/" in stranger.headers["Location"]


def test_the_anonymous_api_throttle_counts_once_across_both_instances(scaled_out, world):
    instances = [scaled_out.a, scaled_out.b] * 3

    answers = [
        requests.get(web.url("/api/v1/authorities/"), timeout=30).status_code for web in instances
    ]

    assert answers == [200] * 5 + [429]


def test_reminders_go_once_each_with_two_workers_and_one_beat(scaled_out, world):
    owners = [staff(f"owner{n:02}", world.wigan) for n in range(12)]
    for owner in owners:
        add_action(world, owner, -2, "Overdue")
        add_action(world, owner, 3, "Due soon")
    beat_runs_before = scaled_out.beat.sent("send-pending-notices")

    with publishing_to(scaled_out.redis.url):
        for _ in range(2):  # a rerun, taken by the other worker while the first is busy
            send_reminders.delay()

    def all_sent() -> bool:
        states = Counter(Notification.objects.values_list("state", flat=True))
        return states[Notification.State.SENT] == 12 and sum(states.values()) == 12

    wait_until(all_sent, "every digest to be sent", timeout=90)
    # Beat keeps queuing send_pending, and the workers keep racing for due notices: a
    # few more runs must send nothing more.
    wait_until(
        lambda: scaled_out.beat.sent("send-pending-notices") >= beat_runs_before + 3,
        "beat to queue send_pending three more times",
    )
    wait_until(scaled_out.redis.is_idle, "the workers to finish what they were given")
    addresses = {owner.email for owner in owners}
    mail = Counter(m["To"] for m in read_mail(scaled_out.mail_dir) if m["To"] in addresses)
    assert mail == Counter(dict.fromkeys(addresses, 1))
    logs = [worker.log.read_text() for worker in scaled_out.workers]
    assert all("send_reminders[" in log for log in logs)  # both workers took part


def test_the_web_tier_keeps_no_state_of_its_own(scaled_out, world):
    user = staff("kim", world.wigan)
    world.action.owner = user
    world.action.save()
    visitor = Visitor()
    visitor.sign_in(scaled_out.a, user)
    action_url = f"/work/actions/{world.action.pk}/"
    token = visitor.form_token(scaled_out.a.url(action_url))
    uploaded = visitor.request(
        "POST",
        scaled_out.a.url(f"{action_url}note/"),
        data={"csrfmiddlewaretoken": token, "note-version": world.action.version,
              "note-note": "Audit report attached."},
        files={"note-evidence": ("audit.txt", b"Twelve audits done.\n", "text/plain")},
    )  # fmt: skip
    assert uploaded.status_code == 302, uploaded.text[:2000]
    update = ActionUpdate.objects.get(action=world.action, note="Audit report attached.")

    scaled_out.a.kill()
    try:
        page = visitor.request("GET", scaled_out.b.url(action_url))
        assert page.status_code == 200 and "Signed in as" in page.text
        evidence_url = f"/work/evidence/{update.pk}/"
        assert evidence_url in page.text
        download = visitor.request("GET", scaled_out.b.url(evidence_url))
        assert download.status_code == 200
        assert download.content == b"Twelve audits done.\n"
    finally:
        scaled_out.a.start()  # back, for any test that runs after
