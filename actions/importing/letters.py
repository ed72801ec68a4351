"""Between the import pages, the bulk import and the parser: reading, staging and drafting.

A letter is read once when it arrives. A person checks it in the admin's preview, which
is the same page for a single upload and for a letter a bulk import sent to the review
queue: both wait as a `StagedImport` (the original file and its text) until confirmed.
A bulk import imports a letter directly only when nothing about it needs a person.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile

from actions.importing.services import (
    FindingDraft,
    LetterDraft,
    fingerprint,
    import_letter,
)
from inspections.models import Inspection, LocalAuthority
from inspections.parsing import LetterError, ParsedLetter, document_text, parse_text
from inspections.parsing.model import MISSING
from inspections.parsing.timescales import proposed_due_date
from inspections.staging import ImportBatch, StagedImport

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def check_size(size: int) -> None:
    """Refuse a document over the upload limit before reading it."""
    limit_mb = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
    if size > settings.MAX_UPLOAD_BYTES:
        raise LetterError(
            f"The file is too large to import: the limit is {limit_mb} MB. If it is a scanned "
            "or image-heavy PDF, paste the letter's text instead."
        )


def read_document(data: bytes, filename: str) -> tuple[str, ParsedLetter]:
    """A file's text and what the parser makes of it; raises LetterError with a message
    fit to show."""
    text = document_text(data, filename)
    return text, parse_text(text)


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


def _kept_original(data: bytes | None, filename: str) -> bytes | None:
    """The bytes worth keeping beside the text: a PDF is the letter as published; a text
    file's words are the text itself."""
    return data if data is not None and filename.lower().endswith(".pdf") else None


def stage_document(
    *,
    text: str,
    filename: str,
    data: bytes | None,
    reasons: list[str],
    user: AbstractBaseUser | None = None,
    batch: ImportBatch | None = None,
) -> StagedImport:
    """Keep a read letter (its text, and its PDF) until a person confirms or discards it."""
    name = PurePath(filename).name[-255:]
    staged = StagedImport(
        created_by=user,
        batch=batch,
        filename=name,
        text=text,
        fingerprint=fingerprint(text),
        reasons=list(reasons),
    )
    original = _kept_original(data, filename)
    if original is not None:
        staged.document.save(name, ContentFile(original), save=False)
    staged.save()
    return staged


def find_existing(text: str) -> Inspection | StagedImport | None:
    """Where this letter already is: imported, or waiting in the review queue. A letter
    found in either is not staged or imported again."""
    letter_print = fingerprint(text)
    return (
        Inspection.objects.filter(fingerprint=letter_print).first()
        or StagedImport.objects.filter(
            fingerprint=letter_print, status=StagedImport.Status.PENDING
        ).first()
    )


def find_discarded(text: str) -> StagedImport | None:
    """This letter as someone discarded it from the review queue: a bulk re-run leaves it
    discarded rather than queueing it again."""
    return StagedImport.objects.filter(
        fingerprint=fingerprint(text), status=StagedImport.Status.DISCARDED
    ).first()


def import_confident(
    *,
    text: str,
    filename: str,
    data: bytes | None,
    parsed: ParsedLetter,
    authority: LocalAuthority,
    user: AbstractBaseUser | None = None,
) -> Inspection:
    """Import a letter that needs no one's check, as the parser read it, unpublished.
    Raises DuplicateLetter if it is in already."""
    return import_letter(
        draft=draft_from_parsed(parsed, authority),
        source_text=text,
        source_name=PurePath(filename).name,
        source_bytes=_kept_original(data, filename),
        published=False,
        by=user,
    )


def parse_staged(staged: StagedImport) -> ParsedLetter:
    """The parse of a staged letter's text. If today's parser refuses it, a blank result
    carrying the refusal, so the admin can still enter it by hand or discard it."""
    try:
        return parse_text(staged.text)
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


def inspection_date(parsed: ParsedLetter) -> datetime.date | None:
    """The date a letter's timescales count from: the end of the visit, else the letter."""
    return parsed.visit_end or parsed.letter_date


def _due_date(timescale: str, start: datetime.date | None) -> datetime.date | None:
    return proposed_due_date(timescale, start) if timescale and start else None


def preview_initial(parsed: ParsedLetter) -> dict:
    """Initial values of the preview forms, from the parser's result."""
    authority = match_authority(parsed)
    start = inspection_date(parsed)
    return {
        "inspection": {
            "authority": authority,
            "council_name": parsed.council or "",
            "kind": parsed.inspection_type,
            "title": parsed.title or "",
            "letter_date": parsed.letter_date,
            "published_date": parsed.published_date,
            "visit_start": parsed.visit_start,
            "visit_end": parsed.visit_end,
            "lead_inspector": parsed.lead_inspector or "",
            "inspectors": "\n".join(parsed.inspectors),
            "addressee": parsed.addressee or "",
            "overall_judgement": parsed.overall_judgement or "",
        },
        "judgements": [{"area": a, "grade": g} for a, g in parsed.judgements.items()],
        "findings": [
            {
                "kind": f.kind,
                "text": f.text,
                "heading": f.heading,
                "section": f.section,
                "timescale": f.timescale,
                "due_date": _due_date(f.timescale, start),
            }
            for f in parsed.findings
        ],
        "authority": authority,
    }


def draft_from_forms(inspection: dict, judgements: list[dict], findings: list[dict]) -> LetterDraft:
    """A LetterDraft from the cleaned preview forms; deleted and blank rows are left out."""
    return LetterDraft(
        authority=inspection["authority"],
        kind=inspection["kind"],
        title=inspection["title"],
        council_name=inspection["council_name"],
        visit_start=inspection["visit_start"],
        visit_end=inspection["visit_end"],
        letter_date=inspection["letter_date"],
        published_date=inspection["published_date"],
        lead_inspector=inspection["lead_inspector"],
        inspectors=inspection["inspectors"],
        addressee=inspection["addressee"],
        overall_judgement=inspection["overall_judgement"],
        judgements=[
            (row["area"], row["grade"]) for row in judgements if row and not row.get("DELETE")
        ],
        findings=[
            FindingDraft(
                kind=row["kind"],
                text=row["text"],
                heading=row["heading"],
                section=row["section"],
                timescale=row.get("timescale", ""),
                due_date=row.get("due_date"),
            )
            for row in findings
            if row and not row.get("DELETE")
        ],
    )


def draft_from_parsed(parsed: ParsedLetter, authority: LocalAuthority | None) -> LetterDraft:
    """A LetterDraft taking the parser's result as it is (bulk imports, sample data).

    Due dates proposed from timescales are left for a person to set: nobody confirms them
    in an unattended import, and for an old letter they lie in the past.
    """
    return LetterDraft(
        authority=authority,
        kind=parsed.inspection_type,
        title=parsed.title or "",
        council_name=parsed.council or "",
        visit_start=parsed.visit_start,
        visit_end=parsed.visit_end,
        letter_date=parsed.letter_date,
        published_date=parsed.published_date,
        lead_inspector=parsed.lead_inspector or "",
        inspectors=parsed.inspectors,
        addressee=parsed.addressee or "",
        overall_judgement=parsed.overall_judgement or "",
        judgements=list(parsed.judgements.items()),
        findings=[
            FindingDraft(
                kind=f.kind,
                text=f.text,
                heading=f.heading,
                section=f.section,
                timescale=f.timescale,
            )
            for f in parsed.findings
        ],
    )
