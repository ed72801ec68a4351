"""The sign-in and password pages speak GOV.UK's words: each error says what to do, sits on
the field it is about, and the error summary links to that field."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

LOGIN = reverse("login")


@pytest.fixture
def ada(db) -> User:
    return User.objects.create_user("ada", "ada@example.org", "a-long-and-good-password")


def summary_and_inline(page: str, field: str, message: str) -> bool:
    """The message is in the error summary, linked to the field, and beside the field."""
    linked = f'<a href="#id_{field}">{message}</a>' in page
    inline = (
        f'<p id="id_{field}_error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>'
    ) in page
    return linked and inline


def test_an_empty_sign_in_asks_for_the_username_and_the_password(client, db):
    page = client.post(LOGIN, {"username": "", "password": ""}).content.decode()

    assert summary_and_inline(page, "username", "Enter your username")
    assert summary_and_inline(page, "password", "Enter your password")
    assert "This field is required" not in page


def test_a_wrong_password_says_so_without_saying_which_was_wrong(client, ada):
    for username in ("ada", "nobody"):
        response = client.post(LOGIN, {"username": username, "password": "wrong"})
        page = response.content.decode()

        assert summary_and_inline(
            page, "password", "The username or password you entered is incorrect"
        )
        assert "Please enter a correct" not in page
        assert f'value="{username}"' in page  # kept, so only the password is typed again
        assert "_auth_user_id" not in client.session


def test_the_sign_in_page_does_not_move_focus(client, db):
    assert "autofocus" not in client.get(LOGIN).content.decode()


def test_the_lock_out_page_says_plainly_what_happened_and_what_to_do(client, ada):
    for _ in range(5):
        client.post(LOGIN, {"username": "ada", "password": "guess"})

    page = client.post(LOGIN, {"username": "ada", "password": "guess"}).content.decode()

    assert "You entered the wrong password too many times." in page
    assert "you cannot sign in for 1 hour" in page
    assert f'href="{reverse("password_reset")}">reset your password</a>' in page


def test_password_reset_asks_for_an_email_address_in_govuk_words(client, db):
    url = reverse("password_reset")
    empty = client.post(url, {"email": ""}).content.decode()
    wrong = client.post(url, {"email": "ada at example"}).content.decode()

    assert summary_and_inline(empty, "email", "Enter your email address")
    assert summary_and_inline(
        wrong, "email", "Enter an email address in the correct format, like name@example.com"
    )


def test_changing_a_password_uses_govuk_words(client, ada):
    client.force_login(ada)
    url = reverse("password_change")

    empty = client.post(url, {}).content.decode()
    mismatched = client.post(
        url,
        {
            "old_password": "not-it",
            "new_password1": "another-good-password-7",
            "new_password2": "another-good-password-8",
        },
    ).content.decode()

    assert summary_and_inline(empty, "old_password", "Enter your current password")
    assert summary_and_inline(empty, "new_password1", "Enter a new password")
    assert summary_and_inline(empty, "new_password2", "Enter the new password again")
    assert summary_and_inline(
        mismatched, "old_password", "The current password you entered is incorrect"
    )
    assert summary_and_inline(
        mismatched,
        "new_password2",
        "The passwords do not match: enter the same new password twice",
    )
