"""Settings for the Celery worker processes that the real-worker tests start: the project's
settings, with mail written by tests.reminders.mail_backend to the folder the test reads."""

import os

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.reminders.mail_backend.HoldingFileBackend"
EMAIL_FILE_PATH = os.environ["TEST_MAIL_DIR"]
SITE_URL = "https://tracker.example.gov.uk"

# Short timeouts so that the tests see a dead worker's work taken over within seconds:
# Redis hands its unacknowledged message on after 5 seconds (checked every second),
# and its claimed notice may be claimed again after 3.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
NOTIFICATION_CLAIM_LEASE = 3
# Each task closes its database connection, so none is left open when the test ends.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
