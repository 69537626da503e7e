"""The runner's own week (issue #12 item 16): run weekdays from a day on, and sessions moved
to the next day; plan inputs like check-ins."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("runners", "0006_morning_reminder"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WeekChoice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("run_days", "Run Days"), ("move", "Move")], max_length=16
                    ),
                ),
                ("day", models.DateField()),
                ("weekdays", models.JSONField(blank=True, default=list)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="week_choices",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["day", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("owner", "kind", "day"), name="one_week_choice_a_day"
                    )
                ],
            },
        ),
    ]
