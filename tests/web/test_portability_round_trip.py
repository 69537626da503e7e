"""Your data: an export re-imports losslessly into an empty account, and nowhere else."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import override_settings

from kneewise.activities.limits import Limits
from kneewise.activities.sources import iter_inputs
from kneewise.web.activities.importer import import_inputs, stored_path
from kneewise.web.activities.models import Activity, ImportedFile
from kneewise.web.runners.models import AkpsRecord, CheckIn, RunnerProfile
from kneewise.web.runners.portability import (
    JSON_NAME,
    PortabilityError,
    export_zip,
    import_export,
)
from tests.activity_files import write_runs

pytestmark = pytest.mark.django_db
START = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def new_user(name: str) -> AbstractBaseUser:
    return get_user_model().objects.create(username=name)


def runner_with_history(tmp_path: Path) -> AbstractBaseUser:
    user = new_user("ana")
    RunnerProfile.objects.create(
        user=user,
        units="mi",
        time_zone="Europe/Zurich",
        age=34,
        sex="female",
        sleep_hours=7.5,
        triage_answers={"age": 34, "onset": "gradual", "aggravating": ["stairs"]},
        triage_outcome="likely_pfp",
        usual_weekly_km=21.3,
        onboarding_step="done",
        plan_start=START,
    )
    for n in range(5):
        CheckIn.objects.create(
            owner=user,
            day=START + timedelta(days=n),
            morning_pain=n % 3,
            done=n % 2 == 0 or None,
            pain_during=1,
            new_load="hiking" if n == 2 else "",
            limp=n == 4,
        )
    AkpsRecord.objects.create(owner=user, day=START, score=71, points={"1": 5}, version="v1")
    AkpsRecord.objects.create(owner=user, day=START, score=74, points={"1": 5}, version="v1")
    runs = write_runs(tmp_path / "runs", [5.0, 8.0, 3.1], first_day=None)
    (tmp_path / "runs" / "notes.gpx").write_text("<gpx></gpx>")
    import_inputs(user, iter_inputs([tmp_path / "runs"]), workers=1)
    assert len(runs) == Activity.objects.filter(owner=user).count()
    return user


def document(zip_bytes: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        data: dict[str, Any] = json.loads(archive.read(JSON_NAME))
    data.pop("exported_at")
    return data


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_the_export_holds_the_json_and_every_original(tmp_path: Path) -> None:
    user = runner_with_history(tmp_path)
    content = export_zip(user)
    data = document(content)
    assert data["format"] == "kneewise-export"
    assert data["version"] == 1
    assert len(data["check_ins"]) == 5
    assert len(data["akps"]) == 2
    assert len(data["activities"]) == 3
    assert "calendar_token" not in data["profile"]  # a secret URL stays with its account
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for entry in data["files"]:
            original = archive.read(f"files/{entry['sha256']}")
            assert original == stored_path(entry["sha256"]).read_bytes()


def test_export_then_import_then_export_again_gives_the_same_data(tmp_path: Path) -> None:
    first = export_zip(runner_with_history(tmp_path))
    copy = new_user("ana-again")
    counts = import_export(copy, first)
    assert counts == {"check_ins": 5, "akps": 2, "files": 4, "activities": 3}
    assert document(export_zip(copy)) == document(first)


def test_the_import_survives_the_originals_being_gone_from_this_server(
    tmp_path: Path, data_dir: Path
) -> None:
    first = export_zip(runner_with_history(tmp_path))
    for path in (data_dir / "files").rglob("*"):
        if path.is_file():
            path.unlink()
    copy = new_user("elsewhere")
    import_export(copy, first)
    activity = Activity.objects.filter(owner=copy).first()
    assert activity is not None
    assert stored_path(activity.file.sha256).read_bytes().startswith(b"<?xml")


def test_importing_into_an_account_with_data_is_refused(tmp_path: Path) -> None:
    user = runner_with_history(tmp_path)
    with pytest.raises(PortabilityError, match="already has data"):
        import_export(user, export_zip(user))
    assert CheckIn.objects.filter(owner=user).count() == 5


def test_a_fresh_profile_still_counts_as_an_empty_account(tmp_path: Path) -> None:
    first = export_zip(runner_with_history(tmp_path))
    copy = new_user("ben")
    RunnerProfile.objects.create(user=copy)  # made on first visit, nothing answered yet
    import_export(copy, first)
    assert RunnerProfile.objects.get(user=copy).units == "mi"


@pytest.mark.parametrize("version", [2, 0, "1", None, True])
def test_an_unknown_version_is_refused_clearly(version: object) -> None:
    data = {"format": "kneewise-export", "version": version}
    with pytest.raises(PortabilityError, match="Unsupported export version"):
        import_export(new_user("ben"), zip_of({JSON_NAME: json.dumps(data).encode()}))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(surprise=1), "unknown field 'surprise'"),
        (lambda d: d["check_ins"][0].update(morning_pain=11), r"check_ins\[0\].morning_pain"),
        (lambda d: d["check_ins"][0].update(morning_pain="3"), "wrong type"),
        (lambda d: d["check_ins"][0].update(new_load="skydiving"), "new_load"),
        (lambda d: d["check_ins"].append(d["check_ins"][0]), "same day"),
        (lambda d: d["activities"][0].pop("start_time"), "start_time is missing"),
        (lambda d: d["activities"][0].update(file="0" * 64), "not in the export"),
        (lambda d: d["profile"].update(units="furlongs"), "profile.units"),
        (lambda d: d["files"][0].update(size=1), "does not match"),
    ],
)
def test_invalid_export_data_is_refused_and_nothing_is_imported(
    tmp_path: Path, change: Any, message: str
) -> None:
    content = export_zip(runner_with_history(tmp_path))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    data = json.loads(members[JSON_NAME])
    change(data)
    members[JSON_NAME] = json.dumps(data).encode()
    copy = new_user("ben")
    with pytest.raises(PortabilityError, match=message):
        import_export(copy, zip_of(members))
    assert not CheckIn.objects.filter(owner=copy).exists()
    assert not RunnerProfile.objects.filter(user=copy).exists()


def test_a_zip_with_a_path_outside_the_export_is_refused(tmp_path: Path) -> None:
    evil = zip_of({JSON_NAME: b"{}", "../evil": b"x"})
    with pytest.raises(PortabilityError, match=r"unsafe name '\.\./evil'"):
        import_export(new_user("ben"), evil)
    assert not (tmp_path / "evil").exists()


def test_a_zip_with_a_name_that_is_not_part_of_an_export_is_refused() -> None:
    odd = zip_of({JSON_NAME: b"{}", "files/run.gpx": b"x"})
    with pytest.raises(PortabilityError, match="not part of a Kneewise export"):
        import_export(new_user("ben"), odd)


def test_a_zip_bomb_is_refused_before_it_is_expanded() -> None:
    bomb = zip_of({JSON_NAME: b" " * (8 * 1024 * 1024)})
    with pytest.raises(PortabilityError, match="compression ratio too high"):
        import_export(new_user("ben"), bomb)


def test_a_member_bigger_than_the_file_limit_is_refused() -> None:
    big = zip_of({JSON_NAME: b"{}" + b" " * 5000})
    with pytest.raises(PortabilityError, match="file too large"):
        import_export(new_user("ben"), big, Limits(max_file_bytes=4096))


def test_something_that_is_not_a_zip_is_refused() -> None:
    with pytest.raises(PortabilityError, match="not a zip"):
        import_export(new_user("ben"), b"hello")


def test_an_export_that_was_never_imported_has_no_files() -> None:
    data = document(export_zip(new_user("ben")))
    assert data["profile"] is None
    assert data["files"] == []
    assert data["check_ins"] == []
    assert ImportedFile.objects.count() == 0
