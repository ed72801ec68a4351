"""An upload over the size limit is refused with a clear message before it is read, on every
way a letter comes in: the admin's import page, the API and the admin's bulk import; and a
document whose declared size lies is read no further than one byte past the limit."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from actions.importing import letters
from inspections.parsing import LetterError
from inspections.staging import ImportBatch, StagedImport

pytestmark = pytest.mark.django_db

LIMIT = 1024 * 1024
TOO_LARGE = "The file is too large to import: the limit is 1 MB."


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.MAX_UPLOAD_BYTES = LIMIT
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT + 1024 * 1024


@pytest.fixture
def bytes_read(monkeypatch) -> list[int]:
    """How many bytes the application read from uploaded files, one entry per read. The
    server holds each upload here in an InMemoryUploadedFile; the test client's own
    SimpleUploadedFile (read whole to build the request) is not counted."""
    counts: list[int] = []

    def counting_read(self):
        def counted(*args, **kwargs):
            data = self.file.read(*args, **kwargs)  # what Django's `read` property gives
            if type(self) is InMemoryUploadedFile:
                counts.append(len(data))
            return data

        return counted

    monkeypatch.setattr(InMemoryUploadedFile, "read", property(counting_read))
    return counts


def big_html(name: str = "letter.pdf") -> SimpleUploadedFile:
    """A web page saved with a .pdf name, half a megabyte over the limit."""
    page = b"<!DOCTYPE html><html><body>" + b"<p>Ofsted</p>" * ((LIMIT + LIMIT // 2) // 13)
    return SimpleUploadedFile(name, page, "application/pdf")


def test_the_admin_import_page_refuses_it_unread(admin_client, bytes_read):
    response = admin_client.post(
        reverse("admin:inspections_inspection_import"), {"document": big_html(), "text": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["document"][0].startswith(TOO_LARGE)
    assert sum(bytes_read) == 0
    assert not StagedImport.objects.exists()


def test_the_api_refuses_it_unread(admin_user, bytes_read):
    client = APIClient()
    client.force_authenticate(user=admin_user)

    response = client.post("/api/v1/imports/preview/", {"document": big_html()}, format="multipart")

    assert response.status_code == 413
    assert response.data["detail"].startswith(TOO_LARGE)
    assert sum(bytes_read) == 0
    assert not StagedImport.objects.exists()


def test_the_bulk_import_refuses_it_unread_before_storing_anything(admin_client, bytes_read):
    letter = SimpleUploadedFile("small.txt", b"Ofsted letter", "text/plain")

    response = admin_client.post(
        reverse("admin:inspections_inspection_bulk_import"),
        {"documents": [letter, big_html("big.pdf")]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["documents"] == [
        f"“big.pdf”: {TOO_LARGE} "
        "If it is a scanned or image-heavy PDF, paste the letter's text instead."
    ]
    assert sum(bytes_read) == 0
    assert not ImportBatch.objects.exists()
    assert not default_storage.exists("import-batches")


def test_a_document_whose_declared_size_lies_is_read_only_one_byte_past_the_limit(bytes_read):
    page = big_html().read()
    # As the server holds an upload, declaring what a crafted request could claim.
    upload = InMemoryUploadedFile(io.BytesIO(page), "document", "letter.pdf", "", 10, None)

    with pytest.raises(LetterError, match="too large to import"):
        letters.read_upload(upload)

    assert bytes_read == [LIMIT + 1]
