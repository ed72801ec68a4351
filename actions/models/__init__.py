"""The actions app's models, one module per concern; importing them here registers them
with Django and gives the rest of the code one place to import them from."""

from actions.models.due_dates import DueDateChange
from actions.models.items import (
    AMBER_WITHIN_DAYS,
    DONE_STATUSES,
    DUE_YEARS_AHEAD,
    EARLIEST_DUE_YEAR,
    EVIDENCE_NAME_LENGTH,
    OPEN_STATUSES,
    ActionItem,
    ActionItemQuerySet,
    ActionUpdate,
    Priority,
    Rag,
    Status,
    overdue_condition,
    rag_expression,
    unscheduled_condition,
    validate_due_date,
    validate_one_line,
)
from actions.models.notifications import DAILY_KINDS, Notification, NotificationKind
from actions.models.people import (
    ErasureRecord,
    ReminderPolicy,
    StaffProfile,
    new_calendar_token,
)
from actions.models.tokens import ApiToken, ApiTokenQuerySet
from inspections import revisions

# Every change to an action, its timeline or its due-date requests changes its
# authority's revision number (the staff pages' caches are keyed on it).
revisions.track(ActionItem, "finding__inspection__authority")
revisions.track(ActionUpdate, "action__finding__inspection__authority")
revisions.track(DueDateChange, "action__finding__inspection__authority")

__all__ = [
    "AMBER_WITHIN_DAYS",
    "DAILY_KINDS",
    "DONE_STATUSES",
    "DueDateChange",
    "DUE_YEARS_AHEAD",
    "EARLIEST_DUE_YEAR",
    "ErasureRecord",
    "EVIDENCE_NAME_LENGTH",
    "OPEN_STATUSES",
    "ActionItem",
    "ActionItemQuerySet",
    "ActionUpdate",
    "ApiToken",
    "ApiTokenQuerySet",
    "Notification",
    "NotificationKind",
    "Priority",
    "Rag",
    "ReminderPolicy",
    "StaffProfile",
    "Status",
    "new_calendar_token",
    "overdue_condition",
    "unscheduled_condition",
    "rag_expression",
    "validate_due_date",
    "validate_one_line",
]
