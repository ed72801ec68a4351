"""Reminders through a real Redis server and real Celery worker processes, which the tests
start, kill with SIGKILL, and restart; Redis is stopped and started again.

Every test waits with deadlines; the mail folder (one file per message, written by the
workers) and the notices in the database are what they check.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.urls import reverse

from actions import services
from actions.models import Notification
from actions.tasks.reminders import send_reminders
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority, Membership
from tests.conftest import make_user
from tests.reminders import realworld
from tests.reminders.conftest import add_action
from tests.reminders.realworld import (
    RedisServer,
    Worker,
    publishing_to,
    read_mail,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)

broker = realworld.broker

Kind = Notification.Kind
State = Notification.State


@pytest.fixture(autouse=True)
def _authorities(transactional_db) -> None:
    """Each transactional test's flush empties the table a data migration filled."""
    load_local_authorities(LocalAuthority)


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def start_worker(broker, mail_dir, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Starts worker processes; every one still running is stopped after the test."""
    started: list[Worker] = []

    def start(name: str, **env: str) -> Worker:
        worker = Worker(name, broker.url, mail_dir, tmp_path, **env)
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


def owners_with_due_actions(world, count: int) -> list:
    owners = [make_user(f"owner{n:02}", world.wigan, Membership.Role.OWNER) for n in range(count)]
    for owner in owners:
        add_action(world, owner, -2, "Overdue")
        add_action(world, owner, 3, "Due soon")
    return owners


def all_sent(count: int, broker: RedisServer) -> bool:
    """`count` notices sent, none waiting, and no message left in Redis."""
    states = Counter(Notification.objects.values_list("state", flat=True))
    return states[State.SENT] == count and sum(states.values()) == count and broker.is_idle()


def recipients(mail_dir: Path) -> Counter:
    return Counter(message["To"] for message in read_mail(mail_dir))


def test_a_task_queued_through_redis_is_run_by_a_worker_process_and_its_email_sent(
    world, broker, start_worker, mail_dir
):
    start_worker("solo")

    services.update_action(
        action=world.action, by=world.manager, expected_version=None, owner=world.colleague
    )

    (message,) = wait_until(lambda: read_mail(mail_dir), "the assignment e-mail")
    assert message["To"] == "colin@example.org"
    assert message["Subject"] == "You have a new action: Improve audits"
    body = message.get_body(preferencelist=("html",))
    assert body is not None
    html = body.get_content()
    assert f"https://tracker.example.gov.uk/work/actions/{world.action.pk}/" in html
    wait_until(lambda: all_sent(1, broker), "the notice to be marked sent")


def test_the_sweep_run_twice_and_in_two_workers_at_once_sends_each_digest_once(
    world, broker, start_worker, mail_dir
):
    owners = owners_with_due_actions(world, 20)
    add_action(world, world.owner, -20, "Badly overdue")  # owen's digest, mandy's escalation
    first, second = start_worker("first"), start_worker("second")

    send_reminders.delay()
    send_reminders.delay()  # the second worker takes this one while the first is busy
    wait_until(lambda: all_sent(22, broker), "22 notices sent", timeout=60)
    send_reminders.delay()  # and once more, the next hour, say
    time.sleep(1)
    wait_until(lambda: all_sent(22, broker), "the third sweep to finish", timeout=30)

    mail = recipients(mail_dir)
    assert set(mail.values()) == {1}
    assert set(mail) == {o.email for o in owners} | {"owen@example.org", "mandy@example.org"}
    sweeps_run = [w.log.read_text().count("send_reminders[") for w in (first, second)]
    assert all(count >= 1 for count in sweeps_run), sweeps_run  # both swept at once
    assert Notification.objects.filter(kind=Kind.ESCALATION).count() == 1


def test_a_worker_killed_mid_sweep_and_restarted_leaves_every_digest_sent_once(
    world, broker, start_worker, mail_dir
):
    owners = owners_with_due_actions(world, 20)
    doomed = start_worker("doomed", MAIL_HOLD_AFTER="8")

    send_reminders.delay()
    wait_until(lambda: (mail_dir / "holding").exists(), "the worker to be mid-sweep")
    doomed.kill()
    assert len(read_mail(mail_dir)) == 8
    stranded = Notification.objects.get(state=State.SENDING)  # claimed, never sent

    start_worker("restarted")

    wait_until(lambda: all_sent(20, broker), "every digest to be sent", timeout=60)
    mail = recipients(mail_dir)
    assert set(mail) == {o.email for o in owners}
    assert set(mail.values()) == {1}
    stranded.refresh_from_db()
    assert (stranded.state, stranded.attempts) == (State.SENT, 2)


def test_with_redis_stopped_assigning_still_works_and_the_notice_goes_when_it_is_back(
    client, world, broker, start_worker, mail_dir
):
    worker = start_worker("survivor")
    broker.stop()
    client.force_login(world.manager)

    started = time.monotonic()
    response = client.post(
        reverse("workspace:action_edit", args=[world.action.pk]),
        {
            "edit-version": world.action.version,
            "edit-title": world.action.title,
            "edit-owner": world.colleague.pk,
            "edit-priority": world.action.priority,
        },
    )

    assert response.status_code == 302
    assert time.monotonic() - started < 5
    world.action.refresh_from_db()
    assert world.action.owner == world.colleague
    (notice,) = Notification.objects.all()
    assert notice.state == State.PENDING
    assert read_mail(mail_dir) == []

    broker.start()
    wait_until(
        lambda: worker.log.read_text().count("Connected to redis://") >= 2,
        "the worker to reconnect",
        timeout=60,
    )
    with publishing_to(broker.url):  # a fresh connection, as a new beat process has
        send_reminders.delay()  # the next sweep

    wait_until(lambda: all_sent(1, broker), "the waiting notice to be sent")
    (message,) = read_mail(mail_dir)
    assert message["To"] == "colin@example.org"
