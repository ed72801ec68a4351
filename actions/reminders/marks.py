"""The "sent" marks of the notices a worker sends, and the guarded update that writes them.

Marking each e-mail sent on its own costs a query per e-mail; a run through a batch of
claims (actions/notifications.py) writes its marks together, so that sending costs about
a tenth of a query per e-mail (issue 13). The price is the window in which a worker that
dies has sent an e-mail whose row does not yet say so (it is sent again, with the same
Message-ID, after the claim's lease): it is bounded to MARKS_PER_WRITE e-mails, or to
MARK_WITHIN_SECONDS before the next e-mail starts.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone

from actions.models import Notification

State = Notification.State

# A batch's "sent" marks are written together, at least this often: the most e-mails a
# worker that dies can send twice, against a tenth of a query per e-mail.
MARKS_PER_WRITE = 10
MARK_WITHIN_SECONDS = 1.0


class SentMarks:
    """The "sent" marks of one claim's e-mails, written by one UPDATE per
    MARKS_PER_WRITE e-mails (each row keeps its own sent_at). Used as a context manager,
    which writes whatever is left when the batch ends, however it ends."""

    def __init__(self, token: str) -> None:
        self.token = token
        self._emails = 0
        self._waiting: list[tuple[int, datetime.datetime]] = []
        self._since = 0.0  # time.monotonic() of the oldest mark waiting

    def __enter__(self) -> SentMarks:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.write()

    def add(self, notifications: list[Notification]) -> None:
        """Marks one e-mail's notices as sent now; written once enough are waiting."""
        if not self._waiting:
            self._since = time.monotonic()
        now = timezone.now()
        self._waiting += [(n.pk, now) for n in notifications]
        self._emails += 1
        if self._emails >= MARKS_PER_WRITE:
            self.write()
        else:
            self.write_if_old()

    def write_if_old(self) -> None:
        if self._waiting and time.monotonic() - self._since >= MARK_WITHIN_SECONDS:
            self.write()

    def write(self) -> None:
        if not self._waiting:
            return
        sent_at = Case(
            *(When(pk=pk, then=Value(at)) for pk, at in self._waiting),
            output_field=DateTimeField(),
        )
        ids = [pk for pk, _ in self._waiting]
        self._waiting, self._emails = [], 0
        finish(ids, self.token, state=State.SENT, sent_at=sent_at)


def finish(ids: list[int], token: str, **fields: Any) -> None:
    """Update rows this worker still holds: the token guards against a row that was
    claimed again by someone else after this worker's lease ran out."""
    Notification.objects.filter(pk__in=ids, claim=token, state=State.SENDING).update(
        last_error="", **fields
    )
