"""`make serve` end to end, started the way the Makefile starts it (scripts/serve.sh).

Its PostgreSQL cluster, Redis, secret key and static files go under a folder of the
test's own (VAR_DIR), on free ports, so the real var/ is never touched. The test reads
the probes and the home page through gunicorn, then stops the script's process group,
as Ctrl-C would, and checks that every process it started has gone.
"""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port

pytestmark = pytest.mark.once_on_postgres

REPO = Path(__file__).resolve().parents[2]
# Settings the caller's environment (a developer's shell, the test run) may hold, which
# would make serve.sh use something other than its own database, Redis and key.
CALLER_SETTINGS = {
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "TRUSTED_PROXIES",
    "SECURE_SSL_REDIRECT",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "BACKUP_DIR",
    "CELERY_TASK_ALWAYS_EAGER",
    "LOG_FORMAT",
    "BIND",
    "WEB_CONCURRENCY",
}
STARTUP_DEADLINE = 300  # seconds: collectstatic and the first migrate on a loaded machine


@dataclass
class Served:
    process: subprocess.Popen
    var_dir: Path
    port: int
    output: Path

    def get(self, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def log(self) -> str:
        return self.output.read_text(errors="replace")


def wait_until_ready(served: Served) -> None:
    deadline = time.monotonic() + STARTUP_DEADLINE
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            pytest.fail(f"serve.sh exited ({served.process.returncode}):\n{served.log()[-4000:]}")
        try:
            if served.get("/readyz")[0] == 200:
                return
        except OSError:
            pass  # gunicorn is not listening yet
        time.sleep(0.5)
    pytest.fail(f"/readyz did not answer 200 within {STARTUP_DEADLINE} s:\n{served.log()[-4000:]}")


@pytest.fixture
def served() -> Iterator[Served]:
    # Not pytest's tmp_path: its parent folder is private to root, and the postgres user
    # must reach the cluster's folder inside this one.
    folder = Path(tempfile.mkdtemp(prefix="serve-test-"))
    folder.chmod(0o755)
    port = free_port()
    env = {name: value for name, value in os.environ.items() if name not in CALLER_SETTINGS}
    env |= {
        "VAR_DIR": str(folder / "var"),
        "BIND": f"127.0.0.1:{port}",
        "REDIS_PORT": str(free_port()),
        "POSTGRES_PORT": str(free_port()),
        "WEB_CONCURRENCY": "2",
    }
    output = folder / "serve.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            ["bash", "scripts/serve.sh"],
            cwd=REPO,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield Served(process, folder / "var", port, output)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        stop_leftovers(folder / "var")
        shutil.rmtree(folder, ignore_errors=True)


def stop_leftovers(var_dir: Path) -> None:
    """After a failed test: the daemons serve.sh started outlive a killed script."""
    for pidfile in (var_dir / "redis/redis.pid", var_dir / "postgres/data/postmaster.pid"):
        if pidfile.exists():
            pid = int(pidfile.read_text().split()[0])
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def alive(pid: int) -> bool:
    """True while the process runs; a zombie nobody has reaped yet has stopped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def descendants(*roots: int) -> set[int]:
    parents: dict[int, list[int]] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat_file.parent.name))
    found: set[int] = set()
    stack = list(roots)
    while stack:
        pid = stack.pop()
        found.add(pid)
        stack.extend(child for child in parents.get(pid, []) if child not in found)
    return found


def everything_started(served: Served) -> dict[int, str]:
    """The script's process tree, plus the daemons it started (they detach from it)."""
    redis_pid = int((served.var_dir / "redis" / "redis.pid").read_text())
    postmaster = served.var_dir / "postgres" / "data" / "postmaster.pid"
    postgres_pid = int(postmaster.read_text().split()[0])
    pids = descendants(served.process.pid, redis_pid, postgres_pid)
    return {pid: command_line(pid) for pid in pids if alive(pid)}


def test_make_serve_runs_the_service_in_production_mode_and_stops_everything(served):
    wait_until_ready(served)

    status, _, body = served.get("/readyz", Accept="application/json")
    assert status == 200
    checks = json.loads(body)
    assert set(checks.values()) == {"OK"}
    assert any(name.startswith("Redis(") for name in checks)
    assert any(name.startswith("Migrations(") for name in checks)
    assert served.get("/healthz")[0] == 200

    # Production settings: plain HTTP is sent to https...
    status, headers, _ = served.get("/")
    assert status == 301
    assert headers["Location"].startswith("https://")
    # ...and a request that a trusted proxy (nginx on this machine) says came over
    # https gets the public home page, from gunicorn, with HSTS.
    status, headers, body = served.get("/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Server"] == "gunicorn"
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert b"Inspection action tracker" in body

    # Static files by whitenoise: a hashed name, cached for ever, compressed.
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the home page links no hashed stylesheet"
    status, headers, _ = served.get(
        stylesheet.group(1).decode(),
        **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip, br"},
    )
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    assert headers["Content-Encoding"] in {"gzip", "br"}

    # A strong key, made once, readable by its owner alone.
    key_file = served.var_dir / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(key_file.read_text().strip()) >= 50

    # Logs are JSON lines (after honcho's "time name.1 | " prefix).
    listening = next(line for line in served.log().splitlines() if "Listening at" in line)
    assert json.loads(listening.split("| ", 1)[1])["logger"] == "gunicorn.error"

    started = everything_started(served)
    for program in (
        "gunicorn",
        "celery --quiet --app config worker",
        "celery --quiet --app config beat",
        "redis-server",
        "postgres",
    ):
        assert any(program in command for command in started.values()), (program, started)

    # Ctrl-C in a terminal signals the whole foreground process group; so does this.
    os.killpg(served.process.pid, signal.SIGTERM)
    served.process.wait(timeout=120)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(pid) for pid in started):
        time.sleep(0.2)
    assert {pid: command for pid, command in started.items() if alive(pid)} == {}
