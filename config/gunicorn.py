"""gunicorn's settings for production: `gunicorn -c config/gunicorn.py config.wsgi`.

Environment variables override the defaults (BIND, WEB_CONCURRENCY, WEB_THREADS,
WEB_TIMEOUT, WEB_MAX_REQUESTS), and so do gunicorn's own command-line options, which
win over this file.
"""

import multiprocessing
import os

from config.logs import gunicorn_logging

wsgi_app = "config.wsgi:application"
bind = [address.strip() for address in os.environ.get("BIND", "127.0.0.1:8000").split(",")]

# Threaded workers: a request waiting on the database or Redis frees its thread, not a
# whole process. One process per core plus one, as gunicorn's documentation advises.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", 4))
# A request still running after this many seconds has its worker killed and replaced:
# the letter import, the slowest page, takes a few seconds.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Each worker is replaced after about this many requests, so a slow leak cannot grow.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10

# gunicorn believes no forwarded header itself: TRUSTED_PROXIES in Django's settings is
# the one place that decides (actions/plumbing/proxies.py). Without these two lines
# gunicorn would take X-Forwarded-Proto from any connection on 127.0.0.1, and
# SCRIPT_NAME/PATH_INFO headers too.
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}
forwarder_headers = ""

# No shared control socket in the home folder: two servers on one machine would fight
# over it, and nothing here uses gunicornc.
control_socket_disable = True

# Logs go to stderr, where the process supervisor (honcho, systemd) collects them. The
# reverse proxy keeps the access log; WEB_ACCESS_LOG=- writes one here too.
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
if json_logging := gunicorn_logging(access_log=bool(accesslog)):
    logconfig_dict = json_logging
# The workers' heartbeat files in memory: on a slow or busy disk, a late heartbeat
# would get a healthy worker killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
