"""Bulk import throughput over the whole corpus, and the public pages before and after.

Run from the repository root, on a throwaway SQLite file of its own or on the database
DATABASE_URL names (it must be empty: the script migrates it and fills it):

    python benchmarks/bench_bulk_import.py --sqlite
    python scripts/throwaway_postgres.py -- python benchmarks/bench_bulk_import.py

It imports tests/fixtures/pdfs (157 real documents, one of them a fake) with
`import_letter --publish`, twice: the first run imports, stages or refuses each document,
the second finds every one already there. It prints each run's time and documents per
minute. Then it compares the public home, authority and inspection pages with the five
sample letters alone and with the whole corpus: SQL queries and the median time of
REQUESTS requests each. Exits with status 1 if a page needs more queries with the corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actions.importing.bulk import Row

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "pdfs"
SAMPLES = REPO / "inspections" / "sample_letters"
REQUESTS = 20


def setup(sqlite: bool) -> None:
    """Django on a fresh database and a media folder of the benchmark's own."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    if sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    sys.path.insert(0, str(REPO))  # so the script runs without installing the project
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def import_letters(path: Path) -> tuple[float, list[Row]]:
    """Seconds taken by `import_letter PATH --publish`, and its result rows."""
    from django.core.management import CommandError, call_command

    from inspections.staging import ImportBatch

    started = time.perf_counter()
    with contextlib.suppress(CommandError):  # a refusal (the fake); the rows say which
        call_command("import_letter", str(path), "--publish", stdout=io.StringIO())
    return time.perf_counter() - started, ImportBatch.objects.latest("pk").results


def busiest_pages() -> dict[str, str]:
    """The public page of each kind with the most behind it: the authority with the most
    inspections, and the inspection with the most findings."""
    from django.db.models import Count

    from inspections.models import Inspection, LocalAuthority

    authority = (
        LocalAuthority.objects.annotate(n=Count("inspections")).order_by("-n", "name").first()
    )
    inspection = (
        Inspection.objects.published().annotate(n=Count("findings")).order_by("-n", "pk").first()
    )
    assert authority is not None and inspection is not None, "no published inspection"
    return {
        "home": "/",
        "authority": f"/authorities/{authority.slug}/",
        "inspection": f"/inspections/{inspection.pk}/",
    }


def measure(url: str) -> tuple[int, float]:
    """SQL queries of one request, and the median milliseconds of REQUESTS requests."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")  # one of the default ALLOWED_HOSTS
    reset_queries()  # with DEBUG on, the import filled the log that counting reads
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return len(captured), statistics.median(times)


def report_run(label: str, seconds: float, rows: list[Row]) -> None:
    from actions.importing import bulk

    per_minute = len(rows) / seconds * 60
    print(
        f"  {label:<11} {seconds:6.1f} s  {per_minute:5.0f} documents/minute  "
        f"({bulk.summary_line(rows)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="use a throwaway SQLite file")
    setup(parser.parse_args().sqlite)

    from django.db import connection, transaction

    from inspections.models import Inspection

    if Inspection.objects.exists():
        sys.exit("The database already holds inspections: give the benchmark an empty one.")
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor)

    with transaction.atomic():
        five = transaction.savepoint()
        import_letters(SAMPLES)
        before = {kind: measure(url) for kind, url in busiest_pages().items()}
        transaction.savepoint_rollback(five)

    count = len(list(CORPUS.iterdir()))
    print(f"Bulk import of the corpus ({count} documents) on {vendor}:")
    report_run("first run", *import_letters(CORPUS))
    report_run("second run", *import_letters(CORPUS))

    after = {kind: measure(url) for kind, url in busiest_pages().items()}
    print(f"Public pages, five letters -> the corpus (median of {REQUESTS} requests):")
    worse = []
    for kind, (queries, ms) in before.items():
        queries_after, ms_after = after[kind]
        print(
            f"  {kind:<11} {queries} -> {queries_after} queries   {ms:6.1f} -> {ms_after:6.1f} ms"
        )
        if queries_after > queries:
            worse.append(kind)
    if worse:
        print(f"More queries with the corpus: {', '.join(worse)}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
