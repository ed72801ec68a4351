"""Reading the generated documents back, as someone opening them would."""

from __future__ import annotations

import io
import re

import pypdfium2
from docx import Document
from docx.oxml.ns import qn


def squash(text: str) -> str:
    """Whitespace as single spaces, so text wrapped onto several lines still matches."""
    return re.sub(r"\s+", " ", text).strip()


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a Word document, in order."""
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return squash(" ".join(parts))


def docx_headings(content: bytes) -> list[tuple[str, str]]:
    """(style name, text) of each heading paragraph."""
    document = Document(io.BytesIO(content))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    return [(style, text) for style, text in styled if style.startswith("Heading")]


def docx_tables_repeat_header(content: bytes) -> bool:
    """Whether every table's first row is marked to repeat at the top of each page."""
    document = Document(io.BytesIO(content))
    return bool(document.tables) and all(
        table.rows[0]._tr.trPr is not None
        and table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for table in document.tables
    )


def pdf_pages(content: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(content)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def pdf_text(content: bytes, footer: str) -> str:
    """The text of every page, without the running footer (the document's title and
    "Page n of m"), which would otherwise interrupt text that runs on to the next page."""
    pages = []
    for text in pdf_pages(content):
        text = squash(text)
        text = re.sub(r"Page \d+ of \d+", " ", text)
        pages.append(text.replace(squash(footer), " "))
    return squash(" ".join(pages))
