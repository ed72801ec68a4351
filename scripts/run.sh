#!/usr/bin/env bash
# Starts the whole app locally: Redis, a Celery worker and beat, and the web server.
# Everything it starts is stopped when the web server stops (Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
mkdir -p var/redis var/log

redis_port=${REDIS_PORT:-6379}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:${redis_port}/0}
if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir var/redis \
    --pidfile "$PWD/var/redis/redis.pid" --logfile "$PWD/var/log/redis.log" \
    --save '' --appendonly no
  started_redis=1
fi

$py manage.py migrate --no-input -v0
$py manage.py load_sample_data

pids=()
cleanup() {
  # Celery shuts down warmly on SIGTERM; wait for it, so nothing prints after the prompt.
  if [ ${#pids[@]} -gt 0 ]; then
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if [ -n "${started_redis:-}" ]; then redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT INT TERM

.venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 >var/log/celery-worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule \
  >var/log/celery-beat.log 2>&1 &
pids+=($!)
echo "Celery worker and beat are running (logs in var/log/): reminders at 07:00 daily."
echo "Mail is written to files in var/mail/ (read them with a text editor or mail client); the outbox is at http://127.0.0.1:8000/work/outbox/"
echo "Run today's reminders now: .venv/bin/python manage.py send_reminders (or the Outbox page)."
echo "Serving http://127.0.0.1:8000/ (admin at http://127.0.0.1:8000/admin/). Ctrl-C stops everything."
$py manage.py runserver 127.0.0.1:8000
