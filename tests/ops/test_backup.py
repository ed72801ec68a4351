"""Backups that restore: `manage.py backup` and `manage.py restore` bring back every row of
every table and every media file (evidence, letters), byte for byte.

The commands run as cron and an operator run them, in processes of their own, on the test
database (with its data committed: transaction=True) and the test's media folder, into a
backup folder of the test's own. The engine is what this checks (pg_dump and pg_restore on
PostgreSQL, SQLite's backup API on SQLite), so the test is not `once_on_postgres`:
scripts/test.sh runs it on PostgreSQL and again on SQLite. On SQLite the test process
keeps the database open while it is restored, as a running server would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from dbbackup.utils import filename_to_datestring
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from actions import services
from actions.models import ActionItem, ActionUpdate, Status
from inspections.data import load_local_authorities
from inspections.models import LocalAuthority
from tests.reminders.realworld import BASE_DIR, database_url

pytestmark = pytest.mark.django_db(transaction=True)
EARLIER = "2000-01-01-000000"


@pytest.fixture(autouse=True)
def _local_authorities(transactional_db) -> None:
    """The flush after each transactional test empties the table a data migration filled."""
    load_local_authorities(LocalAuthority)


def manage(backups: Path, *args: str, cache_url: str = "") -> subprocess.CompletedProcess[str]:
    """`manage.py ARGS` on the test database, media folder and the given backup folder (and
    the given cache: none, by default)."""
    env = {
        **os.environ,
        "CACHE_URL": cache_url,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "BACKUP_DIR": str(backups),
        "VAR_DIR": str(backups.parent / "var"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip


def backed_up(backups: Path) -> None:
    done = manage(backups, "backup")
    assert done.returncode == 0, done.stderr


def restored(backups: Path, *args: str) -> None:
    done = manage(backups, "restore", "--no-input", *args)
    assert done.returncode == 0, done.stderr


def every_row() -> dict[str, list[tuple]]:
    """Every table's rows, in a stable order; read afresh, after whatever another process did."""
    connection.close()
    with connection.cursor() as cursor:
        rows = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def every_file() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*")
            if path.is_file()}  # fmt: skip


def some_work(world, label: str) -> None:
    """Notes with evidence, a status change and an edit: timeline, history and files."""
    action = ActionItem.objects.get(pk=world.action.pk)
    every_byte = bytes(range(256)) * 64
    services.add_note(
        action=action, by=world.owner, note=f"{label}: minutes attached — ça va 🎉",
        evidence=SimpleUploadedFile(f"{label}-minutes.pdf", b"%PDF-1.4\n" + every_byte),
        evidence_content_type="application/pdf",
    )  # fmt: skip
    services.update_action(
        action=action, by=world.manager, expected_version=action.version,
        title=f"{label}: audits improved", priority="high",
    )  # fmt: skip


def rename_set(backups: Path, taken: str) -> None:
    """Makes the one set in `backups` look taken at `taken`, as yesterday's would."""
    for path in backups.iterdir():
        path.rename(path.with_name(path.name.replace(filename_to_datestring(path.name), taken)))


def test_restore_brings_back_every_row_and_file(world, tmp_path):
    backups = tmp_path / "backups"
    world.inspection.source_document.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"))
    services.change_status(action=world.action, to_status=Status.IN_PROGRESS, by=world.owner)
    some_work(world, "First")
    first_rows, first_files = every_row(), every_file()
    assert len(first_files) == 2
    assert len(first_rows["actions_historicalactionitem"]) >= 3

    backed_up(backups)
    rename_set(backups, EARLIER)
    some_work(world, "Second")
    User.objects.filter(username="vera").delete()
    second_rows, second_files = every_row(), every_file()
    assert len(second_files) == 3
    backed_up(backups)

    # Then it all goes: every table emptied (its id sequence reset), files lost or changed.
    call_command("flush", interactive=False)
    media = Path(settings.MEDIA_ROOT)
    lost, overwritten = sorted(second_files)[:2]
    (media / lost).unlink()
    (media / overwritten).write_bytes(b"garbage")
    (media / "stray.txt").write_bytes(b"uploaded after the backup")

    restored(backups)  # the newest
    assert every_row() == second_rows
    assert every_file() == {**second_files, "stray.txt": b"uploaded after the backup"}
    # New rows take new ids: the sequences were restored with the rows (on PostgreSQL a
    # sequence left reset by the flush would hand out id 1 again).
    some_work(world, "Third")
    assert ActionUpdate.objects.filter(note__startswith="Third").count() == 1

    restored(backups, "--taken", EARLIER)
    assert every_row() == first_rows
    files = every_file()
    assert {name: files[name] for name in first_files} == first_files


def test_restore_empties_the_cache(world, tmp_path, redis_url):
    """Pages are kept under the authorities' revision numbers, and a restored database
    counts again from older ones: nothing kept before the restore may be served after."""
    backups = tmp_path / "backups"
    backed_up(backups)
    shared = redis.Redis.from_url(redis_url)
    shared.set("tracker:1:a kept page", "of the data before the restore")

    done = manage(backups, "restore", "--no-input", cache_url=redis_url)

    assert done.returncode == 0, done.stderr
    assert shared.get("tracker:1:a kept page") is None


def test_restore_refuses_when_there_is_no_backup(world, tmp_path):
    rows = every_row()
    done = manage(tmp_path / "backups", "restore", "--no-input")
    assert done.returncode == 1
    assert "There is no backup to restore" in done.stderr
    assert every_row() == rows
