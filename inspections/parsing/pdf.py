"""Getting text out of a PDF with pypdf, and saying clearly why when we cannot."""

import io
import re
from typing import TYPE_CHECKING

from .errors import LetterError
from .text import normalise_newlines

if TYPE_CHECKING:
    from pypdf import PdfReader

_MAGIC = b"%PDF-"
_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<\?xml)", re.IGNORECASE)
# Fewer visible characters than this across the whole file means there is no text
# layer, only images of pages.
_MIN_TEXT = 40


def is_pdf(data: bytes) -> bool:
    """Whether the bytes start like a PDF (allowing for a little leading junk)."""
    return _MAGIC in data[:1024]


def extract_pdf_text(data: bytes) -> str:
    """Extract the text of every page, separated by blank lines.

    Raises :class:`LetterError` for a file that is not a PDF (an HTML page saved
    with a .pdf name, say), a password-protected PDF, a damaged or truncated PDF,
    and a PDF with no text layer (a scan).
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
    # Imported here so that parsing pasted text does not need pypdf at all.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _unlock(reader):
            raise _protected()
        pages = [page.extract_text() or "" for page in reader.pages]
    except LetterError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise _protected() from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise _damaged() from exc
    text = normalise_newlines("\n\n".join(pages))
    if len("".join(text.split())) < _MIN_TEXT:
        raise LetterError(
            "The PDF has no text that can be read: it is probably a scan (pictures of "
            "pages). Upload the PDF published on the Ofsted website, or paste the "
            "letter's text instead."
        )
    return text


def _unlock(reader: "PdfReader") -> bool:
    """Open a PDF that is encrypted but has no user password (a common setting)."""
    from pypdf.errors import DependencyError

    try:
        return bool(reader.decrypt(""))
    except (DependencyError, NotImplementedError):
        return False


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
