"""Evidence files: accepted by what they contain, refused with a reason, downloaded safely."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from pypdf import PdfWriter

from actions.evidence import check_evidence, download_name
from actions.models import ActionUpdate
from actions.services import add_note
from tests.conftest import World

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    """A real 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def office_zip(folder: str, content_types: str = "") -> bytes:
    """The skeleton of an Office Open XML file: [Content_Types].xml and a main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types or "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.worksheets[0]["A1"] = "Audits completed"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ole2(stream_name: str) -> bytes:
    """An OLE2 compound file whose directory names one stream, as old Office files do."""
    return OLE2_MAGIC + bytes(504) + stream_name.encode("utf-16-le") + bytes(1024)


def zip_of(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(500)
WEB_PAGE = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("audit.pdf", pdf_bytes(), "application/pdf"),
        (
            "plan.docx",
            office_zip("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "tracker.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "board.pptx",
            office_zip("ppt"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("old.doc", ole2("WordDocument"), "application/msword"),
        ("old.xls", ole2("Workbook"), "application/vnd.ms-excel"),
        ("old.ppt", ole2("PowerPoint Document"), "application/vnd.ms-powerpoint"),
        ("photo.png", png_bytes(), "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100), "image/jpeg"),
        ("chart.gif", b"GIF89a\x01\x00\x01\x00" + bytes(100), "image/gif"),
        ("scan.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(100), "image/webp"),
        ("minutes.txt", "Audit panel met on 3 March – all present.".encode(), "text/plain"),
        ("figures.csv", b"\xef\xbb\xbfmonth,audits\nMarch,10\n", "text/csv"),
        # The name does not decide: a PDF is a PDF whatever it is called.
        ("audit.exe", pdf_bytes(), "application/pdf"),
    ],
)
def test_it_accepts_evidence_by_its_content(name: str, data: bytes, content_type: str):
    assert check_evidence(upload(name, data)) == content_type


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("report.pdf", WINDOWS_PROGRAM, "The file is a Windows program, which cannot be uploaded"),
        ("report.pdf", b"\x7fELF\x02\x01\x01" + bytes(100), "The file is a Linux program"),
        ("report.pdf", WEB_PAGE, "The file is a web page or other markup"),
        ("notes.txt", b"  <svg onload=alert(1)></svg>", "The file is a web page or other markup"),
        ("files.zip", zip_of("report.exe", WINDOWS_PROGRAM), "The file is a ZIP archive"),
        (
            "plan.docx",
            office_zip("word", "application/vnd.ms-word.document.macroEnabled.main+xml"),
            "The file is an Office document with macros",
        ),
        ("setup.doc", ole2("SummaryInformation"), "not a Word, Excel or PowerPoint document"),
        ("notes.md", b"# Notes\n", "only text files whose names end in .txt or .csv"),
        ("data.bin", bytes(range(256)) * 4, "The file is not a PDF, an Office document"),
    ],
)
def test_it_refuses_other_files_and_says_why(name: str, data: bytes, reason: str):
    with pytest.raises(ValidationError) as refusal:
        check_evidence(upload(name, data))

    message = refusal.value.messages[0]
    assert reason in message
    assert message.endswith(".")


def test_it_refuses_a_file_over_20_mb(settings):
    with pytest.raises(ValidationError, match="The file is larger than 20 MB"):
        check_evidence(upload("big.pdf", b"%PDF-1.7\n" + bytes(settings.MAX_UPLOAD_BYTES)))


@pytest.mark.parametrize(
    ("stored", "content_type", "saved_as"),
    [
        ("audit.pdf", "application/pdf", "audit.pdf"),
        ("audit.exe", "application/pdf", "audit.exe.pdf"),
        ("photo.JPEG", "image/jpeg", "photo.JPEG"),
        ("bad\r\nname.txt", "text/plain", "badname.txt"),
        ("..\\..\\secret.csv", "text/csv", "secret.csv"),
    ],
)
def test_the_download_name_is_safe_and_matches_the_content(stored, content_type, saved_as):
    assert download_name(stored, content_type) == saved_as


# The pages -----------------------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_note(client: Client, world: World, note: str, file: SimpleUploadedFile):
    return client.post(
        reverse("workspace:action_note", args=[world.action.pk]),
        {"note-note": note, "note-version": world.action.version, "note-evidence": file},
    )


def stored_files(settings) -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.django_db
def test_the_owner_adds_a_note_with_evidence_and_the_timeline_lists_it(world: World):
    owner = signed_in(world.owner)
    data = pdf_bytes()

    response = post_note(owner, world, "Audit report attached.", upload("March audit.pdf", data))

    assert response.status_code == 302
    update = ActionUpdate.objects.get()
    assert (update.evidence_name, update.evidence_size) == ("March audit.pdf", len(data))
    assert update.evidence_content_type == "application/pdf"
    page = owner.get(reverse("workspace:action", args=[world.action.pk])).content.decode()
    assert f'href="{reverse("workspace:evidence", args=[update.pk])}">March audit.pdf</a>' in page
    assert f"(PDF, {len(data)}\xa0bytes)" in page  # filesizeformat keeps number and unit together


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("report.pdf", WINDOWS_PROGRAM, "The file is a Windows program"),
        ("report.pdf", WEB_PAGE, "The file is a web page"),
        ("report.pdf", b"%PDF-1.7\n" + bytes(21 * 1024 * 1024), "larger than 20 MB"),
    ],
)
def test_a_refused_file_keeps_the_note_and_writes_nothing(
    world: World, settings, name: str, data: bytes, reason: str
):
    response = post_note(
        signed_in(world.owner), world, "Audit report attached.", upload(name, data)
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert reason in page
    assert "Audit report attached.</textarea>" in page
    assert "choose the file again" in page
    assert not ActionUpdate.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_another_authority_cannot_attach_evidence(world: World, settings):
    response = post_note(
        signed_in(world.outsider), world, "Ours now.", upload("a.pdf", pdf_bytes())
    )

    assert response.status_code == 404
    assert not ActionUpdate.objects.exists()
    assert stored_files(settings) == []


@pytest.fixture
def evidence_update(world: World) -> ActionUpdate:
    return add_note(
        action=world.action,
        by=world.owner,
        note="Audit report.",
        evidence=upload("Audit – März.pdf", pdf_bytes()),
        evidence_content_type="application/pdf",
    )


@pytest.mark.django_db
def test_the_download_serves_the_bytes_as_an_attachment_never_sniffed(world, evidence_update):
    response = signed_in(world.viewer).get(reverse("workspace:evidence", args=[evidence_update.pk]))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=utf-8''Audit%20%E2%80%93%20M%C3%A4rz.pdf" in disposition


@pytest.mark.django_db
def test_another_authority_cannot_download_the_evidence(world, evidence_update, client):
    url = reverse("workspace:evidence", args=[evidence_update.pk])

    assert signed_in(world.outsider).get(url).status_code == 404
    assert client.get(url).status_code == 302  # anonymous: sign in first


@pytest.mark.django_db
def test_a_timeline_entry_without_a_file_has_nothing_to_download(world: World):
    update = add_note(action=world.action, by=world.owner, note="No file.")

    response = signed_in(world.owner).get(reverse("workspace:evidence", args=[update.pk]))

    assert response.status_code == 404
