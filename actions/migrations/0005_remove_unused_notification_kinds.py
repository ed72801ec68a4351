"""Drops the "due soon" and "overdue" notification kinds. Nothing ever wrote them (the
reminders are digests and escalations), so no row holds them and no data needs moving;
the re-added check constraint would refuse one if it did."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0004_reminders"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="notification",
            name="notification_kind_valid",
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("assigned", "Assigned"),
                    ("escalation", "Escalation"),
                    ("digest", "Digest"),
                    ("weekly_summary", "Weekly summary"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["assigned", "escalation", "digest", "weekly_summary"])
                ),
                name="notification_kind_valid",
            ),
        ),
    ]
