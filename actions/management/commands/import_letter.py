"""`python manage.py import_letter PATH…`: import letters from files, folders and .zip
archives in one go, with a progress bar on a terminal and a summary table at the end.

Each document is imported, sent to the review queue with the reasons a person must check
it, recognised as a duplicate, or refused with the reason why (actions/importing/bulk.py). The
exit status is 1 when any document was refused, so that a script notices; documents sent
for review are not failures: the review queue is where they are meant to go.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from actions.importing import bulk
from actions.importing.bulk_inputs import documents_at
from inspections.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Import Ofsted letters or reports (.pdf or .txt) from files, folders and .zip "
        "archives, with their findings and draft actions. Letters a person must check go to "
        "the review queue in the admin. Exits with status 1 if any document was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", type=Path, help="Files, folders (read recursively) or .zip files."
        )
        parser.add_argument(
            "--authority",
            metavar="SLUG",
            help="The authority to file every letter under, whatever council it names.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported inspections at once if they have no draft actions "
            "(otherwise they wait unpublished).",
        )
        parser.add_argument(
            "--publish-anyway",
            action="store_true",
            help="Publish them at once although their actions are the drafts made from the "
            "letters (an archive, or demo data).",
        )

    def handle(
        self,
        *args: Any,
        paths: list[Path],
        authority: str | None,
        publish: bool,
        publish_anyway: bool,
        **options: Any,
    ) -> None:
        chosen = None
        if authority:
            chosen = LocalAuthority.objects.filter(slug=authority).first()
            if chosen is None:
                raise CommandError(f"No local authority has the slug “{authority}”.")
        with ExitStack() as stack:
            documents = documents_at(paths, stack)
            batch = bulk.start_batch(user=None, total=len(documents))
            # The bar goes to the terminal only: piped or captured output gets the summary.
            # OutputWrapper's stream itself: the wrapper would end each redraw with a newline.
            stream = cast(TextIO, self.stderr._out)
            with tqdm(
                total=len(documents),
                unit="doc",
                desc="Importing",
                file=stream,
                disable=not stream.isatty(),
                dynamic_ncols=True,
            ) as bar:
                try:
                    batch = bulk.run(
                        batch,
                        documents,
                        authority=chosen,
                        publish=publish or publish_anyway,
                        publish_anyway=publish_anyway,
                        on_row=_advance(bar),
                    )
                except Exception as error:
                    bulk.fail(batch, error)
                    raise
            bulk.finish(batch)
        self.print_summary(batch.results)
        refused = bulk.counts(batch.results)[bulk.REFUSED]
        if refused:
            raise CommandError(
                f"{refused} of {len(batch.results)} documents were refused: see above why."
            )

    def print_summary(self, results: list[bulk.Row]) -> None:
        """One section per outcome, each document on a line with its reason."""
        width = min(max((len(str(row["file"])) for row in results), default=0), 60)
        for outcome, title in bulk.OUTCOMES.items():
            rows = [row for row in results if row["outcome"] == outcome]
            if not rows:
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"\n{title} ({len(rows)})"))
            for row in rows:
                self.stdout.write(f"  {row['file']:<{width}}  {row['reason']}")
        self.stdout.write(f"\n{bulk.summary_line(results)}")


def _advance(bar: tqdm) -> Callable[[bulk.Row], None]:
    def advance(row: bulk.Row) -> None:
        bar.set_postfix_str(str(row["file"])[-40:], refresh=False)
        bar.update()

    return advance
