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
