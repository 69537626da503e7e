"""Each runner's own file name moves to their activities (issue #10, finding 4): the shared
content row keeps only a neutral name, so one runner never sees another's file name."""

from pathlib import PurePosixPath

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

CHUNK = 1000
KIND_SUFFIXES = {".fit", ".gpx", ".tcx", ".gz", ".zip"}


def own_name(source: str) -> str:
    """The file's name in the runner's own source ("export.zip!a/1.fit" → "1.fit"), as the
    importer names it; each runner's source is their own, whoever stored the content first."""
    return source.rsplit("!", 1)[-1].rsplit("/", 1)[-1][:255]


def neutral(name: str) -> str:
    suffixes = PurePosixPath(name.lower().replace("\\", "/")).suffixes[-2:]
    return "original" + "".join(s for s in suffixes if s in KIND_SUFFIXES)


def names_per_runner(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Activity = apps.get_model("activities", "Activity")
    StoredFile = apps.get_model("activities", "StoredFile")
    last = 0
    while batch := list(Activity.objects.filter(pk__gt=last).order_by("pk")[:CHUNK]):
        for activity in batch:
            activity.file_name = own_name(activity.source)
        Activity.objects.bulk_update(batch, ["file_name"])
        last = batch[-1].pk
    last = 0
    while files := list(StoredFile.objects.filter(pk__gt=last).order_by("pk")[:CHUNK]):
        for stored in files:
            stored.original_name = neutral(stored.original_name)
        StoredFile.objects.bulk_update(files, ["original_name"])
        last = files[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0005_activity_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="file_name",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        # Backwards keeps the neutral names: the people's names are not brought back.
        migrations.RunPython(names_per_runner, migrations.RunPython.noop, elidable=True),
    ]
