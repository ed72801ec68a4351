"""What a manager records of an inspection's statement of action: a corrected receipt date,
the requirement and deadlines when they differ from the framework's, with the reason, and
when it was submitted and published. Each write checks the role, then locks the row;
simple-history keeps who changed what."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Literal

from django.db import transaction
from django.utils import timezone

from actions.services import ActionError, NotPermitted
from inspections.models import Finding, Inspection
from inspections.permissions import MANAGER, has_role
from inspections.statements import Requirement, StatementOfAction, deadlines

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Stage = Literal["submitted", "published"]


def _check_manager(inspection: Inspection, by: User) -> None:
    if not has_role(by, inspection.authority_id, MANAGER):
        raise NotPermitted(
            "Only a manager of this authority can change or record its statement of action."
        )


def _locked_statement(inspection: Inspection, by: User) -> StatementOfAction:
    """The inspection's statement row, created if need be and locked for this transaction;
    its next save is recorded in the history as made by `by`."""
    statement, _created = StatementOfAction.objects.select_for_update().get_or_create(
        inspection=inspection
    )
    statement._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    return statement


def _refusal(message: str, field: str) -> ActionError:
    error = ActionError(message)
    error.field = field
    return error


@transaction.atomic
def override(
    inspection: Inspection,
    *,
    by: User,
    requirement: str,
    received_on: datetime.date | None,
    draft_due: datetime.date | None,
    final_due: datetime.date | None,
    reason: str,
) -> StatementOfAction:
    """A manager corrects the receipt date, or overrides whether a statement is required
    and its deadlines. A value equal to the default is stored as no override; a reason is
    required whenever anything still differs from the default."""
    _check_manager(inspection, by)
    if requirement not in Requirement.values:
        raise _refusal("Choose whether a statement of action is required", "requirement")
    if requirement == Requirement.NOT_REQUIRED and (draft_due or final_due):
        field = "draft_due" if draft_due else "final_due"
        raise _refusal("Leave the deadlines blank when no statement is required", field)
    if draft_due and final_due and draft_due > final_due:
        raise _refusal("The draft deadline must be on or before the final deadline", "draft_due")
    if received_on == inspection.letter_date:
        received_on = None
    has_priority_actions = inspection.findings.filter(kind=Finding.Kind.PRIORITY_ACTION).exists()
    by_default = deadlines(
        inspection,
        has_priority_actions=has_priority_actions,
        statement=StatementOfAction(received_on=received_on, requirement=requirement),
    )
    if draft_due == by_default.draft_due:
        draft_due = None
    if final_due == by_default.final_due:
        final_due = None
    reason = reason.strip()
    differs = bool(requirement or received_on or draft_due or final_due)
    if differs and not reason:
        raise _refusal("Give the reason for changing the statement's dates or need", "reason")
    statement = _locked_statement(inspection, by)
    statement.requirement = requirement
    statement.received_on = received_on
    statement.draft_due = draft_due
    statement.final_due = final_due
    statement.override_reason = reason if differs else ""
    statement.save()
    return statement


@transaction.atomic
def record_submitted(
    inspection: Inspection, by: User, at: datetime.datetime | None = None
) -> StatementOfAction:
    """Records that the statement (or its draft) was sent to Ofsted, by `by`: now, or `at`
    for one sent before it was recorded here."""
    return _record(inspection, by, "submitted", at)


@transaction.atomic
def record_published(
    inspection: Inspection, by: User, at: datetime.datetime | None = None
) -> StatementOfAction:
    """Records that the statement was published, by `by`: now, or `at` (as above)."""
    return _record(inspection, by, "published", at)


def _record(
    inspection: Inspection, by: User, stage: Stage, at: datetime.datetime | None
) -> StatementOfAction:
    _check_manager(inspection, by)
    statement = _locked_statement(inspection, by)
    if getattr(statement, f"{stage}_at") is not None:
        raise ActionError(f"The statement of action is already recorded as {stage}.")
    now = timezone.now()
    if at is not None and at > now:
        raise ActionError(f"A statement cannot be recorded as {stage} in the future.")
    setattr(statement, f"{stage}_at", at or now)
    setattr(statement, f"{stage}_by", by)
    statement.save()
    return statement


@transaction.atomic
def undo_record(inspection: Inspection, by: User, stage: Stage) -> StatementOfAction:
    """Takes back a record made by mistake; the history keeps who made and undid it."""
    _check_manager(inspection, by)
    statement = _locked_statement(inspection, by)
    if getattr(statement, f"{stage}_at") is None:
        raise ActionError(f"The statement of action is not recorded as {stage}.")
    setattr(statement, f"{stage}_at", None)
    setattr(statement, f"{stage}_by", None)
    statement.save()
    return statement
