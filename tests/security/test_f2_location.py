"""F2: `POST /api/v1/actions/` answered 500 through a real WSGI server although the action
was made: its `Location` header was DRF's `Hyperlink`, a str subclass that wsgiref refuses.
A client that retries on a 5xx made duplicates. Checked through pytest-django's live server,
which is wsgiref, as `runserver` is."""

from __future__ import annotations

import pytest
import requests

from actions.models import ActionItem, ApiToken
from actions.tokens import issue_token
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def authorities(transactional_db) -> None:
    """A transactional test's flush empties the table the data migration filled."""
    load_local_authorities(LocalAuthority)


def test_creating_an_action_answers_201_with_a_plain_location(live_server, authorities, world):
    _, key = issue_token(user=world.manager, name="f2", scope=ApiToken.Scope.READ_WRITE)
    signed = {"Authorization": f"Bearer {key}"}
    before = ActionItem.objects.count()

    response = requests.post(
        f"{live_server.url}/api/v1/actions/",
        json={"finding": world.finding.pk, "title": "Train auditors", "due_date": "2030-01-31"},
        headers=signed,
        timeout=30,
    )

    assert response.status_code == 201, response.text
    assert ActionItem.objects.count() == before + 1
    created = response.json()
    assert response.headers["Location"] == created["url"]
    assert created["url"].startswith(f"{live_server.url}/api/v1/actions/{created['id']}/")
    again = requests.get(response.headers["Location"], headers=signed, timeout=30)
    assert again.status_code == 200
    assert again.json()["title"] == "Train auditors"
