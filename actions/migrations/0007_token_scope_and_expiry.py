"""Tokens get a scope and an optional expiry date. Tokens made before this could change
anything their owner could, and scripts rely on that: they become read-and-write. Tokens
made from now on are read-only unless their owner asks for more."""

from django.db import migrations, models

SCOPES = [("read", "Read only"), ("read_write", "Read and write")]


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0006_erasure_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_on",
            field=models.DateField(
                blank=True,
                help_text="The last day it works; empty: until it is revoked.",
                null=True,
            ),
        ),
        # Fills the existing rows with read_write ...
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(choices=SCOPES, default="read_write", max_length=10),
        ),
        # ... then new tokens default to read-only.
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(choices=SCOPES, default="read", max_length=10),
        ),
    ]
