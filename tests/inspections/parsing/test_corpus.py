"""Every real document in the corpus: it parses, and its PDF and its text agree."""

import pytest

from inspections.parsing import LetterError, parse_document, parse_text

from .test_pdfs import FAKE, PDFS, REAL, pdf_text, poppler_text


@pytest.mark.parametrize("name", REAL, ids=REAL)
def test_every_corpus_pdf_parses(name):
    letter = parse_text(pdf_text(name))

    assert letter.local_authority, "no authority found"
    assert letter.inspection_type != "other"


def test_the_only_refusal_in_the_corpus_is_the_html_page_saved_as_pdf():
    with pytest.raises(LetterError, match="web page"):
        parse_document((PDFS / f"{FAKE}.pdf").read_bytes(), f"{FAKE}.pdf")


@pytest.mark.parametrize("name", REAL, ids=REAL)
def test_the_pdf_and_its_pdftotext_text_give_the_same_extraction(name):
    from_pdf = parse_text(pdf_text(name)).to_dict()
    from_text = parse_text(poppler_text(name)).to_dict()

    assert from_pdf == from_text
