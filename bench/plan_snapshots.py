"""Stored plan benchmark (issue #8): what a Today request costs at day 7 and at day N.

    python bench/plan_snapshots.py            # days 7, 100 and 400
    python bench/plan_snapshots.py --days 700

For each history length it prints the first request (replays every day and stores a snapshot
per day), a repeat request (replays nothing), the next day's request (replays one day), a
request after a check-in edited 3 days back, and the size of the stored snapshots. With
snapshots the web replays a bounded number of days; what remains growing with the history is
the engine's own state (its size, decoding it, and the engine's work per day).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta

os.environ.setdefault("KNEEWISE_DATA_DIR", tempfile.mkdtemp(prefix="kneewise-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kneewise.web.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from kneewise.web.runners.check_ins import save_check_in  # noqa: E402
from kneewise.web.runners.models import CheckIn, PlanSnapshot, RunnerProfile  # noqa: E402
from kneewise.web.runners.plan_service import plan_view  # noqa: E402

START = date(2024, 1, 1)
TRIAGE = {
    "age": 34,
    "onset": "gradual",
    "pain_location": "front",
    "aggravating": ["stairs", "squatting"],
    "squat_painful": True,
}


def runner(name: str, days: int) -> RunnerProfile:
    user = get_user_model().objects.create_user(name)  # no password: it never logs in
    profile = RunnerProfile.objects.create(
        user=user,
        age=34,
        sex="female",
        triage_answers=TRIAGE,
        function_sit_30min=0,
        function_stairs=1,
        function_squat=1,
        plan_start=START,
        running_now=True,
        usual_runs_per_week=3,
        usual_weekly_km=20,
        longest_recent_run_km=8,
        baseline_cadence_spm=165,
    )
    green = {"morning_pain": 1, "function_sit_30min": 0, "function_stairs": 1}
    CheckIn.objects.bulk_create(
        CheckIn(
            owner=user,
            day=START + timedelta(days=n),
            function_squat=1,
            done=True,
            pain_during=1,
            pain_after_60min=1,
            **green,
        )
        for n in range(days)
    )
    return profile


def timed(action: object) -> float:
    began = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - began


def measure(days: int) -> None:
    profile = runner(f"bench{days}", days)
    today = START + timedelta(days=days - 1)
    first = timed(lambda: plan_view(profile, today))
    repeat = timed(lambda: plan_view(profile, today))
    next_day = timed(lambda: plan_view(profile, today + timedelta(days=1)))
    save_check_in(profile.user, today - timedelta(days=3), {"morning_pain": 2})
    edited = timed(lambda: plan_view(profile, today + timedelta(days=1)))
    rows = PlanSnapshot.objects.filter(owner=profile.user)
    latest = rows.order_by("-day").first()
    state_kb = len(str(latest.state)) / 1024 if latest else 0.0
    print(
        f"day {days:>4}: first {first:6.2f} s | repeat {repeat * 1000:6.0f} ms | "
        f"next day {next_day * 1000:6.0f} ms | after an edit 3 days back {edited * 1000:6.0f} ms"
        f" | {rows.count()} snapshots, latest state {state_kb:,.0f} KB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, nargs="*", default=[7, 100, 400])
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    for days in args.days:
        measure(days)
    return 0


if __name__ == "__main__":
    sys.exit(main())
