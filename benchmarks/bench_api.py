"""Time GET /api/v1/actions/?status=in_progress over 100,000 actions on PostgreSQL.

Run from the repository root, on a throwaway cluster (what `make bench` does):

    python scripts/throwaway_postgres.py -- python benchmarks/bench_api.py

It migrates the empty database, loads 100,000 actions over ten authorities
(benchmarks/dataset.py), then sends the request in-process with DRF's test client and a
token, as a script would: for an administrator of every authority, for a manager of one,
and for the second page (a cursor). Each request alternates with one to the "floor" view of
benchmarks/http_urls.py (the same 50 rows by one raw query and json.dumps, through the same
middleware), so both meet the same load on a shared machine. For each it prints the median
latency and the median CPU time of this process (steadier than latency when other work
shares the cores), their ratios to the floor's, the SQL queries per request, and the raw
time of the same SQL run straight on the database.
Exits with status 1 if a request runs more than 4 queries, or costs more than twice the
floor's CPU time (issue 13's goal for the API list; bench_http.py measures it under gunicorn).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # so the script runs without installing the project

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Run on PostgreSQL: python scripts/throwaway_postgres.py -- python " + __file__)
# The project's settings with the floor view beside the app's URLs.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.http_settings")
# As in production: no debug cursor keeping every query, and no throttling of the timing runs.
os.environ.update(
    DEBUG="false",
    SECRET_KEY="benchmark-only-" * 5,
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
)
os.environ["API_THROTTLE_USER"] = "1000000/minute"
# The throttle's counts in this process's memory unless a CACHE_URL (Redis) is given.
os.environ.setdefault("CACHE_URL", "")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from actions.models import ActionItem, Status  # noqa: E402
from actions.tokens import issue_token  # noqa: E402
from benchmarks import dataset  # noqa: E402

ACTIONS = 100_000
URL = "/api/v1/actions/?status=in_progress"
FLOOR_URL = "/bench/floor/"
MAX_QUERIES = 4  # the token, the person's roles, the page, who completed or verified
MAX_RATIO = 2.0
WARM_UP = 10
RUNS = 100


def timed(client: APIClient, url: str) -> tuple[float, float]:
    """The request's latency and this process's CPU time for it, in ms."""
    start, cpu = time.perf_counter(), time.thread_time()
    assert client.get(url).status_code == 200
    return (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000


def measure(client: APIClient, url: str) -> dict:
    """Medians of the request and of the floor, alternated; its queries; their raw SQL time."""
    for _ in range(WARM_UP):
        timed(client, url)
        timed(client, FLOOR_URL)
    runs, floor = [], []
    for _ in range(RUNS):
        runs.append(timed(client, url))
        floor.append(timed(client, FLOOR_URL))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    sql = [query["sql"] for query in captured.captured_queries]
    raw = []
    with connection.cursor() as cursor:
        for _ in range(RUNS):
            start = time.perf_counter()
            for statement in sql:
                cursor.execute(statement)
                cursor.fetchall()
            raw.append((time.perf_counter() - start) * 1000)
    median, cpu = (statistics.median(run[i] for run in runs) for i in (0, 1))
    return {
        "median": median,
        "cpu": cpu,
        "ratio": median / statistics.median(run[0] for run in floor),
        "cpu_ratio": cpu / statistics.median(run[1] for run in floor),
        "queries": len(sql),
        "raw": statistics.median(raw),
        "rows": len(response.data["results"]),
    }


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user, name='bench')[1]}")
    return client


def main() -> int:
    start = time.perf_counter()
    data = dataset.build(ACTIONS)
    admin, manager = data.administrator, data.manager
    in_progress = ActionItem.objects.filter(status=Status.IN_PROGRESS).count()
    print(
        f"{ActionItem.objects.count():,} actions ({in_progress:,} in progress) built in "
        f"{time.perf_counter() - start:.0f} s; GET {URL}, 50 rows a page, {RUNS} runs each"
    )
    admin_client, manager_client = client_for(admin), client_for(manager)
    second_page = admin_client.get(URL).data["next"].removeprefix("http://testserver")
    cases = [
        ("administrator, all authorities", admin_client, URL),
        ("manager of one authority", manager_client, URL),
        ("administrator, second page", admin_client, second_page),
    ]
    print(
        f"{'who':<32} {'rows':>4} {'median ms':>9} {'x floor':>7} {'CPU ms':>6} "
        f"{'x floor':>7} {'queries':>7} {'raw SQL ms':>10}"
    )
    within = True
    for name, client, url in cases:
        m = measure(client, url)
        print(
            f"{name:<32} {m['rows']:>4} {m['median']:>9.1f} {m['ratio']:>7.1f} {m['cpu']:>6.1f} "
            f"{m['cpu_ratio']:>7.1f} {m['queries']:>7} {m['raw']:>10.1f}"
        )
        within &= m["queries"] <= MAX_QUERIES and m["cpu_ratio"] <= MAX_RATIO
    verdict = "within" if within else "OVER"
    print(f"Budget of {MAX_QUERIES} queries and {MAX_RATIO:g}x the floor's CPU time: {verdict}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
