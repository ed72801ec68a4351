"""England's local authorities with children's services, shipped as initial data."""

import csv
from pathlib import Path
from typing import Any

from django.utils.text import slugify

CSV_PATH = Path(__file__).resolve().parent / "local_authorities.csv"


def load_local_authorities(model: Any) -> None:
    """Create or refresh every authority in the CSV; `model` may be a migration's model."""
    with CSV_PATH.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            aliases = [a.strip() for a in row["also_known_as"].strip("[]").split(",") if a.strip()]
            model.objects.update_or_create(
                ons_code=row["ons_code"],
                defaults={
                    "name": row["name"],
                    "slug": slugify(row["name"]),
                    "also_known_as": "; ".join(aliases),
                    "ofsted_urn": row["ofsted_urn"],
                    "dfe_code": row["dfe_la_code"],
                    "region": row["region"],
                    "authority_type": row["la_type"],
                    "web_domain": row["web_domain"],
                },
            )
