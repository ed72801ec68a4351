#!/usr/bin/env bash
# Lint, then the parser's tests once (they need neither Django nor a database), then the
# rest of the suite on a throwaway PostgreSQL cluster and again on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

echo "== Lint"
.venv/bin/ruff check .
echo "== Parser tests (no database)"
$py -m pytest tests/inspections/parsing -p no:django --confcutdir=tests/inspections/parsing \
  -W ignore::pytest.PytestConfigWarning "$@"
echo "== Tests on PostgreSQL"
$py scripts/throwaway_postgres.py -- $py -m pytest --ignore=tests/inspections/parsing "$@"
echo "== Tests on SQLite"
env -u DATABASE_URL $py -m pytest --ignore=tests/inspections/parsing "$@"
