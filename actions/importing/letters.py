"""Reading a letter and judging it: its text and parse, the authority it is about, and
why a person must check it before it is imported. The import flow (flow.py) calls these;
nothing here writes to the database.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.core.files import File

from actions.importing.drafts import twice_graded
from inspections.models import Inspection, LocalAuthority
from inspections.parsing import LetterError, ParsedLetter, document_text, parse_text
from inspections.parsing.model import MISSING

logger = logging.getLogger(__name__)

_WHITESPACE = re.compile(r"\s+")


def fingerprint(text: str) -> str:
    """Identifies a letter by its words alone, so re-extraction or pasting matches the PDF."""
    normalised = _WHITESPACE.sub(" ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def check_size(size: int) -> None:
    """Refuse a document over the upload limit before reading it."""
    limit_mb = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
    if size > settings.MAX_UPLOAD_BYTES:
        raise LetterError(
            f"The file is too large to import: the limit is {limit_mb} MB. If it is a scanned "
            "or image-heavy PDF, paste the letter's text instead."
        )


def read_upload(upload: File) -> bytes:
    """An uploaded document's bytes: refused by the size the upload declares before any
    of it is read, and read no further than one byte past the limit whatever it declared."""
    check_size(upload.size or 0)
    data = upload.read(settings.MAX_UPLOAD_BYTES + 1)
    check_size(len(data))
    return data


def read_document(data: bytes, filename: str) -> tuple[str, ParsedLetter]:
    """A file's text and what the parser makes of it; raises LetterError with a message
    fit to show, also when the parser itself fails: one document it cannot cope with must
    not stop a bulk import's thousands after it."""
    try:
        text = document_text(data, filename)
        return text, parse_text(text)
    except LetterError:
        raise
    except Exception as error:
        logger.exception("The importer failed on %s", filename)
        raise LetterError(
            f"The importer failed on this document ({type(error).__name__}); the error is "
            "logged for the developers."
        ) from None


def read_letter(*, data: bytes | None, filename: str, pasted: str) -> tuple[str, ParsedLetter]:
    """An uploaded file's or a pasted letter's text and its parse; raises LetterError."""
    if data is not None:
        return read_document(data, filename)
    return pasted, parse_text(pasted)


def match_authority(parsed: ParsedLetter) -> LocalAuthority | None:
    """The authority the letter is about, from the council it names, if England has it."""
    for name in (parsed.council, parsed.local_authority):
        authority = LocalAuthority.objects.match_name(name or "")
        if authority is not None:
            return authority
    return None


def review_reasons(parsed: ParsedLetter, authority: LocalAuthority | None) -> list[str]:
    """Why a person must check this letter before it is imported; empty if nothing needs one.

    Something the import needs that is missing, or that the parser doubts, is a reason; a
    field the parser inferred with confidence (a short inspection from its one-week visit)
    is not.
    """
    reasons = []
    if authority is None:
        named = parsed.council or parsed.local_authority
        reasons.append(
            f"The council the letter names (“{named}”) matches no local authority."
            if named
            else "No local authority was found in the letter."
        )
    kind_source = parsed.provenance.get("inspection_type")
    # "Other" read as such (a kind of report the service has no name for) is an answer.
    unknown_kind = (
        kind_source.how == MISSING
        if kind_source
        else parsed.inspection_type == Inspection.Kind.OTHER
    )
    if unknown_kind:
        reasons.append(
            _with_note(parsed, "The kind of inspection was not recognised", "inspection_type")
        )
    if _missing(parsed, "title"):
        reasons.append(_with_note(parsed, "No title was found", "title"))
    date_fields = ("visit_start", "visit_end", "letter_date")
    if all(_missing(parsed, name) for name in date_fields):
        reasons.append(_with_note(parsed, "No visit date or letter date was found", *date_fields))
    # Such a draft cannot be imported as read (flow.InvalidDraft): a person picks the grade.
    reasons.extend(twice_graded(list(parsed.judgements.items())).values())
    # The parser's warnings include "no findings" for every kind of letter that lists them.
    reasons.extend(parsed.warnings)
    return list(dict.fromkeys(reasons))


def _missing(parsed: ParsedLetter, name: str) -> bool:
    provenance = parsed.provenance.get(name)
    return not getattr(parsed, name) or (provenance is not None and provenance.how == MISSING)


def _with_note(parsed: ParsedLetter, reason: str, *names: str) -> str:
    """The reason, with what the parser says about the fields concerned."""
    notes = [
        parsed.provenance[name].note
        for name in names
        if name in parsed.provenance and parsed.provenance[name].note
    ]
    return f"{reason}: {' '.join(dict.fromkeys(notes))}" if notes else f"{reason}."


def parse_or_refusal(text: str) -> ParsedLetter:
    """The parse of a staged letter's text. If today's parser refuses it, a blank result
    carrying the refusal, so the admin can still enter it by hand or discard it."""
    try:
        return parse_text(text)
    except LetterError as error:
        return ParsedLetter(
            local_authority=None,
            council=None,
            inspection_type=Inspection.Kind.OTHER,
            title=None,
            letter_date=None,
            published_date=None,
            visit_start=None,
            visit_end=None,
            lead_inspector=None,
            warnings=[str(error)],
        )
