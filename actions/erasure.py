"""The data-protection erasure of a person (UK GDPR, the right to erasure): the only path
by which a person's data is removed, and only a superuser may take it.

It anonymises the person and keeps the records. The account stays, renamed
"erased-<id>", with no name, e-mail or usable password, so the actions, timeline entries
and history rows that point at it keep their author and read "Erased user". What exists
only for the person goes: their memberships, API tokens, calendar token and e-mail
choices, and the sign-in records that hold their username and addresses. Notices keep
their rows, but the person's name, username and e-mail are taken out of every notice
that names them, and notices still waiting to go to them will not go. An ErasureRecord
says who erased whom, when and why.

Free text that others wrote about the person (a note on an action, say) is a record in
its own right and is not rewritten here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from actions.models import ActionItem, ApiToken, ErasureRecord, Notification, StaffProfile
from actions.services import ActionError, NotPermitted
from inspections.models import Membership

# What the anonymised account is called, and what replaces the person in notices; the
# display name of the account (first and last name) is this too.
ERASED_NAME = "Erased user"
# Shorter identifiers are too likely to be ordinary words to be replaced in text.
SHORTEST_IDENTIFIER = 3

State = Notification.State


@dataclass(frozen=True)
class ErasureSummary:
    record: ErasureRecord
    # True when the person had been erased before: nothing was changed this time.
    already_erased: bool
    # Open actions the person still owns: their managers should give them to someone.
    open_actions_owned: int

    @property
    def removed(self) -> dict[str, int]:
        return self.record.removed


def erased_username(user_id: int) -> str:
    return f"erased-{user_id}"


def erasure_of(person: User) -> ErasureRecord | None:
    """The audit entry of the person's erasure, if they have been erased."""
    return ErasureRecord.objects.filter(person=person).select_related("erased_by").first()


def check_erasure_allowed(*, person: User, by: User) -> None:
    """Raises NotPermitted unless `by` may erase `person`: an active superuser, and not
    erasing themselves (another superuser must, so that one is always left)."""
    if not (by.is_active and by.is_superuser):
        raise NotPermitted("Only a superuser can erase a person’s data.")
    if person.pk == by.pk:
        raise NotPermitted("You cannot erase yourself: ask another superuser.")


@transaction.atomic
def erase_person(*, user: User, by: User, reason: str) -> ErasureSummary:
    """Anonymise `user` and remove the data that exists only for them, recording who did
    it and why. Running it again for the same person changes nothing."""
    check_erasure_allowed(person=user, by=by)
    reason = reason.strip()
    if not reason:
        raise ActionError("Say why the person’s data is erased.")
    person = get_user_model().objects.select_for_update().get(pk=user.pk)
    open_owned = ActionItem.objects.open().filter(owner=person).count()
    if (earlier := erasure_of(person)) is not None:
        return ErasureSummary(earlier, already_erased=True, open_actions_owned=open_owned)

    identifiers = _identifiers(person)
    removed = {
        "memberships": Membership.objects.filter(user=person).delete()[0],
        "api_tokens": ApiToken.objects.filter(user=person).delete()[0],
        # The calendar token and the person's e-mail choices.
        "staff_profile": StaffProfile.objects.filter(user=person).delete()[0],
        "sign_in_records": _delete_sign_in_records(person.get_username()),
        "notices_withheld": Notification.objects.filter(
            recipient=person, state__in=(State.PENDING, State.FAILED)
        ).update(state=State.SUPERSEDED),
        "notices_redacted": _redact_notices(person, identifiers),
        "admin_log_entries_redacted": _redact_admin_log(person),
    }
    _anonymise(person)
    record = ErasureRecord.objects.create(
        person=person, erased_by=by, reason=reason, removed=removed
    )
    user.refresh_from_db()
    return ErasureSummary(record, already_erased=False, open_actions_owned=open_owned)


def _anonymise(person: User) -> None:
    person.username = erased_username(person.pk)
    person.first_name, person.last_name = ERASED_NAME, ""
    person.email = ""
    person.set_unusable_password()  # also ends their sessions: the session hash changes
    person.is_active = person.is_staff = person.is_superuser = False
    person.last_login = None
    person.save()
    person.groups.clear()
    person.user_permissions.clear()


def _identifiers(person: User) -> list[str]:
    """How notices may name the person: full name, username and e-mail address."""
    found = {person.get_full_name(), person.get_username(), person.email}
    return sorted((i for i in found if len(i) >= SHORTEST_IDENTIFIER), key=lambda i: (-len(i), i))


def _delete_sign_in_records(username: str) -> int:
    """django-axes keeps each sign-in and failed attempt with the username, IP address
    and browser."""
    return sum(
        model.objects.filter(username__iexact=username).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def _redact_notices(person: User, identifiers: list[str]) -> int:
    """Takes the person's identifiers out of the notices sent to them and of any other
    notice that names them (an escalation listing them as owner, an assignment they
    made), keeping the rows. Returns how many notices changed."""
    if not identifiers:
        return 0
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(i) for i in identifiers) + r")(?!\w)", re.IGNORECASE
    )
    changed = []
    for notice in _notices_naming(person, identifiers):
        before = (notice.subject, notice.reason, notice.last_error, notice.payload)
        notice.subject = pattern.sub(ERASED_NAME, notice.subject)
        notice.reason = pattern.sub(ERASED_NAME, notice.reason)
        notice.last_error = pattern.sub(ERASED_NAME, notice.last_error)
        notice.payload = _redacted(notice.payload, pattern)
        if (notice.subject, notice.reason, notice.last_error, notice.payload) != before:
            changed.append(notice)
    Notification.objects.bulk_update(
        changed, ["subject", "reason", "last_error", "payload"], batch_size=500
    )
    return len(changed)


def _notices_naming(person: User, identifiers: Iterable[str]) -> Iterable[Notification]:
    """The person's notices, and any other whose text holds one of the identifiers. The
    payload is matched as stored: SQLite keeps JSON with non-ASCII characters escaped,
    PostgreSQL does not, so both spellings are looked for (case aside, the regular
    expression in _redact_notices decides)."""
    conditions = [Q(recipient=person)]
    for identifier in identifiers:
        for field in ("subject", "reason", "last_error"):
            conditions.append(Q(**{f"{field}__icontains": identifier}))
        for spelling in {identifier, json.dumps(identifier)[1:-1]}:
            conditions.append(Q(payload_text__icontains=spelling))
    return (
        Notification.objects.annotate(payload_text=Cast("payload", TextField()))
        .filter(reduce(or_, conditions))
        .iterator(chunk_size=500)
    )


def _redacted(value: Any, pattern: re.Pattern[str]) -> Any:
    """The JSON value with the pattern replaced in every string in it."""
    if isinstance(value, str):
        return pattern.sub(ERASED_NAME, value)
    if isinstance(value, list):
        return [_redacted(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item, pattern) for key, item in value.items()}
    return value


def _redact_admin_log(person: User) -> int:
    """The admin's history of changes to the person's account names it by username."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(person), object_id=str(person.pk)
    ).update(object_repr=erased_username(person.pk))
