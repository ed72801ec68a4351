"""Importing many documents at once: the command's folders and archives, and the admin's
"Import many letters" page (run as a Celery task).

Each document is decided here and only here (`decide`), through the import flow: stage it
(`flow.stage` refuses it if it is already imported, waiting for review or discarded); if a
person must check it (an uncertain field, no authority, no findings), it waits in the
review queue; else it is confirmed at once. Every document gives one result row (`Row`),
kept on its `ImportBatch`.

A run records each document's row in the same transaction as what the document created,
so a run that is stopped part way (a killed worker, a lost connection) carries on where it
stopped when it is started again, and nothing is ever created twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import ExitStack
from typing import TYPE_CHECKING, TypedDict

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from actions import queue
from actions.importing import flow
from actions.importing.bulk_inputs import Document, uploaded_documents
from actions.importing.flow import AlreadyStaged, DuplicateLetter
from inspections.models import Inspection, LocalAuthority
from inspections.parsing import LetterError
from inspections.staging import ImportBatch, StagedImport

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

IMPORTED, REVIEW, DUPLICATE, REFUSED = "imported", "review", "duplicate", "refused"
OUTCOMES = {
    IMPORTED: "Imported",
    REVIEW: "Waiting for review",
    DUPLICATE: "Duplicates",
    REFUSED: "Refused",
}
BATCH_DIR = "import-batches"


class Row(TypedDict):
    """What became of one document, and where it went."""

    file: str
    outcome: str
    reason: str
    inspection: int | None
    staged: int | None


# Deciding one document ---------------------------------------------------------------


def _row(document: Document, outcome: str, reason: str, **links: int | None) -> Row:
    return {
        "file": document.name,
        "outcome": outcome,
        "reason": reason,
        "inspection": links.get("inspection"),
        "staged": links.get("staged"),
    }


def _duplicate_row(document: Document, existing: Inspection | StagedImport) -> Row:
    if isinstance(existing, Inspection):
        return _row(
            document, DUPLICATE, f"Already imported as “{existing}”.", inspection=existing.pk
        )
    if existing.status == StagedImport.Status.DISCARDED:
        return _row(
            document, DUPLICATE, "Discarded from the review queue earlier.", staged=existing.pk
        )
    return _row(document, DUPLICATE, "Already waiting for review.", staged=existing.pk)


def decide(
    document: Document,
    *,
    authority: LocalAuthority | None = None,
    publish: bool = False,
    publish_anyway: bool = False,
    user: User | None = None,
    batch: ImportBatch | None = None,
) -> Row:
    """Stage one document, and import it at once if nobody needs to check it; or say why
    not. `authority`, when given, is taken instead of the one the letter names."""
    try:
        staged = flow.stage(
            data=document.read(),
            filename=document.filename,
            by=user,
            batch=batch,
            authority=authority,
            again_if_discarded=False,
        )
    except LetterError as error:
        return _row(document, REFUSED, str(error))
    except DuplicateLetter as duplicate:
        return _duplicate_row(document, duplicate.existing)
    except AlreadyStaged as waiting:
        return _duplicate_row(document, waiting.staged)
    if staged.reasons:
        return _row(document, REVIEW, " ".join(staged.reasons), staged=staged.staged.pk)
    try:
        inspection = flow.confirm(
            staged.staged,
            staged.draft.unattended(),
            by=user,
            published=publish,
            publish_anyway=publish_anyway,
        )
    except DuplicateLetter as duplicate:  # imported by someone else a moment ago
        return _duplicate_row(document, duplicate.existing)
    findings = len(staged.draft.findings)
    state = "published" if inspection.published else "not published yet"
    if publish and not inspection.published:
        state += ", as its draft actions need editing first"
    reason = f"“{inspection}”: {findings} finding{'s' if findings != 1 else ''}; {state}."
    return _row(document, IMPORTED, reason, inspection=inspection.pk, staged=staged.staged.pk)


# Running a batch ---------------------------------------------------------------------


def run(
    batch: ImportBatch,
    documents: list[Document],
    *,
    authority: LocalAuthority | None = None,
    publish: bool = False,
    publish_anyway: bool = False,
    on_row: Callable[[Row], None] | None = None,
) -> ImportBatch:
    """Decide every document not yet decided in this batch, recording each row with what
    it created; returns the batch as it ends."""
    user = batch.created_by
    for index, document in enumerate(documents):
        with transaction.atomic():
            # The lock keeps a second run of the same batch (a redelivered task) from
            # deciding a document that this one is deciding.
            batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if batch.done > index:
                continue
            row = decide(
                document,
                authority=authority,
                publish=publish,
                publish_anyway=publish_anyway,
                user=user,
                batch=batch,
            )
            batch.results = [*batch.results, row]
            batch.done = index + 1
            batch.save(update_fields=["results", "done"])
        if on_row is not None:
            on_row(row)
    return batch


def start_batch(*, user: User | None, total: int) -> ImportBatch:
    return ImportBatch.objects.create(
        created_by=user, total=total, status=ImportBatch.Status.RUNNING
    )


def finish(batch: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.FINISHED, error="")


def fail(batch: ImportBatch, error: Exception) -> None:
    """Record why a run stopped; the documents decided so far stay decided."""
    stopped = ImportBatch.objects.get(pk=batch.pk)
    stopped.status = ImportBatch.Status.FAILED
    stopped.error = (
        f"The import stopped after {stopped.done} of {stopped.total} documents "
        f"({type(error).__name__}: {error}). Start it again to carry on: nothing is "
        "imported twice."
    )
    stopped.save(update_fields=["status", "error"])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary_line(results: list[Row]) -> str:
    """The summary's last line: "4 documents: 2 imported, 1 waiting for review, ..." """
    totals = counts(results)
    return (
        f"{_plural(len(results), 'document')}: {totals[IMPORTED]} imported, "
        f"{totals[REVIEW]} waiting for review, {_plural(totals[DUPLICATE], 'duplicate')}, "
        f"{totals[REFUSED]} refused."
    )


def counts(results: list[Row]) -> dict[str, int]:
    """How many documents had each outcome, in the summary's order."""
    totals = dict.fromkeys(OUTCOMES, 0)
    for row in results:
        totals[row["outcome"]] += 1
    return totals


# Batches uploaded through the admin and run by a Celery task ---------------------------

QUEUE_DOWN = (
    "The import could not be started: the task queue is not answering. The files are kept; "
    "start the import again once the queue is back."
)


def create_upload_batch(*, user: User, files: list[UploadedFile]) -> ImportBatch:
    """Keep the uploaded files and queue their import once the batch is saved. A queue
    that cannot be reached leaves the batch waiting, with a note saying so."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(created_by=user)
        batch.uploads = [
            {
                "name": file.name,
                "stored": default_storage.save(f"{BATCH_DIR}/{batch.pk}/{file.name}", file),
            }
            for file in files
        ]
        with ExitStack() as stack:
            batch.total = len(uploaded_documents(batch.uploads, stack))
        batch.save(update_fields=["uploads", "total"])
        transaction.on_commit(lambda: queue_batch(batch.pk))
    batch.refresh_from_db()
    return batch


def queue_batch(batch_id: int) -> bool:
    """Queue the batch's task; False (and a note on the batch) if the broker is down."""
    try:
        queue.enqueue(queue.IMPORT_BATCH, batch_id)
    except queue.BROKER_DOWN:
        logger.warning("Could not queue bulk import %s; it stays queued.", batch_id, exc_info=True)
        ImportBatch.objects.filter(pk=batch_id).update(error=QUEUE_DOWN)
        return False
    # Waiting again, unless a worker has taken it already.
    ImportBatch.objects.filter(pk=batch_id).exclude(
        status__in=[ImportBatch.Status.RUNNING, ImportBatch.Status.FINISHED]
    ).update(status=ImportBatch.Status.QUEUED, error="")
    return True


def run_uploaded(batch_id: int) -> ImportBatch | None:
    """The task's work: import a stored batch, or carry on with one that was stopped.
    None when there is nothing to do (it finished already: a message handled twice)."""
    claimed = (
        ImportBatch.objects.filter(pk=batch_id)
        .exclude(status=ImportBatch.Status.FINISHED)
        .update(status=ImportBatch.Status.RUNNING, error="")
    )
    if not claimed:
        return None
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        with ExitStack() as stack:
            batch = run(batch, uploaded_documents(batch.uploads, stack))
    except Exception as error:
        fail(batch, error)
        raise
    finish(batch)
    for upload in batch.uploads:
        default_storage.delete(upload["stored"])
    return batch
