import pytest

from inspections.data import load_local_authorities
from inspections.models import LocalAuthority


@pytest.fixture(autouse=True)
def _local_authorities(transactional_db) -> None:
    """Browser tests are transactional, and each one's flush empties the table that a
    data migration filled; put England's authorities back before every test."""
    load_local_authorities(LocalAuthority)
