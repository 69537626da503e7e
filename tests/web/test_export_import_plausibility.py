"""A crafted export is refused with a reason naming the field, and nothing of it is stored:
the account's pages never meet year 9999, year 1 or a script as triage answers (issue #10)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from kneewise.web.activities.models import Activity
from kneewise.web.runners.models import AkpsRecord, CheckIn, RunnerProfile
from kneewise.web.runners.portability import JSON_NAME, export_zip
from tests.web.test_portability_round_trip import runner_with_history

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def changed(export: bytes, section: str, index: int | None, field: str, value: Any) -> bytes:
    """The export with one value replaced, the originals kept."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(export)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == JSON_NAME:
                data = json.loads(content)
                row = data[section] if index is None else data[section][index]
                row[field] = value
                content = json.dumps(data).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


CRAFTED = [
    ("check_ins", 0, "day", "9999-12-31"),
    ("check_ins", 1, "day", "1900-01-01"),
    ("activities", 0, "start_time", "0001-01-01T00:00:00+00:00"),
    ("activities", 0, "distance_m", 1e308),
    ("activities", 0, "avg_hr_bpm", 1e308),
    ("activities", 0, "elapsed_s", 3.2e11),  # ten thousand years
    ("activities", 0, "sport", SCRIPT),
    ("activities", 0, "format", "exe"),
    ("profile", None, "triage_answers", SCRIPT),
    ("profile", None, "triage_answers", {"age": 34, "onset": SCRIPT}),
    ("profile", None, "plan_start", "9999-12-31"),
    ("profile", None, "time_zone", "Mars/Olympus_Mons"),
    ("profile", None, "onboarding_step", SCRIPT),
    ("profile", None, "triage_outcome", SCRIPT),
    ("profile", None, "sleep_hours", -3.0),
    ("akps", 0, "points", [SCRIPT]),
]


@pytest.mark.parametrize(("section", "index", "field", "value"), CRAFTED)
def test_a_crafted_export_is_refused_naming_the_field_and_nothing_is_stored(
    tmp_path: Path, section: str, index: int | None, field: str, value: Any
) -> None:
    crafted = changed(export_zip(runner_with_history(tmp_path)), section, index, field, value)
    ben = get_user_model().objects.create_user(username="ben", password="a long passphrase")
    client = Client()
    client.force_login(ben)
    upload = SimpleUploadedFile("export.zip", crafted, "application/zip")

    response = client.post("/api/account/import/", {"export": upload})

    assert response.status_code == 400
    where = section if index is None else f"{section}[{index}]"
    assert f"Invalid export: {where}.{field} = " in response.content.decode()
    assert not CheckIn.objects.filter(owner=ben).exists()
    assert not AkpsRecord.objects.filter(owner=ben).exists()
    assert not Activity.objects.filter(owner=ben).exists()
    assert not RunnerProfile.objects.filter(user=ben, onboarding_step="done").exists()
    for page in ("/", "/activities/", "/progress/", "/api/account/"):
        assert client.get(page).status_code in (200, 302), page


def test_a_real_export_still_imports_through_the_page(tmp_path: Path) -> None:
    export = export_zip(runner_with_history(tmp_path))
    ben = get_user_model().objects.create_user(username="ben", password="a long passphrase")
    client = Client()
    client.force_login(ben)
    upload = SimpleUploadedFile("export.zip", export, "application/zip")
    response = client.post("/api/account/import/", {"export": upload})
    assert response.status_code == 302
    assert Activity.objects.filter(owner=ben).count() == 3
