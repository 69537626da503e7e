"""A runner's export carries their clinician's plan changes (plan inputs) and their sharing
history; an import recreates the plan changes, without the clinician."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from kneewise.web.clinic.changes import change_plan
from kneewise.web.clinic.notes import add_note
from kneewise.web.runners.models import PlanOverride
from kneewise.web.runners.portability import (
    JSON_NAME,
    PortabilityError,
    export_zip,
    import_export,
)
from tests.web.clinic.clinic_helpers import clinician, runner_sharing_with
from tests.web.daily_helpers import today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def exported() -> dict[str, Any]:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    change_plan(profile.user, physio, {"kind": "hold", "from": today().isoformat(),
                                        "note": "Until the scan"}, today())  # fmt: skip
    add_note(profile.user, physio, "See you Friday", for_runner=True)
    with zipfile.ZipFile(io.BytesIO(export_zip(profile.user))) as archive:
        data: dict[str, Any] = json.loads(archive.read(JSON_NAME))
    return data


def zipped(data: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(JSON_NAME, json.dumps(data))
    return out.getvalue()


def test_the_export_has_the_plan_changes_and_the_sharing_history() -> None:
    data = exported()
    [change] = data["plan_overrides"]
    assert change["set_by"] == "dr_lee"
    assert change["override"]["note"] == "Until the scan"
    kinds = [item["kind"] for item in data["sharing_history"]]
    assert kinds == ["linked", "override_set", "message"]
    assert data["sharing_history"][2]["text"] == "See you Friday"


def test_an_import_recreates_the_plan_changes_without_the_clinician() -> None:
    data = exported()
    newcomer = get_user_model().objects.create_user("ana2", password="a long password")
    import_export(newcomer, io.BytesIO(zipped(data)))
    row = PlanOverride.objects.get(owner=newcomer)
    assert (row.set_by, row.set_by_name, row.data["note"]) == (None, "dr_lee", "Until the scan")


def test_a_bad_plan_change_in_an_export_is_refused_naming_its_field() -> None:
    data = exported()
    data["plan_overrides"][0]["override"]["kind"] = "let_her_run"
    newcomer = get_user_model().objects.create_user("ana2", password="a long password")
    with pytest.raises(PortabilityError, match=r"plan_overrides\[0\]\.override: kind"):
        import_export(newcomer, io.BytesIO(zipped(data)))
    assert not PlanOverride.objects.filter(owner=newcomer).exists()
