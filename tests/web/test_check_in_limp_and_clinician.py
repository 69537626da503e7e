"""§11b's two new check-in answers: a limp this morning (always asked) and a visit to a
clinician (asked only while the plan waits for it), on the page, in the API, to the engine
and through an export."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from kneewise.web.runners.models import CheckIn
from kneewise.web.runners.plan_service import asks_clinician_question, plan_view
from kneewise.web.runners.portability import JSON_NAME, export_zip, import_export
from tests.web.daily_helpers import (
    checkin_form,
    client_for,
    green_checkin,
    runner_with_plan_started,
    today,
)
from tests.web.plan_helpers import record_engine_calls

pytestmark = pytest.mark.django_db
LIMP_QUESTION = "Are you limping when you walk this morning?"
CLINICIAN_QUESTION = "Have you seen a physiotherapist or doctor about your knee"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def paused_runner() -> object:
    """A runner whose knee was swollen yesterday morning: running is paused (R3, §11b.2)."""
    runner = runner_with_plan_started(days_ago=2)
    green_checkin(runner, today() - timedelta(days=1), swelling=True, done=None, pain_during=None)
    return runner


def test_the_morning_asks_about_a_limp_with_no_chosen_to_start_with() -> None:
    page = client_for(runner_with_plan_started()).get("/check-in/").content.decode()
    assert LIMP_QUESTION in page
    assert 'name="morning_limp" id="id_morning_limp_0" value="no" checked' in page
    assert page.index(LIMP_QUESTION) < page.index("Daily activities")  # part of the morning


def test_a_limp_this_morning_is_saved_and_reaches_the_engine() -> None:
    runner = runner_with_plan_started(days_ago=1)
    response = client_for(runner).post("/check-in/", checkin_form(today(), morning_limp="yes"))
    assert response.status_code == 302
    assert CheckIn.objects.get(owner=runner.user).morning_limp is True
    morning = plan_view(runner, today()).state.morning(today())  # the engine's own log
    assert morning is not None
    assert morning.morning_limp is True


@pytest.mark.parametrize("value", [None, "maybe"])
def test_the_limp_answer_is_required_and_must_be_yes_or_no(value: str | None) -> None:
    runner = runner_with_plan_started(days_ago=1)
    response = client_for(runner).post("/check-in/", checkin_form(today(), morning_limp=value))
    assert response.status_code == 200
    assert "Please choose yes or no." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_clinician_question_waits_until_the_plan_asks_for_it() -> None:
    runner = runner_with_plan_started(days_ago=2)
    assert not asks_clinician_question(plan_view(runner, today()))
    assert CLINICIAN_QUESTION not in client_for(runner).get("/check-in/").content.decode()


def test_after_a_pause_the_check_in_asks_whether_a_clinician_has_seen_the_knee() -> None:
    runner = paused_runner()
    assert asks_clinician_question(plan_view(runner, today()))
    page = client_for(runner).get("/check-in/").content.decode()
    assert CLINICIAN_QUESTION in page
    assert 'name="seen_clinician" id="id_seen_clinician_0" value="no" checked' in page


def test_seeing_a_clinician_is_saved_and_reaches_the_engine_on_that_morning_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = paused_runner()
    form = checkin_form(
        today(), seen_clinician="yes", done="", pain_during=None, pain_after_60min=None
    )
    assert client_for(runner).post("/check-in/", form).status_code == 302
    assert CheckIn.objects.get(owner=runner.user, day=today()).seen_clinician is True
    calls = record_engine_calls(monkeypatch)
    morning = plan_view(runner, today()).state.morning(today())  # the engine's own log
    assert morning is not None
    assert morning.seen_clinician is True
    projected = [m for m in calls.morning_reports if m.day > today()]
    assert projected
    assert not any(m.seen_clinician for m in projected)  # a visit is not projected


def test_a_yes_already_given_stays_on_screen_when_the_check_in_is_edited() -> None:
    runner = runner_with_plan_started(days_ago=1)
    green_checkin(runner, today(), seen_clinician=True)
    page = client_for(runner).get("/check-in/").content.decode()
    assert 'name="seen_clinician" id="id_seen_clinician_1" value="yes" checked' in page


def test_an_unasked_clinician_question_saves_no() -> None:
    runner = runner_with_plan_started(days_ago=1)
    client_for(runner).post("/check-in/", checkin_form(today()))
    assert CheckIn.objects.get(owner=runner.user).seen_clinician is False


def test_the_recent_check_ins_mention_a_limp_and_a_clinician() -> None:
    runner = runner_with_plan_started(days_ago=2)
    green_checkin(runner, today() - timedelta(days=1), morning_limp=True, seen_clinician=True)
    page = client_for(runner).get("/check-in/").content.decode()
    assert "limping, saw a clinician" in page


def test_the_api_takes_and_returns_both_answers() -> None:
    runner = runner_with_plan_started(days_ago=2)
    client = client_for(runner)
    url = f"/api/v1/check-ins/{(today() - timedelta(days=1)).isoformat()}"
    body = {"morning_pain": 2, "morning_limp": True, "seen_clinician": True}
    assert client.put(url, body, content_type="application/json").status_code == 200
    saved = client.get(url).json()
    assert (saved["morning_limp"], saved["seen_clinician"]) == (True, True)
    plain = client.put(url, {"morning_pain": 2}, content_type="application/json").json()
    assert (plain["morning_limp"], plain["seen_clinician"]) == (False, False)


@pytest.mark.parametrize("body", [{"morning_limp": "perhaps"}, {"seen_clinician": [1]}])
def test_the_api_refuses_answers_that_are_not_true_or_false(body: dict[str, object]) -> None:
    runner = runner_with_plan_started(days_ago=2)
    url = f"/api/v1/check-ins/{today().isoformat()}"
    response = client_for(runner).put(url, body, content_type="application/json")
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_the_openapi_schema_lists_both_answers() -> None:
    schema = client_for(runner_with_plan_started()).get("/api/v1/openapi.json").json()
    fields = schema["components"]["schemas"]["CheckInIn"]["properties"]
    assert {"morning_limp", "seen_clinician"} <= set(fields)


def test_both_answers_go_out_in_an_export_and_come_back_in() -> None:
    runner = runner_with_plan_started(plan_start=date(2026, 3, 2))
    green_checkin(runner, date(2026, 3, 2), morning_limp=True, seen_clinician=True)
    content = export_zip(runner.user)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        exported = json.loads(archive.read(JSON_NAME))["check_ins"][0]
    assert (exported["morning_limp"], exported["seen_clinician"]) == (True, True)
    copy = get_user_model().objects.create(username="copy")
    import_export(copy, content)
    back = CheckIn.objects.get(owner=copy)
    assert (back.morning_limp, back.seen_clinician) == (True, True)


def test_an_older_export_without_the_answers_still_imports() -> None:
    runner = runner_with_plan_started(plan_start=date(2026, 3, 2))
    green_checkin(runner, date(2026, 3, 2))
    with zipfile.ZipFile(io.BytesIO(export_zip(runner.user))) as archive:
        data = json.loads(archive.read(JSON_NAME))
    for checkin in data["check_ins"]:
        del checkin["morning_limp"], checkin["seen_clinician"]
    older = io.BytesIO()
    with zipfile.ZipFile(older, "w") as archive:
        archive.writestr(JSON_NAME, json.dumps(data))
    copy = get_user_model().objects.create(username="copy")
    assert import_export(copy, older.getvalue())["check_ins"] == 1
    back = CheckIn.objects.get(owner=copy)
    assert (back.morning_limp, back.seen_clinician) == (False, False)


def test_an_export_with_a_wrong_answer_type_is_refused() -> None:
    runner = runner_with_plan_started(plan_start=date(2026, 3, 2))
    green_checkin(runner, date(2026, 3, 2))
    with zipfile.ZipFile(io.BytesIO(export_zip(runner.user))) as archive:
        data = json.loads(archive.read(JSON_NAME))
    data["check_ins"][0]["morning_limp"] = "yes"
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr(JSON_NAME, json.dumps(data))
    copy = get_user_model().objects.create(username="copy")
    with pytest.raises(Exception, match="morning_limp"):
        import_export(copy, broken.getvalue())
