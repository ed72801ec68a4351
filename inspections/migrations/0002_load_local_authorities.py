"""Ships England's local authorities with children's services, and their codes."""

from django.db import migrations

from inspections.data import load_local_authorities


def load(apps, schema_editor):
    load_local_authorities(apps.get_model("inspections", "LocalAuthority"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
