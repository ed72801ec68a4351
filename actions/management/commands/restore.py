"""`manage.py restore [--taken TIME] [--no-input]`: brings back the database and the media
files of one set made by `manage.py backup`, the newest unless --taken names another.

The database is replaced whole. Every file in the set is written back over what is there;
files added since the backup are left in place (the restored database does not name
them). The cache is emptied. Stop the web servers and Celery workers first (README,
"Backups").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from actions.management import backups


class Command(BaseCommand):
    help = (
        "Restore the database and the media files from a set made by `manage.py backup`, "
        "the newest by default."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--taken",
            metavar="TIME",
            help="The set taken at this time, as in its file names (e.g. 2026-11-30-020000).",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (for scripts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backup_set = self._chosen(options["taken"])
        database = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
        self.stdout.write(
            f"Restoring the backup taken {backup_set.taken} (UTC) from {backups.location()}:\n"
            f"  {backup_set.database} replaces the database {database}\n"
            f"  {backup_set.media} is written into {settings.MEDIA_ROOT}"
        )
        if options["interactive"] and input("Type 'yes' to go on: ").strip() != "yes":
            raise CommandError("Nothing was restored.")
        logging = {"verbosity": options["verbosity"], "quiet": options["verbosity"] < 2}
        call_command(
            "dbrestore", input_filename=backup_set.database, uncompress=True,
            interactive=False, **logging,
        )  # fmt: skip
        call_command(
            "mediarestore", input_filename=backup_set.media, uncompress=True, replace=True,
            interactive=False, **logging,
        )  # fmt: skip
        # Pages are kept in the cache under the authorities' revision numbers and the
        # public pages' ETags, and the restored database counts again from older numbers:
        # the same numbers could come to name pages of the data it replaced.
        cache.clear()
        self.stdout.write(f"Restored the backup taken {backup_set.taken} (UTC).")

    def _chosen(self, taken: str | None) -> backups.BackupSet:
        sets = backups.stored_sets()
        if not sets:
            raise CommandError(
                f"There is no backup to restore in {backups.location()}: nothing was changed. "
                "Check BACKUP_DIR (or STORAGES['dbbackup']), or make one with `manage.py backup`."
            )
        if taken is None:
            return sets[0]
        for backup_set in sets:
            if backup_set.taken == taken:
                return backup_set
        available = ", ".join(backup_set.taken for backup_set in sets)
        raise CommandError(f"No backup was taken at {taken}. These were: {available}.")
