"""Ships England's local authorities with children's services, and their codes."""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "local_authorities.csv"


def load(apps, schema_editor):
    LocalAuthority = apps.get_model("inspections", "LocalAuthority")
    with CSV_PATH.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            aliases = [a.strip() for a in row["also_known_as"].strip("[]").split(",") if a.strip()]
            LocalAuthority.objects.update_or_create(
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


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
