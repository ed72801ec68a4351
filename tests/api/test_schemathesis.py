"""Schemathesis against a live server: every operation of the published schema, with every
check, answers without a server error and within its own schema.

The server is pytest-django's live server over a small world (tests/api/conftest.py);
requests carry the token of a Wigan administrator, who may use every operation.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from inspections.data import load_local_authorities
from inspections.models import LocalAuthority

# Enough to cover each operation's parameters, few enough that the whole run takes
# about a minute.
MAX_EXAMPLES = 25

# Requests the schema calls valid that are still refused with 400, for reasons a schema
# cannot express: an id that does not exist or is another authority's, a file that is
# not a letter or not acceptable evidence, a note that this status change needs.
REFUSED_FOR_WHAT_THEY_SAY = [
    "actions_list",  # authority, inspection or owner not among the user's
    "me_actions_list",
    "actions_create",  # finding or owner not among the user's
    "actions_partial_update",  # owner not an owner at the action's authority
    "actions_transition_create",  # a step that needs a note
    "actions_updates_create",  # evidence judged by its content
    "imports_preview_create",  # not an Ofsted letter
    "imports_create",  # authority unknown, preview token not one we signed
]

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
        "operations": [
            {
                "include-operation-id": operation_id,
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
                    }
                },
            }
            for operation_id in REFUSED_FOR_WHAT_THEY_SAY
        ],
    }
)


# The schema is read once, in-process, to make one test per operation; the requests go
# to the live server.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application(), config=CONFIG)
schema.app = None  # so requests go over HTTP to the base URL given, not through the app


@dataclass
class LiveApi:
    url: str
    headers: dict[str, str]
    # The id of a real object of each kind, by the first part of the path.
    ids: dict[str, int]


@pytest.fixture
def live_api(live_server, transactional_db, request) -> LiveApi:
    """The live server, the headers that sign requests in as the admin, and objects to
    aim at."""
    # A transactional test's flush empties the table the data migration filled.
    load_local_authorities(LocalAuthority)
    api = request.getfixturevalue("api")
    return LiveApi(
        url=live_server.url,
        headers={"Authorization": f"Bearer {api.keys['admin']}"},
        ids={
            "actions": api.world.action.pk,
            "inspections": api.published.pk,
            "findings": api.public_finding.pk,
            "authorities": api.world.wigan.pk,
        },
    )


def aim_at_a_real_object(case, ids: dict[str, int]) -> None:
    """Points half the generated ids at an object that exists, so that the answers for
    found objects are checked too, not only the 404s for random ids."""
    generated = (case.path_parameters or {}).get("id")
    if isinstance(generated, int) and generated % 2 == 0:
        kind = case.path.removeprefix("/api/v1/").split("/")[0]
        case.path_parameters["id"] = ids[kind]


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_to_the_schema(case, live_api):
    aim_at_a_real_object(case, live_api.ids)
    case.call_and_validate(base_url=live_api.url, headers=live_api.headers)
