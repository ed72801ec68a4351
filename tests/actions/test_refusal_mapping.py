"""Each refusal a service raises is answered by one mapping per interface: the same
refusal gives the workspace's page and the API's response their own status, with the
message written once, in the service."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from actions import services
from actions.models import ActionItem
from tests.conftest import World

pytestmark = pytest.mark.django_db

# The refusal, then the status of the workspace's page and of the API's response.
CASES = {
    "not permitted": (lambda w: services.NotPermitted("Not yours."), 403, 403),
    "invalid owner": (lambda w: services.InvalidOwner(w.viewer), 403, 403),
    "stale": (lambda w: services.StaleAction(ActionItem.objects.get()), 409, 409),
    "transition": (lambda w: services.TransitionNotAllowed("Not from here."), 400, 409),
    "other": (lambda w: services.ActionError("Say why."), 400, 400),
}


@pytest.fixture
def refusing(monkeypatch, world: World, request):
    """update_action refuses with the case's error, whoever asks."""
    make, page_status, api_status = CASES[request.param]
    error = make(world)

    def refuse(**kwargs):
        raise error

    monkeypatch.setattr(services, "update_action", refuse)
    return error, page_status, api_status


@pytest.mark.parametrize("refusing", CASES, indirect=True)
def test_the_workspace_shows_each_refusal_once_with_its_status(world: World, refusing):
    error, page_status, _ = refusing
    client = Client()
    client.force_login(world.manager)

    response = client.post(
        reverse("workspace:action_edit", args=[world.action.pk]),
        {"edit-title": "Audit", "edit-priority": "high", "edit-version": 1},
    )

    assert response.status_code == page_status
    if page_status == 409:
        assert response.context["stale"] == str(error)
        assert response.content.decode().count(str(error)) == 1
    else:
        field = "#id_edit-owner" if isinstance(error, services.InvalidOwner) else ""
        assert response.context["errors"] == [{"text": str(error), "href": field}]


@pytest.mark.parametrize("refusing", CASES, indirect=True)
def test_the_api_answers_each_refusal_with_its_status_and_message(world: World, refusing):
    error, _, api_status = refusing
    client = APIClient()
    client.force_authenticate(world.manager)

    response = client.patch(
        f"/api/v1/actions/{world.action.pk}/", {"title": "Audit", "version": 1}, format="json"
    )

    assert response.status_code == api_status
    body = response.json()
    assert body["status"] == api_status
    if api_status == 400:
        assert body["errors"] == {"non_field_errors": [str(error)]}
    else:
        assert body["detail"] == str(error)
    if isinstance(error, services.StaleAction):
        assert (body["code"], body["current"]["id"]) == ("stale", world.action.pk)


def test_an_owner_refused_an_edit_gets_the_services_message_in_both(world: World):
    """No interface checks first with a message of its own."""
    message = "Only a manager of this authority can change an action's details."
    page = Client()
    page.force_login(world.owner)
    api = APIClient()
    api.force_authenticate(world.owner)

    refused_page = page.post(
        reverse("workspace:action_edit", args=[world.action.pk]),
        {"edit-title": "Mine", "edit-priority": "high", "edit-version": 1},
    )
    refused_api = api.patch(
        f"/api/v1/actions/{world.action.pk}/", {"title": "Mine", "version": 1}, format="json"
    )

    assert refused_page.status_code == 403
    assert refused_page.context["errors"] == [{"text": message, "href": ""}]
    assert (refused_api.status_code, refused_api.json()["detail"]) == (403, message)
    world.action.refresh_from_db()
    assert world.action.title == "Improve audits"
