"""Putting the pieces together: text or a file in, a ParsedLetter out."""

import re
from pathlib import PurePath

from .errors import LetterError
from .findings import extract_findings
from .judgements import extract_judgements
from .kinds import GRADED_KINDS, PART_GRADED_KINDS, PART_GRADED_NOTE, UNGRADED_KINDS
from .layout import build
from .metadata import extract_metadata
from .model import INFERRED, MISSING, READ, ParsedLetter, Provenance
from .pdf import extract_pdf_text, is_pdf
from .text import decode_text, normalise_text

_HTML = re.compile(r"^\s*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_OFSTED = re.compile(
    r"ofsted|office for standards in education|(?:her|his) majesty'?s inspector|\bHMI\b",
    re.IGNORECASE,
)
_CHILDRENS_SERVICES = re.compile(
    r"children'?s (?:social care )?services|children'?s social care|safeguarding children|"
    r"children looked after|children in care|care leavers|child protection",
    re.IGNORECASE,
)
_TEXT_SUFFIXES = frozenset({".txt", ".text"})
_REPORT_TYPES = GRADED_KINDS | {"other"}


def parse_text(text: str) -> ParsedLetter:
    """Parse the text of an Ofsted children's services inspection letter or report.

    Raises :class:`LetterError` for empty text and for text that is not such a
    letter or report.
    """
    if not text or not text.strip():
        raise LetterError(
            "The letter is empty. Paste the full text of the inspection letter, or upload its PDF."
        )
    text = normalise_text(text)
    if _HTML.match(text):
        raise LetterError(
            "This is a web page (HTML), not the text of an inspection letter. Open the "
            "report's PDF on the Ofsted website and upload it, or paste its text."
        )
    if not _OFSTED.search(text) or not _CHILDRENS_SERVICES.search(text):
        raise _not_a_letter()
    doc = build(text)
    meta = extract_metadata(doc, text)
    if meta.inspection_type == "other" and meta.title is None:
        raise _not_a_letter()

    overall: str | None = None
    judgements: dict[str, str] = {}
    graded_from_sections = False
    warnings = list(meta.warnings)
    if not meta.is_letter or meta.inspection_type in _REPORT_TYPES:
        graded = extract_judgements(doc, meta.inspection_type)
        overall, judgements = graded.overall, graded.areas
        graded_from_sections = graded.from_sections
        if graded.from_sections:
            warnings.append(
                "The grades table could not be read, so the grades come from the report's "
                "section headings and sentences: check them."
            )
    findings = extract_findings(doc, split_lscb=meta.inspection_type == "sif")

    # Area grades with no overall grade is how the 2026 framework reports: the overall
    # judgement's provenance says so, and it is not a doubt that needs a person.
    if meta.inspection_type in GRADED_KINDS and not judgements:
        warnings.append("No judgements found: enter the grades in the preview.")
    # A monitoring visit may report progress without listing anything to act on.
    if not findings and meta.inspection_type != "monitoring_visit":
        warnings.append(
            "No findings found. Check the letter: if it lists areas for development, "
            "priority actions or recommendations, add them in the preview."
        )
    return ParsedLetter(
        local_authority=meta.local_authority,
        council=meta.council,
        inspection_type=meta.inspection_type,
        title=meta.title,
        letter_date=meta.letter_date,
        published_date=meta.published_date,
        visit_start=meta.visit_start,
        visit_end=meta.visit_end,
        lead_inspector=meta.lead_inspector,
        inspectors=meta.inspectors,
        addressee=meta.addressee,
        overall_judgement=overall,
        judgements=judgements,
        findings=findings,
        warnings=warnings,
        provenance={
            **meta.provenance,
            "overall_judgement": _overall_provenance(
                meta.inspection_type, overall, bool(judgements), graded_from_sections
            ),
        },
    )


def _overall_provenance(
    kind: str, overall: str | None, graded: bool, from_sections: bool
) -> Provenance:
    """How the overall grade was found, or why there is none."""
    if overall is not None:
        if from_sections:
            return Provenance(INFERRED, "Read from the report's sentences, not its grades table.")
        return Provenance(READ)
    if kind in PART_GRADED_KINDS and graded:
        return Provenance(MISSING, PART_GRADED_NOTE)
    if kind in UNGRADED_KINDS:
        return Provenance(MISSING, "This kind of inspection is not graded: leave it blank.")
    if graded:
        return Provenance(
            MISSING,
            "The report grades each area but gives no overall grade (the 2026 framework "
            "has none): leave it blank unless the report gives one.",
        )
    return Provenance(MISSING, "No overall grade was found: enter it if the report gives one.")


def parse_document(data: bytes, filename: str) -> ParsedLetter:
    """Parse an uploaded file: a PDF (by content or a .pdf name) or UTF-8 text (.txt)."""
    return parse_text(document_text(data, filename))


def document_text(data: bytes, filename: str) -> str:
    """The text of an uploaded file: a PDF (by content or a .pdf name) or UTF-8 text (.txt)."""
    suffix = PurePath(filename).suffix.lower()
    if is_pdf(data) or suffix == ".pdf":
        return extract_pdf_text(data)
    if suffix in _TEXT_SUFFIXES:
        return decode_text(data)
    raise LetterError(
        f"'{PurePath(filename).name}' is not a file type the importer reads. Upload the "
        "letter as a PDF or a plain-text (.txt) file, or paste its text."
    )


def _not_a_letter() -> LetterError:
    return LetterError(
        "This does not look like an Ofsted inspection letter or report about a local "
        "authority's children's services: no Ofsted heading, inspection title or "
        "findings were found. Check that you chose the right file, or paste the whole "
        "letter, including its title."
    )
