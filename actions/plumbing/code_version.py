"""A digest of the code and the templates, for keys and ETags of what is kept across
requests: the cache (Redis) outlives a deploy, and a release that renders a page
differently must not be served what the last one rendered."""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings

SOURCE_FOLDERS = ("templates", "actions", "inspections", "config")


@functools.cache
def code_version() -> str:
    """A digest of the templates, the code and the service's name (the one setting the
    pages show), read once a process."""
    digest = hashlib.sha256(settings.SERVICE_NAME.encode())
    for folder in SOURCE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()
