"""Fixtures for bulk-import tests that need a real Redis and real Celery worker processes
(tests/reminders/realworld.py starts them); import them into a test module to use them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.reminders import realworld
from tests.reminders.realworld import RedisServer, Worker

broker = realworld.broker


@pytest.fixture
def start_worker(tmp_path, settings) -> Iterator[Callable[[str, RedisServer], Worker]]:
    """Starts `celery worker` processes that read this test's uploads (its MEDIA_ROOT);
    every one still running is stopped after the test."""
    started: list[Worker] = []

    def start(name: str, server: RedisServer) -> Worker:
        worker = Worker(name, server.url, tmp_path, tmp_path, MEDIA_ROOT=str(settings.MEDIA_ROOT))
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()
