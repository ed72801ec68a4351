"""Requests to move an action's due date: asked for by its owner, decided by a manager."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class DueDateChange(models.Model):
    """One request for a new due date, with its reason and the decision on it. Kept after
    the decision: the committee report shows what slipped and why."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    action = models.ForeignKey(
        "actions.ActionItem", on_delete=models.CASCADE, related_name="due_date_changes"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    # The due date when it was asked for, and the one asked for.
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField()
    reason = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "approved", "refused", "withdrawn"]),
                name="due_date_change_state_valid",
            ),
            # One open request per action: a second would leave the manager two answers.
            models.UniqueConstraint(
                fields=["action"], condition=Q(state="pending"), name="due_date_change_one_pending"
            ),
        ]
        indexes = [
            # The dashboard's "waiting for a decision" panel, oldest first.
            models.Index(fields=["state", "requested_at"], name="due_date_change_state"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_date} → {self.to_date} ({self.get_state_display()})"
