"""Creates the themes of inspections/themes.py and tags the findings already imported.

Later changes to the rules are applied with `manage.py tag_themes`, which (unlike this
migration, which only ever sees untagged findings) leaves admins' corrections alone.
"""

from django.db import migrations

from inspections import themes


def tag(apps, schema_editor):
    Theme = apps.get_model("inspections", "Theme")
    Finding = apps.get_model("inspections", "Finding")
    FindingTheme = apps.get_model("inspections", "FindingTheme")
    ids = {}
    for position, rule in enumerate(themes.VOCABULARY):
        theme, _ = Theme.objects.update_or_create(
            slug=rule.slug, defaults={"name": rule.name, "position": position}
        )
        ids[rule.slug] = theme.pk
    tags = [
        FindingTheme(finding_id=finding.pk, theme_id=ids[slug], source="rules", matched=keyword)
        for finding in Finding.objects.only("id", "text", "section").iterator(chunk_size=1000)
        for slug, keyword in themes.match(finding.text, finding.section).items()
    ]
    FindingTheme.objects.bulk_create(tags, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_themes")]

    operations = [migrations.RunPython(tag, migrations.RunPython.noop)]
