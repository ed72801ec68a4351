"""Beat's schedule, checked by moving the clock minute by minute as beat does: the sweep
runs once every day at 07:00 London time, and the managers' summary every Monday at
07:00, across both clock changes, never twice and never skipped."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from celery.schedules import maybe_schedule
from django.conf import settings

from actions import queue
from actions.tasks import reminders as reminder_tasks
from config import celery_app

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


def runs(name: str, start: datetime.datetime, end: datetime.datetime, step_minutes: int = 1):
    """When beat would run the entry between start and end (London times, as text)."""
    schedule = maybe_schedule(settings.CELERY_BEAT_SCHEDULE[name]["schedule"], app=celery_app)
    step = datetime.timedelta(minutes=step_minutes)
    # Counted in UTC: arithmetic on London times ignores the clock changes.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    last_run, ran, now = start, [], start
    with time_machine.travel(start, tick=False) as clock:
        while now < end:
            if schedule.is_due(last_run).is_due:
                last_run = celery_app.now()
                ran.append(last_run.astimezone(LONDON).strftime("%a %d %b %H:%M %Z"))
            clock.shift(step)
            now += step
    return ran


def test_the_sweep_runs_at_seven_every_morning_when_the_clocks_go_forward():
    # British Summer Time starts at 01:00 GMT on Sunday 29 March 2026.
    ran = runs(
        "reminder-sweep",
        datetime.datetime(2026, 3, 27, 8, 0, tzinfo=LONDON),
        datetime.datetime(2026, 3, 31, 8, 0, tzinfo=LONDON),
    )

    assert ran == [
        "Sat 28 Mar 07:00 GMT",
        "Sun 29 Mar 07:00 BST",
        "Mon 30 Mar 07:00 BST",
        "Tue 31 Mar 07:00 BST",
    ]


def test_the_sweep_runs_at_seven_every_morning_when_the_clocks_go_back():
    # British Summer Time ends at 01:00 GMT on Sunday 25 October 2026.
    ran = runs(
        "reminder-sweep",
        datetime.datetime(2026, 10, 23, 8, 0, tzinfo=LONDON),
        datetime.datetime(2026, 10, 27, 8, 0, tzinfo=LONDON),
    )

    assert ran == [
        "Sat 24 Oct 07:00 BST",
        "Sun 25 Oct 07:00 GMT",
        "Mon 26 Oct 07:00 GMT",
        "Tue 27 Oct 07:00 GMT",
    ]


def test_the_weekly_summary_runs_on_mondays_at_seven_either_side_of_the_change():
    ran = runs(
        "weekly-summary",
        datetime.datetime(2026, 3, 20, 12, 0, tzinfo=LONDON),
        datetime.datetime(2026, 4, 10, 12, 0, tzinfo=LONDON),
        step_minutes=5,
    )

    assert ran == ["Mon 23 Mar 07:00 GMT", "Mon 30 Mar 07:00 BST", "Mon 06 Apr 07:00 BST"]


def test_pending_notices_are_picked_up_every_minute_through_the_change():
    ran = runs(
        "send-pending-notices",
        datetime.datetime(2026, 3, 29, 0, 55, tzinfo=UTC),
        datetime.datetime(2026, 3, 29, 1, 5, tzinfo=UTC),
    )

    # One-minute steps of real time: 00:59 GMT is followed by 02:00 BST.
    assert ran[3:6] == ["Sun 29 Mar 00:59 GMT", "Sun 29 Mar 02:00 BST", "Sun 29 Mar 02:01 BST"]
    assert len(ran) == 9


def test_each_periodic_task_expires_before_it_is_due_again():
    periods = {
        "reminder-sweep": 24 * 60 * 60,
        "weekly-summary": 7 * 24 * 60 * 60,
        "send-pending-notices": 60,
        "discard-abandoned-imports": 24 * 60 * 60,
    }
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["options"]["expires"] < periods[name], name
        assert entry["task"] in celery_app.tasks, name


def test_a_sweep_just_after_midnight_in_summer_works_out_the_london_day():
    # 23:30 UTC on 1 June is 00:30 on 2 June in London.
    with time_machine.travel(datetime.datetime(2026, 6, 1, 23, 30, tzinfo=UTC), tick=False):
        assert reminder_tasks._day(None) == datetime.date(2026, 6, 2)
    assert reminder_tasks._day("2026-06-01") == datetime.date(2026, 6, 1)


def test_reliability_settings_are_in_force():
    conf = celery_app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    longest_task = max(reminder_tasks.SWEEP_HARD_LIMIT, conf.task_time_limit)
    longest_wait = settings.NOTIFICATION_RETRY_BACKOFF_MAX
    visibility = conf.broker_transport_options["visibility_timeout"]
    assert visibility > longest_task and visibility > longest_wait
    assert reminder_tasks.send_notification.time_limit < settings.NOTIFICATION_CLAIM_LEASE
    assert reminder_tasks.send_pending.time_limit < settings.NOTIFICATION_CLAIM_LEASE
    # No task retries through the broker, so no worker holds a message for later (F13):
    # retries are send_pending's, from the database.
    for task in (reminder_tasks.send_notification, reminder_tasks.send_pending):
        assert not getattr(task, "autoretry_for", ()), task.name


def test_every_task_the_domain_queues_by_name_is_a_registered_task():
    """actions/queue.py names tasks rather than importing them; each name must be one
    that a worker (which loads actions.tasks) knows."""
    names = [v for key, v in vars(queue).items() if key.isupper() and isinstance(v, str)]
    assert len(names) == 5
    for name in names:
        assert name in celery_app.tasks, name
