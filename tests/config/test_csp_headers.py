"""Every kind of page sends the Content-Security-Policy, and none allows anything inline."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import path

from actions.plumbing.csp import identity_provider_origins
from inspections.models import Inspection
from tests.conftest import World

pytestmark = pytest.mark.django_db

THE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def broken_view(request):
    raise RuntimeError("a bug")


# For the server error page: a URLconf whose only page fails.
urlpatterns = [path("broken/", broken_view)]


def directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_the_policy(response, **changes: str) -> None:
    assert directives(response) == {**THE_POLICY, **changes}


def test_public_pages_sign_in_and_refusals(client: Client, world: World):
    Inspection.objects.filter(pk=world.inspection.pk).update(published=True)
    for url, status in [
        ("/", 200),
        (f"/authorities/{world.wigan.slug}/", 200),
        (f"/inspections/{world.inspection.pk}/", 200),
        ("/search/?q=audit", 200),
        ("/accounts/login/", 200),
        ("/no-such-page/", 404),
        ("/api/v1/authorities/", 200),
        ("/api/v1/no-such-thing/", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert_the_policy(response)


def test_workspace_pages(client: Client, world: World):
    client.force_login(world.manager)
    for url in [
        "/work/",
        "/work/actions/",
        f"/work/actions/{world.action.pk}/",
        f"/work/inspections/{world.inspection.pk}/",
        "/work/tokens/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_the_policy(response)


def test_admin_pages(client: Client, world: World):
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "x"))
    for url in [
        "/admin/",
        "/admin/actions/actionitem/",
        f"/admin/actions/actionitem/{world.action.pk}/change/",
        "/admin/inspections/inspection/import/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_the_policy(response)


def test_the_swagger_ui_and_its_start_up_script(client: Client):
    page = client.get("/api/v1/docs/")
    assert_the_policy(page, **{"img-src": "'self' data:"})
    html = page.content.decode()
    # Every script and stylesheet is a file: nothing inline for the policy to block.
    assert "<style" not in html
    assert '<script src="/api/v1/docs/?script="></script>' in html
    assert html.count("<script") == html.count("<script src=")

    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"] == "application/javascript"
    assert b"SwaggerUIBundle(" in script.content


def test_a_refused_form_gets_the_service_own_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    assert_the_policy(response)
    assert b"<style" not in response.content
    assert b"Your form could not be sent" in response.content


def test_the_server_error_page(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert_the_policy(response)
    assert b"<style" not in response.content


def test_forms_may_lead_to_the_single_sign_on_provider(client: Client, settings):
    """Signing out (a form) redirects to the provider's sign-out page, and may sign in
    there: form-action lists the provider's origins once they are configured, and only
    then."""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = (
        "https://login.microsoftonline.com/tenant-id/oauth2/v2.0/authorize"
    )
    settings.OIDC_OP_END_SESSION_ENDPOINT = "https://sign-out.example.org:8443/logout"
    assert_the_policy(
        client.get("/accounts/login/"),
        **{
            "form-action": "'self' https://login.microsoftonline.com"
            " https://sign-out.example.org:8443"
        },
    )

    settings.OIDC_OP_END_SESSION_ENDPOINT = (
        "https://login.microsoftonline.com/tenant-id/oauth2/v2.0/logout"
    )
    assert identity_provider_origins() == ["https://login.microsoftonline.com"]

    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = settings.OIDC_OP_END_SESSION_ENDPOINT = ""
    assert identity_provider_origins() == []
    assert_the_policy(client.get("/accounts/login/"))


def test_the_header_follows_a_changed_policy(client: Client, settings):
    """The usual header is built once; changing the policy's settings builds it again."""
    assert_the_policy(client.get("/accessibility/"))
    policy = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}}
    policy["DIRECTIVES"]["img-src"] = ["'self'", "data:"]
    settings.CONTENT_SECURITY_POLICY = policy
    assert_the_policy(client.get("/accessibility/"), **{"img-src": "'self' data:"})
