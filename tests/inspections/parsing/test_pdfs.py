"""Real Ofsted PDFs of every kind, and PDFs that cannot be used."""

import io
import json
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from inspections.parsing import LetterError, extract_pdf_text, parse_document, parse_text

REPO = Path(__file__).resolve().parents[3]
PDFS = REPO / "tests" / "fixtures" / "pdfs"
TEXTS = REPO / "tests" / "fixtures" / "texts"
EXPECTED = REPO / "tests" / "fixtures" / "expected"
FAKE = "2012-10-19-birmingham-inspection"
REAL = sorted(path.stem for path in PDFS.glob("*.pdf") if path.stem != FAKE)
EXPECTED_PDFS = sorted(path.stem for path in EXPECTED.glob("*.json") if path.stem in REAL)


@cache
def pdf_text(name: str) -> str:
    """Extract each corpus PDF once per test session."""
    return extract_pdf_text((PDFS / f"{name}.pdf").read_bytes())


def poppler_text(name: str) -> str:
    """The same document as poppler's ``pdftotext`` gives it (the "text" of a PDF)."""
    return (TEXTS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("source", ["pdf", "text"])
@pytest.mark.parametrize("name", EXPECTED_PDFS, ids=EXPECTED_PDFS)
def test_document_matches_expected_extraction(name, source, assert_matches_expected):
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    text = pdf_text(name) if source == "pdf" else poppler_text(name)

    got = parse_text(text).to_dict()

    assert_matches_expected(got, expected)


def test_fixtures_cover_every_kind_of_document():
    kinds = {
        json.loads((EXPECTED / f"{name}.json").read_text())["inspection_type"]
        for name in EXPECTED_PDFS
    }

    assert {"focused_visit", "sif", "ilacs_standard", "ilacs_short"} <= kinds


def test_parse_document_reads_a_pdf_by_its_content_whatever_its_name():
    data = (PDFS / "2018-03-01-newham-focused-visit.pdf").read_bytes()

    letter = parse_document(data, "upload")

    assert letter.local_authority == "Newham"
    assert len(letter.findings_of("area_for_development")) == 4


def test_page_furniture_stays_out_of_report_findings():
    letter = parse_text(pdf_text("2022-05-09-sefton-inspection"))

    texts = " ".join(f.text for f in letter.findings)
    assert "Inspection of Sefton" not in texts
    assert "21 February to 4 March 2022" not in texts


def test_report_without_overall_grade_keeps_area_grades_and_says_so_without_a_warning():
    letter = parse_text(pdf_text("2026-08-03-trafford-inspection"))

    assert letter.overall_judgement is None
    assert len(letter.judgements) == 4
    assert "gives no overall grade" in letter.provenance["overall_judgement"].note
    assert letter.warnings == []


def test_combined_sif_report_labels_each_part():
    letter = parse_text(pdf_text("2015-03-27-enfield-inspection"))

    lscb = [f for f in letter.findings if f.section == "Local Safeguarding Children Board"]
    assert [f.kind for f in lscb] == ["area_for_development"] * 4
    assert lscb[0].text.startswith("Ensure that the ESCB robustly monitors")
    assert letter.findings_of("priority_action")[0].heading == "Priority and immediate action"
    assert letter.findings_of("strength")[0].section == "local authority"


def test_an_html_page_saved_as_pdf_is_refused():
    data = (PDFS / f"{FAKE}.pdf").read_bytes()

    with pytest.raises(LetterError, match="web page") as error:
        parse_document(data, f"{FAKE}.pdf")
    assert "Download the report" in str(error.value)


def _newham() -> bytes:
    return (PDFS / "2018-03-01-newham-focused-visit.pdf").read_bytes()


def _encrypted(user_password: str, owner_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_newham())))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(LetterError, match="password-protected"):
        extract_pdf_text(_encrypted("secret", "owner"))


def test_an_encrypted_pdf_without_a_user_password_is_read():
    text = extract_pdf_text(_encrypted("", "owner"))

    assert "Focused visit to London Borough of Newham" in text


def test_a_truncated_pdf_is_refused():
    data = _newham()

    with pytest.raises(LetterError, match="damaged or incomplete"):
        extract_pdf_text(data[: len(data) // 2])


def test_a_pdf_with_corrupt_insides_is_refused():
    corrupt = b"%PDF-1.5\n" + b"\x00garbage" * 200 + b"\n%%EOF\n"

    with pytest.raises(LetterError, match="damaged or incomplete"):
        extract_pdf_text(corrupt)


def test_a_scanned_pdf_with_no_text_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)

    with pytest.raises(LetterError, match="no text"):
        extract_pdf_text(out.getvalue())


def test_a_file_that_is_not_a_pdf_is_refused():
    with pytest.raises(LetterError, match="not a PDF"):
        extract_pdf_text(b"PK\x03\x04 a zip file really")


def test_an_empty_pdf_upload_is_refused():
    with pytest.raises(LetterError, match="empty"):
        parse_document(b"", "letter.pdf")


def test_several_threads_can_read_pdfs_at_once():
    # As the threads of one web worker do: each gets its own child process.
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(extract_pdf_text, [_newham()] * 4))

    assert len(set(texts)) == 1
    assert "Focused visit to London Borough of Newham" in texts[0]
