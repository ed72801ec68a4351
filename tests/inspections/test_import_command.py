from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actions.models import ActionItem
from inspections.models import Inspection

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "inspections" / "sample_letters"
PDFS = ROOT / "tests" / "fixtures" / "pdfs"


@pytest.mark.django_db
def test_it_imports_text_and_pdf_files_with_one_line_each(capsys):
    paths = [
        SAMPLES / "wigan-2017-sif.txt",
        PDFS / "2019-01-17-redcar-and-cleveland-focused-visit.pdf",
    ]

    call_command("import_letter", *map(str, paths))

    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [p.name for p in paths]
    assert all("imported" in line for line in lines)
    sif = Inspection.objects.get(kind="sif")
    assert sif.authority.name == "Wigan" and sif.findings.count() == 16
    assert ActionItem.objects.filter(finding__inspection=sif).count() == 16
    pdf_letter = Inspection.objects.get(authority__name="Redcar and Cleveland")
    assert pdf_letter.source_document.name.endswith(".pdf")


@pytest.mark.django_db
def test_a_second_run_skips_what_is_already_there(capsys):
    path = str(SAMPLES / "wandsworth-2011-annual-unannounced.txt")
    call_command("import_letter", path)
    call_command("import_letter", path)
    assert "skipped, already imported" in capsys.readouterr().out
    assert Inspection.objects.count() == 1


@pytest.mark.django_db
def test_an_unmatched_council_needs_authority(tmp_path, capsys):
    text = (SAMPLES / "wirral-2010-annual-unannounced.txt").read_text(encoding="utf-8")
    path = tmp_path / "atlantis.txt"
    path.write_text(text.replace("Wirral", "Atlantis"), encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_letter", str(path))
    assert "--authority" in capsys.readouterr().err

    call_command("import_letter", str(path), "--authority", "wirral")
    assert Inspection.objects.get().authority.name == "Wirral"


@pytest.mark.django_db
def test_load_sample_data_is_safe_to_run_twice(capsys):
    call_command("load_sample_data")
    call_command("load_sample_data")
    assert Inspection.objects.filter(published=True).count() == 5
    out = capsys.readouterr().out
    assert "already loaded" in out and "inspect-demo-2026" in out
    statuses = set(ActionItem.objects.values_list("status", flat=True))
    assert {"not_started", "in_progress", "completed", "verified", "blocked"} <= statuses
    assert ActionItem.objects.filter(owner__isnull=False).exists()
