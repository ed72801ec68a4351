#!/usr/bin/env bash
# `make lint`, then each test as often as it can tell us something, spread over the cores.
#
#  1. The parser's tests, without Django (-p no:django shows the parser needs none).
#  2. Every other test, on a throwaway PostgreSQL cluster (the production database).
#  3. The HTTP benchmark's short form (benchmarks/bench_http.py --short): gunicorn on a
#     throwaway cluster, failing if any page's SQL queries grow from 1,000 to 10,000 actions.
#  4. On SQLite, only the tests marked `database and not once_on_postgres`: those that use
#     the database and whose outcome may depend on its engine.
#
# tests/conftest.py marks each test from the fixtures it asks for: `database` when it uses
# the test database, `once_on_postgres` when it drives the app from outside (Chromium, a
# live server for Schemathesis or curl, Redis, Celery worker processes). Those are the
# slow tests, and what they check does not change with the engine, so they run once, on
# PostgreSQL; tests with no database run once too, in step 2.
#
# pytest-xdist runs each step over one worker per core (TEST_WORKERS to change it), and
# keeps tests that share a module-scoped fixture on one worker (--dist loadgroup, with
# `xdist_group` marks). Each worker builds its own test database by migrating; on the
# throwaway cluster there is nothing to reuse from an earlier run.
#
# Extra arguments go to every pytest run, e.g. `bash scripts/test.sh -x`.
#
# The flake hunt (Debian's stress-ng keeps both cores busy) that these tests passed 10
# times in a row:
#   stress-ng --cpu 2 --timeout 3000s & for i in $(seq 10); do
#     .venv/bin/python scripts/throwaway_postgres.py -- .venv/bin/pytest tests/browser \
#       tests/reminders/test_browser.py tests/reminders/test_real_workers.py \
#       tests/inspections/test_bulk_import.py tests/config/test_settings.py \
#       -m once_on_postgres -n 3 --dist loadgroup -p no:cacheprovider -q || break; done
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
parallel=(-n "${TEST_WORKERS:-auto}" --dist loadgroup)

echo "== Lint: ruff, mypy and the import contracts (make lint)"
make --no-print-directory lint
echo "== Parser tests (no Django, no database)"
$py -m pytest tests/inspections/parsing -p no:django --confcutdir=tests/inspections/parsing \
  -W ignore::pytest.PytestConfigWarning "${parallel[@]}" "$@"
echo "== Tests on PostgreSQL: all the others"
$py scripts/throwaway_postgres.py -- \
  $py -m pytest --ignore=tests/inspections/parsing "${parallel[@]}" "$@"
echo "== HTTP benchmark, short form: queries per request must not grow with the data"
$py scripts/throwaway_postgres.py -- $py benchmarks/bench_http.py --short
echo "== Tests on SQLite: those that use the database, but not once_on_postgres"
env -u DATABASE_URL $py -m pytest --ignore=tests/inspections/parsing \
  -m "database and not once_on_postgres" "${parallel[@]}" "$@"
