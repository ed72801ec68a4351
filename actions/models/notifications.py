"""Notices to staff: what was planned, and whether it went."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    ESCALATION = "escalation", "Escalation"
    DIGEST = "digest", "Digest"
    WEEKLY_SUMMARY = "weekly_summary", "Weekly summary"
    COMPLETED = "completed", "Completed, to verify"
    VERIFIED = "verified", "Verified"
    DUE_DATE_REQUESTED = "due_date_requested", "New due date asked for"
    DUE_DATE_DECIDED = "due_date_decided", "New due date decided"


# Kinds the reminder sweep plans: at most one of each per person per day.
DAILY_KINDS = (
    NotificationKind.DIGEST,
    NotificationKind.ESCALATION,
    NotificationKind.WEEKLY_SUMMARY,
)


class Notification(models.Model):
    Kind = NotificationKind

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        # Claimed by one worker (see actions/notifications.py); no other may send it.
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # A newer notice of the same kind replaced it before it could go, or what it
        # was about changed (reassigned, closed): sending it now would only mislead.
        SUPERSEDED = "superseded", "Not sent: out of date"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    action = models.ForeignKey(
        "actions.ActionItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # What makes a send unique, e.g. "digest:42:2026-11-23"; claiming this row is
    # what stops a rerun or a second worker from sending the same mail again.
    key = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    subject = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    # The day the notice is about (a digest's day); for an assignment, the day it was made.
    day = models.DateField(default=timezone.localdate)
    # What the message says, as data: the sections and items it lists, and the set of
    # items the next sweep compares against to tell whether anything is new.
    payload = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Which worker is sending it and since when; a claim older than the lease is taken
    # to belong to a worker that died, and the notice may be claimed again.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="notification_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sending", "sent", "failed", "superseded"]),
                name="notification_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="notification_sent_has_sent_at",
            ),
            # One digest, escalation and weekly summary per person per day, whatever
            # the key says: the database refuses a second, so no race can send two.
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"],
                condition=Q(kind__in=DAILY_KINDS),
                name="notification_once_a_day",
            ),
        ]
        indexes = [
            # The sweep picks up notices still waiting to go.
            models.Index(fields=["state", "created_at"], name="notification_state_created"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}"
