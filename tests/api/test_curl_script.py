"""The issue's promise, kept with nothing but curl: a token made on the workspace page lists
my actions, adds a progress note and completes an action; a stale version gets 409."""

import json
import re
import subprocess

import pytest
from django.urls import reverse

from actions.models import ActionItem, Status
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority

SCRIPT = r"""
set -eu
AUTH="Authorization: Bearer $KEY"
JSON="Content-Type: application/json"
echo "LIST $(curl -s -H "$AUTH" "$API/me/actions/")"
echo "NOTE $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "$JSON" \
  -d '{"note": "Audit panel met; ten cases sampled."}' "$API/actions/$ACTION/updates/")"
echo "DONE $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "$JSON" \
  -d "{\"to_status\": \"completed\", \"note\": \"All audits done\", \"version\": $VERSION}" \
  "$API/actions/$ACTION/transition/")"
echo "STALE $(curl -s -w ' %{http_code}' -H "$AUTH" -H "$JSON" \
  -d "{\"to_status\": \"blocked\", \"note\": \"Waiting\", \"version\": $VERSION}" \
  "$API/actions/$ACTION/transition/")"
"""


@pytest.fixture(autouse=True)
def _authorities(transactional_db):
    """A transactional test before this one may have flushed the migration's authorities."""
    load_local_authorities(LocalAuthority)


@pytest.mark.django_db(transaction=True)
def test_a_curl_script_with_a_workspace_token(live_server, client, world):
    action = world.action
    ActionItem.objects.filter(pk=action.pk).update(status=Status.IN_PROGRESS)
    action.refresh_from_db()
    client.force_login(world.owner)
    form = {"name": "Team script", "scope": "read_write"}
    page = client.post(reverse("workspace:api_tokens"), form, follow=True)
    shown = re.search(r"\biat_[\w-]+", page.content.decode())
    assert shown is not None
    key = shown.group(0)

    result = subprocess.run(
        ["bash", "-c", SCRIPT],
        env={
            "API": f"{live_server.url}/api/v1",
            "KEY": key,
            "ACTION": str(action.pk),
            "VERSION": str(action.version),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    listed = json.loads(lines["LIST"])["results"]
    assert [(a["id"], a["title"]) for a in listed] == [(action.pk, action.title)]
    assert lines["NOTE"] == "201"
    assert lines["DONE"] == "200"
    body, status = lines["STALE"].rsplit(" ", 1)
    assert status == "409"
    assert json.loads(body)["current"]["status"] == Status.COMPLETED
    action.refresh_from_db()
    assert action.status == Status.COMPLETED
    assert action.updates.filter(note="Audit panel met; ten cases sampled.").exists()
