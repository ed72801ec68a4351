"""Turning a parsed Ofsted letter into an inspection, its findings and draft actions."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from actions.services import create_draft_action
from inspections.models import Finding, Inspection, Judgement, LocalAuthority
from inspections.tagging import tag_findings

_WHITESPACE = re.compile(r"\s+")


def fingerprint(text: str) -> str:
    """Identifies a letter by its words alone, so re-extraction or pasting matches the PDF."""
    normalised = _WHITESPACE.sub(" ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def find_duplicate(text: str) -> Inspection | None:
    return Inspection.objects.filter(fingerprint=fingerprint(text)).first()


class DuplicateLetter(Exception):
    def __init__(self, existing: Inspection) -> None:
        super().__init__(f"This letter has already been imported as “{existing}”.")
        self.existing = existing


@dataclass
class FindingDraft:
    kind: str
    text: str
    heading: str = ""
    section: str = ""


@dataclass
class LetterDraft:
    """What the admin confirmed in the preview: the parser's result, corrected."""

    authority: LocalAuthority
    kind: str
    title: str
    council_name: str = ""
    visit_start: datetime.date | None = None
    visit_end: datetime.date | None = None
    letter_date: datetime.date | None = None
    published_date: datetime.date | None = None
    lead_inspector: str = ""
    inspectors: list[str] = field(default_factory=list)
    addressee: str = ""
    overall_judgement: str = ""
    judgements: list[tuple[str, str]] = field(default_factory=list)
    findings: list[FindingDraft] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        """How many draft actions confirming this draft creates."""
        return sum(1 for f in self.findings if f.kind in Finding.ACTIONABLE_KINDS)


@transaction.atomic
def import_letter(
    *,
    draft: LetterDraft,
    source_text: str,
    source_name: str = "",
    source_bytes: bytes | None = None,
    published: bool = False,
) -> Inspection:
    """Create the inspection, its judgements and findings (tagged with themes), and one
    draft action per actionable finding, all or nothing. Raises DuplicateLetter if already
    imported."""
    letter_print = fingerprint(source_text)
    existing = Inspection.objects.filter(fingerprint=letter_print).first()
    if existing:
        raise DuplicateLetter(existing)
    inspection = Inspection(
        authority=draft.authority,
        kind=draft.kind,
        title=draft.title,
        council_name=draft.council_name,
        visit_start=draft.visit_start,
        visit_end=draft.visit_end,
        letter_date=draft.letter_date,
        published_date=draft.published_date,
        lead_inspector=draft.lead_inspector,
        inspectors=draft.inspectors,
        addressee=draft.addressee,
        overall_judgement=draft.overall_judgement,
        source_text=source_text,
        fingerprint=letter_print,
        published=published,
    )
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        # Another import of the same letter committed between our check and our insert.
        raise DuplicateLetter(Inspection.objects.get(fingerprint=letter_print)) from None
    if source_bytes is not None:
        inspection.source_document.save(source_name, ContentFile(source_bytes))
    for position, (area, grade) in enumerate(draft.judgements):
        Judgement.objects.create(inspection=inspection, area=area, grade=grade, position=position)
    findings = []
    for position, item in enumerate(draft.findings):
        finding = Finding.objects.create(
            inspection=inspection,
            kind=item.kind,
            text=item.text,
            heading=item.heading,
            section=item.section,
            position=position,
        )
        if finding.is_actionable:
            create_draft_action(finding=finding)
        findings.append(finding)
    tag_findings(findings)
    return inspection
