"""The overall grade lives on the inspection only: an "Overall effectiveness" judgement
row, which earlier imports wrote beside it, is folded into `overall_judgement`."""

from django.db import migrations

OVERALL = "overall effectiveness"


def fold_overall_rows(apps, schema_editor):
    Inspection = apps.get_model("inspections", "Inspection")
    Judgement = apps.get_model("inspections", "Judgement")
    rows = Judgement.objects.filter(area__iexact=OVERALL)
    for row in rows.select_related("inspection"):
        if not row.inspection.overall_judgement:
            Inspection.objects.filter(pk=row.inspection_id).update(overall_judgement=row.grade)
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0005_finding_timescale")]

    operations = [migrations.RunPython(fold_overall_rows, migrations.RunPython.noop)]
