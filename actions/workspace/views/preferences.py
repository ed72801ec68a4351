"""Reminder settings: which e-mails a person gets, and, for managers, their authority's
reminder timings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions import preferences, services
from actions.models import ReminderPolicy, StaffProfile
from actions.plumbing import refusals
from actions.plumbing.auth import signed_in_user
from actions.plumbing.forms import error_summary_items
from actions.plumbing.ids import parse_id
from inspections.models import LocalAuthority
from inspections.permissions import MANAGER, roles_at_least, visible_authority_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EMAIL_CHOICES = [
    ("email_assigned", "When I am given an action"),
    ("email_due_soon", "Reminders before my actions are due"),
    ("email_overdue", "Reminders when my actions are overdue"),
    ("email_verified", "When a manager verifies an action of mine"),
]
MANAGER_CHOICES = [
    ("email_weekly_summary", "A summary of my authorities’ actions every Monday"),
    ("email_completed", "When an action is completed and waits for me to verify it"),
]


class EmailChoicesForm(forms.Form):
    emails = forms.MultipleChoiceField(
        label="Which e-mails do you want?",
        help_text="Select all that apply. Reminders come as one e-mail a day at most.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    prefix = "emails"

    def __init__(self, *args: Any, manager: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        emails = cast(forms.MultipleChoiceField, self.fields["emails"])
        emails.choices = EMAIL_CHOICES + (MANAGER_CHOICES if manager else [])


def _days(label: str, hint: str, what: str, low: int, high: int) -> forms.IntegerField:
    """A number of days, typed (GOV.UK asks for a text input with a numeric keypad)."""
    message = f"Enter the number of days for {what}, from {low} to {high}"
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-3", "spellcheck": "false"}
        ),
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class PolicyForm(forms.ModelForm):
    first_reminder_days = _days(
        "First reminder, in days before the due date",
        "For example, 7 for a week before.",
        "the first reminder",
        2,
        90,
    )
    final_reminder_days = _days(
        "Final reminder, in days before the due date",
        "For example, 1 for the day before, or 0 for the day itself.",
        "the final reminder",
        0,
        89,
    )
    escalate_after_days = _days(
        "Tell managers when an action is overdue by more than this many days",
        "For example, 14.",
        "telling managers",
        1,
        365,
    )

    class Meta:
        model = ReminderPolicy
        fields = ["first_reminder_days", "final_reminder_days", "escalate_after_days"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, final = data.get("first_reminder_days"), data.get("final_reminder_days")
        if first is not None and final is not None and final >= first:
            self.add_error(
                "final_reminder_days", "The final reminder must be fewer days before than the first"
            )
        return data


def _managed_authorities(user: User) -> list[LocalAuthority]:
    return list(
        LocalAuthority.objects.filter(
            memberships__user=user, memberships__role__in=roles_at_least(MANAGER)
        )
        .select_related("reminder_policy")
        .order_by("name")
    )


def _policy(authority: LocalAuthority) -> ReminderPolicy:
    try:
        return authority.reminder_policy
    except ReminderPolicy.DoesNotExist:
        return ReminderPolicy.default(authority.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    profile, _ = StaffProfile.objects.get_or_create(user=user)
    managed = _managed_authorities(user)
    chosen = [name for name, _label in EMAIL_CHOICES + MANAGER_CHOICES if getattr(profile, name)]
    email_form = EmailChoicesForm(manager=bool(managed), initial={"emails": chosen})
    policy_forms = {a.pk: PolicyForm(instance=_policy(a), prefix=f"policy-{a.pk}") for a in managed}
    refused = None

    if request.method == "POST" and "authority" in request.POST:
        authority = _authority_to_change(request)
        prefix = f"policy-{authority.pk}"
        form = PolicyForm(request.POST, instance=_policy(authority), prefix=prefix)
        if form.is_valid():
            try:
                preferences.set_policy(authority=authority, by=user, **form.cleaned_data)
            except services.ActionError as error:
                refused = refusals.show_on_form(form, error)
            else:
                messages.success(request, f"Reminder timings for {authority.name} saved.")
                return redirect("workspace:reminder_settings")
        policy_forms[authority.pk] = form
    elif request.method == "POST":
        email_form = EmailChoicesForm(request.POST, manager=bool(managed))
        if email_form.is_valid():
            preferences.set_email_choices(user=user, chosen=email_form.cleaned_data["emails"])
            messages.success(request, "Your e-mail choices are saved.")
            return redirect("workspace:reminder_settings")

    sent = [f for f in [email_form, *policy_forms.values()] if f.is_bound]
    errors = [item for form in sent for item in error_summary_items(form)]
    context = {
        "email_form": email_form,
        "policies": [(a, policy_forms[a.pk]) for a in managed],
        "errors": errors,
        "breadcrumbs": [
            ("Dashboard", reverse("workspace:dashboard")),
            ("Notifications", reverse("workspace:notifications")),
        ],
    }
    status = refused or (400 if errors else 200)
    return render(request, "actions/reminder_settings.html", context, status=status)


def _authority_to_change(request: HttpRequest) -> LocalAuthority:
    """The authority whose timings the form changes: 404 if the user cannot see it.
    Whether they may change it is preferences.set_policy's to say."""
    raw = request.POST["authority"]
    ids = visible_authority_ids(signed_in_user(request))
    visible = (
        LocalAuthority.objects.all() if ids is None else LocalAuthority.objects.filter(pk__in=ids)
    )
    return get_object_or_404(visible, pk=parse_id(raw) or 0)
