"""Importing many documents at once: the command's folders and archives, and the admin's
"Import many letters" page (run as a Celery task).

Each document is decided here and only here (`decide`): read it; if it is already imported
or already waiting for review, say so; if a person must check it (an uncertain field, no
authority, no findings: `importing.review_reasons`), stage it in the review queue; else
import it. Every document gives one result row, kept on its `ImportBatch`:
{"file", "outcome", "reason", "inspection", "staged"}.

A run records each document's row in the same transaction as what the document created,
so a run that is stopped part way (a killed worker, a lost connection) carries on where it
stopped when it is started again, and nothing is ever created twice.
"""

from __future__ import annotations

import logging
import os
import stat
import zipfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from inspections import importing
from inspections.models import Inspection, LocalAuthority
from inspections.parsing import LetterError
from inspections.services import DuplicateLetter
from inspections.staging import ImportBatch, StagedImport

logger = logging.getLogger(__name__)

IMPORTED, REVIEW, DUPLICATE, REFUSED = "imported", "review", "duplicate", "refused"
OUTCOMES = {
    IMPORTED: "Imported",
    REVIEW: "Waiting for review",
    DUPLICATE: "Duplicates",
    REFUSED: "Refused",
}
DOCUMENT_SUFFIXES = frozenset({".pdf", ".txt", ".text"})
ARCHIVE_SUFFIX = ".zip"
# England has published a few thousand children's services letters since 2009; an archive
# with more entries than this is not a set of letters, and each entry costs a result row.
MAX_ARCHIVE_ENTRIES = 5000
BATCH_DIR = "import-batches"

Row = dict[str, str | int | None]


@dataclass(frozen=True)
class Document:
    """One document of a bulk import, read only when its turn comes. `read` raises
    LetterError when the document is refused before it is read (too large, say)."""

    name: str
    read: Callable[[], bytes]

    @property
    def filename(self) -> str:
        return PurePosixPath(self.name).name


def _refused(name: str, reason: str) -> Document:
    def refuse() -> bytes:
        raise LetterError(reason)

    return Document(name, refuse)


# Walking the inputs ------------------------------------------------------------------


def _is_junk(name: str) -> bool:
    """Hidden files and the resource forks macOS adds to archives: never letters."""
    parts = PurePosixPath(name).parts
    return any(
        (part.startswith(".") and part not in {".", ".."}) or part == "__MACOSX" for part in parts
    )


def _file_on_disk(path: Path, name: str, stack: ExitStack) -> list[Document]:
    suffix = path.suffix.lower()
    if suffix == ARCHIVE_SUFFIX:
        return archive_documents(name, lambda: stack.enter_context(path.open("rb")), stack)

    def read() -> bytes:
        importing.check_size(path.stat().st_size)
        return path.read_bytes()

    return [Document(name, read)]


def documents_at(paths: Iterable[Path], stack: ExitStack) -> list[Document]:
    """The documents in files, folders (recursively, in name order) and .zip archives.
    Archives opened here stay open until `stack` closes."""
    documents: list[Document] = []
    for path in paths:
        if path.is_dir():
            for folder, subfolders, files in os.walk(path):
                subfolders.sort()
                for file in sorted(files):
                    found = Path(folder, file)
                    name = found.relative_to(path).as_posix()
                    if _is_junk(name):
                        continue
                    if found.suffix.lower() not in {*DOCUMENT_SUFFIXES, ARCHIVE_SUFFIX}:
                        documents.append(_refused(name, _not_a_document(name)))
                    else:
                        documents.extend(_file_on_disk(found, name, stack))
        elif path.is_file():
            documents.extend(_file_on_disk(path, path.name, stack))
        else:
            documents.append(_refused(str(path), "There is no such file or folder."))
    return documents


def _not_a_document(name: str) -> str:
    return f"“{PurePosixPath(name).name}” is not a PDF, a text file or a .zip archive."


def _entry_problem(info: zipfile.ZipInfo) -> str:
    """Why an archive entry is refused before it is read, or ""."""
    name = PurePosixPath(info.filename.replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts or ":" in info.filename:
        return "Its name in the archive points outside the archive, so it was not read."
    if stat.S_ISLNK(info.external_attr >> 16):
        return "It is a link in the archive, not a document."
    if info.flag_bits & 0x1:
        return "It is protected by a password in the archive, so it cannot be read."
    if name.suffix.lower() == ARCHIVE_SUFFIX:
        return "It is an archive inside the archive: unpack it and import its contents."
    if name.suffix.lower() not in DOCUMENT_SUFFIXES:
        return _not_a_document(name.name)
    return ""


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # The size in the entry's header is checked before anything is decompressed; reading
    # at most one byte more than the limit catches a header that lies.
    importing.check_size(info.file_size)
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, OSError) as error:
        raise LetterError(f"It could not be read from the archive: {error}.") from None
    importing.check_size(len(data))
    return data


def archive_documents(
    name: str, open_archive: Callable[[], BinaryIO], stack: ExitStack
) -> list[Document]:
    """The documents inside a .zip archive, read from memory, never unpacked to disk."""
    try:
        archive = stack.enter_context(zipfile.ZipFile(open_archive()))
    except (zipfile.BadZipFile, OSError):
        return [_refused(name, "It is not a .zip archive that can be opened.")]
    entries = [
        info for info in archive.infolist() if not info.is_dir() and not _is_junk(info.filename)
    ]
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        reason = (
            f"The archive holds {len(entries)} files; import at most "
            f"{MAX_ARCHIVE_ENTRIES} at a time."
        )
        return [_refused(name, reason)]
    documents = []
    for info in entries:
        entry_name = f"{name}/{info.filename}"
        problem = _entry_problem(info)
        if problem:
            documents.append(_refused(entry_name, problem))
        else:
            documents.append(Document(entry_name, lambda info=info: _read_entry(archive, info)))
    return documents


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
    return _row(document, DUPLICATE, "Already waiting for review.", staged=existing.pk)


def _read(document: Document) -> tuple[bytes, str, object]:
    """The document's bytes, text and parsed letter; LetterError when it is refused."""
    data = document.read()
    try:
        text, parsed = importing.read_document(data, document.filename)
    except LetterError:
        raise
    except Exception as error:
        # One document the parser cannot cope with must not stop the thousands after it.
        logger.exception("The importer failed on %s", document.name)
        raise LetterError(
            f"The importer failed on this document ({type(error).__name__}); the error is "
            "logged for the developers. Import it on its own to check it by hand."
        ) from None
    return data, text, parsed


def decide(
    document: Document,
    *,
    authority: LocalAuthority | None = None,
    publish: bool = False,
    user: AbstractBaseUser | None = None,
    batch: ImportBatch | None = None,
) -> Row:
    """Read one document and import it, stage it for review, or say why not.
    `authority`, when given, is taken instead of the one the letter names."""
    try:
        data, text, parsed = _read(document)
    except LetterError as error:
        return _row(document, REFUSED, str(error))
    existing = importing.find_existing(text)
    if existing is not None:
        return _duplicate_row(document, existing)
    chosen = authority or importing.match_authority(parsed)
    reasons = importing.review_reasons(parsed, chosen)
    if reasons:
        staged = importing.stage_document(
            text=text,
            filename=document.filename,
            data=data,
            reasons=reasons,
            user=user,
            batch=batch,
        )
        return _row(document, REVIEW, " ".join(reasons), staged=staged.pk)
    try:
        with transaction.atomic():
            inspection = importing.import_confident(
                text=text,
                filename=document.filename,
                data=data,
                parsed=parsed,
                authority=chosen,
                user=user,
            )
            if publish:
                inspection.published = True
                inspection.save(update_fields=["published"])
    except DuplicateLetter as duplicate:  # imported by someone else a moment ago
        return _duplicate_row(document, duplicate.existing)
    findings = len(parsed.findings)
    state = "published" if publish else "not published yet"
    reason = f"“{inspection}”: {findings} finding{'s' if findings != 1 else ''}; {state}."
    return _row(document, IMPORTED, reason, inspection=inspection.pk)


# Running a batch ---------------------------------------------------------------------


def run(
    batch: ImportBatch,
    documents: list[Document],
    *,
    authority: LocalAuthority | None = None,
    publish: bool = False,
    on_row: Callable[[Row], None] | None = None,
) -> ImportBatch:
    """Decide every document not yet decided in this batch, recording each row with what
    it created; returns the batch as it ends."""
    for index, document in enumerate(documents):
        with transaction.atomic():
            # The lock keeps a second run of the same batch (a redelivered task) from
            # deciding a document that this one is deciding.
            batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if batch.done > index:
                continue
            row = decide(
                document, authority=authority, publish=publish, user=batch.created_by, batch=batch
            )
            batch.results = [*batch.results, row]
            batch.done = index + 1
            batch.save(update_fields=["results", "done"])
        if on_row is not None:
            on_row(row)
    return batch


def start_batch(*, user: AbstractBaseUser | None, total: int) -> ImportBatch:
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


def uploaded_documents(uploads: list[dict[str, str]], stack: ExitStack) -> list[Document]:
    """The documents in a batch's stored uploads, in the order they were uploaded."""
    documents: list[Document] = []
    for upload in uploads:
        name, stored = upload["name"], upload["stored"]
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ARCHIVE_SUFFIX:
            opener = lambda stored=stored: stack.enter_context(default_storage.open(stored, "rb"))  # noqa: E731
            documents.extend(archive_documents(name, opener, stack))
        elif suffix in DOCUMENT_SUFFIXES:
            documents.append(Document(name, lambda stored=stored: _read_stored(stored)))
        else:
            documents.append(_refused(name, _not_a_document(name)))
    return documents


def _read_stored(stored: str) -> bytes:
    importing.check_size(default_storage.size(stored))
    with default_storage.open(stored, "rb") as handle:
        return handle.read()


def create_upload_batch(*, user: AbstractBaseUser, files: list[UploadedFile]) -> ImportBatch:
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
        transaction.on_commit(lambda: queue(batch.pk))
    batch.refresh_from_db()
    return batch


def queue(batch_id: int) -> bool:
    """Queue the batch's task; False (and a note on the batch) if the broker is down."""
    from inspections.tasks import import_batch  # the tasks module imports this one

    try:
        # retry=False: the admin's request must not hang waiting for Redis to come back.
        import_batch.apply_async((batch_id,), retry=False)
    except (KombuError, RedisError, OSError):
        logger.warning("Could not queue bulk import %s; it stays queued.", batch_id, exc_info=True)
        ImportBatch.objects.filter(pk=batch_id).update(error=QUEUE_DOWN)
        return False
    ImportBatch.objects.filter(pk=batch_id, error=QUEUE_DOWN).update(error="")
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
