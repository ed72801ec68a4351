"""Celery tasks for importing letters. Thin: they take an id and call actions/importing/bulk.py,
which records every document's outcome as it goes, so that running a task twice, or
again after it was stopped, imports nothing twice."""

from __future__ import annotations

from celery import shared_task

from actions import queue
from actions.importing import bulk

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
