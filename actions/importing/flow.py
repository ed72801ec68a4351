"""The one import flow. Every entry point calls it: the admin's import pages, the API, the
`import_letter` command and the admin's bulk import (through bulk.py), and the sample data.

    stage(document)         read it, refuse a duplicate, say why a person must check it,
                            and keep it as a StagedImport: a StagedDraft
    reopen(staged)          the StagedDraft of a letter staged earlier (the preview page)
    confirm(staged, draft)  write the inspection as confirmed, once
    discard(staged)         take it out of the review queue
    discard_abandoned()     discard letters left unconfirmed too long, and delete their files

Every letter read is staged, whoever or whatever read it; a letter the bulk import finds
confident is confirmed at once, so every inspection has the StagedImport it came from: who
read it, when, and in which batch. Failures are typed: LetterError (unreadable),
DuplicateLetter, AlreadyStaged, NotPending and InvalidDraft.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from actions import publishing
from actions.importing import letters
from actions.importing.drafts import (
    FINDING_FIELDS,
    LetterDraft,
    create_draft_action,
    draft_from_parsed,
    twice_graded,
)
from inspections.models import Finding, Inspection, Judgement, LocalAuthority
from inspections.parsing import ParsedLetter
from inspections.staging import ImportBatch, StagedImport
from inspections.tagging import tag_findings

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class DuplicateLetter(Exception):
    """The letter has been imported already, as `existing`."""

    def __init__(self, existing: Inspection) -> None:
        super().__init__(f"This letter has already been imported as “{existing}”.")
        self.existing = existing


class AlreadyStaged(Exception):
    """The letter is staged already: waiting for review, or discarded from the queue."""

    def __init__(self, staged: StagedImport) -> None:
        super().__init__(f"“{staged}” is already staged ({staged.get_status_display().lower()}).")
        self.staged = staged


class NotPending(Exception):
    """A staged letter was already imported or discarded (a second click, another admin)."""

    def __init__(self, staged: StagedImport) -> None:
        super().__init__(f"“{staged}” was already {staged.get_status_display().lower()}.")
        self.staged = staged


class InvalidDraft(Exception):
    """A draft that cannot be imported as it stands: `judgements` maps the position of each
    judgement row at fault (in draft.judgements) to what is wrong with it."""

    def __init__(self, judgements: dict[int, str]) -> None:
        super().__init__(" ".join(judgements.values()))
        self.judgements = judgements


@dataclass(frozen=True)
class StagedDraft:
    """A staged letter, the parser's reading of it, the draft a person checks (due dates
    proposed from timescales) and why they must check it (empty if nothing needs them)."""

    staged: StagedImport
    letter: ParsedLetter
    draft: LetterDraft
    reasons: list[str]


def stage(
    *,
    data: bytes | None,
    filename: str,
    pasted: str = "",
    by: User | None = None,
    batch: ImportBatch | None = None,
    authority: LocalAuthority | None = None,
    again_if_discarded: bool = True,
) -> StagedDraft:
    """Read a document (the file's `data`, else the `pasted` text) and stage it.

    `authority`, when given, is taken instead of the one the letter names, now and when the
    letter is reviewed. Raises LetterError if it cannot be read, DuplicateLetter if it is
    imported already, and AlreadyStaged if it is waiting for review, or was discarded from
    the queue and `again_if_discarded` is false (a bulk re-run leaves it discarded).
    """
    text, letter = letters.read_letter(data=data, filename=filename, pasted=pasted)
    _refuse_duplicate(text, again_if_discarded=again_if_discarded)
    chosen = authority or letters.match_authority(letter)
    reasons = letters.review_reasons(letter, chosen)
    name = PurePath(filename).name[-255:]
    staged = StagedImport(
        created_by=by,
        batch=batch,
        authority=authority,
        filename=name,
        text=text,
        fingerprint=letters.fingerprint(text),
        reasons=reasons,
    )
    # A PDF is the letter as published; a text file's words are the text itself.
    if data is not None and filename.lower().endswith(".pdf"):
        staged.document.save(name, ContentFile(data), save=False)
    staged.save()
    return StagedDraft(staged, letter, draft_from_parsed(letter, chosen), reasons)


def _refuse_duplicate(text: str, *, again_if_discarded: bool) -> None:
    letter_print = letters.fingerprint(text)
    existing = Inspection.objects.filter(fingerprint=letter_print).first()
    if existing is not None:
        raise DuplicateLetter(existing)
    refused = [StagedImport.Status.PENDING]
    if not again_if_discarded:
        refused.append(StagedImport.Status.DISCARDED)
    staged = StagedImport.objects.filter(fingerprint=letter_print, status__in=refused).first()
    if staged is not None:
        raise AlreadyStaged(staged)


def reopen(staged: StagedImport) -> StagedDraft:
    """A staged letter read again by today's parser, with the reasons it was staged with
    and any a newer parser finds."""
    letter = letters.parse_or_refusal(staged.text)
    authority = staged.authority or letters.match_authority(letter)
    fresh = letters.review_reasons(letter, authority)
    reasons = list(dict.fromkeys([*staged.reasons, *fresh]))
    return StagedDraft(staged, letter, draft_from_parsed(letter, authority), reasons)


def confirm(
    staged: StagedImport,
    draft: LetterDraft,
    *,
    by: User | None = None,
    published: bool = False,
    publish_anyway: bool = False,
) -> Inspection:
    """Import a staged letter as confirmed and mark it imported, all or nothing.

    `published` asks for it to go on the public site at once; its draft actions are
    placeholders, so it is left unpublished (check `.published`) unless it has none or
    `publish_anyway` is set (actions/publishing.py).

    Raises InvalidDraft, before anything is written, if the draft breaks a rule of the
    inspection (an area graded twice); NotPending if someone got there first; and
    DuplicateLetter if the letter is in already: the staged letter then leaves the queue,
    pointing at that inspection.
    """
    problems = twice_graded(draft.judgements)
    if problems:
        raise InvalidDraft(problems)
    duplicate: DuplicateLetter | None = None
    with transaction.atomic():
        # Locked so that two confirms of one letter (a double click, two admins) import once.
        current = StagedImport.objects.select_for_update().get(pk=staged.pk)
        if current.status != StagedImport.Status.PENDING:
            raise NotPending(current)
        try:
            inspection = _write(
                current, draft, by=by, published=published, publish_anyway=publish_anyway
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


def discard(staged: StagedImport) -> None:
    """Take a letter out of the queue without importing it; its text is kept, and its file
    until discard_abandoned deletes it."""
    with transaction.atomic():
        current = StagedImport.objects.select_for_update().get(pk=staged.pk)
        if current.status != StagedImport.Status.PENDING:
            raise NotPending(current)
        current.status = StagedImport.Status.DISCARDED
        current.save(update_fields=["status"])


def discard_abandoned() -> int:
    """Discard the letters left waiting longer than IMPORT_ABANDON_DAYS, and delete the
    files of every letter that old that was not imported. Returns how many were discarded.

    An uploaded PDF waits in storage until someone confirms or discards it; nobody may
    ever do either. The text and fingerprint are kept, so a bulk re-run still knows the
    letter; a person who wants it can upload it again.
    """
    cutoff = timezone.now() - datetime.timedelta(days=settings.IMPORT_ABANDON_DAYS)
    old = StagedImport.objects.filter(created_at__lt=cutoff).exclude(
        status=StagedImport.Status.IMPORTED
    )
    left = old.filter(Q(status=StagedImport.Status.PENDING) | ~Q(document=""))
    discarded = 0
    for pk in left.values_list("pk", flat=True):
        with transaction.atomic():
            # Locked and looked at again: someone may be confirming it this moment.
            current = old.select_for_update().filter(pk=pk).first()
            if current is None:
                continue
            if current.status == StagedImport.Status.PENDING:
                current.status = StagedImport.Status.DISCARDED
                discarded += 1
            _forget_document(current)
            current.save(update_fields=["status", "document"])
    return discarded


def _write(
    staged: StagedImport,
    draft: LetterDraft,
    *,
    by: User | None,
    published: bool,
    publish_anyway: bool,
) -> Inspection:
    """Create the inspection, its judgements and findings (tagged with themes), and one
    draft action per actionable finding. Raises DuplicateLetter if already imported."""
    letter_print = letters.fingerprint(staged.text)
    existing = Inspection.objects.filter(fingerprint=letter_print).first()
    if existing:
        raise DuplicateLetter(existing)
    inspection = Inspection(
        **draft.inspection_values(),
        source_text=staged.text,
        fingerprint=letter_print,
    )
    if by is not None:
        # The history names who imported it, even from a task.
        inspection._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        # Another import of the same letter committed between our check and our insert.
        raise DuplicateLetter(Inspection.objects.get(fingerprint=letter_print)) from None
    if staged.document:
        with staged.document.open("rb") as original:
            inspection.source_document.save(staged.filename, ContentFile(original.read()))
    for position, (area, grade) in enumerate(draft.area_judgements()):
        Judgement.objects.create(inspection=inspection, area=area, grade=grade, position=position)
    findings = []
    for position, item in enumerate(draft.findings):
        finding = Finding.objects.create(
            inspection=inspection,
            **{name: getattr(item, name) for name in FINDING_FIELDS},
            position=position,
        )
        if finding.is_actionable:
            create_draft_action(finding=finding, due_date=item.due_date)
        findings.append(finding)
    tag_findings(findings)
    if published:
        publishing.publish_if_allowed(inspection, anyway=publish_anyway)
    return inspection


def _forget_document(staged: StagedImport) -> None:
    """Drop the staged copy of the file, from storage once the import has committed."""
    storage, name = staged.document.storage, staged.document.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
        staged.document = ""  # an empty FileField
