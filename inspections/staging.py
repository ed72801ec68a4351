"""Letters that have been read but not yet imported, and the bulk imports that read them.

Every entry point stages a document the same way: a `StagedImport` keeps the original
file and its text until a person (or a confident bulk import) confirms it. Those that
need a person wait in the admin's review queue with the reasons why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    """One bulk import (a .zip, a folder or many files), run as a Celery task or a command."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Stopped by an error"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="Documents found in the upload.")
    done = models.PositiveIntegerField(default=0, help_text="Documents handled so far.")
    # One row per document: {"file", "outcome", "reason", "inspection", "staged"}, where
    # outcome is imported, review, duplicate or refused.
    results = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    # The files uploaded through the admin, kept in storage until the task has read them:
    # [{"name": as uploaded, "stored": the storage name}]. Empty for the command's runs.
    uploads = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"Bulk import {self.pk} ({self.done} of {self.total})"


class StagedImport(models.Model):
    """A document read and waiting: in a single import's preview, or in the review queue."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        IMPORTED = "imported", "Imported"
        DISCARDED = "discarded", "Discarded"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="staged"
    )
    # The authority someone chose when the letter was read (the command's --authority),
    # instead of the one the letter names; the review starts from it.
    authority = models.ForeignKey(
        "inspections.LocalAuthority", null=True, blank=True, on_delete=models.SET_NULL
    )
    filename = models.CharField(max_length=255)
    document = models.FileField(upload_to="import-staging/", blank=True)
    text = models.TextField()
    # The same fingerprint as Inspection.fingerprint: re-running a bulk import finds the
    # letters it has already staged as well as those it has imported.
    fingerprint = models.CharField(max_length=64)
    reasons = models.JSONField(
        default=list, blank=True, help_text="Why a person must check it before it is imported."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "letter in the review queue"
        verbose_name_plural = "letters in the review queue"
        indexes = [
            # The review queue: pending documents, oldest first.
            models.Index(fields=["status", "created_at"], name="staged_import_queue"),
            # Re-runs look documents up by fingerprint.
            models.Index(fields=["fingerprint"], name="staged_import_fingerprint"),
        ]

    def __str__(self) -> str:
        return self.filename
