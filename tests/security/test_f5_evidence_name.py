"""F5: an evidence file named with 200 four-byte characters gave a 500 ("File name too
long") and lost the typed note. Evidence is now stored under a generated name with the
extension of the type found in its bytes; the uploaded name is kept, cut to fit its column,
for the timeline and the download."""

from __future__ import annotations

from pathlib import Path, PurePath
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.urls import reverse

from actions.models import ActionUpdate
from tests.actions.test_evidence import (
    WINDOWS_PROGRAM,
    pdf_bytes,
    png_bytes,
    post_note,
    signed_in,
    stored_files,
)

pytestmark = pytest.mark.django_db

# 200 four-byte characters that are letters, so Django's own cleaning of names keeps them:
# 800 bytes of UTF-8, more than a file system takes in one name. (Emoji are dropped by that
# cleaning, leaving a hidden file called ".pdf".)
LONG_NAME = "𠜎" * 200 + ".pdf"
NAME_COLUMN = ActionUpdate._meta.get_field("evidence_name").max_length


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")


@pytest.mark.parametrize("name", [LONG_NAME, "😀" * 200 + ".pdf"])
def test_a_name_of_four_byte_characters_is_kept_for_display_only(world, settings, name):
    owner = signed_in(world.owner)

    response = post_note(owner, world, "Audit attached.", upload(name, pdf_bytes()))

    assert response.status_code == 302
    update = ActionUpdate.objects.get()
    assert (update.note, update.evidence_name) == ("Audit attached.", name)
    (stored,) = stored_files(settings)
    assert stored.suffix == ".pdf"
    assert stored.name.isascii() and len(stored.name.encode()) < 100
    assert Path(update.evidence.path) == stored
    download = owner.get(reverse("workspace:evidence", args=[update.pk]))
    assert download.status_code == 200
    assert isinstance(download, StreamingHttpResponse)
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert download["Content-Disposition"].endswith(f"{quote(name)}")  # the name as uploaded


def test_a_name_longer_than_its_column_is_cut_to_fit_keeping_its_extension(world):
    response = post_note(
        signed_in(world.owner), world, "Long name.", upload("a" * 400 + ".pdf", pdf_bytes())
    )

    assert response.status_code == 302
    name = ActionUpdate.objects.get().evidence_name
    assert len(name) == NAME_COLUMN
    assert name.endswith("a.pdf")


def test_evidence_is_stored_under_the_extension_of_its_detected_type(world, settings):
    response = post_note(
        signed_in(world.owner), world, "A photo.", upload("whiteboard.txt", png_bytes())
    )

    assert response.status_code == 302
    update = ActionUpdate.objects.get()
    assert update.evidence_content_type == "image/png"
    assert PurePath(update.evidence.path).suffix == ".png"
    assert [path.suffix for path in stored_files(settings)] == [".png"]
    assert update.evidence_name == "whiteboard.txt"


def test_a_refused_file_with_such_a_name_keeps_the_note(world, settings):
    response = post_note(
        signed_in(world.owner), world, "Typed with care.", upload(LONG_NAME, WINDOWS_PROGRAM)
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The file is a Windows program" in page
    assert "Typed with care.</textarea>" in page
    assert stored_files(settings) == []


def test_the_api_takes_such_a_name_too(world, settings):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.owner)

    response = client.post(
        f"/api/v1/actions/{world.action.pk}/updates/",
        {"note": "Through the API.", "evidence": upload(LONG_NAME, pdf_bytes())},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    assert response.data["evidence"]["name"] == LONG_NAME
    assert [path.suffix for path in stored_files(settings)] == [".pdf"]
