"""The actions app's models, one module per concern; importing them here registers them
with Django and gives the rest of the code one place to import them from."""

from actions.models.items import (
    AMBER_WITHIN_DAYS,
    DONE_STATUSES,
    OPEN_STATUSES,
    ActionItem,
    ActionItemQuerySet,
    ActionUpdate,
    Priority,
    Rag,
    Status,
    overdue_condition,
    rag_expression,
)
from actions.models.notifications import DAILY_KINDS, Notification, NotificationKind
from actions.models.people import (
    ErasureRecord,
    ReminderPolicy,
    StaffProfile,
    new_calendar_token,
)
from actions.models.tokens import ApiToken, ApiTokenQuerySet

__all__ = [
    "AMBER_WITHIN_DAYS",
    "DAILY_KINDS",
    "DONE_STATUSES",
    "ErasureRecord",
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
    "rag_expression",
]
