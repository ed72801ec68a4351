"""Sending notices: each Notification row is claimed by one worker before its e-mail goes.

A claim is a conditional UPDATE (`state` pending, or a claim whose lease ran out, becomes
`sending` with this worker's token), taken on rows first locked with SELECT ... FOR UPDATE
SKIP LOCKED where the database has it (PostgreSQL): two workers never claim the same row,
and a worker never waits for another's rows. Only the worker whose token is on the row
sends it, and marks it sent straight after. The same idea as healthchecks' sendalerts.

Retries live in the database, not in the broker. A failed attempt puts the row back to
pending with the time of the attempt (`claimed_at`) and the count (`attempts`); it is due
again after a pause that doubles with each attempt (`retry_pause`), and the periodic
send_pending task (every minute) sends whatever is due (`deliver_due`). No worker holds a
message for later: Celery's countdown retries made workers hold ETA messages in memory,
which Redis restarts lost, or made the worker exit (F13).

What this guarantees: a rerun, a retried task or a second worker never sends a notice
twice. A worker that dies while sending leaves the row claimed; after the lease
(settings.NOTIFICATION_CLAIM_LEASE) another worker may claim it again. So a notice is
never lost, and is sent twice only if a worker dies after the mail server accepted the
message and before the row was marked sent. A single notice (the send task) is marked
at once. A run through a batch of claims (deliver_all, send_pending) writes its "sent"
marks together (actions/reminders/marks.py), so that sending costs less than one query
per e-mail (issue 13): a mark waits for at most 10 e-mails, is written before the next
e-mail starts once it is a second old, and always before an error is raised and when
the batch ends. A worker that dies mid-batch may therefore send again, after the lease,
up to 10 e-mails of its last second or so, not just the one in flight. The Message-ID
is the same on both copies, which lets most mail systems drop the second.

Assignment notices for the same person are sent together as one e-mail, so assigning
thirty actions at once sends one message, not thirty.
"""

from __future__ import annotations

import datetime
import logging
import math
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from actions import queue
from actions.display import person_name
from actions.models import DAILY_KINDS, OPEN_STATUSES, ActionItem, Notification, StaffProfile
from actions.reminders.emails import build_message
from actions.reminders.items import describe_items
from actions.reminders.marks import SentMarks, finish
from actions.reminders.verification import STATUS_OF_KIND, record_status_notices, still_news

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

State = Notification.State
Kind = Notification.Kind

# Claims taken at once by one worker; each claimed row is sent one by one.
CLAIM_BATCH = 100
# Claims taken at once by send_pending: ten e-mails, even at the mail timeout of 30 s
# each, go well within the claims' lease (NOTIFICATION_CLAIM_LEASE, 10 minutes).
DUE_BATCH = 10


class Outcome(Enum):
    SENT = "sent"
    # Another worker holds the claim and may still be sending; if it died, send_pending
    # takes the notice once the claim's lease has run out.
    BUSY = "busy"
    # Already sent, out of date or failed for good: nothing to do.
    DONE = "done"


# Writing -------------------------------------------------------------------------------


def queue_assignment(*, action: ActionItem, owner: User, by: User) -> None:
    """Record that `owner` was given `action`, and queue the e-mail once the caller's
    transaction commits. Called by the services inside their transaction, so the record
    exists exactly when the assignment does. If Redis cannot be reached the notice stays
    pending and send_pending, within a minute or so of Redis coming back, sends it."""
    if owner.pk == by.pk or not owner.is_active or not owner.email:
        return
    wants = StaffProfile.objects.filter(user=owner).values_list("email_assigned", flat=True)
    if wants.first() is False:  # no profile yet: the default, which is yes
        return
    notification = Notification.objects.create(
        recipient=owner,
        kind=Kind.ASSIGNED,
        action=action,
        # One notice per assignment: the version changes with every save of the action.
        key=f"assigned:{action.pk}:{owner.pk}:v{action.version}",
        subject=f"You have a new action: {action.title}"[:300],
        reason=f"{person_name(by)} made you the owner.",
        payload={"by": person_name(by)},
    )
    transaction.on_commit(partial(enqueue, [notification.pk]), robust=True)


def queue_status_notices(*, action: ActionItem, by: User, note: str) -> None:
    """Record the notices of an action's new status ("completed, please verify" to its
    managers, "verified" to its owner) and queue them once the caller's transaction
    commits (actions/reminders/verification.py)."""
    created = record_status_notices(action=action, by=by, note=note)
    if created:
        transaction.on_commit(partial(enqueue, created), robust=True)


@transaction.atomic
def resend(*, notification: Notification) -> Notification:
    """An administrator's second try at a notice that failed: back to pending, with a
    fresh count of attempts, and queued once the transaction commits."""
    updated = Notification.objects.filter(pk=notification.pk, state=State.FAILED).update(
        state=State.PENDING, attempts=0, claim="", claimed_at=None
    )
    if updated:
        transaction.on_commit(partial(enqueue, [notification.pk]), robust=True)
    notification.refresh_from_db()
    return notification


def enqueue(notification_ids: list[int]) -> int:
    """Queue a send task for each notice; returns how many were queued. A broker that
    cannot be reached is logged, not raised: the notices stay pending in the database."""
    queued = 0
    try:
        for pk in notification_ids:
            queue.enqueue(queue.SEND_NOTIFICATION, pk)
            queued += 1
    except queue.BROKER_DOWN:
        logger.warning(
            "Could not queue %d notice(s); they stay pending for the next sweep.",
            len(notification_ids) - queued,
            exc_info=True,
        )
    return queued


def deliverable(now: datetime.datetime | None = None) -> QuerySet[Notification]:
    """Notices waiting to be sent: pending, or claimed by a worker whose lease ran out."""
    return Notification.objects.filter(_claimable(now or timezone.now()))


def due(now: datetime.datetime | None = None) -> QuerySet[Notification]:
    """Waiting notices worth trying now: all but those pausing after a failed attempt."""
    now = now or timezone.now()
    return deliverable(now).exclude(_pausing(now))


def retry_pause(attempts: int) -> datetime.timedelta:
    """How long a notice rests after its `attempts`-th failed attempt: 1, 2, 4... times
    NOTIFICATION_RETRY_BACKOFF, never more than NOTIFICATION_RETRY_BACKOFF_MAX."""
    seconds = settings.NOTIFICATION_RETRY_BACKOFF * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_BACKOFF_MAX))


def _pausing(now: datetime.datetime) -> Q:
    """Pending notices whose last attempt (claimed_at) was less than its pause ago; one
    condition per count of attempts, so the database does the arithmetic's work."""
    last = settings.NOTIFICATION_MAX_ATTEMPTS
    pausing = Q(attempts__gte=last, claimed_at__gt=now - retry_pause(last))
    for attempts in range(1, last):
        pausing |= Q(attempts=attempts, claimed_at__gt=now - retry_pause(attempts))
    return Q(state=State.PENDING) & pausing


def deliverable_ids(now: datetime.datetime | None = None) -> Iterator[int]:
    """One id per send task worth queuing: every notice due, except that a person's
    assignment notices need only one task (it sends them all together)."""
    seen_assigned: set[int] = set()
    rows = due(now).order_by("pk").values_list("pk", "kind", "recipient_id")
    for pk, kind, recipient_id in rows.iterator(chunk_size=2000):
        if kind == Kind.ASSIGNED:
            if recipient_id in seen_assigned:
                continue
            seen_assigned.add(recipient_id)
        yield pk


def _claimable(now: datetime.datetime) -> Q:
    lease = datetime.timedelta(seconds=settings.NOTIFICATION_CLAIM_LEASE)
    return Q(state=State.PENDING) | Q(state=State.SENDING, claimed_at__lt=now - lease)


# Claiming and sending --------------------------------------------------------------------


@dataclass
class Claim:
    token: str
    notifications: list[Notification]


def claim(candidates: QuerySet[Notification], limit: int = CLAIM_BATCH) -> Claim:
    """Take up to `limit` of the candidates for this worker alone.

    The UPDATE only changes rows still claimable when it runs, and on PostgreSQL the rows
    are first locked with SKIP LOCKED, so of two workers claiming at once each row goes
    to one of them. On SQLite a single UPDATE already holds the database's write lock.
    """
    token = uuid.uuid4().hex
    now = timezone.now()
    claimable = _claimable(now)
    locking = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if locking else nullcontext():
        rows = candidates.filter(claimable).order_by("pk")
        if locking:
            rows = rows.select_for_update(skip_locked=True)
        # One statement: UPDATE ... WHERE pk IN (SELECT ... LIMIT n [FOR UPDATE SKIP LOCKED]).
        taken = Notification.objects.filter(claimable, pk__in=rows.values("pk")[:limit]).update(
            state=State.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
        )
    if not taken:
        return Claim(token, [])
    claimed = Notification.objects.filter(claim=token, state=State.SENDING).annotate(
        # Whether a newer notice of the same daily kind replaced it (see _still_relevant),
        # read with the rows rather than by one query per notice.
        replaced=Exists(
            Notification.objects.filter(
                recipient_id=OuterRef("recipient_id"),
                kind=OuterRef("kind"),
                day__gt=OuterRef("day"),
            )
        )
    )
    notices: list[Notification] = list(claimed.select_related("recipient", "action").order_by("pk"))
    describe_items(notices)  # the words of the actions they list, for the whole batch
    return Claim(token, notices)


def deliver(notification_id: int) -> Outcome:
    """Send one notice (with any other assignment notices to the same person) unless it
    was sent already or another worker is sending it."""
    row = Notification.objects.filter(pk=notification_id).values("kind", "recipient_id").first()
    if row is None:
        return Outcome.DONE
    candidates = Notification.objects.filter(pk=notification_id)
    if row["kind"] == Kind.ASSIGNED:
        candidates = Notification.objects.filter(
            recipient_id=row["recipient_id"], kind=Kind.ASSIGNED
        )
    taken = claim(candidates)
    if not taken.notifications:
        busy = Notification.objects.filter(pk=notification_id, state=State.SENDING).exists()
        return Outcome.BUSY if busy else Outcome.DONE
    with SentMarks(taken.token) as marks:
        return Outcome.SENT if send_claimed(taken, marks) else Outcome.DONE


def deliver_all(deadline: float = math.inf) -> tuple[int, int]:
    """Send every waiting notice in this process, batch by batch (the management
    command's way, without a broker), until time.monotonic() passes `deadline`, if
    given. Returns (sent, failed) counts of e-mails."""
    return _deliver_in_batches(deliverable, CLAIM_BATCH, deadline)


def deliver_due(deadline: float) -> tuple[int, int]:
    """Send the notices due now (retries whose pause is over, notices whose task was lost
    with Redis, claims whose worker died) until none is left or time.monotonic() passes
    `deadline`. Few at a time, so that claims taken are sent well within their lease
    even when each e-mail waits for a slow mail server. Returns (sent, failed)."""
    return _deliver_in_batches(due, DUE_BATCH, deadline)


def _deliver_in_batches(
    candidates: Callable[[], QuerySet[Notification]], limit: int, deadline: float
) -> tuple[int, int]:
    sent = failed = 0
    # Each notice is tried once per run, not until it runs out: claims go in pk order, so
    # the next claim starts after the last one taken.
    after = 0
    while time.monotonic() < deadline:
        batch = claim(candidates().filter(pk__gt=after), limit)
        if not batch.notifications:
            break
        after = batch.notifications[-1].pk
        with SentMarks(batch.token) as marks:
            for group in _groups(batch.notifications):
                try:
                    sent += send_claimed(Claim(batch.token, group), marks)
                except Exception:  # recorded on the rows by send_claimed; go on with the rest
                    failed += 1
    return sent, failed


def _groups(notifications: list[Notification]) -> Iterator[list[Notification]]:
    """Claimed notices as e-mails: each person's assignment notices together."""
    assigned: dict[int, list[Notification]] = {}
    for notification in notifications:
        if notification.kind == Kind.ASSIGNED:
            assigned.setdefault(notification.recipient_id, []).append(notification)
        else:
            yield [notification]
    yield from assigned.values()


def send_claimed(taken: Claim, marks: SentMarks) -> int:
    """Send the claimed notices as one e-mail and add them to the "sent" marks. Returns 1
    if an e-mail went, 0 if they had all gone out of date.

    On any error the marks waiting are written, the rows go back to pending, due again
    after their pause (failed once out of attempts), with the error recorded; the error is
    raised to the caller.
    """
    current, stale = _still_relevant(taken.notifications)
    if stale:
        _finish(stale, taken.token, state=State.SUPERSEDED)
    if not current:
        return 0
    try:
        message = build_message(current)
        marks.write_if_old()  # before an e-mail that may wait for a slow mail server
        message.send()
    except Exception as error:
        marks.write()
        _record_failure(current, taken.token, error)
        raise
    marks.add(current)
    return 1


def _still_relevant(
    notifications: list[Notification],
) -> tuple[list[Notification], list[Notification]]:
    """Splits off notices overtaken by events: an assignment to an action that has since
    been given to someone else or closed, or a daily notice that a newer one replaced."""
    current: list[Notification] = []
    stale: list[Notification] = []
    for notification in notifications:
        if notification.kind == Kind.ASSIGNED:
            action = notification.action
            gone = action is None or (
                action.owner_id != notification.recipient_id or action.status not in OPEN_STATUSES
            )
        elif notification.kind in STATUS_OF_KIND:
            gone = not still_news(notification)
        elif notification.kind in DAILY_KINDS:
            gone = notification.replaced  # type: ignore[attr-defined]  # claim() annotates it
        else:  # news of one event (a due date asked for or decided) stays true
            gone = False
        (stale if gone else current).append(notification)
    return current, stale


def _finish(notifications: list[Notification], token: str, **fields: Any) -> None:
    finish([n.pk for n in notifications], token, **fields)


def _record_failure(notifications: list[Notification], token: str, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}"[:2000]
    logger.warning("Sending notice(s) %s failed: %s", [n.pk for n in notifications], message)
    held = Notification.objects.filter(
        pk__in=[n.pk for n in notifications], claim=token, state=State.SENDING
    )
    out_of_attempts = Q(attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS)
    held.filter(out_of_attempts).update(state=State.FAILED, last_error=message)
    held.exclude(out_of_attempts).update(state=State.PENDING, last_error=message)
