"""Real Redis servers and real Celery worker processes for the tests, started and ended by
the tests themselves (by process id), and read back through the mail folder and Redis.

Worker processes need the test database: on PostgreSQL that is pytest-django's test
database; on SQLite the settings make it a file (config/settings.py), so another process
can open it. Every wait has a deadline, so a broken worker fails a test, not the run.
"""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from email.message import EmailMessage
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from django.db import connection
from redis.backoff import NoBackoff
from redis.retry import Retry

from config import celery_app
from tests.conftest import free_port

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
T = TypeVar("T")


def wait_until(check: Callable[[], T], what: str, timeout: float = 30) -> T:
    """Polls `check` until it returns something true, or fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Gave up after {timeout} s waiting for {what}")
        time.sleep(0.1)


class RedisServer:
    """A redis-server on a free loopback port that a test can stop and start again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        # No retries: a stopped server should say so at once.
        self.client = redis.Redis(port=self.port, socket_timeout=2, retry=Retry(NoBackoff(), 0))

    def start(self) -> None:
        subprocess.run(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--daemonize", "yes", "--dir", str(self.folder),
             "--pidfile", str(self.folder / "redis.pid"), "--save", "", "--appendonly", "no"],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self._answers, "Redis to start", timeout=10)

    def stop(self) -> None:
        with suppress(redis.ConnectionError):  # it closes the connection as it goes
            self.client.shutdown(nosave=True)
        wait_until(lambda: not self._answers(), "Redis to stop", timeout=10)

    def _answers(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.ConnectionError:
            return False

    def is_idle(self) -> bool:
        """No message waiting, and none taken by a worker and not yet acknowledged."""
        return self.client.llen("celery") == 0 and self.client.hlen("unacked") == 0


def database_url() -> str:
    """The test database, as a URL another process can open."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Worker:
    """`celery -A config worker --pool=solo` in a process of its own."""

    def __init__(self, name: str, redis_url: str, mail_dir: Path, log_dir: Path, **env: str):
        self.name = name
        self.log = log_dir / f"{name}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "TEST_MAIL_DIR": str(mail_dir),
            **env,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [CELERY, "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
                 "-n", f"{self.name}@%h", "--without-gossip", "--without-mingle",
                 "--without-heartbeat"],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        # A worker that dies says so at once (see _ready); one that is only slow to import
        # Django and Celery on a busy machine took over 30 s under the flake hunt's load.
        wait_until(self._ready, f"worker {self.name} to be ready (see {self.log})", timeout=120)
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"worker {self.name} exited:\n{self.log.read_text()[-3000:]}")
        return b" ready." in self.log.read_bytes()

    def kill(self) -> None:
        """SIGKILL: no chance to finish, acknowledge or clean up anything."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def publishing_to(redis_url: str) -> Iterator[None]:
    """Makes this process's Celery app publish to `redis_url` (the web side of the app)."""
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = redis_url
    _forget_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url = previous
        _forget_connections()


def _forget_connections() -> None:
    """Celery and kombu keep connection pools, and Celery its result backend, made from
    the settings of the moment; drop them all, so that the next use follows the
    configuration of then (here, and in any test that runs after)."""
    kombu.pools.reset()
    celery_app._after_fork()
    celery_app._backend_cache = None
    with suppress(AttributeError):
        del celery_app._local.backend


def read_mail(folder: Path) -> list[EmailMessage]:
    """Every message written to the mail folder, by any worker."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for part in path.read_bytes().split(SEPARATOR):
            if part.strip():
                found.append(email.message_from_bytes(part, policy=email.policy.default))
    return found


@pytest.fixture
def broker(tmp_path) -> Iterator[RedisServer]:
    """A Redis server of the test's own, which this process publishes to."""
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder)
    server.start()
    with publishing_to(server.url):
        yield server
    server.stop()
