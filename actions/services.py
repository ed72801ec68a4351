"""Business operations on actions. Every change goes through here, inside a transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions import notifications, permissions
from actions.evidence import display_name, stored_name
from actions.models import (
    EVIDENCE_NAME_LENGTH,
    ActionItem,
    ActionUpdate,
    Status,
    validate_due_date,
    validate_one_line,
)
from inspections.permissions import MANAGER, has_role, may_own_actions

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files import File

    from inspections.models import Finding


# The refusals. Each interface maps them once to its own answers: the HTML pages of the
# workspace and the admin in actions/plumbing/refusals.py, the API in
# actions/api/actions.py. The message of each refusal is written here and nowhere else.


class ActionError(Exception):
    """A refused operation; str(exc) is a message fit to show the user. Raised as is, it
    is a request the rules do not allow (a missing reason, nothing to apply)."""

    # The form field the refusal is about, if it is about one.
    field: str | None = None


class TransitionNotAllowed(ActionError):
    """The lifecycle has no step from the action's status to the one asked for."""


class NotPermitted(ActionError):
    """The person's role does not allow what they asked."""


class InvalidOwner(NotPermitted):
    """The chosen owner holds no owner's role at the action's authority."""

    field = "owner"

    def __init__(self, owner: User) -> None:
        super().__init__(f"{owner} is not an action owner at this authority.")


class StaleAction(ActionError):
    """The action changed since the caller read it; `current` is the fresh row."""

    def __init__(self, current: ActionItem) -> None:
        super().__init__(
            "This action changed since you opened it. Check the latest values and try again."
        )
        self.current = current


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    managers_only: bool
    needs_note: bool


# The whole status lifecycle. Anything not listed here is refused.
TRANSITIONS: tuple[Transition, ...] = (
    Transition("start", frozenset({Status.NOT_STARTED}), Status.IN_PROGRESS, False, False),
    Transition("block", frozenset({Status.IN_PROGRESS}), Status.BLOCKED, False, True),
    Transition("unblock", frozenset({Status.BLOCKED}), Status.IN_PROGRESS, False, False),
    Transition("complete", frozenset({Status.IN_PROGRESS}), Status.COMPLETED, False, True),
    Transition("verify", frozenset({Status.COMPLETED}), Status.VERIFIED, True, False),
    Transition(
        "reopen",
        frozenset({Status.COMPLETED, Status.VERIFIED, Status.CANCELLED}),
        Status.IN_PROGRESS,
        True,
        True,
    ),
    Transition(
        "cancel",
        frozenset({Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED, Status.COMPLETED}),
        Status.CANCELLED,
        True,
        True,
    ),
)


def find_transition(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if source in t.sources and t.target == target), None)


def allowed_targets(action: ActionItem, user: User) -> list[str]:
    """The statuses this user may move this action to now, for forms and API hints."""
    return [
        t.target
        for t in TRANSITIONS
        if action.status in t.sources and _refusal(t, action, user) is None
    ]


def _refusal(transition: Transition, action: ActionItem, user: User) -> str | None:
    if transition.managers_only:
        if not permissions.can_manage_action(user, action):
            return "Only a manager of this authority can do that."
    elif not permissions.can_work_on_action(user, action):
        return "Only the action's owner or a manager of this authority can do that."
    if transition.name == "verify" and user.pk in (action.owner_id, action.completed_by_id):
        return "Someone other than the action's owner must verify it."
    return None


@transaction.atomic
def change_status(
    *,
    action: ActionItem,
    to_status: str,
    by: User,
    note: str = "",
    expected_version: int | None = None,
) -> ActionUpdate:
    """Move an action along the lifecycle and record the step in its timeline.

    Raises TransitionNotAllowed, NotPermitted, or StaleAction when `expected_version`
    is given and someone else saved the action first.
    """
    locked = _lock(action, expected_version)
    transition = find_transition(locked.status, to_status)
    if transition is None:
        raise TransitionNotAllowed(
            f"An action that is {Status(locked.status).label.lower()} cannot be moved to "
            f"{Status(to_status).label.lower() if to_status in Status.values else to_status}."
        )
    refusal = _refusal(transition, locked, by)
    if refusal:
        raise NotPermitted(refusal)
    note = note.strip()
    if transition.needs_note and not note:
        raise ActionError("Say why in a note: this change needs a reason.")

    now = timezone.now()
    from_status = locked.status
    locked.status = to_status
    if transition.name == "complete":
        locked.completed_at, locked.completed_by = now, by
    elif transition.name == "verify":
        locked.verified_at, locked.verified_by = now, by
    elif transition.name == "reopen":
        locked.completed_at = locked.completed_by = None
        locked.verified_at = locked.verified_by = None
    locked.version += 1
    _record_author(locked, by)
    locked.save(
        update_fields=[
            "status",
            "completed_at",
            "completed_by",
            "verified_at",
            "verified_by",
            "version",
            "updated_at",
        ]
    )
    notifications.queue_status_notices(action=locked, by=by, note=note)
    _copy_state(locked, action)
    return ActionUpdate.objects.create(
        action=locked, author=by, note=note, from_status=from_status, to_status=to_status
    )


def _copy_state(source: ActionItem, target: ActionItem) -> None:
    """Keep the caller's instance in step with what was saved."""
    for field in (
        "status",
        "completed_at",
        "completed_by_id",
        "verified_at",
        "verified_by_id",
        "version",
        "updated_at",
    ):
        setattr(target, field, getattr(source, field))


def _record_author(action: ActionItem, by: User) -> None:
    """The edit history names who made the next save, even outside a request."""
    action._history_user = by  # type: ignore[attr-defined]  # read by simple-history


def _lock(action: ActionItem, expected_version: int | None) -> ActionItem:
    """The action's row, locked for this transaction; StaleAction if someone saved first."""
    locked = (
        ActionItem.objects.select_for_update()
        .select_related("finding__inspection")
        .get(pk=action.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleAction(locked)
    return locked


# Fields a manager may edit directly; status moves only through change_status.
EDITABLE_FIELDS = (
    "title",
    "description",
    "lead",
    "success_measure",
    "owner",
    "due_date",
    "priority",
)
# The rules on values (actions/models/items.py) that every write of these fields meets.
VALUE_RULES: dict[str, Callable[[Any], None]] = {
    "title": validate_one_line,
    "due_date": validate_due_date,
}


def check_values(values: dict[str, Any], *, past_confirmed: bool = False) -> None:
    """Refuses, on its field, a value the rules do not allow: a past due date is most often
    a typo, which would send overdue e-mails at once, so only a manager may confirm one."""
    past = (values.get("due_date") or datetime.date.max) < timezone.localdate()
    for name in VALUE_RULES.keys() & values.keys():
        try:
            VALUE_RULES[name](values[name])
            if name == "due_date" and past and not past_confirmed:
                raise ValidationError("Due date must be today or later, unless you confirm it")
        except ValidationError as error:
            refusal = ActionError(error.messages[0])
            refusal.field = name
            raise refusal from None


@transaction.atomic
def update_action(
    *,
    action: ActionItem,
    by: User,
    expected_version: int | None,
    confirm_past_due_date: bool = False,
    **changes: Any,
) -> ActionItem:
    """A manager's edit of an action's details (owner, due date, priority, wording).

    Refuses anyone but a manager of the action's authority, a new owner who is not a
    member of it, and a stale version. Returns the saved action.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    locked = _lock(action, expected_version)
    if not permissions.can_manage_action(by, locked):
        raise NotPermitted("Only a manager of this authority can change an action's details.")
    owner = changes.get("owner")
    if owner is not None and not may_own_actions(owner, locked.finding.inspection.authority_id):
        raise InvalidOwner(owner)
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    # Only what changes: an older value (a title with a line break) does not block an edit.
    check_values({n: changes[n] for n in changed}, past_confirmed=confirm_past_due_date)
    if "due_date" in changed:  # escalations skip an action whose date changed today
        changes["due_date_changed_on"] = timezone.localdate()
        changed.append("due_date_changed_on")
    for name in changed:
        setattr(locked, name, changes[name])
    if {"title", "description"} & set(changed):
        changed.append("placeholder")  # a person has now written its wording
        locked.placeholder = False
    locked.version += 1
    _record_author(locked, by)
    locked.save(update_fields=[*changed, "version", "updated_at"])
    if "owner" in changed and locked.owner is not None:
        notifications.queue_assignment(action=locked, owner=locked.owner, by=by)
    return locked


@transaction.atomic
def assign_many(
    *,
    actions: Iterable[ActionItem],
    by: User,
    owner: User | None = None,
    due_date: datetime.date | None = None,
    confirm_past_due_date: bool = False,
) -> int:
    """Give many actions an owner and/or a due date at once; all or none. Returns how many.

    The new owner is told once the transaction commits, in one e-mail for all of them
    (update_action records a notice per action; notifications.py sends them together).
    """
    changes: dict[str, Any] = {
        name: value for name, value in (("owner", owner), ("due_date", due_date)) if value
    }
    if not changes:
        raise ActionError("Choose an owner or a due date to apply.")
    changes["confirm_past_due_date"] = confirm_past_due_date
    count = 0
    for action in actions:
        update_action(action=action, by=by, expected_version=None, **changes)
        count += 1
    return count


@transaction.atomic
def add_note(
    *,
    action: ActionItem,
    by: User,
    note: str,
    evidence: File | None = None,
    evidence_content_type: str = "",
) -> ActionUpdate:
    """A progress note, optionally with an evidence file already checked by the caller."""
    locked = _lock(action, None)
    if not permissions.can_work_on_action(by, locked):
        raise NotPermitted("Only the action's owner or a manager of this authority can add notes.")
    note = note.strip()
    if not note and evidence is None:
        raise ActionError("Write a note or attach a file.")
    update = ActionUpdate(action=locked, author=by, note=note)
    if evidence is not None:
        update.evidence_name = display_name(evidence.name or "", EVIDENCE_NAME_LENGTH)
        update.evidence_size = evidence.size
        update.evidence_content_type = evidence_content_type
        update.evidence.save(stored_name(evidence_content_type), evidence, save=False)
    update.save()
    locked.save(update_fields=["updated_at"])
    return update


@transaction.atomic
def create_action(
    *,
    finding: Finding,
    by: User,
    title: str,
    description: str = "",
    lead: str = "",
    success_measure: str = "",
    owner: User | None = None,
    due_date: datetime.date | None = None,
    priority: str = ActionItem.Priority.MEDIUM,
    confirm_past_due_date: bool = False,
) -> ActionItem:
    """A manager adds an action to a finding (also how a finding is split into several)."""
    if not has_role(by, finding.inspection.authority_id, MANAGER):
        raise NotPermitted("Only a manager of this authority can add actions.")
    if owner is not None and not may_own_actions(owner, finding.inspection.authority_id):
        raise InvalidOwner(owner)
    check_values({"title": title, "due_date": due_date}, past_confirmed=confirm_past_due_date)
    action = ActionItem(
        finding=finding,
        title=title,
        description=description,
        lead=lead,
        success_measure=success_measure,
        owner=owner,
        due_date=due_date,
        due_date_changed_on=due_date and timezone.localdate(),
        priority=priority,
    )
    _record_author(action, by)
    action.save()
    if owner is not None:
        notifications.queue_assignment(action=action, owner=owner, by=by)
    return action
