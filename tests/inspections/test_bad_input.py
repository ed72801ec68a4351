"""Bad documents get a clear message, on the form and from the command, and write nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from actions.models import ActionItem
from inspections.models import Finding, Inspection, Judgement
from inspections.staging import StagedImport

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdfs"
REAL_PDF = FIXTURES / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
START = reverse("admin:inspections_inspection_import")


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(REAL_PDF))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def over_the_limit() -> bytes:
    return b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024 + 1)


# name, content, words the message must contain
BAD_FILES = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n  \t\n", "letter is empty"),
    ("shopping.txt", b"Eggs\nMilk\nBread and butter\n", "Ofsted"),
    ("latin1.txt", "Children’s services in Wigan – café".encode("cp1252"), "UTF-8"),
    ("huge.pdf", over_the_limit(), "limit is 20 MB"),
    (
        "birmingham.pdf",
        (FIXTURES / "2012-10-19-birmingham-inspection.pdf").read_bytes(),
        "not a PDF",
    ),
    ("locked.pdf", encrypted_pdf(), "password"),
    ("broken.pdf", REAL_PDF.read_bytes()[:5000], "damaged"),
    ("letter.docx", b"PK\x03\x04 not really", "PDF"),
]


def snapshot() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Inspection, Judgement, Finding, ActionItem))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_upload_is_refused_with_a_clear_message(admin_client, name, content, words):
    before = snapshot()

    response = admin_client.post(START, {"document": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.values())
    assert words.lower() in errors.lower(), errors
    assert snapshot() == before
    assert not StagedImport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "words"),
    [("", "Nothing was given"), ("    \n  ", "Nothing was given"), ("Dear Sir, hello.", "Ofsted")],
)
def test_bad_pasted_text_is_refused(admin_client, text, words):
    before = snapshot()
    response = admin_client.post(START, {"text": text})
    assert words in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_the_command_exits_non_zero_with_the_message(tmp_path, capsys, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot()

    with pytest.raises(CommandError, match="1 of 1 documents were refused"):
        call_command("import_letter", str(path))

    out = capsys.readouterr().out
    assert name in out and words.lower() in out.lower(), out
    assert snapshot() == before
    assert not StagedImport.objects.exists()
