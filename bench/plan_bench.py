"""Plan benchmark (issue #8): days must cost the same at day 700 as at day 7.

    python bench/plan_bench.py              # both parts
    python bench/plan_bench.py --requests 50

1. The engine in-process: `simulate` of an all-green runner for 30, 365 and 1,460 days; prints
   the time per day and the 1,460/365 ratio (goal ≤ 5: linear in days).
2. The Today page (Django test client, SQLite in a throwaway data folder): a runner with two
   years of daily check-ins and 1,500 activities against one with two weeks and 10 activities,
   after the first visit has stored the plan snapshots; prints p50/p95 and the ratio of the
   p95s (goal ≤ 1.5, p95 < 100 ms on this machine). Also the cold first visit, and a visit after
   a late check-in three days back (recomputes three days).
3. History pages (issue #9, design.md §4: page cost must not grow with the history): the
   activity list, the progress page, one activity's page and `GET /api/v1/activities` for a
   runner with 1,500 activities (two years, runs of varied length with spikes, downhill and
   some rides and hikes) against one with 37 (nine weeks); prints p50/p95 and the p95 ratio
   of each page (goal ≤ 1.5, p95 < 100 ms).

    python bench/plan_bench.py --part history   # only the third part
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def engine_part() -> None:
    from tests.core.plan.scenario_builders import all_green_runner

    from kneewise.core.plan.scenario import parse_scenario, simulate

    print("1. Engine, in-process simulate (all-green runner)")
    times: dict[int, float] = {}
    for days in (30, 365, 1460):
        document = all_green_runner(days=days)
        best = min(_timed(lambda d=document: simulate(parse_scenario(d))) for _ in range(3))
        times[days] = best
        print(f"   {days:5d} days: {best * 1000:8.1f} ms  ({best / days * 1000:.2f} ms a day)")
    ratio = times[1460] / times[365]
    verdict = "ok" if ratio <= 5 else "TOO SLOW"
    print(f"   1,460/365 ratio: {ratio:.2f} (goal ≤ 5, linear would be 4) {verdict}")


def _timed(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _django() -> None:
    """Django on SQLite in a throwaway data folder, migrated (once per run)."""
    if os.environ.get("DJANGO_SETTINGS_MODULE") == "tests.django_test_settings":
        return
    os.environ["KNEEWISE_DATA_DIR"] = tempfile.mkdtemp(prefix="kneewise-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.django_test_settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def web_part(requests: int) -> None:
    _django()
    from django.utils import timezone

    today = timezone.now().date()
    print("\n2. Today page (SQLite, Django test client, warm snapshots)")
    long = _runner("long", today, days=730, activities=1500)
    short = _runner("short", today, days=14, activities=10)
    results = {}
    for name, client in (("2 weeks, 10 activities", short), ("2 years, 1,500 activities", long)):
        cold = _timed(lambda c=client: _today(c))
        samples = [_timed(lambda c=client: _today(c)) for _ in range(requests)]
        p50, p95 = _percentile(samples, 50), _percentile(samples, 95)
        results[name] = p95
        print(
            f"   {name:26s} cold {cold * 1000:7.1f} ms   p50 {p50 * 1000:6.1f} ms"
            f"   p95 {p95 * 1000:6.1f} ms"
        )
    ratio = results["2 years, 1,500 activities"] / results["2 weeks, 10 activities"]
    ok = ratio <= 1.5 and max(results.values()) < 0.100
    verdict = "ok" if ok else "MISSED"
    print(f"   p95 ratio long/short: {ratio:.2f} (goal ≤ 1.5; p95 < 100 ms) {verdict}")
    late = _late_checkin(long, today)
    print(f"   after a late check-in 3 days back: {late * 1000:.1f} ms (recomputes 3 days)")
    _storage("long")


def _storage(name: str) -> None:
    """What the stored plan costs on disk: snapshots are compressed JSON (plan_store.pack)."""
    from django.db.models import Sum
    from django.db.models.functions import Length

    from kneewise.web.runners.models import PlanSnapshot

    rows = PlanSnapshot.objects.filter(owner__username=name)
    total = rows.aggregate(size=Sum(Length("state")) + Sum(Length("plan")))["size"] or 0
    count = rows.count()
    print(
        f"   stored plan of the 2-year runner: {count} days, {total / 1e6:.1f} MB "
        f"({total / max(count, 1) / 1000:.1f} kB a day)"
    )


def _today(client: Any) -> None:
    response = client.get("/today/")
    assert response.status_code == 200, response.status_code


def _percentile(samples: list[float], percent: int) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def history_part(requests: int) -> None:
    _django()
    from django.utils import timezone

    today = timezone.now().date()
    print("\n3. History pages (SQLite, Django test client, after a first visit)")
    runners = {
        "37 activities": _runner("hist-short", today, days=63, activities=37, varied=True),
        "1,500 activities": _runner("hist-long", today, days=730, activities=1500, varied=True),
    }
    pages = {
        "/activities/": lambda _: "/activities/",
        "/progress/": lambda _: "/progress/",
        "one activity page": _middle_activity_url,
        "/api/v1/activities": lambda _: "/api/v1/activities",
    }
    verdicts = []
    for page, url_of in pages.items():
        urls = {name: url_of(client) for name, client in runners.items()}
        samples: dict[str, list[float]] = {name: [] for name in runners}
        for name, client in runners.items():
            _get(client, urls[name])  # the first visit (builds whatever is stored)
        for _ in range(requests):  # interleaved, so a busy machine slows both alike
            for name, client in runners.items():
                samples[name].append(_timed(lambda c=client, u=urls[name]: _get(c, u)))
        p95s = []
        for name, timed in samples.items():
            p50, p95 = _percentile(timed, 50), _percentile(timed, 95)
            p95s.append(p95)
            print(f"   {page:20s} {name:17s} p50 {p50 * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms")
        ratio = p95s[1] / p95s[0]
        ok = ratio <= 1.5 and max(p95s) < 0.100
        verdicts.append(ok)
        verdict = "ok" if ok else "MISSED"
        print(
            f"   {page:20s} p95 ratio long/short: {ratio:.2f} (goal ≤ 1.5; p95 < 100 ms) {verdict}"
        )
    print(f"   history pages: {'all ok' if all(verdicts) else 'MISSED'}")
    rebuild = _after_a_change(runners["1,500 activities"])
    print(
        f"   /activities/ after a change, 1,500 activities: {rebuild * 1000:.1f} ms (rebuilds once)"
    )


def _after_a_change(client: Any) -> float:
    """The first list after the runner's activities changed: the one request that rebuilds
    the stored weeks in one pass over the whole history."""
    from kneewise.web.activities.history import history_changed

    history_changed(int(client.session["_auth_user_id"]))
    return _timed(lambda: _get(client, "/activities/"))


def _get(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def _middle_activity_url(client: Any) -> str:
    """The page of a run from the middle of the runner's history."""
    from kneewise.web.activities.models import Activity

    user = client.session.get("_auth_user_id")
    ids = list(Activity.objects.filter(owner_id=user).order_by("start_time").values_list("pk"))
    return f"/activities/{ids[len(ids) // 2][0]}/"


def _varied(i: int) -> dict[str, Any]:
    """Activity `i` of a varied history: runs of 3–13 km, some long or hilly, a ride every 23
    activities and a hike every 37 (so R15, R16, R17, R19 and R20 all have work to do)."""
    sport = "cycling" if i % 23 == 7 else "hiking" if i % 37 == 11 else "running"
    distance = 3000 + (i * 7919) % 10000
    return {
        "sport": sport,
        "distance_m": distance,
        "elapsed_s": distance * 0.36,
        "moving_s": distance * 0.36,
        "downhill_m": (i * 131) % 1200,
        "avg_cadence_spm": 160 + i % 9,
        "knee_load": distance / 1000 * 1.1,
    }


def _runner(name: str, today: date, *, days: int, activities: int, varied: bool = False) -> Any:
    """A runner whose plan started `days` ago, a green check-in every day, and `activities`
    runs spread over those days (stored rows, as an import leaves them); `varied` gives them
    different lengths and sports (`_varied`), else each is an easy 5 km."""
    from django.test import Client
    from tests.web.daily_helpers import runner_with_plan_started

    from kneewise.web.activities.models import Activity
    from kneewise.web.runners.models import CheckIn

    start = today - timedelta(days=days)
    user = runner_with_plan_started(
        username=name,
        plan_start=start,
        running_now=True,
        usual_runs_per_week=4,
        usual_weekly_km=30,
        longest_recent_run_km=10,
        onboarding_step="done",
    ).user
    CheckIn.objects.bulk_create(
        CheckIn(
            owner=user,
            day=start + timedelta(days=d),
            morning_pain=1,
            function_sit_30min=0,
            function_stairs=1,
            function_squat=1,
            done=True,
            pain_during=1,
            pain_after_60min=1,
        )
        for d in range(days)
    )
    stored = _one_hour_original()
    Activity.objects.bulk_create(
        Activity(
            owner=user,
            file=stored,
            source=f"run{i}.fit",
            format="fit",
            start_time=datetime.combine(
                start + timedelta(days=i * days // max(activities, 1)), datetime.min.time(), UTC
            )
            + timedelta(hours=7, minutes=i % 60),
            **(
                _varied(i)
                if varied
                else {
                    "sport": "running",
                    "elapsed_s": 1800,
                    "moving_s": 1800,
                    "distance_m": 5000,
                    "downhill_m": 50,
                    "avg_cadence_spm": 166,
                }
            ),
        )
        for i in range(activities)
    )
    client = Client()
    client.force_login(user)
    return client


def _one_hour_original() -> Any:
    """A real one-hour FIT file, stored as an import stores it: every activity's page decodes
    it for its charts, as a runner's own file would be."""
    import hashlib

    from fitgen import fit_run

    from kneewise.web.activities.importer import keep_original
    from kneewise.web.activities.models import StoredFile

    data = fit_run(0, seconds=3600)
    digest = hashlib.sha256(data).hexdigest()
    keep_original(digest, data)
    stored, _ = StoredFile.objects.get_or_create(
        sha256=digest, defaults={"size": len(data), "original_name": "run.fit"}
    )
    return stored


def _late_checkin(client: Any, today: date) -> float:
    from kneewise.web.runners.models import CheckIn

    user = client.session.get("_auth_user_id")
    day = today - timedelta(days=3)
    started = time.perf_counter()
    CheckIn.objects.filter(owner_id=user, day=day).delete()
    response = client.post(
        "/check-in/",
        {
            "day": day.isoformat(),
            "morning_pain": 2,
            "swelling": "no",
            "function_sit_30min": 0,
            "function_stairs": 1,
            "function_squat": 1,
            "done": "yes",
            "pain_during": 1,
            "pain_after_60min": 1,
        },
    )
    assert response.status_code in (200, 302), response.status_code
    _today(client)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="timed requests a page and runner")
    parser.add_argument(
        "--part", choices=("all", "engine", "today", "history"), default="all", help="what to run"
    )
    args = parser.parse_args()
    if args.part in ("all", "engine"):
        engine_part()
    if args.part in ("all", "today"):
        web_part(args.requests)
    if args.part in ("all", "history"):
        history_part(args.requests)


if __name__ == "__main__":
    main()
