"""The "API tokens" page: a person makes named tokens for their scripts, read-only or
read-and-write and with an optional last day, sees each key once, and revokes tokens
they no longer want (actions/tokens.py keeps the rules)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from actions import tokens
from actions.models import ApiToken
from actions.plumbing.auth import signed_in_user
from actions.plumbing.dates import GovukDateField
from actions.plumbing.forms import error_summary_items


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the new token",
        max_length=100,
        help_text="What it is for, for example “Performance dashboard”",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    scope = forms.TypedChoiceField(
        label="What can it do?",
        choices=ApiToken.Scope.choices,
        coerce=ApiToken.Scope,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="A dashboard or report needs only to read. Choose read and write only "
        "for a script that adds notes or changes actions.",
        error_messages={
            "required": "Select what the token can do",
            "invalid_choice": "Select what the token can do",
        },
    )
    expires_on = GovukDateField(
        label="Expiry date",
        required=False,
        help_text="It stops working at the end of this day, which can be up to a year "
        "ahead. Leave it empty for a token that works until you revoke it.",
    )

    def clean_expires_on(self) -> datetime.date | None:
        last_day = self.cleaned_data["expires_on"]
        if last_day is None:
            return None
        today = timezone.localdate()
        if last_day <= today:
            raise forms.ValidationError("The expiry date must be in the future")
        latest = tokens.latest_expiry(today)
        if last_day > latest:
            raise forms.ValidationError(
                f"The expiry date must be {date_format(latest, 'j F Y')} or earlier"
            )
        return last_day


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, key = tokens.issue_token(
            user=signed_in_user(request),
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_on=form.cleaned_data["expires_on"],
        )
        created = {"token": token, "key": key}
        form = TokenForm()
    context = {
        "form": form,
        "errors": error_summary_items(form),
        "created": created,
        "tokens": ApiToken.objects.filter(user=signed_in_user(request)),
        "docs_url": reverse("api:docs"),
        "api_url": request.build_absolute_uri(reverse("api:action-list")),
    }
    response = render(request, "actions/tokens.html", context, status=400 if form.errors else 200)
    # The key is on this page only, once: never store a copy of it anywhere.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user=signed_in_user(request)), pk=pk)
    tokens.revoke_token(token=token)
    messages.success(request, f"The token “{token.name}” was revoked. It no longer works.")
    return redirect("workspace:api_tokens")
