"""Time GET /api/v1/actions/?status=in_progress over 100,000 actions on PostgreSQL.

Run from the repository root, on a throwaway cluster (what `make bench` does):

    python scripts/throwaway_postgres.py -- python benchmarks/bench_api.py

It migrates the empty database, loads 100,000 actions over ten authorities
(benchmarks/dataset.py), then sends the request in-process with DRF's test client and a token, as a
script would: for an administrator of every authority, for a manager of one, and for the
second page (a cursor). For each it prints the median and 95th-percentile latency, the
SQL queries per request, and the raw time of the same SQL run straight on the database.
Exits with status 1 if a request runs more than 5 queries or takes 50 ms or more (median).
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# As in production: no debug cursor keeping every query, and no throttling of the timing runs.
os.environ.update(
    DEBUG="false",
    SECRET_KEY="benchmark-only-" * 5,
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
)
os.environ["API_THROTTLE_USER"] = "1000000/minute"

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
MAX_QUERIES = 5
BUDGET_MS = 50.0
WARM_UP = 10
RUNS = 100


def measure(client: APIClient, url: str) -> dict:
    """Median and 95th percentile of the request, its queries, and their raw SQL time."""
    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
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
    return {
        "median": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=20)[-1],
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
        f"{'who':<32} {'rows':>4} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'raw SQL ms':>10}"
    )
    within = True
    for name, client, url in cases:
        m = measure(client, url)
        print(
            f"{name:<32} {m['rows']:>4} {m['median']:>9.1f} {m['p95']:>7.1f} "
            f"{m['queries']:>7} {m['raw']:>10.1f}"
        )
        within &= m["queries"] <= MAX_QUERIES and m["median"] < BUDGET_MS
    verdict = "within" if within else "OVER"
    print(f"Budget of {MAX_QUERIES} queries and a {BUDGET_MS:.0f} ms median: {verdict}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
