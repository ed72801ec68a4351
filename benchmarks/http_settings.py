"""The project's own settings, plus the two yardstick views and a query counter.

Only bench_http.py's gunicorn uses this module; nothing in the app refers to it.
"""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

ROOT_URLCONF = "benchmarks.http_urls"
# Outermost, so the count covers every query of the request: sessions, sign-in, the view.
MIDDLEWARE = ["benchmarks.http_urls.count_queries", *MIDDLEWARE]
# The same hashed names as production, without compressing every file first (two minutes
# here): pages look names up in the manifest either way, and no static file is timed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
