"""`manage.py backup [--clean]`: the database and the media files (evidence, letters)
together, as one set in the backup storage (STORAGES["dbbackup"]: the folder BACKUP_DIR,
var/backups by default, or any Django storage). See actions/management/backups.py.

Run it from cron (README, "Backups"); `manage.py restore` brings a set back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dbbackup import settings as dbbackup_settings
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from actions.management import backups


class Command(BaseCommand):
    help = (
        "Back up the database and the media files (evidence, letters) as one set in the "
        "backup storage (BACKUP_DIR by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--clean",
            action="store_true",
            help=f"Then delete the sets older than the newest {dbbackup_settings.CLEANUP_KEEP} "
            "(BACKUP_KEEP).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # dbbackup's own log lines only at -v 2; this command says where the set went.
        logging = {"verbosity": options["verbosity"], "quiet": options["verbosity"] < 2}
        # Before the first upload there is no media folder: back up an empty tarball.
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        backup_set = backups.new_set()
        # The database first: every file it names was stored before it was dumped, so it
        # is in the tarball made after.
        call_command("dbbackup", output_filename=backup_set.database, compress=True, **logging)
        call_command("mediabackup", output_filename=backup_set.media, compress=True, **logging)
        self.stdout.write(
            f"Backed up to {backups.location()}: {backup_set.database} and {backup_set.media}"
        )
        if options["clean"]:
            deleted = backups.delete_older_sets(dbbackup_settings.CLEANUP_KEEP)
            self.stdout.write(f"Deleted {len(deleted)} older backup files.")
