#!/usr/bin/env bash
# Runs the service as a council would on one machine (`make serve`; README "Deploying"):
# gunicorn, a Celery worker and beat under honcho (Procfile), against PostgreSQL and
# Redis. DEBUG is off. Ctrl-C stops everything this script started.
#
#   bash scripts/serve.sh                       start the service
#   bash scripts/serve.sh manage createsuperuser   any manage.py command, same settings
#
# PostgreSQL: a cluster of its own under $VAR_DIR/postgres (made on first run, started
# if not running), reached only through a Unix socket in a folder no other user can
# open; unless DATABASE_URL names another database.
# Redis: its own under $VAR_DIR/redis on 127.0.0.1:$REDIS_PORT, with a password and an
# append-only file (queued tasks survive a restart); unless REDIS_URL names another.
# SECRET_KEY: made once and kept in $VAR_DIR/secret_key (mode 600), unless set.
# TRUSTED_PROXIES: 127.0.0.1 and ::1 unless set, for a reverse proxy (nginx) on this
# machine that ends TLS; set it empty when nothing sits in front of gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

export VAR_DIR=${VAR_DIR:-$PWD/var}
export DEBUG=false
export BIND=${BIND:-127.0.0.1:8000}
export TRUSTED_PROXIES=${TRUSTED_PROXIES-127.0.0.1,::1}
mkdir -p "$VAR_DIR/log"

if [ -z "${SECRET_KEY:-}" ]; then
  key_file=$VAR_DIR/secret_key
  if [ ! -s "$key_file" ]; then
    (umask 077; $py -c 'import secrets; print(secrets.token_urlsafe(50))' >"$key_file")
  fi
  chmod 600 "$key_file"
  SECRET_KEY=$(cat "$key_file")
  export SECRET_KEY
fi

# Polls a command until it succeeds, for up to 30 s.
wait_for() {
  local what=$1; shift
  for _ in $(seq 300); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "serve.sh: $what did not start in 30 s" >&2
  return 1
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

start_postgres() {
  pg_dir=$VAR_DIR/postgres
  local bin sockets=$VAR_DIR/postgres/sockets port=${POSTGRES_PORT:-5432}
  bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    echo "serve.sh: PostgreSQL is not installed (make system-packages), or set DATABASE_URL" >&2
    exit 1
  fi
  pg_ctl="$bin/pg_ctl"
  mkdir -p "$sockets"
  chmod 700 "$pg_dir" "$sockets"
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir" "$sockets"; fi
  if ! as_cluster_owner test -x "$pg_dir"; then
    echo "serve.sh: the postgres user cannot reach $pg_dir: open the folders above it" >&2
    exit 1
  fi
  if [ ! -s "$pg_dir/data/PG_VERSION" ]; then
    as_cluster_owner "$bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$VAR_DIR/log/initdb.log"
  fi
  if ! as_cluster_owner "$pg_ctl" -D "$pg_dir/data" status >/dev/null; then
    as_cluster_owner "$pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
      -o "-c listen_addresses='' -k $sockets -p $port" start >/dev/null
    started_postgres=1
  fi
  local psql=("$bin/psql" -h "$sockets" -p "$port" -U postgres -d postgres -tAq)
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname = 'tracker'")" != 1 ]; then
    "${psql[@]}" -c "create database tracker"
  fi
  export DATABASE_URL="postgres://postgres@${sockets//\//%2F}:$port/tracker"
  postgres_where="$pg_dir (socket in $sockets, log in $pg_dir/server.log)"
}

redis_answers() { [ "$("${redis_cli[@]}" ping 2>/dev/null)" = PONG ]; }

start_redis() {
  local redis_dir=$VAR_DIR/redis port=${REDIS_PORT:-6379}
  mkdir -p "$redis_dir"
  chmod 700 "$redis_dir"
  if [ ! -s "$redis_dir/password" ]; then
    (umask 077; $py -c 'import secrets; print(secrets.token_hex(32))' >"$redis_dir/password")
  fi
  export REDISCLI_AUTH
  REDISCLI_AUTH=$(cat "$redis_dir/password")
  redis_cli=(redis-cli -h 127.0.0.1 -p "$port")
  if ! redis_answers; then
    # The password goes in a file of mode 600, never on a command line others can read.
    (umask 077; cat >"$redis_dir/redis.conf" <<EOF
port $port
bind 127.0.0.1
daemonize yes
dir $redis_dir
pidfile $redis_dir/redis.pid
logfile $VAR_DIR/log/redis.log
appendonly yes
save ""
requirepass $REDISCLI_AUTH
EOF
    )
    redis-server "$redis_dir/redis.conf"
    started_redis=1
    wait_for Redis redis_answers
  fi
  export REDIS_URL="redis://:$REDISCLI_AUTH@127.0.0.1:$port/0"
  redis_where="127.0.0.1:$port (data in $redis_dir, log in $VAR_DIR/log/redis.log)"
}

cleanup() {
  if [ -n "${started_redis:-}" ]; then "${redis_cli[@]}" shutdown >/dev/null 2>&1 || true; fi
  if [ -n "${started_postgres:-}" ]; then
    as_cluster_owner "$pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

postgres_where="DATABASE_URL"
redis_where="REDIS_URL"
if [ -z "${DATABASE_URL:-}" ]; then start_postgres; fi
if [ -z "${REDIS_URL:-}" ]; then start_redis; fi

if [ "${1:-}" = manage ]; then
  shift
  $py manage.py "$@"
  exit
fi

$py manage.py collectstatic --no-input -v0
$py manage.py migrate --no-input -v0

cat <<EOF
Production mode (DEBUG off). Running:
  web         gunicorn on http://$BIND (config/gunicorn.py), static files by whitenoise
  worker      a Celery worker;  beat: Celery beat (exactly one per installation)
  PostgreSQL  $postgres_where
  Redis       $redis_where
  Probes      http://$BIND/healthz (alive) and http://$BIND/readyz (ready to serve)
Forwarded headers are believed from: ${TRUSTED_PROXIES:-nobody}. Plain HTTP is
redirected to https unless SECURE_SSL_REDIRECT=false: put a proxy that ends TLS in front.
Ctrl-C stops everything serve.sh started.
EOF
# honcho supervises the Procfile's processes; the environment is this script's alone.
.venv/bin/honcho start --procfile Procfile --env /dev/null --no-colour
