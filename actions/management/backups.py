"""Backup sets for `manage.py backup` and `manage.py restore`, on top of django-dbbackup.

A set is two files in the backup storage (STORAGES["dbbackup"]) whose names carry the
same UTC time: the database (dbbackup) and a tarball of the media files (mediabackup),
both gzipped. The database is dumped first, so every file it names is in the tarball
taken after it. Restore takes a complete set, never a database from one run with the
files of another.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from tempfile import NamedTemporaryFile
from typing import IO

from dbbackup import settings as dbbackup_settings
from dbbackup import utils
from dbbackup.db.base import get_connector
from dbbackup.db.sqlite import SqliteBackupConnector
from dbbackup.storage import Storage, get_storage
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone


@dataclass(frozen=True)
class BackupSet:
    taken: str  # the time in both names, in DBBACKUP_DATE_FORMAT
    database: str
    media: str


def new_set() -> BackupSet:
    """The names of a set taken now."""
    taken = timezone.now().strftime(dbbackup_settings.DATE_FORMAT)
    extension = f"{get_connector(DEFAULT_DB_ALIAS).extension}.gz"
    return BackupSet(
        taken=taken,
        database=utils.filename_generate(extension, DEFAULT_DB_ALIAS, wildcard=taken),
        media=utils.filename_generate("tar.gz", content_type="media", wildcard=taken),
    )


def stored_sets(storage: Storage | None = None) -> list[BackupSet]:
    """The complete sets in the backup storage, newest first."""
    storage = storage or get_storage()
    try:
        databases = _by_time(storage.list_backups(content_type="db", database=DEFAULT_DB_ALIAS))
        media = _by_time(storage.list_backups(content_type="media"))
    except FileNotFoundError:  # a backup folder not made yet
        return []
    return [
        BackupSet(taken=taken, database=databases[taken], media=media[taken])
        for taken in sorted(databases.keys() & media.keys(), key=_moment, reverse=True)
    ]


def delete_older_sets(keep: int) -> list[str]:
    """Deletes every backup file older than the `keep` newest complete sets; their names."""
    storage = get_storage()
    sets = stored_sets(storage)
    if len(sets) <= keep:
        return []
    oldest_kept = _moment(sets[keep - 1].taken)
    doomed = [
        name
        for name in storage.list_backups()
        if _moment(utils.filename_to_datestring(name)) < oldest_kept
    ]
    for name in doomed:
        storage.delete_file(name)
        if storage.storage.exists(f"{name}.metadata"):
            storage.delete_file(f"{name}.metadata")
    return doomed


def location() -> str:
    """Where backups go, for messages: the folder, or the storage's class."""
    storage = get_storage()
    return str(getattr(storage.storage, "location", storage.name))


def _by_time(names: list[str]) -> dict[str, str]:
    return {utils.filename_to_datestring(name): name for name in names}


def _moment(taken: str) -> datetime:
    return datetime.strptime(taken, dbbackup_settings.DATE_FORMAT)


class SqliteOnlineConnector(SqliteBackupConnector):
    """Backs up like dbbackup's SQLite connector (the backup API, safe while in use), and
    restores the same way, into the open database. dbbackup's own restore writes over the
    database file, which corrupts it when a web or Celery process has it open in WAL mode:
    their -wal file still holds pages of the old database."""

    def restore_dump(self, dump: IO[bytes]) -> None:
        with NamedTemporaryFile(suffix=".sqlite3") as copy:
            shutil.copyfileobj(dump, copy)
            copy.flush()
            source = sqlite3.connect(copy.name)
            try:
                self.connection.ensure_connection()
                source.backup(self.connection.connection)
            finally:
                source.close()
