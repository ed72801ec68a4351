"""Turning a parsed Ofsted letter into an inspection, its findings and draft actions."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from actions.services import create_draft_action
from inspections.models import Finding, Inspection, Judgement, LocalAuthority
from inspections.staging import StagedImport
from inspections.tagging import tag_findings

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

_WHITESPACE = re.compile(r"\s+")


def fingerprint(text: str) -> str:
    """Identifies a letter by its words alone, so re-extraction or pasting matches the PDF."""
    normalised = _WHITESPACE.sub(" ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class DuplicateLetter(Exception):
    def __init__(self, existing: Inspection) -> None:
        super().__init__(f"This letter has already been imported as “{existing}”.")
        self.existing = existing


class NotPending(Exception):
    """A staged letter was already imported or discarded (a second click, another admin)."""

    def __init__(self, staged: StagedImport) -> None:
        super().__init__(f"“{staged}” was already {staged.get_status_display().lower()}.")
        self.staged = staged


@dataclass
class FindingDraft:
    kind: str
    text: str
    heading: str = ""
    section: str = ""
    # As the letter groups it ("Within three months"); its draft action is due on due_date.
    timescale: str = ""
    due_date: datetime.date | None = None


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
    by: AbstractBaseUser | None = None,
) -> Inspection:
    """Create the inspection, its judgements and findings (tagged with themes), and one
    draft action per actionable finding, all or nothing. Raises DuplicateLetter if already
    imported."""
    letter_print = fingerprint(source_text)
    # The overall grade is stored once, on the inspection: a row that names it (an older
    # client, a hand-added row) gives the grade only if the draft has none.
    overall = draft.overall_judgement or next(
        (grade for area, grade in draft.judgements if is_overall(area)), ""
    )
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
        overall_judgement=overall,
        source_text=source_text,
        fingerprint=letter_print,
        published=published,
    )
    if by is not None:
        inspection._history_user = by  # the history names who imported it, even from a task
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        # Another import of the same letter committed between our check and our insert.
        raise DuplicateLetter(Inspection.objects.get(fingerprint=letter_print)) from None
    if source_bytes is not None:
        inspection.source_document.save(source_name, ContentFile(source_bytes))
    areas = [(area, grade) for area, grade in draft.judgements if not is_overall(area)]
    for position, (area, grade) in enumerate(areas):
        Judgement.objects.create(inspection=inspection, area=area, grade=grade, position=position)
    findings = []
    for position, item in enumerate(draft.findings):
        finding = Finding.objects.create(
            inspection=inspection,
            kind=item.kind,
            text=item.text,
            heading=item.heading,
            section=item.section,
            timescale=item.timescale,
            position=position,
        )
        if finding.is_actionable:
            create_draft_action(finding=finding, due_date=item.due_date)
        findings.append(finding)
    tag_findings(findings)
    return inspection


def is_overall(area: str) -> bool:
    """Whether a judgement row is really the overall grade, which lives on the inspection."""
    return _WHITESPACE.sub(" ", area).strip().casefold() == "overall effectiveness"


def import_staged(
    *,
    staged: StagedImport,
    draft: LetterDraft,
    published: bool = False,
    by: AbstractBaseUser | None = None,
) -> Inspection:
    """Import a staged letter as the admin confirmed it and mark it imported, all or nothing.

    Raises NotPending if someone got there first, and DuplicateLetter if the letter is in
    already; the staged letter then leaves the queue, pointing at that inspection.
    """
    duplicate: DuplicateLetter | None = None
    with transaction.atomic():
        # Locked so that two confirms of one letter (a double click, two admins) import once.
        current = StagedImport.objects.select_for_update().get(pk=staged.pk)
        if current.status != StagedImport.Status.PENDING:
            raise NotPending(current)
        try:
            inspection = import_letter(
                draft=draft,
                source_text=current.text,
                source_name=current.filename,
                source_bytes=_original_bytes(current),
                published=published,
                by=by,
            )
        except DuplicateLetter as refused:
            duplicate, inspection = refused, refused.existing
            current.status = StagedImport.Status.DISCARDED
        else:
            current.status = StagedImport.Status.IMPORTED
            _forget_document(current)  # the inspection keeps its own copy
        current.inspection = inspection
        current.save(update_fields=["status", "inspection", "document"])
    if duplicate is not None:
        raise duplicate
    return inspection


def discard_staged(*, staged: StagedImport) -> None:
    """Take a letter out of the queue without importing it; its file and text are kept."""
    with transaction.atomic():
        current = StagedImport.objects.select_for_update().get(pk=staged.pk)
        if current.status != StagedImport.Status.PENDING:
            raise NotPending(current)
        current.status = StagedImport.Status.DISCARDED
        current.save(update_fields=["status"])


def _forget_document(staged: StagedImport) -> None:
    """Drop the staged copy of the file, from storage once the import has committed."""
    if staged.document:
        storage, name = staged.document.storage, staged.document.name
        transaction.on_commit(lambda: storage.delete(name))
        staged.document = ""


def _original_bytes(staged: StagedImport) -> bytes | None:
    if not staged.document:
        return None
    with staged.document.open("rb") as handle:
        return handle.read()
