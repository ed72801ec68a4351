#!/usr/bin/env bash
# The whole suite, twice: on a throwaway PostgreSQL cluster, then on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

echo "== Lint"
.venv/bin/ruff check .
echo "== Tests on PostgreSQL"
$py scripts/throwaway_postgres.py -- $py -m pytest "$@"
echo "== Tests on SQLite"
env -u DATABASE_URL $py -m pytest "$@"
