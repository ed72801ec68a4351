"""Getting text out of a PDF with PDFium, and saying clearly why when we cannot.

The PDF itself is only ever opened in a child process with limits on memory, time
and pages (see :mod:`.pdf_sandbox`); this module checks what it can from the bytes
alone and turns every failure into a message for the admin.
"""

import re

from .errors import LetterError
from .pdf_sandbox import MAX_PAGES, MEMORY_BYTES, WALL_SECONDS, ReadFailure, read_pages
from .text import normalise_newlines

_MAGIC = b"%PDF-"
_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<\?xml)", re.IGNORECASE)
# Fewer visible characters than this across the whole file means there is no text
# layer, only images of pages.
_MIN_TEXT = 40


def is_pdf(data: bytes) -> bool:
    """Whether the bytes start like a PDF (allowing for a little leading junk)."""
    return _MAGIC in data[:1024]


def extract_pdf_text(data: bytes) -> str:
    """Extract the text of every page in reading order, pages separated by blank lines.

    Raises :class:`LetterError` for a file that is not a PDF (an HTML page saved
    with a .pdf name, say), a password-protected PDF, a damaged or truncated PDF,
    a PDF with no text layer (a scan), and one that breaks the reader's limits on
    time, memory or pages (a crafted file, say).
    """
    if not data:
        raise LetterError("The file is empty. Upload the PDF of the inspection letter.")
    if not is_pdf(data):
        if _HTML.match(data[:512]):
            raise LetterError(
                "The file is a web page (HTML) saved with a .pdf name, not a PDF. "
                "Download the report itself from the Ofsted website and upload that, "
                "or paste the letter's text instead."
            )
        raise LetterError(
            "The file is not a PDF. Upload the PDF of the inspection letter, "
            "or paste the letter's text instead."
        )
    if b"%%EOF" not in data[-4096:]:
        raise _damaged()
    try:
        pages = read_pages(data)
    except ReadFailure as failure:
        raise _refusal(failure) from None
    text = normalise_newlines("\n\n".join(pages))
    if len("".join(text.split())) < _MIN_TEXT:
        raise LetterError(
            "The PDF has no text that can be read: it is probably a scan (pictures of "
            "pages). Upload the PDF published on the Ofsted website, or paste the "
            "letter's text instead."
        )
    return text


def _refusal(failure: ReadFailure) -> LetterError:
    """The message for a PDF that the child process could not read."""
    if failure.reason == "password":
        return _protected()
    if failure.reason == "time":
        return LetterError(
            f"The PDF took too long to read (more than {WALL_SECONDS:g} seconds), so it was "
            "stopped: it may be damaged or built to overload the importer. Upload the copy "
            "published on the Ofsted website, or paste the letter's text instead."
        )
    if failure.reason == "memory":
        return LetterError(
            f"The PDF needs too much memory to read (more than {MEMORY_BYTES >> 20} MB), so "
            "it was stopped: it may be damaged or built to overload the importer. Upload "
            "the copy published on the Ofsted website, or paste the letter's text instead."
        )
    if failure.reason == "pages":
        return LetterError(
            f"The PDF has {failure.pages:,} pages; an inspection letter or report has far "
            f"fewer, so the importer reads at most {MAX_PAGES:,}. Check that this is the "
            "right file, or paste the letter's text instead."
        )
    return _damaged()


def _protected() -> LetterError:
    return LetterError(
        "The PDF is password-protected (encrypted), so its text cannot be read. "
        "Remove the password, or upload the copy published on the Ofsted website."
    )


def _damaged() -> LetterError:
    return LetterError(
        "The PDF is damaged or incomplete (perhaps cut short while downloading) and "
        "cannot be read. Download it again and upload the new copy."
    )
