"""The API's contract: an OpenAPI schema without warnings, documentation served from our
own static files, one shape for every error, throttling, and sessions kept honest."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.api.conftest import ApiWorld

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_a_single_warning(tmp_path):
    # --fail-on-warn turns every warning of drf-spectacular into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")

    assert "openapi: 3" in (tmp_path / "api.yaml").read_text()


def test_the_documentation_loads_nothing_from_another_site(client):
    html = client.get("/api/v1/docs/").content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    # The sidecar's Swagger UI, the page's own stylesheet, and its start-up script, which
    # the same view serves as a file (the Content-Security-Policy forbids inline scripts).
    own = {"/static/css/swagger-ui-page.css", "/api/v1/docs/?script="}
    assert all(
        source.startswith("/static/drf_spectacular_sidecar/") or source in own for source in sources
    )
    assert "cdn" not in html.lower()


def test_an_address_the_api_does_not_have_is_a_json_404(api: ApiWorld):
    response = api.client("viewer").get("/api/v1/actions/12/undo/")

    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "There is nothing at this address.",
    }


def test_every_error_has_the_same_shape(api: ApiWorld):
    client = api.client("manager")
    action = f"/api/v1/actions/{api.world.action.pk}/"

    invalid = client.patch(action, {"title": "", "version": 0}, format="json")
    not_json = client.generic("PATCH", action, "{not json", content_type="application/json")
    wrong_type = client.patch(action, "title=x", content_type="text/plain")
    not_allowed = client.put(action, {}, format="json")

    assert invalid.json() == {
        "status": 400,
        "code": "invalid",
        "detail": "The request is not valid; see errors.",
        "errors": {
            "title": ["This field may not be blank."],
            "version": ["Ensure this value is greater than or equal to 1."],
        },
    }
    for response, status in ((not_json, 400), (wrong_type, 415), (not_allowed, 405)):
        body = response.json()
        assert (response.status_code, body["status"]) == (status, status)
        assert set(body) == {"status", "code", "detail"}


def test_anonymous_clients_are_throttled(api: ApiWorld, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "1000/minute"},
    }
    client = api.client(None)

    statuses = [client.get("/api/v1/inspections/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert api.client("viewer").get("/api/v1/inspections/").status_code == 200


def test_each_person_is_throttled_on_their_own(api: ApiWorld, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "user": "2/minute"},
    }
    viewer = api.client("viewer")

    statuses = [viewer.get("/api/v1/actions/").status_code for _ in range(3)]
    throttled = viewer.get("/api/v1/actions/")

    assert statuses == [200, 200, 429]
    assert throttled.json()["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0
    assert api.client("manager").get("/api/v1/actions/").status_code == 200


def test_a_signed_in_browser_reads_with_its_session_and_writes_only_with_the_csrf_token(world):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(world.owner)
    action = f"/api/v1/actions/{world.action.pk}/"

    read = browser.get(action)
    write = browser.post(action + "updates/", {"note": "From the docs page"}, format="json")

    assert read.status_code == 200
    assert write.status_code == 403
    assert "CSRF" in write.json()["detail"]
