"""Actions taken on findings, their timeline, and the notifications sent about them."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections import permissions
from inspections.models import Finding, LocalAuthority


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    BLOCKED = "blocked", "Blocked"
    COMPLETED = "completed", "Completed"
    VERIFIED = "verified", "Verified"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED)
DONE_STATUSES = (Status.COMPLETED, Status.VERIFIED)


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


# An open action is amber once its due date is this close.
AMBER_WITHIN_DAYS = 14


class ActionItemQuerySet(models.QuerySet):
    def for_user(self, user) -> ActionItemQuerySet:
        """The actions whose internal detail this user may see: their authorities' only."""
        authority_ids = permissions.visible_authority_ids(user)
        if authority_ids is None:
            return self
        return self.filter(finding__inspection__authority_id__in=authority_ids)

    def open(self) -> ActionItemQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> ActionItemQuerySet:
        return self.open().filter(due_date__lt=today)

    def with_rag(self, today: datetime.date) -> ActionItemQuerySet:
        """Annotates `rag_status` in SQL, so lists can filter, count and sort by it."""
        amber_from = today + datetime.timedelta(days=AMBER_WITHIN_DAYS)
        return self.annotate(
            rag_status=models.Case(
                models.When(~Q(status__in=OPEN_STATUSES), then=models.Value("")),
                models.When(due_date__lt=today, then=models.Value(Rag.RED)),
                models.When(
                    Q(status=Status.BLOCKED) | Q(due_date__lte=amber_from),
                    then=models.Value(Rag.AMBER),
                ),
                default=models.Value(Rag.GREEN),
                output_field=models.CharField(),
            )
        )

    def with_latest_note(self) -> ActionItemQuerySet:
        """Annotates `latest_note` and `latest_note_at`: the newest note in each action's
        timeline and when it was written, in the same query (exports, lists)."""
        notes = (
            ActionUpdate.objects.filter(action=models.OuterRef("pk"))
            .exclude(note="")
            .order_by("-created_at", "-id")
        )
        return self.annotate(
            latest_note=models.Subquery(notes.values("note")[:1]),
            latest_note_at=models.Subquery(notes.values("created_at")[:1]),
        )


class ActionItem(models.Model):
    Priority = Priority

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    priority = models.CharField(max_length=6, choices=Priority.choices, default=Priority.MEDIUM)
    due_date = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped on every save through the services; a form or API call that carries an
    # older version is refused instead of overwriting someone else's change.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="action_priority_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DONE_STATUSES) | Q(completed_at__isnull=False),
                name="action_done_has_completed_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.VERIFIED) | Q(verified_at__isnull=False),
                name="action_verified_has_verified_at",
            ),
        ]
        indexes = [
            # "My actions" and owner filters, by status.
            models.Index(fields=["owner", "status", "due_date"], name="action_owner_status_due"),
            # Status filters sorted by due date; the reminder sweep's open-and-due scan.
            models.Index(fields=["status", "due_date"], name="action_status_due"),
            # Lists sorted by most recently updated (dashboard "recently updated").
            models.Index(fields=["-updated_at"], name="action_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def authority(self):
        return self.finding.inspection.authority

    def rag(self, today: datetime.date) -> Rag | None:
        """Red when overdue, amber when due soon or blocked, green otherwise; None once closed."""
        if self.status not in OPEN_STATUSES:
            return None
        if self.due_date and self.due_date < today:
            return Rag.RED
        due_soon = self.due_date and (self.due_date - today).days <= AMBER_WITHIN_DAYS
        if self.status == Status.BLOCKED or due_soon:
            return Rag.AMBER
        return Rag.GREEN


class ActionUpdate(models.Model):
    """One entry in an action's timeline: a note, a status change, evidence. Append-only."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    evidence = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_size = models.PositiveBigIntegerField(null=True, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["action", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(note="") | ~Q(to_status="") | ~Q(evidence=""),
                name="update_says_something",
            ),
        ]
        indexes = [
            # An action's timeline, newest last.
            models.Index(fields=["action", "created_at"], name="update_action_created"),
        ]

    def __str__(self) -> str:
        if self.to_status:
            return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
        return self.note[:80]


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    ESCALATION = "escalation", "Escalation"
    DIGEST = "digest", "Digest"
    WEEKLY_SUMMARY = "weekly_summary", "Weekly summary"


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
        ActionItem, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
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
        return cls(authority_id=authority_id)


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A person's named key for scripts using the REST API. Only a hash is stored; the
    key itself is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    # The first characters of the key, kept so a person can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
