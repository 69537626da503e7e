"""The stored plan: one snapshot a day, replays only after the latest one, recomputes from the
day whose inputs changed, and always equals the plan computed from scratch (design.md §4)."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kneewise.core.plan.codec import to_json
from kneewise.core.plan.state import PlanState
from kneewise.web.runners import plan_service
from kneewise.web.runners.knee_score import save_knee_score
from kneewise.web.runners.models import PlanSnapshot, RunnerProfile, invalidate_plan
from kneewise.web.runners.plan_service import plan_view
from kneewise.web.runners.plan_store import pack
from tests.web.daily_helpers import (
    checkin_form,
    client_for,
    green_checkin,
    runner_with_plan_started,
)
from tests.web.daily_helpers import (
    today as local_today,
)
from tests.web.plan_helpers import (
    full_replay,
    import_run,
    record_engine_calls,
    revision,
    snapshot_rows,
)

pytestmark = pytest.mark.django_db
START = date(2026, 3, 2)


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(count)]


def runner_with_check_ins(count: int, start: date = START, **profile: object) -> RunnerProfile:
    """A runner whose plan began on `start`, with a green check-in on each of `count` days."""
    runner = runner_with_plan_started(plan_start=start, **profile)
    for day in days(start, count):
        green_checkin(runner, day)
    return runner


def test_a_visit_stores_a_snapshot_for_every_day_through_today_and_none_after() -> None:
    runner = runner_with_check_ins(6)
    today = START + timedelta(days=5)
    view = plan_view(runner, today)
    rows = snapshot_rows(runner)
    assert sorted(rows) == days(START, 6)
    assert rows[today][2] == to_json(view.day(today))
    assert len(view.upcoming(14)) == 14  # the projection is there, but not stored


def test_a_second_visit_replays_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = runner_with_check_ins(10)
    today = START + timedelta(days=9)
    first = plan_view(runner, today)
    calls = record_engine_calls(monkeypatch)
    second = plan_view(runner, today)
    assert calls.replayed_through(today) == []
    assert all(day > today for day in calls.mornings)  # only the projection
    assert second.upcoming(14) == first.upcoming(14)
    assert second.state == first.state


def test_a_repeat_visit_reuses_the_decoded_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = runner_with_check_ins(10)
    today = START + timedelta(days=9)
    first = plan_view(runner, today)
    plan_view(runner, today)  # the stored snapshot is read and decoded here
    decoded: list[object] = []
    real = PlanState.from_json
    monkeypatch.setattr(
        PlanState, "from_json", classmethod(lambda cls, data: decoded.append(1) or real(data))
    )
    again = plan_view(runner, today)
    assert decoded == []
    assert again.state == first.state


def test_the_next_day_replays_only_that_day(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = runner_with_check_ins(10)
    plan_view(runner, START + timedelta(days=8))
    calls = record_engine_calls(monkeypatch)
    plan_view(runner, START + timedelta(days=9))
    assert calls.replayed_through(START + timedelta(days=9)) == [START + timedelta(days=9)]


def queries_of_a_repeat_visit(runner: RunnerProfile, today: date) -> int:
    plan_view(runner, today)
    with CaptureQueriesContext(connection) as queries:
        plan_view(runner, today)
    return len(queries)


def test_a_visit_costs_the_same_queries_at_day_60_as_at_day_7() -> None:
    early = runner_with_check_ins(7)
    late = runner_with_plan_started(plan_start=START, username="ben")
    for day in days(START, 60):
        green_checkin(late, day)
    assert queries_of_a_repeat_visit(early, START + timedelta(days=6)) == (
        queries_of_a_repeat_visit(late, START + timedelta(days=59))
    )


def test_a_repeat_visit_reads_a_handful_of_rows(django_assert_max_num_queries: object) -> None:
    runner = runner_with_check_ins(30)
    plan_view(runner, START + timedelta(days=29))
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        plan_view(runner, START + timedelta(days=29))


def test_a_late_check_in_recomputes_from_its_day_and_keeps_the_days_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = runner_with_check_ins(10)
    today = START + timedelta(days=9)
    before = plan_view(runner, today)
    stored = snapshot_rows(runner)
    late = START + timedelta(days=6)

    green_checkin(runner, late, pain_during=7)  # that day was red after all

    kept = snapshot_rows(runner)
    assert kept == {day: row for day, row in stored.items() if day < late}
    calls = record_engine_calls(monkeypatch)
    after = plan_view(runner, today)
    assert calls.replayed_through(today) == days(late, 4)
    assert {d: r for d, r in snapshot_rows(runner).items() if d < late} == kept
    assert after.day(today) != before.day(today)
    expected = [plan for _, plan in full_replay(runner, today)]
    assert [to_json(p) for p in after.days if p.day <= today] == expected[5:]


def test_a_check_in_from_the_web_form_recomputes_from_its_day() -> None:
    runner = runner_with_check_ins(5, start=local_today() - timedelta(days=4))
    today = local_today()
    client = client_for(runner)
    client.get("/today/")
    stored, was = snapshot_rows(runner), revision(runner)
    assert len(stored) == 5
    late = today - timedelta(days=2)
    response = client.post("/check-in/", checkin_form(late, pain_during="6"))
    assert response.status_code == 302
    assert revision(runner) == was + 1
    now = snapshot_rows(runner)  # the saved message already shows the recomputed plan
    assert sorted(now) == sorted(stored)
    assert [now[d] == stored[d] for d in sorted(now)] == [True, True, False, False, False]


def test_a_check_in_from_the_api_recomputes_from_its_day() -> None:
    runner = runner_with_check_ins(5, start=local_today() - timedelta(days=4))
    today = local_today()
    client = client_for(runner)
    client.get("/api/v1/today")
    assert len(snapshot_rows(runner)) == 5
    late = today - timedelta(days=1)
    response = client.put(
        f"/api/v1/check-ins/{late.isoformat()}",
        {"morning_pain": 2, "done": True, "pain_during": 6},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert max(snapshot_rows(runner)) == today - timedelta(days=2)


def test_an_imported_run_recomputes_from_its_local_day(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = runner_with_check_ins(10, time_zone="Europe/Zurich")
    today = START + timedelta(days=9)
    plan_view(runner, today)
    stored = snapshot_rows(runner)
    run_day = START + timedelta(days=4)

    report = import_run(runner, run_day, km=8.0)

    assert report.activities_imported == 1
    assert snapshot_rows(runner) == {day: row for day, row in stored.items() if day < run_day}
    calls = record_engine_calls(monkeypatch)
    plan_view(runner, today)
    assert calls.replayed_through(today) == days(run_day, 6)


def test_importing_the_same_run_again_keeps_the_stored_plan(data_dir: Path) -> None:
    runner = runner_with_check_ins(5)
    import_run(runner, START + timedelta(days=2))
    plan_view(runner, START + timedelta(days=4))
    stored, was = snapshot_rows(runner), revision(runner)
    report = import_run(runner, START + timedelta(days=2))
    assert report.duplicates == 1
    assert snapshot_rows(runner) == stored
    assert revision(runner) == was


def test_a_time_zone_change_recomputes_the_whole_plan() -> None:
    runner = runner_with_check_ins(5, start=local_today() - timedelta(days=4))
    client = client_for(runner)
    client.get("/today/")
    assert snapshot_rows(runner)
    response = client.post(
        "/accounts/profile/",
        {"units": "km", "time_zone": "Asia/Tokyo", "first_day_of_week": "0"},
    )
    assert response.status_code == 302
    assert snapshot_rows(runner) == {}


def test_a_baseline_change_recomputes_the_whole_plan_and_other_settings_do_not() -> None:
    runner = runner_with_check_ins(5)
    plan_view(runner, START + timedelta(days=4))
    runner = RunnerProfile.objects.get(pk=runner.pk)
    runner.units = "mi"
    runner.save()
    assert len(snapshot_rows(runner)) == 5
    runner.baseline_cadence_spm = 160
    runner.save()
    assert snapshot_rows(runner) == {}


def test_triage_answers_changed_in_place_still_recompute_the_plan() -> None:
    runner = runner_with_check_ins(3)
    plan_view(runner, START + timedelta(days=2))
    runner = RunnerProfile.objects.get(pk=runner.pk)
    assert runner.triage_answers is not None
    runner.triage_answers["age"] = 15
    runner.save()
    assert snapshot_rows(runner) == {}


def test_saving_an_old_copy_of_the_profile_never_lowers_the_revision() -> None:
    runner = runner_with_check_ins(3)
    old_copy = RunnerProfile.objects.get(pk=runner.pk)
    green_checkin(runner, START)  # the revision goes up meanwhile
    was = revision(runner)
    old_copy.units = "mi"
    old_copy.save()
    assert revision(runner) == was


def test_a_writer_whose_inputs_changed_mid_replay_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = runner_with_check_ins(8)
    real_prescribe = plan_service.prescribe
    changed: list[date] = []

    def prescribe_while_a_check_in_arrives(state: object, day: date) -> object:
        if not changed:  # another request saves a check-in while this one replays
            changed.append(day)
            invalidate_plan(runner.user_id, START + timedelta(days=3))
        return real_prescribe(state, day)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_service, "prescribe", prescribe_while_a_check_in_arrives)
    view = plan_view(runner, START + timedelta(days=7))
    assert changed
    assert view.day(START + timedelta(days=7)) is not None  # the page still gets its plan
    assert not PlanSnapshot.objects.filter(owner=runner.user).exists()


def test_a_snapshot_an_older_engine_wrote_is_dropped_and_the_plan_replayed() -> None:
    runner = runner_with_check_ins(4)
    expected = plan_view(runner, START + timedelta(days=3))
    PlanSnapshot.objects.filter(owner=runner.user).update(state=pack({"version": 0}))
    again = plan_view(runner, START + timedelta(days=3))
    assert again.upcoming() == expected.upcoming()
    assert len(snapshot_rows(runner)) == 4


def test_a_plan_that_has_not_started_stores_nothing() -> None:
    runner = runner_with_plan_started(plan_start=START + timedelta(days=3))
    view = plan_view(runner, START)
    assert view.day(START) is None
    assert view.upcoming(14)[0].day == START + timedelta(days=3)
    assert not PlanSnapshot.objects.exists()


def test_the_stored_plan_equals_a_full_replay_after_edits_at_random_past_days(
    data_dir: Path,
) -> None:
    """A scripted 60-day runner who looks at the plan most days, checks in most days (some
    late), edits past check-ins, uploads runs for past days and now and then takes the knee
    score: after all that, every stored day equals the plan computed from scratch."""
    rng = random.Random(20260302)
    runner = runner_with_plan_started(plan_start=START, time_zone="America/New_York")

    def random_check_in(day: date) -> None:
        red = rng.random() < 0.1
        green_checkin(
            runner,
            day,
            morning_pain=rng.choice([0, 1, 1, 2, 3]),
            pain_during=rng.choice([6, 7]) if red else rng.choice([0, 1, 2, 3]),
            pain_after_60min=rng.choice([0, 1, 2]),
            done=rng.random() > 0.1,
            swelling=rng.random() < 0.03,
        )

    for offset in range(60):
        today = START + timedelta(days=offset)
        if rng.random() < 0.85:
            random_check_in(today)
        if offset > 3 and rng.random() < 0.3:  # an edit or a late check-in
            random_check_in(today - timedelta(days=rng.randint(1, min(offset, 20))))
        if offset > 3 and rng.random() < 0.15:  # a run uploaded a few days late
            import_run(runner, today - timedelta(days=rng.randint(1, 5)), km=rng.choice([3, 5]))
        if rng.random() < 0.05:  # a knee score, today or a retake the same day
            save_knee_score(runner.user, today, [rng.randint(0, 2) for _ in range(13)])
        if rng.random() < 0.8:
            plan_view(runner, today)

    today = START + timedelta(days=59)
    view = plan_view(runner, today)
    expected = full_replay(runner, today)
    stored = snapshot_rows(runner)
    assert sorted(stored) == days(START, 60)
    assert [(row[1], row[2]) for _, row in sorted(stored.items())] == expected
    assert to_json(view.day(today)) == expected[-1][1]
    assert view.state.to_json() == expected[-1][0]


def test_today_shows_the_latest_education_message_of_an_earlier_day() -> None:
    runner = runner_with_check_ins(10, start=local_today() - timedelta(days=9))
    client = client_for(runner)

    def education(page: str) -> list[str]:
        return re.findall(r'<section class="education".*?</section>', page, flags=re.DOTALL)

    first = education(client.get("/today/").content.decode())
    view = plan_view(runner, local_today())
    assert view.day(local_today()).education == ()  # type: ignore[union-attr]
    assert first  # so it came from an earlier day
    assert education(client.get("/today/").content.decode()) == first  # now from snapshots
