"""A demo runner to try Kneewise with: `kneewise serve --demo` (the README's first command).

The demo is a typical runner's-knee story over 12 weeks: steady running, a downhill race
(steady −6 % descents, R19), the next weekend one long run 60 % longer than any of the month
before (R15), then the knee hurt and the plan began about six weeks ago with short runs and a
daily check-in (mostly green, one amber day, one red day with a worse next morning).

The runs are written as GPX files and imported through the real import path
(`import_inputs`), exactly as an upload would be. Everything is anchored to the day the demo
was first created and generated deterministically, so a second start re-imports the same
files (all skipped as already imported) and adds nothing; only the password is new.
"""

from __future__ import annotations

import math
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from kneewise.activities.sources import iter_inputs
from kneewise.core.akps import score_akps
from kneewise.core.load import monday_of
from kneewise.core.triage import evaluate_triage
from kneewise.core.triage_answers import parse_triage_answers
from kneewise.web.activities.importer import ImportReport, import_inputs
from kneewise.web.activities.uploads import relabelled
from kneewise.web.runners.models import AkpsRecord, CheckIn, RunnerProfile, invalidate_plan

DEMO_USERNAME = "demo"
DEMO_TIME_ZONE = "Europe/Zurich"
HISTORY_WEEKS = 12
PLAN_WEEKS = 6  # the plan started on the Monday about six weeks ago
DOWNHILL_GRADE = -0.06

TRIAGE = {
    "age": 34,
    "onset": "gradual",
    "pain_location": "front",
    "aggravating": ["stairs", "squatting", "running", "prolonged_sitting"],
    "squat_painful": True,
    "symptom_weeks": 6,
}


@dataclass(frozen=True)
class DemoRun:
    day: date
    km: float
    kind: str = "easy"  # "easy" (gently rolling), "race" (downhill race) or "long"

    @property
    def name(self) -> str:
        return {"race": "Downhill race", "long": "Long run"}.get(self.kind, "Easy run")


# (weekday, km, kind) per week, oldest first; weeks 6–11 are the plan's (short, steady runs).
WEEKS: tuple[tuple[tuple[int, float, str], ...], ...] = (
    ((0, 10, "long"), (2, 6, "easy"), (4, 7, "easy")),
    ((1, 6, "easy"), (3, 7, "easy"), (5, 10, "long")),
    ((1, 5, "easy"), (3, 5, "easy"), (4, 5, "easy"), (6, 10, "long")),
    ((1, 6, "easy"), (3, 7, "easy"), (5, 10, "long")),
    ((1, 6, "easy"), (3, 5, "easy"), (6, 10, "race")),  # the downhill race (R19)
    ((1, 6, "easy"), (3, 6, "easy"), (5, 16, "long")),  # the single-run spike (R15)
    ((1, 3, "easy"), (3, 3, "easy"), (5, 4, "easy")),
    ((1, 3, "easy"), (3, 3.5, "easy"), (5, 4, "easy")),
    ((1, 3.5, "easy"), (3, 3.5, "easy"), (5, 4, "easy")),
    ((1, 3.5, "easy"), (3, 3.5, "easy"), (5, 4.5, "easy")),
    ((0, 2.5, "easy"), (2, 3, "easy"), (4, 3, "easy"), (6, 3.5, "easy")),
    ((1, 3.5, "easy"), (3, 3.5, "easy"), (5, 4, "easy")),
)


def demo_today() -> date:
    """Today where the demo runner lives."""
    return datetime.now(ZoneInfo(DEMO_TIME_ZONE)).date()


def plan_start_for(today: date) -> date:
    """The Monday five weeks before this week's: 35 to 41 days ago."""
    return monday_of(today) - timedelta(weeks=PLAN_WEEKS - 1)


def history_end(plan_start: date, today: date) -> date:
    """The demo's data stops before today, and at the end of its 12 weeks at the latest."""
    return min(today, plan_start + timedelta(weeks=PLAN_WEEKS))


def demo_runs(plan_start: date, until: date) -> list[DemoRun]:
    """The 12 weeks of runs (the last six are the plan's), those before `until` only.

    Everything is placed relative to the plan's first day, so the same demo gives the same
    files on every start."""
    first_monday = plan_start - timedelta(weeks=HISTORY_WEEKS - PLAN_WEEKS)
    runs = []
    for week, plan in enumerate(WEEKS):
        for weekday, km, kind in plan:
            day = first_monday + timedelta(weeks=week, days=weekday)
            if day < until:
                runs.append(DemoRun(day, float(km), kind))
    return runs


# A small GPX writer ---------------------------------------------------------------------------

STEP_S = 5  # one track point every 5 s, like a watch's "smart" recording
METRES_PER_DEGREE = 111_195.0


def grade_at(run: DemoRun, metres: float) -> float:
    """The slope under the runner: rolling for easy runs; the race drops at −6 % for 6 km."""
    if run.kind == "race":
        return DOWNHILL_GRADE if 2000 <= metres < 8000 else 0.0
    return 0.025 * math.sin(metres / 400.0)  # gentle ±2.5 % rolls: little "downhill"


def gpx_for(run: DemoRun, zone: ZoneInfo) -> str:
    """One run as GPX 1.1 with heart rate and cadence (Garmin TrackPointExtension)."""
    seed = run.day.toordinal()
    pace = 345 + seed % 5 * 6 if run.kind != "race" else 300  # seconds per km
    if run.kind == "long":
        pace += 15
    start_local = datetime.combine(run.day, time(7, 15 + seed % 4 * 5), tzinfo=zone)
    start = start_local.astimezone(UTC)
    strides = 82 + seed % 4  # strides per minute: 164–170 steps per minute
    total = run.km * 1000
    points: list[str] = []
    metres = elevation = 0.0
    seconds = 0
    speed = 1000 / pace
    while True:
        lat = 47.30 + metres / METRES_PER_DEGREE
        stamp = (start + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
        heart = 138 + (seconds // 60) % 7 + (8 if run.kind == "race" else 0)
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="8.5500000"><ele>{600 + elevation:.1f}</ele>'
            f"<time>{stamp}</time><extensions><gpxtpx:TrackPointExtension>"
            f"<gpxtpx:hr>{heart}</gpxtpx:hr><gpxtpx:cad>{strides}</gpxtpx:cad>"
            "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        )
        if metres >= total:
            break
        step = min(speed * STEP_S, total - metres)
        elevation += grade_at(run, metres) * step
        metres += step
        seconds += STEP_S
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="Kneewise demo" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><name>{run.name}</name><type>running</type><trkseg>"
        + "".join(points)
        + "</trkseg></trk></gpx>\n"
    )


def write_history(folder: Path, plan_start: date, until: date) -> list[Path]:
    zone = ZoneInfo(DEMO_TIME_ZONE)
    paths = []
    for run in demo_runs(plan_start, until):
        path = folder / f"{run.day.isoformat()}-{run.kind}.gpx"
        path.write_text(gpx_for(run, zone), encoding="utf-8")
        paths.append(path)
    return paths


# Check-ins and scores -------------------------------------------------------------------------


def amber_day(plan_start: date) -> date:
    return plan_start + timedelta(weeks=2, days=3)  # a Thursday run: pain 4/10 during it


def red_day(plan_start: date) -> date:
    return plan_start + timedelta(weeks=4, days=2)  # a Wednesday run: 5–6/10, then worse


def checkin_values(day: date, plan_start: date, run_days: set[date]) -> dict[str, object]:
    """Mostly green; one amber day; one red day with a worse next morning."""
    values: dict[str, object] = {
        "morning_pain": 1,
        "function_sit_30min": 0,
        "function_stairs": 1,
        "function_squat": 1,
        "done": True,
        "pain_during": 2 if day in run_days else 1,
        "pain_after_60min": 1,
    }
    if day == amber_day(plan_start):
        values.update(pain_during=4, pain_after_60min=3)
    elif day == red_day(plan_start):
        values.update(pain_during=5, pain_after_60min=6, limp=True)
    elif day == red_day(plan_start) + timedelta(days=1):
        values.update(morning_pain=4, function_stairs=3, function_squat=3)
        values.update(pain_during=None, pain_after_60min=None, done=False)
    return values


DIARY_DAYS = 14  # the pain diary the runner kept before starting: the race and the spike in it


def diary_values(day: date, runs: dict[date, DemoRun]) -> dict[str, object]:
    """Before the plan: the downhill race and the long-run spike, each followed by a worse
    morning, so "pain next to the run that caused it" shows (issue #12 defect 9)."""
    values: dict[str, object] = {
        "morning_pain": 2,
        "function_sit_30min": 1,
        "function_stairs": 2,
        "function_squat": 2,
        "done": True,
        "pain_during": 2,
        "pain_after_60min": 2,
    }
    run = runs.get(day)
    before = runs.get(day - timedelta(days=1))
    if run is not None and run.kind == "race":
        values.update(pain_during=3, pain_after_60min=4)
    elif run is not None and run.km >= 15:
        values.update(pain_during=5, pain_after_60min=6)
    if before is not None and (before.kind == "race" or before.km >= 15):
        values.update(morning_pain=5 if before.kind == "race" else 6, function_stairs=4)
        values.update(function_squat=4, done=False, pain_during=None, pain_after_60min=None)
    return values


AKPS_BASELINE = (2, 1, 1, 2, 1, 2, 2, 1, 1, 1, 1, 1, 1)
AKPS_RECENT = (0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0)


# The demo runner --------------------------------------------------------------------------------


def create_demo_runner(today: date) -> tuple[User, str]:
    """The demo user with a fresh password; its history and check-ins only where missing."""
    password = secrets.token_urlsafe(9)
    user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
    user.set_password(password)
    user.save()
    profile = RunnerProfile.objects.get_or_create(user=user)[0]
    if profile.plan_start is None:
        _fill_profile(profile, today)
    assert profile.plan_start is not None
    until = history_end(profile.plan_start, today)
    import_demo_history(user, profile.plan_start, until)
    _checkins(user, profile.plan_start, until)
    _akps(user, profile.plan_start)
    return user, password


def _fill_profile(profile: RunnerProfile, today: date) -> None:
    profile.units = RunnerProfile.Units.KM
    profile.time_zone = DEMO_TIME_ZONE
    profile.onboarding_step = "done"
    profile.triage_answers = TRIAGE
    profile.triage_outcome = evaluate_triage(parse_triage_answers(TRIAGE)).outcome.value
    profile.age = 34
    profile.sex = RunnerProfile.Sex.FEMALE
    profile.sleep_hours = 7.5
    profile.symptom_weeks = 6
    profile.usual_pain = 3
    profile.worst_pain = 5
    profile.usual_runs_per_week = 3
    profile.usual_weekly_km = 23
    profile.longest_recent_run_km = 10
    profile.running_now = True
    profile.baseline_cadence_spm = 168
    profile.function_sit_30min = 0
    profile.function_stairs = 1
    profile.function_squat = 1
    profile.plan_start = plan_start_for(today)
    profile.save()


def import_demo_history(user: User, plan_start: date, until: date) -> ImportReport:
    """Write the 12 weeks as GPX files and import them like an upload (idempotent)."""
    with tempfile.TemporaryDirectory(prefix="kneewise-demo-") as folder:
        paths = write_history(Path(folder), plan_start, until)
        items = relabelled(iter_inputs(paths), Path(folder), numbered=False)
        return import_inputs(user, items, workers=1)


def _checkins(user: User, plan_start: date, until: date) -> None:
    runs = {run.day: run for run in demo_runs(plan_start, until)}
    run_days = set(runs)
    with transaction.atomic():
        added = []
        day = plan_start - timedelta(days=DIARY_DAYS)
        while day < until:
            values = (
                diary_values(day, runs)
                if day < plan_start
                else checkin_values(day, plan_start, run_days)
            )
            _, created = CheckIn.objects.get_or_create(owner=user, day=day, defaults=values)
            if created:
                added.append(day)
            day += timedelta(days=1)
        if added:
            invalidate_plan(user.pk, min(added))


def _akps(user: User, plan_start: date) -> None:
    with transaction.atomic():
        if AkpsRecord.objects.filter(owner=user).exists():
            return
        for day, choices in (
            (plan_start, AKPS_BASELINE),
            (plan_start + timedelta(weeks=4), AKPS_RECENT),
        ):
            scored = score_akps(choices)
            AkpsRecord.objects.create(
                owner=user,
                day=day,
                score=scored.score,
                points=list(scored.points),
                version=scored.version,
            )
        invalidate_plan(user.pk, plan_start)
