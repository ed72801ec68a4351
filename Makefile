# `make run` and `make test` set up whatever is missing, then do their job.
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: setup system-packages frontend run serve test bench lint

setup: system-packages $(VENV)/.installed frontend

system-packages:
	@bash scripts/install_system_packages.sh

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

frontend:
	@bash scripts/build_frontend.sh

run: setup
	@bash scripts/run.sh

# Production mode on one machine: gunicorn, whitenoise, PostgreSQL, Redis, Celery (README).
serve: setup
	@bash scripts/serve.sh

test: setup
	@bash scripts/test.sh

# Every benchmark runs, and the target fails at the end if any of them missed a budget.
bench: setup
	@status=0; \
	$(PY) scripts/throwaway_postgres.py -- $(PY) benchmarks/bench_http.py || status=1; \
	$(PY) benchmarks/bench_parse.py || status=1; \
	$(PY) scripts/throwaway_postgres.py -- $(PY) benchmarks/bench_api.py || status=1; \
	$(PY) scripts/throwaway_postgres.py -- $(PY) benchmarks/bench_sweep.py || status=1; \
	$(PY) benchmarks/bench_bulk_import.py --sqlite || status=1; \
	$(PY) scripts/throwaway_postgres.py -- $(PY) benchmarks/bench_bulk_import.py || status=1; \
	exit $$status

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports
