"""The optional morning reminder by email (issue #12 item 15): its local time, the last day
one was sent, and a secret for the one-click unsubscribe link (filled for existing runners)."""

import secrets

from django.db import migrations, models

import kneewise.web.runners.models


def give_every_runner_a_token(apps, schema_editor):  # type: ignore[no-untyped-def]
    RunnerProfile = apps.get_model("runners", "RunnerProfile")
    for profile in RunnerProfile.objects.filter(reminder_token__isnull=True).only("pk"):
        RunnerProfile.objects.filter(pk=profile.pk).update(
            reminder_token=secrets.token_urlsafe(32)
        )


class Migration(migrations.Migration):
    dependencies = [("runners", "0005_plan_override")]

    operations = [
        migrations.AddField(
            model_name="runnerprofile",
            name="reminder_time",
            field=models.TimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="runnerprofile",
            name="last_reminded_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="runnerprofile",
            name="reminder_token",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(give_every_runner_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="runnerprofile",
            name="reminder_token",
            field=models.CharField(
                default=kneewise.web.runners.models.new_calendar_token, max_length=64, unique=True
            ),
        ),
    ]
