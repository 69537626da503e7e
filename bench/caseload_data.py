"""A clinician's caseload for benchmarks and tests (issue #11): runners with a year of history
each, stored in bulk as the pages and imports would leave it.

    from caseload_data import build_caseload   # with bench/ on sys.path, Django set up
    profiles = build_caseload(clinician_user, runners=100, days=365)
    warm_snapshots(profiles, today)             # optional: today's snapshot for each

Each runner: a plan that began `days` ago, a check-in every day (mostly green, with amber
spells, an occasional red session, a few runners quiet lately), about three runs a week as
activities (an occasional long run or a downhill week, a ride now and then), and a knee score
every 4 weeks. Deterministic (seeded by the runner's number). Linking the runners to
`clinician_user` is the clinic app's: pass `link` to do it once it exists.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

GREEN = {"morning_pain": 1, "pain_during": 1, "pain_after_60min": 1}
TRIAGE = {
    "age": 34,
    "onset": "gradual",
    "pain_location": "front",
    "aggravating": ["stairs", "squatting"],
    "squat_painful": True,
}
AKPS_EVERY_DAYS = 28  # R30: every 4 weeks


def build_caseload(
    clinician_user: Any,
    runners: int = 100,
    days: int = 365,
    *,
    today: date | None = None,
    prefix: str = "caseload",
    link: Callable[[Any, Any], None] | None = None,
) -> list[Any]:
    """Create `runners` runners with `days` days of history up to `today` (UTC today unless
    given) and return their RunnerProfiles; `link(clinician_user, profile)` is called for each
    when given."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from kneewise.web.activities.models import Activity, StoredFile
    from kneewise.web.runners.models import AkpsRecord, CheckIn, RunnerProfile

    today = today or timezone.now().date()
    start = today - timedelta(days=days)
    password = make_password(None)  # unusable: benchmark runners never log in
    model = get_user_model()
    with transaction.atomic():
        users = model.objects.bulk_create(
            model(username=f"{prefix}-{i:03d}", password=password) for i in range(runners)
        )
        if not users or users[0].pk is None:  # backends that return no ids
            names = [u.username for u in users]
            users = list(model.objects.filter(username__in=names).order_by("username"))
        RunnerProfile.objects.bulk_create(_profile(u, start) for u in users)
        stored, _ = StoredFile.objects.get_or_create(
            sha256="c" * 64, defaults={"size": 1, "original_name": "original.fit"}
        )
        checkins: list[Any] = []
        activities: list[Any] = []
        scores: list[Any] = []
        for number, user in enumerate(users):
            rng = random.Random(number)  # noqa: S311 (benchmark data, not secrets)
            checkins += _checkins(CheckIn, user, start, today, rng)
            activities += _activities(Activity, user, stored, start, today, rng)
            scores += _scores(AkpsRecord, user, start, today, rng)
        CheckIn.objects.bulk_create(checkins, batch_size=2000)
        Activity.objects.bulk_create(activities, batch_size=2000)
        AkpsRecord.objects.bulk_create(scores, batch_size=2000)
    profiles = list(RunnerProfile.objects.filter(user__in=users).order_by("user__username"))
    if link is not None:
        for profile in profiles:
            link(clinician_user, profile)
    return profiles


def warm_snapshots(profiles: list[Any], today: date) -> None:
    """Each runner's plan replayed from its start through `today`, storing only today's
    snapshot (what a caseload starts from): the engine's days without packing and storing
    every earlier one, as `plan_service.plan_view` would on a runner's first visit."""
    from kneewise.web.runners import plan_service
    from kneewise.web.runners.plan_inputs import inputs_between
    from kneewise.web.runners.plan_store import current_revision, store_snapshots

    for profile in profiles:
        revision = current_revision(profile)
        state = plan_service.new_plan(profile, profile.plan_start)
        inputs = inputs_between(profile, profile.plan_start, today)
        day, plan = profile.plan_start, None
        while day <= today:
            state, plan = plan_service.run_day(state, inputs.morning(day), inputs.session(day))
            day += timedelta(days=1)
        if plan is not None:
            store_snapshots(profile, revision, [(today, state, plan)])


def _profile(user: Any, start: date) -> Any:
    from kneewise.web.runners.models import RunnerProfile

    return RunnerProfile(
        user=user,
        age=34,
        sex="female",
        sleep_hours=7.5,
        symptom_weeks=8,
        usual_runs_per_week=3,
        usual_weekly_km=25,
        longest_recent_run_km=10,
        running_now=True,
        triage_answers=TRIAGE,
        triage_outcome="likely_pfp",
        function_sit_30min=0,
        function_stairs=1,
        function_squat=1,
        plan_start=start,
        onboarding_step="done",
    )


def _checkins(model: Any, user: Any, start: date, today: date, rng: random.Random) -> list[Any]:
    """A check-in every day; amber spells and rare reds; one runner in ten quiet lately."""
    quiet_from = today - timedelta(days=rng.randint(3, 6)) if rng.random() < 0.1 else None
    rows = []
    day = start
    while day <= today:
        if quiet_from is not None and day > quiet_from:
            break
        pains = dict(GREEN)
        roll = rng.random()
        if roll < 0.01:
            pains = {"morning_pain": 2, "pain_during": 5, "pain_after_60min": 4}
        elif roll < 0.08:
            pains = {"morning_pain": 2, "pain_during": 3, "pain_after_60min": 3}
        rows.append(
            model(
                owner=user,
                day=day,
                function_sit_30min=0,
                function_stairs=1,
                function_squat=1,
                done=True,
                swelling=rng.random() < 0.003,
                new_load="cycling_commute" if rng.random() < 0.005 else "",
                **pains,
            )
        )
        day += timedelta(days=1)
    return rows


def _activities(
    model: Any, user: Any, stored: Any, start: date, today: date, rng: random.Random
) -> list[Any]:
    """About three runs a week (Tuesday, Thursday, Sunday, some skipped), now and then a
    long run, a hilly week or a ride."""
    rows = []
    day = start
    while day <= today:
        if day.weekday() in (1, 3, 6) and rng.random() < 0.9:
            km = rng.uniform(4, 7) * (1.6 if rng.random() < 0.04 else 1.0)
            rows.append(_activity(model, user, stored, day, "running", km, rng))
        elif rng.random() < 0.01:
            rows.append(_activity(model, user, stored, day, "cycling", rng.uniform(10, 25), rng))
        day += timedelta(days=1)
    return rows


def _activity(
    model: Any, user: Any, stored: Any, day: date, sport: str, km: float, rng: random.Random
) -> Any:
    seconds = km * (360 if sport == "running" else 150)
    return model(
        owner=user,
        file=stored,
        source=f"{sport}-{day.isoformat()}.fit",
        format="fit",
        sport=sport,
        start_time=datetime.combine(day, time(7, rng.randint(0, 59)), tzinfo=UTC),
        distance_m=km * 1000,
        moving_s=seconds,
        elapsed_s=seconds + 60,
        downhill_m=km * (120 if rng.random() < 0.05 else 20),
        avg_cadence_spm=rng.uniform(160, 172) if sport == "running" else None,
        knee_load=km * 1.1,
    )


def _scores(model: Any, user: Any, start: date, today: date, rng: random.Random) -> list[Any]:
    """A knee score at the start and every 4 weeks, improving slowly."""
    rows = []
    score, day = rng.randint(55, 75), start
    while day <= today:
        points = [score // 13] * 12 + [score - 12 * (score // 13)]
        rows.append(model(owner=user, day=day, score=score, points=points, version="kujala1993"))
        score = min(100, score + rng.randint(0, 4))
        day += timedelta(days=AKPS_EVERY_DAYS)
    return rows
