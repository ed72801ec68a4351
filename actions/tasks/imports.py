"""Celery tasks for importing letters. Thin: they call actions/importing/. A bulk import
(bulk.py) records every document's outcome as it goes, so that running it twice, or again
after it was stopped, imports nothing twice; the nightly clean-up (flow.discard_abandoned)
only ever takes away what is old enough."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from actions import queue
from actions.importing import bulk, flow

# A few thousand documents at a fraction of a second each. The broker's visibility timeout
# (config/settings.py) outlasts the hard limit, so a running import is never handed to a
# second worker; a stopped one is started again from the admin and carries on.
IMPORT_SOFT_LIMIT = 60 * 60
IMPORT_HARD_LIMIT = 65 * 60


# The batch records what the task did; no result backend is needed.
@shared_task(
    name=queue.IMPORT_BATCH,
    soft_time_limit=IMPORT_SOFT_LIMIT,
    time_limit=IMPORT_HARD_LIMIT,
    ignore_result=True,
)
def import_batch(batch_id: int) -> str:
    """Import the documents uploaded for one ImportBatch."""
    batch = bulk.run_uploaded(batch_id)
    if batch is None:
        return f"Bulk import {batch_id}: nothing to do."
    return f"Bulk import {batch_id}: {bulk.counts(batch.results)}"


# Run by beat (config/settings.py CELERY_BEAT_SCHEDULE), never queued by the domain.
@shared_task(name="actions.discard_abandoned_imports", ignore_result=True)
def discard_abandoned_imports() -> str:
    """Nightly: discard the letters nobody confirmed in time, and delete their files."""
    days = settings.IMPORT_ABANDON_DAYS
    return f"Discarded {flow.discard_abandoned()} letters left unconfirmed for {days} days."
