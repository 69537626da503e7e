"""One run, one activity for databases imported before it (design.md §3.5, issue #9): each
runner's activities are grouped with the same rule imports use, and alternates point at the
most detailed recording of their run."""

from django.db import migrations


def group_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from kneewise.web.activities.same_runs import regroup_rows

    Activity = apps.get_model("activities", "Activity")
    owners = Activity.objects.values_list("owner_id", flat=True).distinct()
    for owner in owners:
        regroup_rows(Activity.objects.filter(owner_id=owner))


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_same_run_and_import_jobs")]

    operations = [migrations.RunPython(group_existing, migrations.RunPython.noop)]
