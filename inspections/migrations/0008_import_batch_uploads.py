from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0007_import_staging'),
    ]

    operations = [
        migrations.AddField(
            model_name='importbatch',
            name='uploads',
            field=models.JSONField(blank=True, default=list),
        ),
    ]
