import os

# Playwright's sync API runs an event loop in the test thread; without this Django
# refuses database access from it. Set before Django touches the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from inspections.data import load_local_authorities  # noqa: E402
from inspections.models import LocalAuthority  # noqa: E402
from tests.browser.browser import chromium  # noqa: E402


@pytest.fixture(scope="session")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(autouse=True)
def _local_authorities(transactional_db) -> None:
    """Browser tests are transactional, and each one's flush empties the table that a
    data migration filled; put England's authorities back before every test."""
    load_local_authorities(LocalAuthority)
