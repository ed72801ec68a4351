"""Who is signed in, and the forms and pages of signing in, in GOV.UK's words.

`signed_in_user`: Django and DRF type `request.user` as "a user or AnonymousUser". Every
view that calls a service has already been let through by login_required,
staff_member_required or an API permission class, so the anonymous case cannot reach it;
this states that once, for the type checker, instead of at every call.

The account forms replace Django's wording ("Please enter a correct username and
password...") with GOV.UK's: each message says what to do, and sits on the field it is
about, so the error summary links to that field
(https://design-system.service.gov.uk/components/error-message/). `account_urls` are
Django's own account pages with these forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, include, path

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest
    from rest_framework.request import Request

INCORRECT_SIGN_IN = "The username or password you entered is incorrect"
SWITCHED_OFF = "This account is switched off. Ask a manager at your council to switch it on"


def signed_in_user(request: HttpRequest | Request) -> User:
    """`request.user`, for a view that only signed-in people reach."""
    return cast("User", request.user)


def _reword(form: forms.BaseForm, required: dict[str, str]) -> None:
    """Gives each named field GOV.UK's "Enter ..." message, and no autofocus: GOV.UK asks
    services not to move focus for people, which confuses screen reader users."""
    for name, message in required.items():
        field = form.fields[name]
        field.error_messages = {**field.error_messages, "required": message}
        field.widget.attrs.pop("autofocus", None)


class SignInForm(auth_forms.AuthenticationForm):
    """Django's sign-in, with a refusal that does not say which of the two was wrong."""

    error_messages = {"invalid_login": INCORRECT_SIGN_IN, "inactive": SWITCHED_OFF}

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        _reword(self, {"username": "Enter your username", "password": "Enter your password"})
        self.fields["username"].widget.attrs["spellcheck"] = "false"

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as refused:
            # On the password: the username stays filled in, the password is typed again.
            self.add_error("username" if refused.code == "inactive" else "password", refused)
            return self.cleaned_data


class ResetPasswordForm(auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _reword(self, {"email": "Enter your email address"})
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )


_NEW_PASSWORD = {
    "new_password1": "Enter a new password",
    "new_password2": "Enter the new password again",
}
_MISMATCH = "The passwords do not match: enter the same new password twice"


class NewPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": _MISMATCH}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _reword(self, _NEW_PASSWORD)


class ChangePasswordForm(auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": _MISMATCH,
        "password_incorrect": "The current password you entered is incorrect",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _reword(self, {"old_password": "Enter your current password", **_NEW_PASSWORD})


account_urls: list[URLPattern | URLResolver] = [
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=ResetPasswordForm),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    # The rest (sign out, the "done" pages) as Django has them.
    path("", include("django.contrib.auth.urls")),
]
