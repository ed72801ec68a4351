"""Re-run the theme rules over every finding, e.g. after inspections/themes.py changes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from inspections.models import Finding
from inspections.tagging import tag_findings

BATCH = 500


class Command(BaseCommand):
    help = "Tag every finding with the themes the rules give; admins' corrections are kept."

    def handle(self, *args: Any, **options: Any) -> None:
        added = removed = 0
        findings = Finding.objects.only("id", "text", "section").order_by("pk")
        last_pk = 0
        while batch := list(findings.filter(pk__gt=last_pk)[:BATCH]):
            batch_added, batch_removed = tag_findings(batch)
            added, removed, last_pk = added + batch_added, removed + batch_removed, batch[-1].pk
        self.stdout.write(f"Themes: {added} tags added, {removed} removed.")
