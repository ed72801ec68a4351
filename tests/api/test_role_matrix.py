"""Every endpoint and method of the API, called by each kind of person, answers as the
workspace would: anonymous clients are asked to sign in (401) except on public data,
another authority's objects do not exist (404), a reader who may not change something is
refused (403), and only what is allowed succeeds. The people's tokens are read-and-write;
with a read-only token each reads as before and is refused (403) every write."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.permissions import SAFE_METHODS
from rest_framework.test import APIClient

from actions.models import ActionItem, ActionUpdate
from actions.tokens import issue_token
from inspections.models import Inspection
from tests.api.conftest import ApiWorld

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "viewer", "owner", "colleague", "outsider", "manager", "admin")
LETTER = Path(settings.BASE_DIR, "inspections/sample_letters/wigan-2010-annual-unannounced.txt")


def letter_preview(api: ApiWorld) -> dict:
    preview = api.client("admin").post(
        "/api/v1/imports/preview/", {"text": LETTER.read_text()}, format="json"
    )
    return {"token": preview.data["token"], "draft": preview.data["draft"]}


def evidence(api: ApiWorld) -> dict:
    upload = SimpleUploadedFile("minutes.txt", b"Minutes of the audit panel.", "text/plain")
    return {"note": "Panel minutes attached", "evidence": upload}


# Every operation, and the status each of ROLES gets. {draft} is Wigan's unpublished
# inspection, {inspection} its published one; {action} is the owner's.
# fmt: off
MATRIX = {
    #                                        anon viewer owner colleague outsider manager admin
    "GET /":                                "200  200    200   200       200      200     200",
    "GET /authorities/":                    "200  200    200   200       200      200     200",
    "GET /authorities/{authority}/":        "200  200    200   200       200      200     200",
    "GET /inspections/":                    "200  200    200   200       200      200     200",
    "GET /inspections/{inspection}/":       "200  200    200   200       200      200     200",
    "GET /inspections/{draft}/":            "404  200    200   200       404      200     200",
    "GET /findings/":                       "200  200    200   200       200      200     200",
    "GET /findings/{finding}/":             "200  200    200   200       200      200     200",
    "GET /findings/{draft_finding}/":       "404  200    200   200       404      200     200",
    "GET /actions/":                        "401  200    200   200       200      200     200",
    "POST /actions/":                       "401  403    403   403       400      201     201",
    "GET /actions/{action}/":               "401  200    200   200       404      200     200",
    "PATCH /actions/{action}/":             "401  403    403   403       404      200     200",
    "DELETE /actions/{action}/":            "401  405    405   405       405      405     405",
    "POST /actions/{action}/transition/":   "401  403    200   403       404      200     200",
    "GET /actions/{action}/updates/":       "401  200    200   200       404      200     200",
    "POST /actions/{action}/updates/":      "401  403    201   403       404      201     201",
    "POST /actions/{action}/updates/ file": "401  403    201   403       404      201     201",
    "GET /me/actions/":                     "401  200    200   200       200      200     200",
    "POST /imports/preview/":               "401  403    403   403       403      403     200",
    "POST /imports/":                       "401  403    403   403       403      403     201",
    "GET /schema/":                         "200  200    200   200       200      200     200",
    "GET /docs/":                           "200  200    200   200       200      200     200",
}
# fmt: on
# (An outsider adding an action to a Wigan finding gets 400, as for any finding that is
# not theirs to pick: a 403 would tell them it exists.)

BODIES = {
    "POST /actions/": lambda a: {"finding": a.world.finding.pk, "title": "Audit again"},
    "PATCH /actions/{action}/": lambda a: {"title": "Audit supervision", "version": 1},
    "POST /actions/{action}/transition/": lambda a: {"to_status": "in_progress", "version": 1},
    "POST /actions/{action}/updates/": lambda a: {"note": "Audit booked"},
    "POST /actions/{action}/updates/ file": evidence,
    "POST /imports/preview/": lambda a: {"text": LETTER.read_text()},
    "POST /imports/": letter_preview,
}


def url(api: ApiWorld, operation: str) -> str:
    path = operation.split()[1].format(
        authority=api.world.wigan.pk,
        inspection=api.published.pk,
        draft=api.world.inspection.pk,
        finding=api.public_finding.pk,
        draft_finding=api.world.finding.pk,
        action=api.world.action.pk,
    )
    return f"/api/v1{path}"


def call(api: ApiWorld, client: APIClient, operation: str) -> Any:
    send = getattr(client, operation.split()[0].lower())
    body = BODIES.get(operation)
    if body is None:
        return send(url(api, operation))
    kind = "multipart" if operation.endswith(" file") else "json"
    return send(url(api, operation), body(api), format=kind)


def internal_state(api: ApiWorld) -> tuple:
    action = ActionItem.objects.get(pk=api.world.action.pk)
    return (
        action.title,
        action.status,
        action.version,
        ActionItem.objects.count(),
        ActionUpdate.objects.count(),
        Inspection.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", MATRIX)
def test_each_role_gets_the_answer_the_workspace_would_give(api, role, operation):
    expected = int(MATRIX[operation].split()[ROLES.index(role)])
    before = internal_state(api)

    response = call(api, api.client(None if role == "anonymous" else role), operation)

    assert_answer(api, response, expected, before)


@pytest.mark.parametrize("role", ROLES[1:])  # everyone who can have a token
@pytest.mark.parametrize("operation", MATRIX)
def test_a_read_only_token_reads_as_its_person_and_is_refused_every_write(api, role, operation):
    person = api.admin if role == "admin" else getattr(api.world, role)
    _, key = issue_token(user=person, name="Dashboard")  # read-only: the default
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    writes = operation.split()[0] not in SAFE_METHODS
    expected = 403 if writes else int(MATRIX[operation].split()[ROLES.index(role)])
    before = internal_state(api)

    response = call(api, client, operation)

    assert_answer(api, response, expected, before)
    if writes:
        assert response.json()["code"] == "read_only_token"


def assert_answer(api: ApiWorld, response: Any, expected: int, before: tuple) -> None:
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert internal_state(api) == before, "a refused request changed something"
        assert response["Content-Type"] == "application/json"
        assert response.json()["status"] == expected
    if expected == 404:
        assert b"Improve audits" not in response.content


def test_the_matrix_covers_every_operation_of_the_schema(api):
    schema = api.client(None).get("/api/v1/schema/?format=json").json()
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    covered = {
        (method, template)
        for operation in MATRIX
        for method, template in operations
        if method == operation.split()[0].lower()
        and re.fullmatch(template.replace("{id}", "[0-9]+"), url(api, operation))
    }
    assert covered == operations
