"""Log configuration shared by Django (settings.LOGGING) and gunicorn (config/gunicorn.py).

In production every line is one JSON object, for a log collector to index; each line
written while serving a request, or running a Celery task that the request queued,
carries the request's id (django-guid) as `request_id`.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_str

_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
_FORMATTERS = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": _FIELDS,
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
    "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
}


def log_format() -> str:
    """`json` in production (DEBUG off), `text` on a developer's machine; LOG_FORMAT
    overrides either."""
    value = env_str("LOG_FORMAT", "text" if env_bool("DEBUG", True) else "json")
    if value not in _FORMATTERS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {value!r}.")
    return value


def django_logging(level: str) -> dict[str, Any]:
    """Every line through one console handler that stamps it with the request id."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {
                "()": "django_guid.log_filters.CorrelationId",
                "correlation_id_field": "request_id",
            }
        },
        "formatters": {"main": _FORMATTERS[log_format()]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "main",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Only through the handler above: Django's own console handler would print
            # each line a second time, unformatted, while DEBUG is on.
            "django": {"handlers": [], "level": level},
            # django-axes logs every sign-in at INFO; keep warnings (lock-outs) only.
            "axes": {"level": "WARNING"},
            # django-guid logs each id it makes or passes on; the lines carry it anyway.
            "django_guid": {"level": "WARNING"},
            # WeasyPrint and fontTools narrate each step of every PDF they make.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def gunicorn_logging(access_log: bool) -> dict[str, Any] | None:
    """gunicorn's own lines (workers booting, timeouts) in the same format; None keeps
    gunicorn's defaults. They stop at gunicorn's handlers, or the worker's Django
    configuration would print each twice. Access lines are logged at INFO, so WARNING
    leaves them out."""
    if log_format() != "json":
        return None
    return {
        "loggers": {
            "gunicorn.error": {"handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {
                "handlers": ["console"],
                "propagate": False,
                "level": "INFO" if access_log else "WARNING",
            },
        },
        "formatters": {"generic": _FORMATTERS["json"]},
    }
