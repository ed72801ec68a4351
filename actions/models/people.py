"""Per-person and per-authority settings (the workspace profile and reminder policy), and
the audit entry of a person's data-protection erasure."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from inspections.models import LocalAuthority


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class StaffProfile(models.Model):
    """Per-person settings of the workspace."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    # The secret in the personal calendar feed's URL; calendar apps cannot sign in.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    # Which e-mails the person wants. Escalations to managers cannot be turned off.
    email_assigned = models.BooleanField("When I am given an action", default=True)
    email_due_soon = models.BooleanField("Before my actions are due", default=True)
    email_overdue = models.BooleanField("When my actions are overdue", default=True)
    email_weekly_summary = models.BooleanField(
        "A weekly summary on Mondays (managers)", default=True
    )
    email_completed = models.BooleanField(
        "When an action is completed and waits for my verification (managers)", default=True
    )
    email_verified = models.BooleanField("When a manager verifies my action", default=True)
    email_due_date_changes = models.BooleanField(
        "When a new due date is asked for (managers), approved or refused", default=True
    )

    def __str__(self) -> str:
        return f"Settings of {self.user}"


class ReminderPolicy(models.Model):
    """An authority's reminder timings, set by its managers; authorities without one use
    the defaults."""

    DEFAULT_FIRST_REMINDER_DAYS = 7
    DEFAULT_FINAL_REMINDER_DAYS = 1
    DEFAULT_ESCALATE_AFTER_DAYS = 14

    authority = models.OneToOneField(
        LocalAuthority, on_delete=models.CASCADE, related_name="reminder_policy"
    )
    first_reminder_days = models.PositiveSmallIntegerField(
        "First reminder", default=DEFAULT_FIRST_REMINDER_DAYS
    )
    final_reminder_days = models.PositiveSmallIntegerField(
        "Final reminder", default=DEFAULT_FINAL_REMINDER_DAYS
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        "Tell managers when an action is overdue by more than",
        default=DEFAULT_ESCALATE_AFTER_DAYS,
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "reminder policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(final_reminder_days__lt=models.F("first_reminder_days"))
                & Q(first_reminder_days__lte=90),
                name="policy_reminders_in_order",
            ),
            models.CheckConstraint(
                condition=Q(escalate_after_days__gte=1) & Q(escalate_after_days__lte=365),
                name="policy_escalation_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder policy of {self.authority}"

    @classmethod
    def default(cls, authority_id: int | None = None) -> ReminderPolicy:
        """The policy an authority has until its managers change it (not saved)."""
        policy = cls()
        if authority_id is not None:
            policy.authority_id = authority_id
        return policy


class ErasureRecord(models.Model):
    """The audit entry of a data-protection erasure (actions/erasure.py): who erased
    whom, when and why. It points at the anonymised account, so the entry itself holds
    none of the personal data whose removal it records. One per person: the database
    refuses a second."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure"
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    erased_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    # How many rows of each kind were removed or redacted, e.g. {"api_tokens": 2}.
    removed = models.JSONField(default=dict)

    class Meta:
        ordering = ["-erased_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="erasure_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Erasure of {self.person} by {self.erased_by} on {self.erased_at:%Y-%m-%d}"
