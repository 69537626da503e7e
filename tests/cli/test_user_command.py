"""`kneewise user add` (design.md §3.6): accounts as the sign-up page makes them, runners
onboarded as the onboarding pages would, clinicians in Django's "clinician" group."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from kneewise.core.akps import score_akps
from kneewise.core.plan.profile import FunctionScores
from kneewise.core.plan.profile import RunnerProfile as EngineRunner
from kneewise.core.risk import Sex
from kneewise.web.accounts.services import is_clinician
from kneewise.web.runners.models import AkpsRecord, RunnerProfile
from kneewise.web.runners.plan_service import baseline_function, engine_runner, plan_view
from tests.cli.account_helpers import (
    AKPS,
    NOW,
    PASSWORD,
    RUNNER,
    START,
    TRIAGE,
    add_user,
    profile,
    write_profile,
)
from tests.cli.cli_runner import Cli

pytestmark = pytest.mark.django_db
User = get_user_model()
EXAMPLE_SCENARIO = Path(__file__).parents[2] / "docs" / "examples" / "plan-scenario.json"


@pytest.fixture(autouse=True)
def on_the_first_day() -> Iterator[None]:
    """The commands and the pages run at 09:00 UTC on the plan's first day."""
    with mock.patch.object(timezone, "now", return_value=NOW):
        yield


def logged_in_through_the_login_page(name: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": name, "password": password})
    assert response.status_code == 302, "the login page refused the new account"
    return client


# Runners and clinicians ---------------------------------------------------------------------


def test_user_add_creates_a_runner_and_prints_its_role(cli: Cli) -> None:
    done = add_user(cli, "ana", "--email", "ana@example.org")
    assert done.code == 0, done.stdout
    assert done.json["user"] == "ana"
    assert done.json["role"] == "runner"
    assert done.json["onboarding"] == "triage"
    user = User.objects.get(username="ana")
    assert user.check_password(PASSWORD)
    assert user.email == "ana@example.org"
    assert not user.groups.exists()
    runner = RunnerProfile.objects.get(user=user)  # as after signing up: onboarding to do
    assert runner.onboarding_step == "triage"
    assert runner.plan_start is None
    assert "ana" in done.stderr


def test_a_runner_without_a_profile_starts_onboarding_at_the_first_login(cli: Cli) -> None:
    add_user(cli, "ana")
    client = Client()
    response = client.post("/accounts/login/", {"username": "ana", "password": PASSWORD})
    assert response["Location"] == "/start/"


def test_the_password_is_the_first_line_of_stdin_without_its_line_ending(cli: Cli) -> None:
    stdin = "  spaces are part of it  \r\nthe second line is not\n"
    done = cli("user", "add", "ana", "--password-stdin", stdin=stdin)
    assert done.code == 0, done.stdout
    user = User.objects.get(username="ana")
    assert user.check_password("  spaces are part of it  ")


def test_a_password_without_a_line_ending_is_read_whole(cli: Cli) -> None:
    done = cli("user", "add", "ana", "--password-stdin", stdin=PASSWORD)
    assert done.code == 0, done.stdout
    assert User.objects.get(username="ana").check_password(PASSWORD)


def test_user_add_clinician_joins_the_clinician_group_and_has_no_runner_profile(cli: Cli) -> None:
    done = add_user(cli, "dr-lee", "--clinician", "--email", "lee@example.org")
    assert done.code == 0, done.stdout
    assert done.json == {"user": "dr-lee", "role": "clinician"}
    user = User.objects.get(username="dr-lee")
    assert list(user.groups.values_list("name", flat=True)) == ["clinician"]
    assert not RunnerProfile.objects.filter(user=user).exists()
    assert user.check_password(PASSWORD)
    assert is_clinician(user)
    add_user(cli, "ana")
    assert not is_clinician(User.objects.get(username="ana"))


def test_a_second_clinician_joins_the_same_group(cli: Cli) -> None:
    add_user(cli, "dr-lee", "--clinician")
    add_user(cli, "dr-kim", "--clinician")
    group = Group.objects.get(name="clinician")
    assert sorted(group.user_set.values_list("username", flat=True)) == ["dr-kim", "dr-lee"]


def test_a_time_zone_is_kept_by_its_name_in_any_letter_case(cli: Cli) -> None:
    done = add_user(cli, "ana", "--time-zone", "europe/berlin")
    assert done.code == 0, done.stdout
    assert RunnerProfile.objects.get(user__username="ana").time_zone == "Europe/Berlin"


# Exit 2: nothing is created -----------------------------------------------------------------


def assert_exit_2(done: Any, *words: str) -> None:
    assert done.code == 2, done.stdout
    error = done.json["error"]
    for word in words:
        assert word in error
    assert "Traceback" not in done.stderr


def test_a_taken_name_is_exit_2_and_leaves_the_account_as_it_was(cli: Cli) -> None:
    add_user(cli, "ana")
    done = add_user(cli, "ana", password="another long passphrase")
    assert_exit_2(done, "name", "already exists")
    assert User.objects.get(username="ana").check_password(PASSWORD)


def test_a_name_taken_in_other_letters_is_taken_too(cli: Cli) -> None:
    add_user(cli, "ana")
    assert_exit_2(add_user(cli, "ANA"), "name")
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("password", "too common"),
        ("k9#xQ", "too short"),
        ("4815162342108", "entirely numeric"),
        ("ana.ramos.runner", "too similar"),  # the sign-up page compares with name and email
    ],
)
def test_a_weak_password_is_exit_2_with_the_sign_up_pages_reason(
    cli: Cli, password: str, why: str
) -> None:
    done = add_user(cli, "ana.ramos", "--email", "ana.ramos@example.org", password=password)
    assert_exit_2(done, "password", why)
    assert not User.objects.exists()


@pytest.mark.parametrize("stdin", ["", "\n", "\r\n"], ids=["nothing", "empty line", "crlf"])
def test_no_password_on_stdin_is_exit_2(cli: Cli, stdin: str) -> None:
    done = cli("user", "add", "ana", "--password-stdin", stdin=stdin)
    assert_exit_2(done, "password")
    assert not User.objects.exists()


def test_without_password_stdin_is_exit_2(cli: Cli) -> None:
    done = cli("user", "add", "ana", stdin=PASSWORD + "\n")
    assert_exit_2(done, "--password-stdin")
    assert not User.objects.exists()


def test_an_invalid_email_is_exit_2(cli: Cli) -> None:
    assert_exit_2(add_user(cli, "ana", "--email", "not an address"), "email")
    assert not User.objects.exists()


def test_an_unknown_time_zone_is_exit_2(cli: Cli) -> None:
    done = add_user(cli, "ana", "--time-zone", "Mars/Olympus_Mons")
    assert_exit_2(done, "time zone", "Mars/Olympus_Mons")
    assert not User.objects.exists()


def test_an_unknown_time_zone_is_exit_2_for_a_clinician_too(cli: Cli) -> None:
    assert_exit_2(add_user(cli, "dr-lee", "--clinician", "--time-zone", "Nowhere"), "time zone")
    assert not User.objects.exists()


def test_profile_with_clinician_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    path = write_profile(tmp_path, profile())
    done = add_user(cli, "dr-lee", "--clinician", "--profile", path)
    assert_exit_2(done, "--profile", "clinician")
    assert not User.objects.exists()
    assert not Group.objects.filter(name="clinician").exists()


def without(document: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != key}


@pytest.mark.parametrize(
    ("document", "named"),
    [
        (profile(runner={**RUNNER, "age": "34"}), "runner.age"),
        (profile(runner={**RUNNER, "sex": "f"}), "runner.sex"),
        (profile(runner={**RUNNER, "usual_runs_per_week": 30}), "runner.usual_runs_per_week"),
        (profile(runner={**RUNNER, "baseline_cadence_spm": 40}), "runner.baseline_cadence_spm"),
        (without(profile(), "runner"), "runner"),
        (profile(triage={**TRIAGE, "onset": "slowly"}), "triage: onset"),
        (profile(triage={**TRIAGE, "locked": True}), "triage: unknown key(s): locked"),
        (without(profile(), "triage"), "triage"),
        (profile(function={"sit_30min": 1, "stairs": 11, "squat": 2}), "function.stairs"),
        (profile(function={"sit_30min": 1, "stairs": 2}), "function.squat"),
        (without(profile(), "function"), "function"),
        (profile(start="next monday"), "start"),
        (without(profile(), "start"), "start"),
        (profile(akps=AKPS[:12]), "akps"),
        (profile(akps=[*AKPS[:2], 7, *AKPS[3:]]), "akps: item 3"),
        (profile(akps={"items": AKPS, "extra": 1}), "akps: unknown key(s): extra"),
        (profile(akps=84), "akps"),
        (profile(favourite_colour="blue"), "unknown key(s): favourite_colour"),
        ([profile()], "JSON object"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_an_invalid_profile_is_exit_2_naming_the_field(
    cli: Cli, tmp_path: Path, document: object, named: str
) -> None:
    done = add_user(cli, "ana", "--profile", write_profile(tmp_path, document))
    assert_exit_2(done, "profile", named)
    assert not User.objects.exists()


def test_a_profile_that_is_not_json_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text("{start: 2026-03-02}", encoding="utf-8")
    assert_exit_2(add_user(cli, "ana", "--profile", str(path)), "profile", "invalid JSON")
    assert_exit_2(add_user(cli, "ana", "--profile", str(tmp_path / "nope.json")), "no such file")
    assert not User.objects.exists()


# Onboarding from a profile ------------------------------------------------------------------


def test_a_profile_completes_onboarding_as_the_pages_would(cli: Cli, tmp_path: Path) -> None:
    done = add_user(cli, "ana", "--profile", write_profile(tmp_path, profile()))
    assert done.code == 0, done.stdout
    assert done.json["role"] == "runner"
    assert done.json["onboarding"] == "done"
    assert done.json["plan_start"] == START.isoformat()
    assert done.json["triage_outcome"] == "likely_pfp"
    runner = RunnerProfile.objects.get(user__username="ana")
    assert runner.onboarding_step == "done"
    assert runner.plan_start == START
    assert runner.triage_answers == TRIAGE
    assert runner.triage_outcome == "likely_pfp"
    # The plan reads exactly the runner and function of the profile, as the simulator does.
    assert engine_runner(runner) == EngineRunner(
        age=34,
        sex=Sex.FEMALE,
        prior_pfp=True,
        sleep_hours=7.5,
        symptom_weeks=6,
        usual_runs_per_week=4,
        usual_weekly_km=30,
        longest_recent_run_km=12,
        baseline_cadence_spm=162,
        running_now=True,
    )
    assert baseline_function(runner) == FunctionScores(1, 2, 2)
    score = AkpsRecord.objects.get(owner=runner.user)
    assert (score.day, score.score) == (START, score_akps(AKPS).score)


def test_a_profile_runner_can_log_in_and_today_shows_a_plan_starting_on_start(
    cli: Cli, tmp_path: Path
) -> None:
    add_user(cli, "ana", "--profile", write_profile(tmp_path, profile()))
    client = logged_in_through_the_login_page("ana")
    response = client.get("/today/")
    assert response.status_code == 200
    assert response.context["plan_start"] == START
    plan = response.context["plan"]
    assert plan.day == START
    assert plan.decision.action.value == "start"
    assert 'id="session-title"' in response.content.decode()
    runner = RunnerProfile.objects.get(user__username="ana")
    assert plan_view(runner, START).days[0].day == START


def test_a_plan_that_starts_later_is_announced_on_today(cli: Cli, tmp_path: Path) -> None:
    later = START + timedelta(days=5)
    document = profile(start=later.isoformat())
    assert add_user(cli, "ana", "--profile", write_profile(tmp_path, document)).code == 0
    page = logged_in_through_the_login_page("ana").get("/today/").content.decode()
    assert "Your plan starts on Saturday 7 March 2026" in page
    # The onboarding knee score is today's, the baseline the plan's first day reads.
    assert AkpsRecord.objects.get(owner__username="ana").day == START


def test_a_plan_that_started_earlier_has_run_since_then(cli: Cli, tmp_path: Path) -> None:
    earlier = START - timedelta(days=3)
    assert (
        add_user(
            cli, "ana", "--profile", write_profile(tmp_path, profile(start=earlier.isoformat()))
        ).code
        == 0
    )
    response = logged_in_through_the_login_page("ana").get("/today/")
    assert response.context["plan_start"] == earlier
    assert response.context["plan"].day == START
    # The knee score is the plan's baseline: kept on its first day, not in the middle of it.
    assert AkpsRecord.objects.get(owner__username="ana").day == earlier


def test_the_profile_can_follow_the_password_on_stdin(cli: Cli) -> None:
    stdin = PASSWORD + "\n" + json.dumps(profile())
    done = cli("user", "add", "ana", "--profile", "-", "--password-stdin", stdin=stdin)
    assert done.code == 0, done.stdout
    assert done.json["onboarding"] == "done"
    assert User.objects.get(username="ana").check_password(PASSWORD)


def test_the_knee_score_is_optional(cli: Cli, tmp_path: Path) -> None:
    done = add_user(cli, "ana", "--profile", write_profile(tmp_path, without(profile(), "akps")))
    assert done.code == 0, done.stdout
    assert done.json["onboarding"] == "done"
    assert not AkpsRecord.objects.exists()


def test_the_knee_score_may_be_given_as_the_akps_commands_answers(cli: Cli, tmp_path: Path) -> None:
    document = profile(akps={"items": AKPS})
    assert add_user(cli, "ana", "--profile", write_profile(tmp_path, document)).code == 0
    assert AkpsRecord.objects.get(owner__username="ana").score == score_akps(AKPS).score


def test_a_plan_scenario_file_is_a_profile_its_days_and_responses_ignored(cli: Cli) -> None:
    done = add_user(cli, "ana", "--profile", str(EXAMPLE_SCENARIO))
    assert done.code == 0, done.stdout
    assert done.json["plan_start"] == "2026-03-02"
    assert any("responses" in warning for warning in done.json["warnings"])
    assert "responses: ignored" in done.stderr


def test_a_red_flag_stops_onboarding_as_the_triage_page_does(cli: Cli, tmp_path: Path) -> None:
    document = profile(triage={**TRIAGE, "locked_knee": True})
    done = add_user(cli, "ana", "--profile", write_profile(tmp_path, document))
    assert done.code == 0, done.stdout
    assert done.json["onboarding"] == "stopped"
    assert done.json["triage_outcome"] == "urgent_care"
    assert "plan_start" not in done.json
    runner = RunnerProfile.objects.get(user__username="ana")
    # As on the pages: the triage is kept, nothing after it, and there is no plan.
    assert runner.onboarding_step == "stopped"
    assert runner.triage_answers == document["triage"]
    assert runner.plan_start is None
    assert runner.usual_weekly_km == 0
    assert not AkpsRecord.objects.exists()
    client = logged_in_through_the_login_page("ana")
    assert client.get("/today/")["Location"] == "/start/"
    assert client.get("/start/")["Location"] == "/start/see-a-clinician/"
    assert client.get("/start/see-a-clinician/").status_code == 200


def test_an_unclear_pattern_completes_onboarding_with_an_exercise_only_plan(
    cli: Cli, tmp_path: Path
) -> None:
    document = profile(triage={"age": 34, "onset": "gradual", "pain_location": "outside"})
    done = add_user(cli, "ana", "--profile", write_profile(tmp_path, document))
    assert done.json["onboarding"] == "done"
    assert done.json["triage_outcome"] == "unclear_see_clinician"
    plan = logged_in_through_the_login_page("ana").get("/today/").context["plan"]
    assert plan.run is None


def test_the_plans_first_day_is_the_runners_local_day(cli: Cli, tmp_path: Path) -> None:
    done = add_user(
        cli,
        "ana",
        "--time-zone",
        "Pacific/Auckland",
        "--profile",
        write_profile(tmp_path, profile()),
    )
    assert done.json["time_zone"] == "Pacific/Auckland"
    # 09:00 UTC is 22:00 in Auckland: still the plan's first day there.
    response = logged_in_through_the_login_page("ana").get("/today/")
    assert response.context["plan"].day == START
