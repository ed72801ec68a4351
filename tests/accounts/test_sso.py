"""Single sign-on's rules, with Django's test client: who the provider's person is signed in
as (or why not), the sign-in page it offers, and SSO_ONLY turning passwords off.

The whole journey through a real OpenID provider in Chromium is test_sso_browser.py.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from actions.plumbing.sso import PasswordBackend, StaffSignOnBackend
from actions.tokens import issue_token

LOGIN = reverse("login")
PASSWORD = "a-long-and-good-password"
SSO_BACKEND = "actions.plumbing.sso.StaffSignOnBackend"
PROVIDER = "https://login.example.invalid/tenant"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sso(settings):
    """Single sign-on set up, against a provider these tests never reach."""
    settings.OIDC_RP_CLIENT_ID = "tracker"
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"
    settings.OIDC_OP_ISSUER = f"{PROVIDER}/v2.0"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{PROVIDER}/keys"
    settings.OIDC_OP_END_SESSION_ENDPOINT = f"{PROVIDER}/logout"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, SSO_BACKEND]
    return settings


@pytest.fixture
def ada(db) -> User:
    return User.objects.create_user("ada", "ada@example.org", PASSWORD)


def sign_on(claims: dict, monkeypatch, id_token_claims: dict | None = None):
    """What the backend makes of a provider's verified ID token and userinfo `claims`: the
    user signed in, and the messages for the sign-in page."""
    request = RequestFactory().get("/oidc/callback/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]  # MessageMiddleware's
    backend = StaffSignOnBackend()
    backend.request = request
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: claims)
    payload = {"iss": f"{PROVIDER}/v2.0", "sub": "someone", **(id_token_claims or {})}
    user = backend.get_or_create_user("access-token", "id-token", payload)
    return user, [str(message) for message in get_messages(request)]


def test_a_verified_email_finds_the_account_whatever_its_case(sso, ada, monkeypatch):
    user, refusals = sign_on({"email": "Ada@Example.ORG", "email_verified": True}, monkeypatch)
    assert user == ada and refusals == []


def test_an_address_the_provider_has_not_verified_is_refused(sso, ada, monkeypatch):
    user, refusals = sign_on({"email": "ada@example.org", "email_verified": False}, monkeypatch)
    assert user is None
    assert refusals == ["Microsoft has not verified your e-mail address ada@example.org."]


def test_nobody_is_created_for_an_unknown_address(sso, ada, monkeypatch):
    user, refusals = sign_on({"email": "eve@example.org"}, monkeypatch)
    assert user is None
    assert refusals == [
        "There is no account for eve@example.org. Ask a manager at your council to add you."
    ]
    assert not User.objects.filter(email="eve@example.org").exists()


def test_two_accounts_with_one_address_are_refused(sso, ada, monkeypatch):
    User.objects.create_user("ada2", "ADA@example.org")
    user, refusals = sign_on({"email": "ada@example.org"}, monkeypatch)
    assert user is None and "More than one account uses ada@example.org" in refusals[0]


def test_a_switched_off_account_is_refused(sso, ada, monkeypatch):
    ada.is_active = False
    ada.save()
    user, refusals = sign_on({"email": "ada@example.org"}, monkeypatch)
    assert user is None and refusals == ["The account for ada@example.org is switched off."]


def test_no_address_at_all_is_refused(sso, ada, monkeypatch):
    user, refusals = sign_on({"name": "Ada"}, monkeypatch)
    assert user is None and refusals == ["Microsoft did not tell us your e-mail address."]


def test_the_address_claim_is_a_setting_and_may_come_from_the_id_token(sso, ada, monkeypatch):
    """Entra puts a user's sign-in name in the ID token's `preferred_username`."""
    sso.OIDC_EMAIL_CLAIM = "preferred_username"
    user, _ = sign_on(
        {"email": "other@example.org"},
        monkeypatch,
        id_token_claims={"preferred_username": "ada@example.org"},
    )
    assert user == ada


def test_a_token_from_another_issuer_is_refused(sso, ada, monkeypatch):
    user, refusals = sign_on(
        {"email": "ada@example.org"},
        monkeypatch,
        id_token_claims={"iss": "https://login.example.invalid/other/v2.0"},
    )
    assert user is None
    assert refusals == ["The sign-in did not come from your council's provider."]


def test_a_password_sign_in_never_reaches_the_provider(sso, ada):
    """Its address carrying ?code=&state= does not make it a sign-on (the provider's
    address here does not resolve, so any call to it would raise)."""
    request = RequestFactory().post(f"{LOGIN}?code=c&state=s")
    assert StaffSignOnBackend().authenticate(request, username="ada", password=PASSWORD) is None


def test_a_session_of_an_account_switched_off_since_ends(sso, client, ada):
    client.force_login(ada, backend=SSO_BACKEND)
    assert client.get(reverse("workspace:dashboard")).status_code == 200
    ada.is_active = False
    ada.save()
    response = client.get(reverse("workspace:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def sign_on_through_the_callback(client):
    """Starts a sign-on and comes back through the callback, as the provider would send the
    browser; the provider's answers are the test's (see the monkeypatches)."""
    client.get(reverse("oidc_authentication_init"))
    state = next(iter(client.session["oidc_states"]))
    return client.get(f"{reverse('oidc_authentication_callback')}?code=c&state={state}")


def test_refused_sign_ons_never_lock_anyone_out(sso, client, ada, monkeypatch):
    """django-axes counts failures by username and address. A refused sign-on has no
    username, so counting it would lock everyone behind one address (a council office)
    out of single sign-on for an hour after a few strangers tried."""
    userinfo = {"email": "eve@example.org"}
    monkeypatch.setattr(
        StaffSignOnBackend,
        "get_token",
        lambda self, payload: {"id_token": "i", "access_token": "a"},
    )
    monkeypatch.setattr(
        StaffSignOnBackend,
        "verify_token",
        lambda self, token, nonce: {"iss": f"{PROVIDER}/v2.0", "nonce": nonce},
    )
    monkeypatch.setattr(StaffSignOnBackend, "get_userinfo", lambda *args: userinfo)
    for _ in range(sso.AXES_FAILURE_LIMIT + 1):
        assert sign_on_through_the_callback(client)["Location"] == LOGIN

    userinfo["email"] = "ada@example.org"
    response = sign_on_through_the_callback(client)

    assert response.status_code == 302 and response["Location"] == reverse("workspace:dashboard")
    assert client.session["_auth_user_id"] == str(ada.pk)


def test_without_sso_the_page_offers_passwords_only(client, db):
    page = client.get(LOGIN).content.decode()
    assert "Sign in with Microsoft" not in page and 'name="password"' in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404


def test_the_sign_in_page_offers_the_provider_and_carries_next_on(sso, client, db):
    sso.SSO_PROVIDER_NAME = "Contoso ID"
    page = client.get(f"{LOGIN}?next=/work/actions/").content.decode()
    assert "Sign in with Contoso ID" in page
    assert 'href="/oidc/authenticate/?next=%2Fwork%2Factions%2F"' in page
    assert 'name="password"' in page and "Forgotten your password?" in page


def test_sign_in_goes_to_the_provider_with_pkce(sso, client, db):
    response = client.get(reverse("oidc_authentication_init"))
    address = urlsplit(response["Location"])
    query = parse_qs(address.query)
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{PROVIDER}/authorize"
    assert query["client_id"] == ["tracker"] and query["scope"] == ["openid email profile"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"]


def test_signing_out_after_sso_also_signs_out_of_the_provider(sso, client, ada):
    client.force_login(ada, backend=SSO_BACKEND)
    session = client.session
    session["oidc_id_token"] = "the-id-token"
    session.save()

    response = client.post(reverse("oidc_logout"))

    address = urlsplit(response["Location"])
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{PROVIDER}/logout"
    assert parse_qs(address.query) == {
        "id_token_hint": ["the-id-token"],
        "client_id": ["tracker"],
        "post_logout_redirect_uri": ["http://testserver/"],
    }
    assert "_auth_user_id" not in client.session


def test_signing_out_after_a_password_goes_home(sso, client, ada):
    client.force_login(ada)
    response = client.post(reverse("oidc_logout"))
    assert response["Location"] == "/" and "_auth_user_id" not in client.session


@pytest.fixture
def sso_only(sso):
    sso.SSO_ONLY = True
    sso.SSO_BREAK_GLASS_USERNAMES = ["glass"]
    return sso


def test_sso_only_refuses_passwords_on_the_sign_in_page(sso_only, client, ada):
    response = client.post(LOGIN, {"username": "ada", "password": PASSWORD})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sso_only_refuses_passwords_at_the_admin(sso_only, client, db):
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_sso_only_keeps_passwords_for_break_glass_accounts(sso_only, client, db):
    User.objects.create_superuser("glass", "glass@example.org", PASSWORD)
    response = client.post(reverse("admin:login"), {"username": "glass", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    response = client.post(LOGIN, {"username": "glass", "password": PASSWORD})
    assert response["Location"] == reverse("workspace:dashboard")


def test_sso_only_folds_the_password_form_away(sso_only, client, db):
    page = client.get(LOGIN).content.decode()
    assert "Sign in with Microsoft" in page
    assert "Sign in with a password (emergency accounts only)" in page
    assert "Forgotten your password?" not in page


def test_sso_only_leaves_api_tokens_working(sso_only, world):
    _, key = issue_token(user=world.owner, name="dashboard")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/actions/").status_code == 200


def test_password_backend_without_sso_only_is_djangos(settings, ada):
    settings.SSO_ONLY = False
    assert PasswordBackend().authenticate(None, username="ada", password=PASSWORD) == ada


def run_settings(**env: str) -> subprocess.CompletedProcess:
    """Imports the settings in a fresh interpreter with `env` set, as a server starts."""
    code = (
        "from config import settings as s; "
        "print(s.AUTHENTICATION_BACKENDS[-1], s.OIDC_OP_AUTHORIZATION_ENDPOINT, "
        "s.OIDC_OP_USER_ENDPOINT)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "SSO_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_entra_tenant_id_fills_in_every_endpoint_without_the_network():
    started = run_settings(
        OIDC_CLIENT_ID="app", OIDC_CLIENT_SECRET="s", OIDC_ENTRA_TENANT_ID="contoso-tenant"
    )
    assert started.stdout.split() == [
        SSO_BACKEND,
        "https://login.microsoftonline.com/contoso-tenant/oauth2/v2.0/authorize",
        "https://graph.microsoft.com/oidc/userinfo",
    ]


def test_a_half_set_up_sso_refuses_to_start():
    started = run_settings(OIDC_CLIENT_ID="app")
    assert started.returncode != 0 and "OIDC_CLIENT_SECRET" in started.stderr
    started = run_settings(SSO_ONLY="true")
    assert started.returncode != 0 and "SSO_ONLY needs single sign-on" in started.stderr
