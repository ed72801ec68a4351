"""Bulk import: `python manage.py import_letter PATH…`, one summary line per file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspections import importing
from inspections.models import LocalAuthority
from inspections.parsing import LetterError
from inspections.services import DuplicateLetter, import_letter


class Command(BaseCommand):
    help = "Import Ofsted letters or reports (.pdf or .txt) with their findings and draft actions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--authority",
            metavar="SLUG",
            help="The authority to file the letters under, when the council name does not match.",
        )
        parser.add_argument("--publish", action="store_true", help="Publish them at once.")

    def handle(self, *args, paths: list[Path], authority: str | None, publish: bool, **options):
        chosen = None
        if authority:
            chosen = LocalAuthority.objects.filter(slug=authority).first()
            if chosen is None:
                raise CommandError(f"No local authority has the slug “{authority}”.")
        failures = 0
        for path in paths:
            try:
                line = self.import_one(path, chosen, publish)
            except (OSError, LetterError) as error:
                failures += 1
                self.stderr.write(f"{path.name}: not imported: {error}")
            else:
                self.stdout.write(f"{path.name}: {line}")
        if failures:
            raise CommandError(f"{failures} of {len(paths)} files could not be imported.")

    def import_one(self, path: Path, chosen: LocalAuthority | None, publish: bool) -> str:
        if not path.is_file():
            raise LetterError("there is no such file.")
        importing.check_size(path.stat().st_size)
        data = path.read_bytes()
        text, parsed = importing.read_letter(data=data, filename=path.name, pasted="")
        authority = chosen or importing.match_authority(parsed)
        if authority is None:
            raise LetterError(
                f"the council “{parsed.council or 'not found'}” does not match a local authority;"
                " give one with --authority SLUG."
            )
        draft = importing.draft_from_parsed(parsed, authority)
        try:
            inspection = import_letter(
                draft=draft,
                source_text=text,
                source_name=path.name,
                source_bytes=data if path.suffix.lower() == ".pdf" else None,
                published=publish,
            )
        except DuplicateLetter as duplicate:
            return f"skipped, already imported as “{duplicate.existing}”"
        return (
            f"imported “{inspection}”: {len(draft.findings)} findings, "
            f"{draft.action_count} draft actions"
        )
