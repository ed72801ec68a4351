import json
import os
import subprocess
import sys
from pathlib import Path

import celery.contrib.testing.tasks  # noqa: F401  (registers the ping task start_worker uses)
import pytest
from celery.contrib.testing.worker import start_worker
from django.core.exceptions import ImproperlyConfigured

from config import celery_app
from config.env import env_bool, env_int, env_list


def test_env_readers_take_good_values_and_refuse_bad_ones(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("COUNT", "12")
    monkeypatch.setenv("HOSTS", "a.example, b.example ,")
    assert env_bool("FLAG", False) is True
    assert env_int("COUNT", 0) == 12
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    assert env_bool("UNSET_FLAG", True) is True

    monkeypatch.setenv("FLAG", "perhaps")
    monkeypatch.setenv("COUNT", "twelve")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        env_bool("FLAG", False)
    with pytest.raises(ImproperlyConfigured, match="COUNT must be a whole number"):
        env_int("COUNT", 0)


def test_the_celery_app_takes_its_broker_from_settings(settings):
    assert celery_app.conf.broker_url == settings.REDIS_URL
    assert celery_app.conf.timezone == "Europe/London"


def test_a_real_worker_answers_through_redis(redis_url):
    celery_app.conf.broker_url = redis_url
    celery_app.conf.result_backend = redis_url
    try:
        # start_worker pings the worker through the broker and fails if nobody answers.
        with start_worker(celery_app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
            pass
    finally:
        celery_app.conf.result_backend = None


def settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess:
    """Imports the settings module as a new process would, with these variables set."""
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.DEBUG, s.ALLOWED_HOSTS, s.EMAIL_BACKEND, s.CELERY_BROKER_URL]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_database_redis_hosts_and_mail_come_from_the_environment(tmp_path):
    result = settings_in_a_fresh_process(
        DATABASE_URL="postgres://app:secret@db.internal:5432/tracker",
        REDIS_URL="redis://cache.internal:6379/2",
        ALLOWED_HOSTS="tracker.example.gov.uk",
        EMAIL_URL="smtp://mailer:pw@smtp.example.org:587/?tls=True",
        DEBUG="false",
        SECRET_KEY="a-strong-enough-test-key-" * 2,
        VAR_DIR=str(tmp_path),
    )
    engine, name, debug, hosts, email, broker = json.loads(result.stdout)
    assert (engine, name) == ("django.db.backends.postgresql", "tracker")
    assert (debug, hosts) == (False, ["tracker.example.gov.uk"])
    assert email == "django.core.mail.backends.smtp.EmailBackend"
    assert broker == "redis://cache.internal:6379/2"


def test_a_sqlite_url_selects_that_file(tmp_path):
    result = settings_in_a_fresh_process(
        DATABASE_URL=f"sqlite:///{tmp_path}/other.db", VAR_DIR=str(tmp_path)
    )
    engine, name, *_ = json.loads(result.stdout)
    assert (engine, name) == ("django.db.backends.sqlite3", f"{tmp_path}/other.db")


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = settings_in_a_fresh_process(DEBUG="false", SECRET_KEY="", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
