"""The admin's "Import many letters" pages: upload a .zip or many files, watch the import
run as a Celery task, then read what became of each document.

The status page shows a progress bar that our own script (static/js/bulk-import.js)
moves by polling a small JSON view; without the script, a "Refresh" link does the same.
"""

from __future__ import annotations

import zipfile
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from actions.admin.import_views import PREVIEW, admin_page_context, check_import_permission
from actions.admin.scoping import import_batches
from actions.importing import bulk, letters
from actions.importing.bulk_inputs import ARCHIVE_SUFFIX
from actions.plumbing.auth import signed_in_user
from inspections.parsing import LetterError
from inspections.staging import ImportBatch

STATUS_PAGE = "admin:inspections_inspection_bulk_import_status"
RESTARTABLE = {ImportBatch.Status.QUEUED, ImportBatch.Status.FAILED}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files from one input (Django's own recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.txt,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        clean_one = super().clean
        return [clean_one(file, initial) for file in (data if isinstance(data, list) else [data])]


class BulkUploadForm(forms.Form):
    documents = MultipleFileField(
        label="Letters and reports",
        help_text="PDF or text files, or .zip archives of them. Choose up to 100 files at a "
        "time; put more than that in a .zip.",
    )

    def clean_documents(self) -> list[UploadedFile]:
        """An archive that cannot be opened, or a document over the size limit, is refused
        now, while the admin is here, by what the upload declares: before it is stored."""
        files = self.cleaned_data["documents"]
        for file in files:
            if not file.name.lower().endswith(ARCHIVE_SUFFIX):
                try:
                    letters.check_size(file.size or 0)
                except LetterError as error:
                    raise forms.ValidationError(f"“{file.name}”: {error}") from None
            elif not zipfile.is_zipfile(file):
                raise forms.ValidationError(
                    f"“{file.name}” is not a .zip archive that can be opened. Make the archive "
                    "again, or choose the letters themselves."
                )
        return files


def bulk_start(request: HttpRequest) -> HttpResponse:
    check_import_permission(request)
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # If the queue is down, the status page says so: the batch carries the note.
        batch = bulk.create_upload_batch(
            user=signed_in_user(request), files=form.cleaned_data["documents"]
        )
        return redirect(STATUS_PAGE, batch.pk)
    return TemplateResponse(
        request,
        "admin/inspections/bulk_start.html",
        admin_page_context(
            request,
            "Import many letters",
            form=form,
            batches=import_batches(request, ImportBatch.objects.select_related("created_by"))[:10],
        ),
    )


def _is_running(batch: ImportBatch) -> bool:
    """Whether the page should keep watching: started, or waiting for a worker."""
    return batch.status == ImportBatch.Status.RUNNING or (
        batch.status == ImportBatch.Status.QUEUED and not batch.error
    )


def _progress_text(batch: ImportBatch) -> str:
    return f"{batch.get_status_display()}: {batch.done} of {batch.total} documents"


def _link(row: bulk.Row) -> tuple[str, str]:
    """Where a result row leads: the imported inspection, or the letter in the queue."""
    if row["staged"] and row["outcome"] != bulk.IMPORTED:
        return reverse(PREVIEW, args=[row["staged"]]), "Check it in the review queue"
    if row["inspection"]:
        url = reverse("admin:inspections_inspection_change", args=[row["inspection"]])
        return url, "Open the inspection"
    return "", ""


def _sections(results: list[bulk.Row]) -> list[dict]:
    """The summary table's sections, one per outcome, in the command's order."""
    sections = []
    for outcome, title in bulk.OUTCOMES.items():
        rows = [{**row, "link": _link(row)} for row in results if row["outcome"] == outcome]
        if rows:
            sections.append({"outcome": outcome, "title": title, "rows": rows})
    return sections


def bulk_status(request: HttpRequest, pk: int) -> HttpResponse:
    check_import_permission(request)
    batch = get_object_or_404(import_batches(request, ImportBatch.objects.all()), pk=pk)
    if request.method == "POST" and batch.status in RESTARTABLE:
        if bulk.queue_batch(batch.pk):
            messages.success(request, "The import has been started again.")
        else:
            messages.error(request, "The task queue is still not answering.")
        return redirect(STATUS_PAGE, batch.pk)
    return TemplateResponse(
        request,
        "admin/inspections/bulk_status.html",
        admin_page_context(
            request,
            f"Import many letters: batch {batch.pk}",
            batch=batch,
            running=_is_running(batch),
            restartable=batch.status in RESTARTABLE,
            progress_text=_progress_text(batch),
            progress_max=max(batch.total, 1),
            summary_line=bulk.summary_line(batch.results),
            sections=_sections(batch.results),
        ),
    )


def bulk_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """What the status page's script polls: a few numbers, not the results."""
    check_import_permission(request)
    batch = get_object_or_404(
        import_batches(request, ImportBatch.objects.defer("results", "uploads")), pk=pk
    )
    return JsonResponse(
        {
            "status": batch.status,
            "done": batch.done,
            "total": batch.total,
            "running": _is_running(batch),
            "text": _progress_text(batch),
        }
    )
