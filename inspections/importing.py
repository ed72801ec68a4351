"""Between the admin's import pages and the parser: reading, staging and drafting letters.

A letter is read once when it is uploaded, kept in the admin's session (text) and in
storage (the original file) under a random token while the admin checks the preview,
and turned into records only on confirm.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from inspections.models import LocalAuthority
from inspections.parsing import LetterError, ParsedLetter, document_text, parse_text
from inspections.services import FindingDraft, LetterDraft

SESSION_KEY = "letter_imports"
STAGING_DIR = "import-staging"


@dataclass
class StagedLetter:
    token: str
    text: str
    filename: str
    stored_name: str

    def parse(self) -> ParsedLetter:
        return parse_text(self.text)

    def original_bytes(self) -> bytes | None:
        if not self.stored_name:
            return None
        with default_storage.open(self.stored_name, "rb") as handle:
            return handle.read()


def check_size(size: int) -> None:
    """Refuse a document over the upload limit before reading it."""
    limit_mb = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
    if size > settings.MAX_UPLOAD_BYTES:
        raise LetterError(
            f"The file is too large to import: the limit is {limit_mb} MB. If it is a scanned "
            "or image-heavy PDF, paste the letter's text instead."
        )


def read_letter(*, data: bytes | None, filename: str, pasted: str) -> tuple[str, ParsedLetter]:
    """The letter's text and what the parser makes of it; raises LetterError."""
    text = document_text(data, filename) if data is not None else pasted
    return text, parse_text(text)


def stage(session: SessionBase, *, text: str, filename: str, data: bytes | None) -> StagedLetter:
    token = secrets.token_urlsafe(12)
    stored_name = ""
    if data is not None and filename.lower().endswith(".pdf"):
        stored_name = default_storage.save(f"{STAGING_DIR}/{token}.pdf", ContentFile(data))
    staged = StagedLetter(token=token, text=text, filename=filename, stored_name=stored_name)
    imports = session.get(SESSION_KEY, {})
    imports[token] = {"text": text, "filename": filename, "stored_name": stored_name}
    session[SESSION_KEY] = imports
    return staged


def staged(session: SessionBase, token: str) -> StagedLetter | None:
    entry = session.get(SESSION_KEY, {}).get(token)
    return StagedLetter(token=token, **entry) if entry else None


def unstage(session: SessionBase, letter: StagedLetter) -> None:
    imports = session.get(SESSION_KEY, {})
    imports.pop(letter.token, None)
    session[SESSION_KEY] = imports
    if letter.stored_name:
        default_storage.delete(letter.stored_name)


def preview_initial(parsed: ParsedLetter) -> dict:
    """Initial values of the preview forms, from the parser's result."""
    authority = match_authority(parsed)
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
            {"kind": f.kind, "text": f.text, "heading": f.heading, "section": f.section}
            for f in parsed.findings
        ],
        "authority_matched": authority is not None,
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
                kind=row["kind"], text=row["text"], heading=row["heading"], section=row["section"]
            )
            for row in findings
            if row and not row.get("DELETE")
        ],
    )


def draft_from_parsed(parsed: ParsedLetter, authority: LocalAuthority) -> LetterDraft:
    """A LetterDraft taking the parser's result as it is (bulk imports, sample data)."""
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
            FindingDraft(kind=f.kind, text=f.text, heading=f.heading, section=f.section)
            for f in parsed.findings
        ],
    )


def match_authority(parsed: ParsedLetter) -> LocalAuthority | None:
    for name in (parsed.council, parsed.local_authority):
        authority = LocalAuthority.objects.match_name(name or "")
        if authority is not None:
            return authority
    return None
