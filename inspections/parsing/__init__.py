"""Extracting inspections and their findings from Ofsted children's services letters.

Pure Python with no Django import: text or a PDF goes in, plain data comes out.

    letter = parse_document(uploaded_bytes, "letter.pdf")
    letter.findings_of("area_for_development")
"""

from .errors import LetterError
from .model import FINDING_KINDS, ParsedFinding, ParsedLetter
from .parser import document_text, parse_document, parse_text
from .pdf import extract_pdf_text
from .text import decode_text

__all__ = [
    "FINDING_KINDS",
    "LetterError",
    "ParsedFinding",
    "ParsedLetter",
    "decode_text",
    "document_text",
    "extract_pdf_text",
    "parse_document",
    "parse_text",
]
