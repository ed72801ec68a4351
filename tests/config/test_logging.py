"""Production logs: one JSON object a line, each with its request's id, which Celery tasks
queued by the request carry on; error reports to Sentry only when a DSN is set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import celery.contrib.testing.tasks  # noqa: F401  (registers the ping task start_worker uses)
import pytest
import sentry_sdk
from celery.contrib.testing.worker import start_worker
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django_guid import get_guid
from django_guid.middleware import guid_middleware

from config import celery_app
from config.logs import log_format

REPO = Path(__file__).resolve().parents[2]


@celery_app.task(name="tests.request_id_seen_by_the_task")
def request_id_seen_by_the_task() -> str | None:
    return get_guid()


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Runs code in a fresh process with these variables, as a server process would start."""
    base = {k: v for k, v in os.environ.items() if k not in {"LOG_FORMAT", "DEBUG", "SENTRY_DSN"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )


def test_json_in_production_and_text_for_development(monkeypatch):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    monkeypatch.setenv("DEBUG", "false")
    assert log_format() == "json"
    monkeypatch.setenv("DEBUG", "true")
    assert log_format() == "text"
    monkeypatch.setenv("LOG_FORMAT", "json")
    assert log_format() == "json"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT must be json or text"):
        log_format()


def test_every_log_line_is_json_with_the_request_id(tmp_path):
    """A request for a missing page logs a warning; the line names the request's id, the
    one the response hands back in its Correlation-ID header."""
    code = (
        "import django; django.setup(); "
        "from django.test import Client; "
        "response = Client().get('/no-such-page/', HTTP_HOST='127.0.0.1'); "
        "print(response.status_code, response['Correlation-ID'])"
    )
    result = run_python(code, tmp_path, LOG_FORMAT="json")
    status, request_id = result.stdout.split()

    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert status == "404"
    assert len(request_id) == 32
    not_found = [line for line in lines if line["message"] == "Not Found: /no-such-page/"]
    assert len(not_found) == 1
    assert not_found[0]["request_id"] == request_id
    assert {"time", "level", "logger"} <= set(not_found[0])


def test_a_task_queued_by_a_request_carries_its_id(redis_url):
    """The request goes through django-guid's middleware; a real worker (in a thread,
    through Redis) runs the task it queued and reports the id it saw."""
    queued = []

    def view_that_queues_a_task(request: HttpRequest) -> HttpResponse:
        queued.append(request_id_seen_by_the_task.delay())
        return HttpResponse()

    broker_url = celery_app.conf.broker_url
    celery_app.conf.broker_url = redis_url
    celery_app.conf.result_backend = redis_url
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            response = guid_middleware(view_that_queues_a_task)(RequestFactory().get("/"))
            seen = queued[0].get(timeout=30)
    finally:
        celery_app.conf.broker_url = broker_url
        celery_app.conf.result_backend = None

    assert seen == response["Correlation-ID"]
    assert len(seen) == 32


def test_error_reports_are_off_unless_a_dsn_is_set(tmp_path):
    assert not sentry_sdk.get_client().is_active()

    code = (
        "import json, django; django.setup(); import sentry_sdk; "
        "client = sentry_sdk.get_client(); "
        "print(json.dumps([client.is_active(), client.options['send_default_pii'], "
        "sorted(client.integrations)]))"
    )
    # Port 9 (discard): nothing is sent unless an error is reported.
    result = run_python(code, tmp_path, SENTRY_DSN="https://key@127.0.0.1:9/1")
    active, send_pii, integrations = json.loads(result.stdout)
    assert active is True
    assert send_pii is False
    assert {"django", "celery"} <= set(integrations)
