"""Input the parser cannot use is refused with a message that says what to do."""

import codecs

import pytest

from inspections.parsing import (
    LetterError,
    decode_text,
    document_text,
    parse_document,
    parse_text,
)


@pytest.mark.parametrize("text", ["", "   \n\t \r\n  "], ids=["empty", "whitespace"])
def test_empty_text_is_refused(text):
    with pytest.raises(LetterError, match="empty"):
        parse_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Shopping list\n- eggs\n- milk\n- bread\n",
        "Dear Sam\n\nThanks for lunch. See you soon.\n\nYours sincerely\n\nAlex\n",
        "Ofsted School report\nInspection of St Mary's Primary School\nThe quality of education "
        "is good.\n",
    ],
    ids=["shopping-list", "personal-letter", "school-report"],
)
def test_text_that_is_not_a_childrens_services_letter_is_refused(text):
    with pytest.raises(LetterError, match="does not look like an Ofsted inspection letter"):
        parse_text(text)


def test_an_html_page_is_refused():
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><title>Report not found - Ofsted</title>"
        "</head><body>Children's services inspection</body></html>"
    )

    with pytest.raises(LetterError, match="web page"):
        parse_text(page)


def test_decode_text_accepts_utf8_with_and_without_a_bom():
    assert decode_text("caf\u00e9\r\nline\rend".encode()) == "caf\u00e9\nline\nend"
    assert decode_text(codecs.BOM_UTF8 + b"Dear Ms Smith\r\n") == "Dear Ms Smith\n"


@pytest.mark.parametrize(
    "data",
    ["Children\u2019s services".encode("cp1252"), "Dear Ms Smith".encode("utf-16")],
    ids=["windows-1252", "utf-16"],
)
def test_text_that_is_not_utf8_is_refused(data):
    with pytest.raises(LetterError, match="not UTF-8") as error:
        decode_text(data)
    assert "Save it again" in str(error.value)


def test_parse_document_refuses_other_file_types():
    with pytest.raises(LetterError, match="not a file type the importer reads"):
        parse_document(b"PK\x03\x04", "letter.docx")


def test_parse_document_reads_text_files(make_letter):
    data = codecs.BOM_UTF8 + make_letter("Areas for development\n- Plans are vague.\n").encode()

    letter = parse_document(data, "LETTER.TXT")

    assert [f.text for f in letter.findings] == ["Plans are vague."]


def test_parse_document_refuses_a_non_utf8_text_file():
    with pytest.raises(LetterError, match="not UTF-8"):
        parse_document(b"Children\x92s services", "letter.txt")


def test_letter_error_is_a_value_error():
    assert issubclass(LetterError, ValueError)


def test_document_text_gives_the_text_that_parse_document_parses():
    assert document_text(codecs.BOM_UTF8 + b"Dear Ms Smith\r\n", "letter.txt") == "Dear Ms Smith\n"
    with pytest.raises(LetterError, match="not a file type"):
        document_text(b"{}", "letter.json")
