"""Pages and API under the production server, as ratios to what the server itself costs.

Run from the repository root on a throwaway cluster (what `make bench` does):

    python scripts/throwaway_postgres.py -- python benchmarks/bench_http.py [--short]

It migrates the empty database, lays down 10,000 actions (benchmarks/dataset.py), starts
a Redis of its own (the cache, as in production) and gunicorn with the project's own
config/gunicorn.py (2 workers), and asks every page once, noting the SQL queries each ran
(an X-Queries header that only the benchmark's settings add). Then it grows the data to
100,000 actions, asks again, and fails if any page's queries grew with the data.

Then the timing: wrk, a load generator written in C (a Debian package), keeps CONCURRENCY
keep-alive connections to 127.0.0.1 busy with each request for a second, one request
after another and round after round (A B C ... A B C ...), so every request sees the
same machine load; its small share of the two cores leaves the ratios to the server. Two
yardsticks, which live only in the benchmark (benchmarks/http_urls.py), go through the
same middleware: "hello", a fixed string, and the "floor", the API's first 50 rows from
one raw SQL query and json.dumps. For each request the table gives the median latency,
the throughput, how many times slower than the floor and than hello it is (throughput
ratios), its queries and its size; then each goal of issue 13 and whether the run met
it, and each gunicorn worker's memory after the run. Exits with status 1 if any goal
is missed.

--short (what `make test` runs): 1,000 then 10,000 actions, one round, and only
the check that queries do not grow with the data, since ratios mean little on a loaded
CI machine.

--only TEXT [TEXT ...]: time only the requests whose names contain one of the texts (and
the two yardsticks), to look at a few closely; the goals are then not judged.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # so the script runs without installing the project

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Run on PostgreSQL: python scripts/throwaway_postgres.py -- python " + __file__)

WORK = Path(tempfile.mkdtemp(prefix="bench-http-"))
CONCURRENCY = 4  # client connections; two per gunicorn worker
CLIENT_THREADS = 2
ROUND_SECONDS = 1  # each request's turn in a round (wrk counts whole seconds)
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


REDIS_PORT, WEB_PORT = free_port(), free_port()
os.environ.update(
    DJANGO_SETTINGS_MODULE="benchmarks.http_settings",
    DEBUG="false",
    SECRET_KEY="benchmark-only-" * 5,
    ALLOWED_HOSTS="127.0.0.1",
    # As behind the council's TLS-ending proxy on the same machine (scripts/serve.sh).
    TRUSTED_PROXIES="127.0.0.1",
    # The benchmark's own server answers far more than a person would ask.
    API_THROTTLE_USER="100000000/minute",
    API_THROTTLE_ANON="100000000/minute",
    REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
    CACHE_URL=f"redis://127.0.0.1:{REDIS_PORT}/1",
    VAR_DIR=str(WORK / "var"),
    STATIC_ROOT=str(WORK / "static"),
    LOG_LEVEL="WARNING",
    BIND=f"127.0.0.1:{WEB_PORT}",
    WEB_CONCURRENCY=str(WORKERS),
    WEB_MAX_REQUESTS="0",  # no worker is replaced mid-run: its memory is measured after
    MALLOC_ARENA_MAX="2",  # as the Procfile starts the web server
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection as database  # noqa: E402
from django.test import Client  # noqa: E402

from actions.tokens import issue_token  # noqa: E402
from benchmarks import dataset  # noqa: E402


@dataclass
class Case:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200


@dataclass
class Outcome:
    """One case's requests over every round, and what one answer cost once they ended."""

    medians_ms: list[float] = field(default_factory=list)  # each round's median latency
    requests: int = 0
    seconds: float = 0.0
    wrong_status: int = 0
    queries: int = 0
    size: int = 0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def start_redis() -> subprocess.Popen:
    folder = WORK / "redis"
    folder.mkdir()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wait_until(lambda: _connects(REDIS_PORT), "Redis")
    return redis


def start_gunicorn() -> subprocess.Popen:
    log = (WORK / "gunicorn.log").open("w")
    # --worker-connections: with gthread workers, one worker would otherwise take every
    # keep-alive connection and the other would idle.
    server = subprocess.Popen(
        [str(REPO / ".venv/bin/gunicorn"), "--config", "config/gunicorn.py",
         "--worker-connections", str(CONCURRENCY // WORKERS)],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    wait_until(lambda: _answers("/bench/hello/"), "gunicorn")
    return server


def _connects(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _answers(path: str) -> bool:
    try:
        return request(http.client.HTTPConnection("127.0.0.1", WEB_PORT), path, {})[0] == 200
    except OSError:
        return False


def wait_until(ready, what: str, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            sys.exit(f"{what} did not start in {seconds:.0f} s; see {WORK}")
        time.sleep(0.1)


FLOOR, HELLO = "floor: 50 rows, raw SQL, json.dumps", "hello"  # the yardsticks
BASE_HEADERS = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.7"}


def request(
    connection: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[int, int, int]:
    """Status, queries and body size of one GET on a kept-alive connection."""
    connection.request("GET", path, headers={**BASE_HEADERS, **headers})
    response = connection.getresponse()
    body = response.read()
    return response.status, int(response.getheader("X-Queries") or 0), len(body)


def run(case: Case, seconds: int, outcome: Outcome) -> None:
    """wrk (a load generator written in C, so that the client takes little of the
    machine) keeps CONCURRENCY connections busy with the request for `seconds`, on
    CLIENT_THREADS threads; wrk_report.lua counts the answers with another status."""
    headers = [option for name, value in {**BASE_HEADERS, **case.headers}.items()
               for option in ("--header", f"{name}: {value}")]  # fmt: skip
    command = [
        "wrk", f"--threads={CLIENT_THREADS}", f"--connections={CONCURRENCY}",
        f"--duration={seconds}s", f"--script={REPO / 'benchmarks/wrk_report.lua'}", *headers,
        f"http://127.0.0.1:{WEB_PORT}{case.path}", "--", str(case.status),
    ]  # fmt: skip
    printed = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"^RESULT (\d+) (\S+) (\S+) (\d+)$", printed, re.M)
    if not found:
        sys.exit(f"wrk printed no result for {case.path}:\n{printed}")
    outcome.requests += int(found[1])
    outcome.seconds += float(found[2])
    outcome.medians_ms.append(float(found[3]))
    outcome.wrong_status += int(found[4])


def signed_in(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"Cookie": f"{name}={client.cookies[name].value}"}


def cases(data: dataset.Dataset) -> list[Case]:
    manager, administrator = signed_in(data.manager), signed_in(data.administrator)
    token = {"Authorization": f"Bearer {issue_token(user=data.manager, name='bench')[1]}"}
    admin_token = {"Authorization": f"Bearer {issue_token(user=data.administrator, name='b')[1]}"}
    page = f"/inspections/{data.published_inspection.pk}/"
    return [
        Case(FLOOR, "/bench/floor/"),
        Case(HELLO, "/bench/hello/"),
        Case("API list, manager", "/api/v1/actions/?status=in_progress", token),
        Case("API list, administrator", "/api/v1/actions/?status=in_progress", admin_token),
        Case("workspace list, manager", "/work/actions/", manager),
        Case("workspace list, administrator", "/work/actions/", administrator),
        Case("dashboard, manager", "/work/", manager),
        Case("dashboard, administrator", "/work/", administrator),
        Case("public home", "/"),
        Case("public authority", f"/authorities/{data.authority.slug}/"),
        Case("public inspection, 1,000 actions", page),
        # Any query string but a page number is never served from the page cache.
        Case("the same page, rendered afresh", f"{page}?afresh=1"),
        Case("the same page, 304 Not Modified", page, status=304),
    ]


def rebuilt_after_a_write(data: dataset.Dataset, runs: int = 5) -> dict[str, float]:
    """Median ms of the dashboards' first view after a write to the manager's authority:
    what someone waits for when their cached copy has just gone stale."""
    pages = {"dashboard, manager": signed_in(data.manager),
             "dashboard, administrator": signed_in(data.administrator)}  # fmt: skip
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(runs):
        for name, headers in pages.items():
            with database.cursor() as cursor:  # as a save would: the authority's number moves
                cursor.execute(
                    "UPDATE actions_actionitem SET version = version + 1 WHERE id = ("
                    " SELECT a.id FROM actions_actionitem a"
                    " JOIN inspections_finding f ON f.id = a.finding_id"
                    " WHERE f.inspection_id = %s LIMIT 1)",
                    [data.published_inspection.pk],
                )
            sent = time.perf_counter()
            fresh = http.client.HTTPConnection("127.0.0.1", WEB_PORT)
            status, _, _ = request(fresh, "/work/", headers)
            timings[name].append((time.perf_counter() - sent) * 1000)
            if status != 200:
                sys.exit(f"{name} answered {status} after a write")
    return {name: statistics.median(each) for name, each in timings.items()}


def revalidating(case: Case) -> Case:
    """The 304 case asks with the ETag of the page as it is now."""
    if case.status != 304:
        return case
    connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT)
    connection.request("GET", case.path, headers=BASE_HEADERS)
    response = connection.getresponse()
    response.read()
    etag = response.getheader("ETag")
    if not etag:
        sys.exit(f"{case.path} sent no ETag")
    return Case(case.name, case.path, {"If-None-Match": etag}, status=304)


def probe(all_cases: list[Case]) -> dict[str, tuple[int, int]]:
    """Each request asked once: its SQL queries and its size in bytes (and an exit if
    it answers with another status than expected)."""
    connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT)
    found = {}
    for case in all_cases:
        status, queries, size = request(connection, case.path, case.headers)
        if status != case.status:
            sys.exit(f"{case.name}: {case.path} answered {status}, not {case.status}")
        found[case.name] = (queries, size)
    return found


def worker_memory_mib(master: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            sizes.append(int(re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)[1]) / 1024)  # type: ignore[index]
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="queries only, 1,000 to 10,000")
    parser.add_argument("--only", nargs="+", metavar="TEXT", help="time only these requests")
    args = parser.parse_args()
    small, large = (1_000, 10_000) if args.short else (10_000, 100_000)
    rounds = 1 if args.short else 5

    started = time.perf_counter()
    data = dataset.build(small)
    call_command("collectstatic", interactive=False, verbosity=0)
    redis = start_redis()
    server = start_gunicorn()
    try:
        plain = cases(data)
        before = probe([revalidating(case) for case in plain])
        dataset.add_actions(large - small)
        all_cases = [revalidating(case) for case in plain]
        after = probe(all_cases)
        print(f"{small:,} then {large:,} actions, set up in {time.perf_counter() - started:.0f} s;"
              f" {WORKERS} gunicorn workers, {CONCURRENCY} client connections,"
              f" {rounds} round(s) of {ROUND_SECONDS} s per request")  # fmt: skip

        if args.only:
            all_cases = [case for case in all_cases if chosen(case, args.only)]
        outcomes = {case.name: Outcome() for case in all_cases}
        if not args.short:  # warm-up: code paths, connections, PostgreSQL's buffers
            for case in all_cases:
                run(case, ROUND_SECONDS, Outcome())
        for _ in range(rounds):
            for case in all_cases:
                run(case, ROUND_SECONDS, outcomes[case.name])
        for name, (queries, size) in probe(all_cases).items():  # as the rounds asked them
            outcomes[name].queries, outcomes[name].size = queries, size
        memory = worker_memory_mib(server.pid)
        rebuilt = rebuilt_after_a_write(data)
    finally:
        server.terminate()
        server.wait()
        redis.terminate()
        redis.wait()
    report(outcomes)
    print()
    for name, ms in rebuilt.items():
        print(f"{name}, first view after a write to the manager's authority: {ms:,.0f} ms")
    return verdict(outcomes, before, after, memory, judge_ratios=not (args.short or args.only))


def chosen(case: Case, texts: list[str]) -> bool:
    return case.name in (FLOOR, HELLO) or any(text in case.name for text in texts)


def report(outcomes: dict[str, Outcome]) -> None:
    floor, hello = outcomes[FLOOR], outcomes[HELLO]
    print()
    print(f"| {'request':<36} | {'p50 ms':>6} | {'req/s':>6} | {'x floor':>7} | {'x hello':>7}"
          f" | {'queries':>7} | {'KB':>6} |")  # fmt: skip
    print(f"|{'-' * 38}|{'-' * 7}:|{'-' * 7}:|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|{'-' * 7}:|")
    for name, o in outcomes.items():
        print(f"| {name:<36} | {statistics.median(o.medians_ms):>6.1f} |"
              f" {o.throughput:>6.0f} | {floor.throughput / o.throughput:>7.1f} |"
              f" {hello.throughput / o.throughput:>7.1f} | {o.queries:>7} |"
              f" {o.size / 1024:>6.1f} |")  # fmt: skip


def verdict(
    outcomes: dict[str, Outcome],
    before: dict[str, tuple[int, int]],
    after: dict[str, tuple[int, int]],
    memory: list[float],
    judge_ratios: bool,
) -> int:
    def slower(name: str, than: str) -> float:
        return outcomes[than].throughput / outcomes[name].throughput

    floor, hello = FLOOR, HELLO
    page, revalidation = "public inspection, 1,000 actions", "the same page, 304 Not Modified"
    rendered = "the same page, rendered afresh"
    grew = [name for name in before if after[name][0] > before[name][0]]
    wrong = [name for name, o in outcomes.items() if o.wrong_status]
    goals = [
        ("queries per request the same at both sizes", not grew, ", ".join(grew) or "none grew"),
        ("every answer had the expected status", not wrong, ", ".join(wrong) or "all did"),
    ]
    if judge_ratios:
        goals += [
            *((f"{name} <= 2x the floor", slower(name, floor) <= 2, f"{slower(name, floor):.1f}x")
              for name in ("API list, manager", "API list, administrator")),
            *((f"{name} <= 3x the floor", slower(name, floor) <= 3, f"{slower(name, floor):.1f}x")
              for name in ("workspace list, manager", "workspace list, administrator",
                           "dashboard, manager", "dashboard, administrator")),
            ("administrator's list no dearer than the manager's (within 15%)",
             slower("workspace list, administrator", "workspace list, manager") <= 1.15,
             f"{slower('workspace list, administrator', 'workspace list, manager'):.2f}x"),
            (f"{page} <= 10x hello", slower(page, hello) <= 10, f"{slower(page, hello):.1f}x"),
            (f"{page} under 150 KB", outcomes[page].size < 150 * 1024,
             f"{outcomes[page].size / 1024:.0f} KB"),
            ("304 at least 20x the full page's throughput (the page rendered afresh)",
             slower(rendered, revalidation) >= 20, f"{slower(rendered, revalidation):.1f}x"
             f" (served from the page cache: {slower(page, revalidation):.1f}x)"),
            ("every gunicorn worker under 150 MiB after the run", max(memory) < 150,
             ", ".join(f"{m:.0f} MiB" for m in memory)),
        ]  # fmt: skip
    print()
    for goal, met, figure in goals:
        print(f"{'within' if met else 'MISSED'}  {goal}: {figure}")
    return 0 if all(met for _, met, _ in goals) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
