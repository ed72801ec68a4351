"""Actions taken on findings, their statuses, and their timeline of updates."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections import permissions
from inspections.models import Finding

if TYPE_CHECKING:
    from inspections.permissions import User


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
    # Nobody owns it or it has no due date: nothing says it will be done, so it is never
    # counted as on track (green).
    NOT_SCHEDULED = "not_scheduled", "Not scheduled"


# An open action is amber once its due date is this close.
AMBER_WITHIN_DAYS = 14


# The rules on an action's values that its columns do not hold. actions/services.py applies
# them to every write (workspace, API, admin, import); forms and serializers also list them
# as validators, to show the message beside the field. (They are not the model fields' own
# validators, which would take a migration and still not run on a plain save.)

# Due dates a plan can have: past ones, for an older letter's plan, but none before 2000;
# and none beyond the end of the year ten years on. Plans run for months, at most a few
# years (a full inspection comes round about every three), so a later date is a slip such
# as 2206 or 9999, which calendar apps, and date arithmetic, cannot take.
EARLIEST_DUE_YEAR = 2000
DUE_YEARS_AHEAD = 10


def latest_due_year() -> int:
    return timezone.localdate().year + DUE_YEARS_AHEAD


def validate_due_date(day: datetime.date | None) -> None:
    last = latest_due_year()
    if day is not None and not EARLIEST_DUE_YEAR <= day.year <= last:
        raise ValidationError(
            f"Due date must be between 1 January {EARLIEST_DUE_YEAR} and 31 December {last}",
            code="due_date_range",
        )


def validate_one_line(text: str) -> None:
    """A title is one line: it heads e-mails (whose subject cannot hold a line break),
    calendar entries and table rows."""
    if "".join(text.splitlines()) != text:
        raise ValidationError("Title must be on one line, without line breaks", code="lines")


# The rules below each have a SQL form, for querysets that filter, count and sort, and a
# Python form, for actions already loaded; they sit side by side, and
# tests/actions/test_rules.py checks that both agree over a table of cases.


def overdue_condition(today: datetime.date) -> Q:
    """An open action whose due date is before today: the SQL form of ActionItem.is_overdue."""
    return Q(status__in=OPEN_STATUSES, due_date__lt=today)


def unscheduled_condition() -> Q:
    """An open action with no owner or no due date: the SQL form of
    ActionItem.is_unscheduled."""
    return Q(status__in=OPEN_STATUSES) & (Q(owner__isnull=True) | Q(due_date__isnull=True))


def rag_expression(today: datetime.date) -> models.Case:
    """The RAG rating in SQL ("" once closed): the SQL form of ActionItem.rag."""
    amber_from = today + datetime.timedelta(days=AMBER_WITHIN_DAYS)
    return models.Case(
        models.When(~Q(status__in=OPEN_STATUSES), then=models.Value("")),
        models.When(unscheduled_condition(), then=models.Value(Rag.NOT_SCHEDULED)),
        models.When(overdue_condition(today), then=models.Value(Rag.RED)),
        models.When(
            Q(status=Status.BLOCKED) | Q(due_date__lte=amber_from),
            then=models.Value(Rag.AMBER),
        ),
        default=models.Value(Rag.GREEN),
        output_field=models.CharField(),
    )


class ActionItemQuerySet(models.QuerySet):
    def for_user(self, user: User) -> ActionItemQuerySet:
        """The actions whose internal detail this user may see: their authorities' only."""
        authority_ids = permissions.visible_authority_ids(user)
        if authority_ids is None:
            return self
        return self.filter(finding__inspection__authority_id__in=authority_ids)

    def open(self) -> ActionItemQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> ActionItemQuerySet:
        return self.filter(overdue_condition(today))

    def with_rag(self, today: datetime.date) -> ActionItemQuerySet:
        """Annotates `rag_status` in SQL, so lists can filter, count and sort by it."""
        return self.annotate(rag_status=rag_expression(today))

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
    # The day the due date last changed: an action whose date was set in the past today
    # (which only a manager can confirm) is not escalated on the same day.
    due_date_changed_on = models.DateField(null=True, blank=True)
    # For the statement of action: who leads it (a role or a person, as the plan names
    # them) and how the authority will know it worked.
    lead = models.CharField(max_length=200, blank=True, help_text="A role or a person.")
    success_measure = models.TextField(blank=True)
    # What the public page says of the action, once a manager has approved it.
    public_summary = models.TextField(blank=True)
    public_summary_approved_at = models.DateTimeField(null=True, blank=True)
    public_summary_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Drafted from a finding at import and not yet edited by a person: a placeholder,
    # which keeps its inspection off the public site unless a manager says otherwise.
    placeholder = models.BooleanField(default=False)
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
            # The lists' default order: a page of 50 reads 50 index entries, not a sort of all.
            models.Index(fields=["due_date", "id"], name="action_due_id"),
            # "My actions" and owner filters, by status.
            models.Index(fields=["owner", "status", "due_date"], name="action_owner_status_due"),
            # Status filters in the lists' order (no sort, no rows of other statuses read);
            # the reminder sweep's open-and-due scan.
            models.Index(fields=["status", "due_date", "id"], name="action_status_due_id"),
            # Lists sorted by most recently updated (dashboard "recently updated").
            models.Index(fields=["-updated_at"], name="action_updated"),
            # The dashboard's "awaiting verification", longest waiting first: its first few
            # rows without sorting every completed action.
            models.Index(
                fields=["completed_at", "id"],
                condition=Q(status=Status.COMPLETED),
                name="action_awaiting_verification",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        """Open, and due before today: the Python form of overdue_condition."""
        return self.status in OPEN_STATUSES and self.due_date is not None and self.due_date < today

    def is_unscheduled(self) -> bool:
        """Open, with no owner or no due date: the Python form of unscheduled_condition."""
        return self.status in OPEN_STATUSES and (self.owner_id is None or self.due_date is None)

    def rag(self, today: datetime.date) -> Rag | None:
        """Not scheduled without an owner or a due date; then red when overdue, amber when
        due soon or blocked, green otherwise; None once closed. The Python form of
        rag_expression."""
        if self.status not in OPEN_STATUSES:
            return None
        if self.is_unscheduled():
            return Rag.NOT_SCHEDULED
        if self.is_overdue(today):
            return Rag.RED
        due_soon = self.due_date and (self.due_date - today).days <= AMBER_WITHIN_DAYS
        if self.status == Status.BLOCKED or due_soon:
            return Rag.AMBER
        return Rag.GREEN


# The uploaded name of an evidence file, kept for people to read (the file is stored
# under a generated name: actions/evidence.py).
EVIDENCE_NAME_LENGTH = 255


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
    evidence_name = models.CharField(max_length=EVIDENCE_NAME_LENGTH, blank=True)
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
