"""Production settings pass Django's deployment checklist, and a weak secret stops the
service before it serves anything."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import _DEVELOPMENT_SECRET_KEY

REPO = Path(__file__).resolve().parents[2]
# What a developer's shell or the test run may hold that would change the outcome: the
# browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for the test process (async.E001).
CALLER_SETTINGS = {
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "TRUSTED_PROXIES",
    "LOG_FORMAT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in CALLER_SETTINGS}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**base, "VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "tracker.example.gov.uk", **env},
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_the_deployment_checklist_finds_nothing_in_production_settings(tmp_path):
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "secret_key",
    [
        None,  # unset
        "",
        "too-short-" + secrets.token_urlsafe(20),
        "ab" * 30,  # long, but only two different characters
        "django-insecure-" + secrets.token_urlsafe(50),  # startproject's throwaway prefix
        _DEVELOPMENT_SECRET_KEY,
    ],
    ids=["unset", "empty", "short", "repetitive", "django-insecure", "development-default"],
)
def test_a_weak_or_default_secret_key_refuses_to_start(tmp_path, secret_key):
    env = {"DEBUG": "false"} | ({} if secret_key is None else {"SECRET_KEY": secret_key})

    result = manage(tmp_path, "check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set to at least 50 random characters" in (
        result.stderr
    )
