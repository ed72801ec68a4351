"""F13: a worker waiting to try a notice again must survive a Redis restart, and the notice
must still go, once.

Celery's own retries (countdown, ETA) made the worker hold the message in memory until it
was due; kombu 5.7's Redis transport then failed to restore it when the connection dropped,
and the worker exited with "Unrecoverable error". The notice now records its failed attempt
in the database, and the periodic send_pending task tries it again once its pause is over.

The test runs a real Redis server (stopped and started again on the same port), a real
worker process with the project's settings, and a small SMTP server of its own that is not
listening at first (so sending is refused), then is.
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator

import pytest

from actions import services
from actions.models import Notification
from actions.notifications import due
from actions.tasks.reminders import send_pending
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority
from tests.conftest import free_port
from tests.reminders import realworld
from tests.reminders.realworld import Worker, publishing_to, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

State = Notification.State


class _SmtpSession(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: every command is accepted, every message kept."""

    server: SmtpServer

    def handle(self) -> None:
        self.wfile.write(b"220 test SMTP server\r\n")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            if command == b"DATA":
                self.wfile.write(b"354 end with a dot\r\n")
                self.server.messages.append(self._read_message())
            self.wfile.write(b"250 ok\r\n")

    def _read_message(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line)
        return b"".join(lines)


class SmtpServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _SmtpSession)
        self.messages: list[bytes] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self.thread.join(timeout=10)


@pytest.fixture(autouse=True)
def _authorities(transactional_db) -> None:
    """Each transactional test's flush empties the table a data migration filled."""
    load_local_authorities(LocalAuthority)


broker = realworld.broker


@pytest.fixture
def smtp_port() -> int:
    """A port where nothing listens until the test starts its SMTP server there."""
    return free_port()


@pytest.fixture
def start_worker(broker, smtp_port, tmp_path) -> Iterator[Worker]:
    """One worker with the project's own settings, sending by SMTP to `smtp_port`; each
    failed attempt may be tried again after a pause of one second."""
    worker = Worker(
        "holder",
        broker.url,
        tmp_path,
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        SITE_URL="https://tracker.example.gov.uk",
        NOTIFICATION_RETRY_BACKOFF="1",
        DATABASE_CONN_MAX_AGE="0",
    )
    yield worker.start()
    worker.stop()


def reconnected(worker: Worker) -> bool:
    """The worker is connected to Redis again; raises if it has exited instead."""
    assert worker.process is not None
    if worker.process.poll() is not None:
        raise AssertionError(f"the worker exited:\n{worker.log.read_text()[-3000:]}")
    return worker.log.read_text().count("Connected to redis://") >= 2


def test_a_worker_waiting_to_retry_a_notice_survives_a_redis_restart_and_sends_it_once(
    world, broker, smtp_port, start_worker, settings
):
    worker = start_worker
    settings.NOTIFICATION_RETRY_BACKOFF = 1  # as the worker has it
    services.update_action(
        action=world.action, by=world.manager, expected_version=None, owner=world.colleague
    )
    (notice,) = Notification.objects.all()

    def failed_once_and_waiting() -> bool:
        notice.refresh_from_db()
        log = worker.log.read_text()
        handled = "send_notification[" in log and ("retry:" in log or "succeeded in" in log)
        return (notice.state, notice.attempts) == (State.PENDING, 1) and handled

    wait_until(failed_once_and_waiting, "the first attempt to be refused and recorded")
    assert "ConnectionRefusedError" in notice.last_error

    broker.stop()
    broker.start()
    wait_until(lambda: reconnected(worker), "the worker to reconnect to Redis", timeout=60)

    # A restart can take less than the notice's one-second pause: send_pending run before
    # the pause is over rightly leaves it alone.
    wait_until(lambda: due().filter(pk=notice.pk).exists(), "the notice's pause to end")
    smtp = SmtpServer(smtp_port)
    try:
        with publishing_to(broker.url):  # a fresh connection, as beat's next run has
            send_pending.delay()
        wait_until(lambda: smtp.messages, "the notice to be sent")
        notice.refresh_from_db()
        assert notice.state == State.SENT
        assert notice.attempts == 2

        with publishing_to(broker.url):  # the next run of the periodic task
            send_pending.delay()
        wait_until(broker.is_idle, "the worker to finish what it was given")
        assert worker.process is not None and worker.process.poll() is None
        (message,) = smtp.messages
        assert b"To: colin@example.org" in message
    finally:
        smtp.stop()
