"""`python manage.py import_letter PATH…`: files, folders and .zip archives, a summary at the
end, and nothing created twice."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions.models import ActionItem
from inspections.models import Inspection
from inspections.staging import ImportBatch, StagedImport

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "inspections" / "sample_letters"
PDFS = ROOT / "tests" / "fixtures" / "pdfs"
REDCAR = PDFS / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
FAKE = PDFS / "2012-10-19-birmingham-inspection.pdf"

pytestmark = pytest.mark.django_db


def run(*args: object) -> str:
    """The command's output; a refusal makes it fail, and its summary is printed first."""
    out = io.StringIO()
    call_command("import_letter", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def section(output: str, title: str) -> list[tuple[str, str]]:
    """The (document, reason) rows of one section of the summary ("Imported"...)."""
    lines = output.split(f"\n{title} (", 1)[1].split("\n\n", 1)[0].splitlines()
    return [_row(line) for line in lines[1:]]


def _row(line: str) -> tuple[str, str]:
    document, reason = re.split(r"\s{2,}", line.strip(), maxsplit=1)
    return document, reason


def atlantis(tmp_path: Path) -> Path:
    """A real letter whose council no authority in England matches."""
    text = (SAMPLES / "wirral-2010-annual-unannounced.txt").read_text(encoding="utf-8")
    path = tmp_path / "atlantis.txt"
    path.write_text(text.replace("Wirral", "Atlantis"), encoding="utf-8")
    return path


def test_it_imports_text_and_pdf_files_unpublished_and_lists_each_in_the_summary():
    output = run(SAMPLES / "wirral-2010-annual-unannounced.txt", REDCAR)

    imported = section(output, "Imported")
    assert [file for file, _reason in imported] == [
        "wirral-2010-annual-unannounced.txt",
        REDCAR.name,
    ]
    wirral = Inspection.objects.get(authority__name="Wirral")
    assert imported[0][1] == f"“{wirral}”: 23 findings; not published yet."
    assert output.rstrip().endswith(
        "2 documents: 2 imported, 0 waiting for review, 0 duplicates, 0 refused."
    )
    assert wirral.kind == "annual_unannounced"
    actionable = wirral.findings.actionable().count()
    assert actionable > 0
    assert ActionItem.objects.filter(finding__inspection=wirral).count() == actionable
    pdf_letter = Inspection.objects.get(authority__name="Redcar and Cleveland")
    assert str(pdf_letter.source_document.name).endswith(".pdf")
    assert not Inspection.objects.filter(published=True).exists()


def test_publish_keeps_a_letter_with_draft_actions_unpublished_and_says_why():
    output = run(SAMPLES / "wigan-2020-focused-visit.txt", "--publish")

    assert not Inspection.objects.get().published
    [(_file, reason)] = section(output, "Imported")
    assert reason.endswith("not published yet, as its draft actions need editing first.")


def test_publish_anyway_publishes_what_it_imports():
    run(SAMPLES / "wigan-2020-focused-visit.txt", "--publish-anyway")
    assert Inspection.objects.get().published


def test_it_reads_folders_recursively_and_the_letters_inside_zip_archives(tmp_path):
    folder = tmp_path / "letters"
    (folder / "wigan").mkdir(parents=True)
    shutil.copy(SAMPLES / "wigan-2020-focused-visit.txt", folder / "wigan")
    shutil.copy(REDCAR, folder)
    (folder / ".DS_Store").write_bytes(b"\0")
    with zipfile.ZipFile(folder / "more.zip", "w") as archive:
        archive.write(SAMPLES / "wirral-2010-annual-unannounced.txt", "2010/wirral.txt")
        archive.writestr("__MACOSX/2010/._wirral.txt", b"\0")

    output = run(folder)

    assert [file for file, _reason in section(output, "Imported")] == [
        REDCAR.name,
        "more.zip/2010/wirral.txt",
        "wigan/wigan-2020-focused-visit.txt",
    ]
    assert "DS_Store" not in output and "MACOSX" not in output
    assert Inspection.objects.count() == 3


def test_a_second_run_creates_nothing_twice(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(SAMPLES / "wandsworth-2011-annual-unannounced.txt", folder)
    atlantis(folder)
    run(folder)
    created = Inspection.objects.count(), StagedImport.objects.count(), ActionItem.objects.count()

    output = run(folder)

    assert section(output, "Duplicates") == [
        ("atlantis.txt", "Already waiting for review."),
        (
            "wandsworth-2011-annual-unannounced.txt",
            f"Already imported as “{Inspection.objects.get()}”.",
        ),
    ]
    assert (Inspection.objects.count(), StagedImport.objects.count()) == created[:2]
    assert ActionItem.objects.count() == created[2]


def test_a_letter_naming_no_authority_waits_for_review_with_the_reason(tmp_path):
    output = run(atlantis(tmp_path))

    ((file, reason),) = section(output, "Waiting for review")
    assert file == "atlantis.txt" and "matches no local authority" in reason
    staged = StagedImport.objects.get()
    assert staged.status == StagedImport.Status.PENDING and "Atlantis" in staged.reasons[0]
    assert staged.batch is not None
    assert not Inspection.objects.exists()


def test_authority_files_a_letter_under_the_authority_given():
    run(SAMPLES / "wigan-2020-focused-visit.txt", "--authority", "wirral")
    assert Inspection.objects.get().authority.name == "Wirral"


def test_authority_is_carried_into_the_review_queue_and_its_preview(admin_client):
    # A real focused visit that lists nothing to act on: a person must confirm that.
    run(PDFS / "2021-08-09-nottingham-focused-visit.pdf", "--authority", "wirral")

    staged = StagedImport.objects.get()
    assert staged.status == StagedImport.Status.PENDING
    authority = staged.authority
    assert authority is not None and authority.name == "Wirral"
    preview = admin_client.get(
        reverse("admin:inspections_inspection_import_preview", args=[staged.pk])
    )
    assert preview.context["form"]["authority"].value() == authority.pk


def test_an_unknown_authority_slug_stops_before_anything_is_read(tmp_path):
    with pytest.raises(CommandError, match="No local authority has the slug “atlantis”"):
        run(REDCAR, "--authority", "atlantis")
    assert not ImportBatch.objects.exists()


def test_it_refuses_what_it_cannot_import_says_why_and_exits_with_an_error(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK not a letter")
    out = io.StringIO()

    with pytest.raises(CommandError, match="3 of 4 documents were refused"):
        call_command(
            "import_letter",
            str(FAKE),
            str(tmp_path / "notes.docx"),
            str(tmp_path / "missing.pdf"),
            str(REDCAR),
            stdout=out,
        )

    refused = dict(section(out.getvalue(), "Refused"))
    assert list(refused) == [FAKE.name, "notes.docx", str(tmp_path / "missing.pdf")]
    assert "web page (HTML)" in refused[FAKE.name]
    assert "is not a file type the importer reads" in refused["notes.docx"]
    assert refused[str(tmp_path / "missing.pdf")] == "There is no such file or folder."
    assert Inspection.objects.count() == 1
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.done, batch.total) == ("finished", 4, 4)


@pytest.fixture
def small_limit(settings) -> int:
    settings.MAX_UPLOAD_BYTES = 4096
    return settings.MAX_UPLOAD_BYTES


def test_it_refuses_archive_entries_with_tricky_names_or_too_large_before_reading_them(
    tmp_path, small_limit
):
    archive_path = tmp_path / "tricks.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../escape.txt", "Ofsted")
        archive.writestr("/etc/absolute.txt", "Ofsted")
        archive.writestr("C:/windows.txt", "Ofsted")
        archive.writestr("big.txt", "a" * (small_limit + 1))
        archive.writestr("inner.zip", b"PK")
        archive.writestr("notes.csv", "authority,grade")

    with pytest.raises(CommandError, match="6 of 6 documents were refused"):
        run(archive_path)

    reasons = {row["file"]: row["reason"] for row in ImportBatch.objects.get().results}
    outside = "Its name in the archive points outside the archive"
    assert reasons["tricks.zip/../escape.txt"].startswith(outside)
    assert reasons["tricks.zip//etc/absolute.txt"].startswith(outside)
    assert reasons["tricks.zip/C:/windows.txt"].startswith(outside)
    assert reasons["tricks.zip/big.txt"].startswith("The file is too large to import")
    assert reasons["tricks.zip/inner.zip"].startswith("It is an archive inside the archive")
    assert reasons["tricks.zip/notes.csv"] == (
        "“notes.csv” is not a PDF, a text file or a .zip archive."
    )


def understate_size(archive_path: Path, member: str, size: int) -> None:
    """Rewrites an entry's uncompressed size in the archive's central directory, as a
    crafted archive would, to make it look small."""
    data = bytearray(archive_path.read_bytes())
    with zipfile.ZipFile(archive_path) as archive:
        info = archive.getinfo(member)
    header = data.find(b"PK\x01\x02")  # the entry's record in the central directory
    assert header != -1 and info.file_size > size
    data[header + 24 : header + 28] = size.to_bytes(4, "little")
    archive_path.write_bytes(bytes(data))


def test_an_archive_entry_that_lies_about_its_size_is_refused_not_read_whole(tmp_path, small_limit):
    archive_path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("letter.txt", "Ofsted " * small_limit)
    understate_size(archive_path, "letter.txt", 100)

    with pytest.raises(CommandError, match="1 of 1 documents were refused"):
        run(archive_path)

    (row,) = ImportBatch.objects.get().results
    assert row["reason"].startswith("It could not be read from the archive")


def test_a_damaged_archive_is_refused_with_the_reason(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really an archive")
    with pytest.raises(CommandError):
        run(tmp_path / "broken.zip")
    (row,) = ImportBatch.objects.get().results
    assert row["reason"] == "It is not a .zip archive that can be opened."


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_shows_a_progress_bar_on_a_terminal_and_none_when_output_is_captured():
    terminal, captured = Terminal(), io.StringIO()
    call_command("import_letter", str(REDCAR), stdout=io.StringIO(), stderr=terminal)
    call_command("import_letter", str(REDCAR), stdout=io.StringIO(), stderr=captured)
    assert "Importing: 100%" in terminal.getvalue() and "1/1" in terminal.getvalue()
    assert captured.getvalue() == ""


def test_load_sample_data_is_safe_to_run_twice(capsys):
    call_command("load_sample_data")
    call_command("load_sample_data")
    assert Inspection.objects.filter(published=True).count() == 5
    out = capsys.readouterr().out
    assert "already loaded" in out and "inspect-demo-2026" in out
    statuses = set(ActionItem.objects.values_list("status", flat=True))
    assert {"not_started", "in_progress", "completed", "verified", "blocked"} <= statuses
    assert ActionItem.objects.filter(owner__isnull=False).exists()
