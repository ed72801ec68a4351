"""Letters read for import but never confirmed: after IMPORT_ABANDON_DAYS the nightly task
discards them and deletes their files, and leaves everything younger, or imported, alone."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine
from celery import current_app
from django.core.files.storage import default_storage

from actions.importing import flow
from actions.tasks.imports import discard_abandoned_imports
from inspections.staging import StagedImport

pytestmark = pytest.mark.django_db

PDFS = Path(__file__).resolve().parents[1] / "fixtures" / "pdfs"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def stage_pdf(name: str) -> StagedImport:
    return flow.stage(data=(PDFS / name).read_bytes(), filename=name).staged


@pytest.fixture
def letters(django_capture_on_commit_callbacks):
    """Three letters staged on 2 March: one left waiting, one discarded (its file kept),
    one imported; and one staged on 14 March."""
    with time_machine.travel(START, tick=False):
        waiting = stage_pdf("2019-01-17-redcar-and-cleveland-focused-visit.pdf")
        discarded = stage_pdf("2015-03-27-enfield-inspection.pdf")
        flow.discard(discarded)
        imported = stage_pdf("2019-11-04-leicestershire-inspection.pdf")
        review = flow.reopen(imported)
        with django_capture_on_commit_callbacks(execute=True):
            flow.confirm(imported, review.draft)
    with time_machine.travel(START + datetime.timedelta(days=12), tick=False):
        recent = stage_pdf("2018-07-17-wakefield-inspection.pdf")
    return waiting, discarded, imported, recent


def test_letters_left_longer_than_the_setting_are_discarded_and_their_files_deleted(
    letters, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_ABANDON_DAYS = 14
    waiting, discarded, imported, recent = letters
    files = {staged.pk: staged.document.name for staged in (waiting, discarded, recent)}
    assert all(default_storage.exists(name) for name in files.values())

    with (
        time_machine.travel(START + datetime.timedelta(days=14, hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = discard_abandoned_imports.apply().get()

    assert outcome == "Discarded 1 letters left unconfirmed for 14 days."
    for staged in letters:
        staged.refresh_from_db()
    assert waiting.status == StagedImport.Status.DISCARDED and not waiting.document
    assert waiting.text and waiting.fingerprint  # a re-run still knows the letter
    assert discarded.status == StagedImport.Status.DISCARDED and not discarded.document
    assert imported.status == StagedImport.Status.IMPORTED
    assert recent.status == StagedImport.Status.PENDING
    assert not default_storage.exists(files[waiting.pk])
    assert not default_storage.exists(files[discarded.pk])
    assert default_storage.exists(recent.document.name)


def test_nothing_younger_than_the_setting_is_touched(letters, settings):
    settings.IMPORT_ABANDON_DAYS = 30

    with time_machine.travel(START + datetime.timedelta(days=29), tick=False):
        assert flow.discard_abandoned() == 0

    assert StagedImport.objects.filter(status=StagedImport.Status.PENDING).count() == 2
    kept = [str(s.document.name) for s in StagedImport.objects.exclude(document="")]
    assert len(kept) == 3 and all(default_storage.exists(name) for name in kept)


def test_the_task_is_registered_under_the_name_beat_sends(settings):
    scheduled = settings.CELERY_BEAT_SCHEDULE["discard-abandoned-imports"]["task"]

    assert current_app.tasks[scheduled].run is discard_abandoned_imports.run
