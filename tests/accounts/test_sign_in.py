"""Signing in and out, lock-out after repeated failures, and resetting a password by e-mail."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

LOGIN = reverse("login")


@pytest.fixture
def ada(db) -> User:
    return User.objects.create_user("ada", "ada@example.org", "a-long-and-good-password")


def test_the_sign_in_page_is_a_govuk_form(client, db):
    page = client.get(LOGIN).content.decode()
    assert 'class="govuk-input' in page and "Sign in" in page


def test_signing_in_goes_to_the_dashboard(client, ada):
    response = client.post(LOGIN, {"username": "ada", "password": "a-long-and-good-password"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dashboard")


def test_a_wrong_password_is_explained_in_an_error_summary(client, ada):
    response = client.post(LOGIN, {"username": "ada", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "<title>Error: Sign in" in page


def test_five_failures_lock_the_account_even_against_the_right_password(client, ada):
    for _ in range(5):
        client.post(LOGIN, {"username": "ada", "password": "guess"})

    response = client.post(LOGIN, {"username": "ada", "password": "a-long-and-good-password"})

    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post_and_ends_the_session(client, ada):
    client.force_login(ada)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_password_is_reset_through_the_link_in_an_email(client, ada):
    client.post(reverse("password_reset"), {"email": "ada@example.org"})

    assert len(mail.outbox) == 1
    found = re.search(r"http://testserver(/accounts/reset/\S+/)", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(1)
    form_page = client.get(link, follow=True)
    new_password_url = form_page.redirect_chain[-1][0]
    client.post(
        new_password_url,
        {"new_password1": "another-good-password-7", "new_password2": "another-good-password-7"},
    )

    ada.refresh_from_db()
    assert ada.check_password("another-good-password-7")


def test_changing_a_password_needs_sign_in(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_passwords_are_hashed_with_argon2_outside_tests():
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert project_settings.SESSION_COOKIE_HTTPONLY is True
