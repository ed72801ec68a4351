"""The admin's "Import many letters": the upload, the Celery task run by a real worker
process through a real Redis, the progress it reports, and what happens when the broker
is down or a worker dies part way."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.importing import bulk
from inspections.data import load_local_authorities
from inspections.models import Inspection, LocalAuthority
from inspections.staging import ImportBatch, StagedImport
from tests.inspections import workers
from tests.reminders.realworld import RedisServer, publishing_to, wait_until

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "inspections" / "sample_letters"
PDFS = ROOT / "tests" / "fixtures" / "pdfs"
REDCAR = PDFS / "2019-01-17-redcar-and-cleveland-focused-visit.pdf"
FAKE = PDFS / "2012-10-19-birmingham-inspection.pdf"
WIRRAL = SAMPLES / "wirral-2010-annual-unannounced.txt"
START = reverse("admin:inspections_inspection_bulk_import")

pytestmark = pytest.mark.django_db(transaction=True)
# A real Redis, and real `celery worker` processes.
broker, start_worker = workers.broker, workers.start_worker


def status_page(batch: ImportBatch) -> str:
    return reverse("admin:inspections_inspection_bulk_import_status", args=[batch.pk])


def progress_url(batch: ImportBatch) -> str:
    return reverse("admin:inspections_inspection_bulk_import_progress", args=[batch.pk])


@pytest.fixture(autouse=True)
def _authorities(transactional_db) -> None:
    """Each transactional test's flush empties the table a data migration filled."""
    load_local_authorities(LocalAuthority)


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "long-password-9"))
    return client


def atlantis() -> bytes:
    """A real letter whose council no authority in England matches."""
    return WIRRAL.read_bytes().replace(b"Wirral", b"Atlantis")


def letters_zip(*members: tuple[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return SimpleUploadedFile("letters.zip", buffer.getvalue(), "application/zip")


def four_letters() -> SimpleUploadedFile:
    """One of each outcome but duplicate: two to import, one for review, one refused."""
    return letters_zip(
        ("pdfs/" + REDCAR.name, REDCAR.read_bytes()),
        ("wirral.txt", WIRRAL.read_bytes()),
        ("atlantis.txt", atlantis()),
        (FAKE.name, FAKE.read_bytes()),
    )


def upload(client, *files: SimpleUploadedFile) -> ImportBatch:
    response = client.post(START, {"documents": list(files)})
    batch = ImportBatch.objects.latest("pk")
    assert response.status_code == 302 and response.url == status_page(batch)
    return batch


def finished(batch: ImportBatch) -> ImportBatch | None:
    batch.refresh_from_db()
    return batch if batch.status == ImportBatch.Status.FINISHED else None


def test_staff_without_the_import_permission_cannot_upload_or_watch(client):
    clerk = User.objects.create_user("clerk", password="long-password-9", is_staff=True)
    client.force_login(clerk)
    batch = ImportBatch.objects.create()
    for url in (START, status_page(batch), progress_url(batch)):
        assert client.get(url).status_code == 403

    clerk.user_permissions.add(Permission.objects.get(codename="add_inspection"))
    assert client.get(START).status_code == 200


def test_an_archive_that_cannot_be_opened_is_refused_on_the_form(admin_client):
    broken = SimpleUploadedFile("letters.zip", b"PK\x03\x04 not really an archive")
    response = admin_client.post(START, {"documents": [broken]})
    assert response.status_code == 200
    assert "“letters.zip” is not a .zip archive that can be opened." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_zip_is_imported_by_a_worker_and_the_page_shows_each_document_with_a_link(
    admin_client, broker, start_worker
):
    start_worker("solo", broker)

    batch = upload(admin_client, four_letters())

    wait_until(lambda: finished(batch), "the bulk import to finish", timeout=120)
    rows = {row["file"]: row for row in batch.results}
    assert {name: row["outcome"] for name, row in rows.items()} == {
        "letters.zip/pdfs/" + REDCAR.name: bulk.IMPORTED,
        "letters.zip/wirral.txt": bulk.IMPORTED,
        "letters.zip/atlantis.txt": bulk.REVIEW,
        "letters.zip/" + FAKE.name: bulk.REFUSED,
    }
    redcar = Inspection.objects.get(authority__name="Redcar and Cleveland")
    assert not redcar.published and str(redcar.source_document.name).endswith(".pdf")
    staged = StagedImport.objects.get(status=StagedImport.Status.PENDING)
    # Every letter read is staged; those imported at once point at their inspection.
    imported = StagedImport.objects.filter(status=StagedImport.Status.IMPORTED)
    assert {s.inspection for s in imported} == set(Inspection.objects.all())
    assert staged.created_by is not None
    assert staged.batch == batch and staged.created_by.username == "ada"
    assert rows["letters.zip/atlantis.txt"]["staged"] == staged.pk
    # The upload is read: its file is not kept twice.
    assert not default_storage.exists(batch.uploads[0]["stored"])

    page = admin_client.get(status_page(batch)).content.decode()
    assert "4 documents: 2 imported, 1 waiting for review, 0 duplicates, 1 refused." in page
    assert reverse("admin:inspections_inspection_change", args=[redcar.pk]) in page
    assert reverse("admin:inspections_inspection_import_preview", args=[staged.pk]) in page
    assert "web page (HTML)" in page and "matches no local authority" in page
    assert "bulk-import.js" not in page  # nothing left to watch
    assert admin_client.get(progress_url(batch)).json() == {
        "status": "finished",
        "done": 4,
        "total": 4,
        "running": False,
        "text": "Finished: 4 of 4 documents",
    }


def test_many_files_at_once_are_imported_and_uploading_them_again_adds_nothing(
    admin_client, broker, start_worker
):
    start_worker("solo", broker)

    def files() -> list[SimpleUploadedFile]:
        return [
            SimpleUploadedFile(REDCAR.name, REDCAR.read_bytes()),
            SimpleUploadedFile("atlantis.txt", atlantis()),
        ]

    first = upload(admin_client, *files())
    wait_until(lambda: finished(first), "the first import to finish", timeout=120)
    second = upload(admin_client, *files())
    wait_until(lambda: finished(second), "the second import to finish", timeout=120)

    assert [row["outcome"] for row in first.results] == [bulk.IMPORTED, bulk.REVIEW]
    assert [(row["outcome"], row["reason"]) for row in second.results] == [
        (bulk.DUPLICATE, f"Already imported as “{Inspection.objects.get()}”."),
        (bulk.DUPLICATE, "Already waiting for review."),
    ]
    # One letter imported (and staged as it was read), one waiting: nothing more.
    assert (Inspection.objects.count(), StagedImport.objects.count()) == (1, 2)


def test_the_page_watches_the_import_while_it_waits_for_a_worker(admin_client, broker):
    batch = upload(admin_client, four_letters())

    page = admin_client.get(status_page(batch)).content.decode()
    assert 'value="0"' in page and "Waiting to start: 0 of 4 documents" in page
    assert "bulk-import.js" in page and ">Refresh</a>" in page
    assert broker.client.llen("celery") == 1  # the task waits in Redis


def test_a_stopped_import_started_again_waits_for_a_worker_without_its_error(admin_client, broker):
    batch = upload(admin_client, four_letters())
    broker.client.delete("celery")  # the message is lost, and the import stopped
    ImportBatch.objects.filter(pk=batch.pk).update(status="failed", error="Stopped.")

    page = admin_client.post(status_page(batch), follow=True).content.decode()

    batch.refresh_from_db()
    assert (batch.status, batch.error) == (ImportBatch.Status.QUEUED, "")
    assert "The import has been started again." in page and "bulk-import.js" in page
    assert broker.client.llen("celery") == 1


def test_with_the_broker_down_the_upload_is_kept_and_can_be_started_again(
    admin_client, tmp_path, start_worker
):
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder)  # not started yet: nothing listens on its port
    with publishing_to(server.url):
        response = admin_client.post(START, {"documents": [four_letters()]}, follow=True)

        batch = ImportBatch.objects.get()
        assert batch.status == ImportBatch.Status.QUEUED and batch.error == bulk.QUEUE_DOWN
        assert bulk.QUEUE_DOWN in response.content.decode()
        assert default_storage.exists(batch.uploads[0]["stored"])
        assert "Start the import again" in response.content.decode()

        server.start()
        try:
            start_worker("solo", server)
            response = admin_client.post(status_page(batch), follow=True)
            assert "The import has been started again." in response.content.decode()
            wait_until(lambda: finished(batch), "the import to finish", timeout=120)
        finally:
            server.stop()
    assert batch.done == batch.total == 4 and batch.error == ""
    assert Inspection.objects.count() == 2


def test_a_worker_killed_part_way_leaves_the_rest_to_another_and_nothing_is_done_twice(
    admin_client, broker, start_worker
):
    pdfs = sorted(PDFS.glob("*focused-visit.pdf"))[:20]
    first = start_worker("first", broker)
    batch = upload(admin_client, letters_zip(*((p.name, p.read_bytes()) for p in pdfs)))

    wait_until(lambda: ImportBatch.objects.get(pk=batch.pk).done >= 2, "two documents done")
    first.kill()
    batch.refresh_from_db()
    assert batch.done < batch.total, "the import finished before the worker could be killed"

    # Redis hands the unacknowledged task to the next worker (worker_settings: after 5 s).
    start_worker("second", broker)
    wait_until(lambda: finished(batch), "the second worker to finish the import", timeout=180)

    assert [row["file"] for row in batch.results] == [f"letters.zip/{p.name}" for p in pdfs]
    assert Inspection.objects.count() == sum(r["outcome"] == bulk.IMPORTED for r in batch.results)
    waiting = StagedImport.objects.filter(status=StagedImport.Status.PENDING)
    assert waiting.count() == sum(r["outcome"] == bulk.REVIEW for r in batch.results)
    assert StagedImport.objects.count() == sum(
        r["outcome"] in (bulk.IMPORTED, bulk.REVIEW) for r in batch.results
    )
    assert not any(row["outcome"] == bulk.DUPLICATE for row in batch.results)
