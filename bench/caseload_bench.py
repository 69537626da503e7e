"""Caseload benchmark (issue #11 item 3): what needs a clinician's attention, for 100 runners.

    python bench/caseload_bench.py                  # 100 runners × 365 days, 30 rounds
    python bench/caseload_bench.py --runners 100 --days 365 --rounds 50
    DATABASE_URL=postgres://…/empty_db python bench/caseload_bench.py   # on PostgreSQL

SQLite in a throwaway data folder (or DATABASE_URL's database, which must be empty). Builds
the caseload with `caseload_data.build_caseload` (bulk inserts) and, in the same run, two
baselines: 100 runners with 8 weeks of history (the windows the flags read are full) and 100
with 1 week. Today's snapshot is stored for every runner first (the one-off replay of a whole
history, `caseload_data.warm_snapshots`); then each round times `attention_for` for each
caseload, interleaved so a busy machine slows all alike. Prints p50/p95, the year / 8-week
ratio of the p95s (goal ≤ 1.5: cost does not grow with history), the cost per runner (against
1 runner with a year), the p95 with the snapshot decode caches cleared every round (a fresh
process), the morning of a new day (every snapshot one day behind: one day replayed and
stored per runner) and the query count.
Goal: p95 < 200 ms for the 100 on SQLite (the page adds rendering).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _django() -> None:
    """Django on SQLite in a throwaway data folder (or DATABASE_URL's), migrated."""
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


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _percentile(samples: list[float], percent: int) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runners", type=int, default=100)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=30, help="timed rounds (at least 20)")
    args = parser.parse_args()
    rounds = max(args.rounds, 20)
    _django()
    from caseload_data import build_caseload, warm_snapshots
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from kneewise.web.runners.attention import attention_for

    today = timezone.now().date()
    clinician = get_user_model().objects.create_user(username="physio", password=None)
    n, days = args.runners, args.days
    print(f"Caseload of {n} runners ({connection.vendor}, attention_for, warm snapshots)")
    caseloads: dict[str, list[Any]] = {}
    for name, length in ((f"{days} days", days), ("8 weeks", 56), ("1 week", 7)):
        built = _timed(
            lambda k=name, d=length: caseloads.setdefault(
                k, build_caseload(clinician, n, d, prefix=f"r{d}")
            )
        )
        warmed = _timed(lambda k=name: warm_snapshots(caseloads[k], today))
        print(f"   {n} × {name}: built in bulk {built:.1f} s, today's snapshots {warmed:.1f} s")
    year = caseloads[f"{days} days"]
    caseloads[f"1 × {days} days"] = year[:1]
    for profiles in caseloads.values():
        attention_for(profiles)  # the first call of a process decodes every snapshot
    samples: dict[str, list[float]] = {name: [] for name in caseloads}
    for _ in range(rounds):  # interleaved, so a busy machine slows all alike
        for name, profiles in caseloads.items():
            samples[name].append(_timed(lambda p=profiles: attention_for(p)))
    p50 = {name: _percentile(s, 50) for name, s in samples.items()}
    p95 = {name: _percentile(s, 95) for name, s in samples.items()}
    for name in caseloads:
        label = name if name.startswith("1 ×") else f"{n} × {name}"
        print(f"   {label:18s} p50 {_ms(p50[name])}   p95 {_ms(p95[name])}")
    full = p95[f"{days} days"]
    ratio = full / p95["8 weeks"]
    print(
        f"   p95 ratio {days} days / 8 weeks: {ratio:.2f} (goal ≤ 1.5: cost does not grow with "
        f"history once the windows are full); / 1 week: {full / p95['1 week']:.2f}"
    )
    per_runner = (p50[f"{days} days"] - p50[f"1 × {days} days"]) / max(n - 1, 1)
    print(f"   per runner: {per_runner * 1000:.2f} ms (p50 of {n} minus p50 of 1, over {n - 1})")
    ok = full < 0.200 and ratio <= 1.5
    print(f"   goal p95 < 200 ms for {n} runners: {'ok' if ok else 'MISSED'}")
    _flag_counts(attention_for(year))
    _cold_decode(year, rounds)
    _new_day(year, today)
    _queries(year, caseloads["1 week"])
    _pages(year, caseloads["8 weeks"], rounds)


def _flag_counts(found: dict[int, Any]) -> None:
    """What the caseload shows: runners by their most urgent flag, and flags by code."""
    from collections import Counter

    top = Counter(a.flags[0].code if a.flags else "calm" for a in found.values())
    codes = Counter(flag.code for a in found.values() for flag in a.flags)
    print(f"   runners by most urgent flag: {dict(top.most_common())}")
    print(f"   flags by code: {dict(codes.most_common())}")


def _cold_decode(profiles: list[Any], rounds: int) -> None:
    """As a fresh process: every stored snapshot decoded again (the decode caches cleared)."""
    from kneewise.web.runners.attention import attention_for
    from kneewise.web.runners.caseload_plans import flag_state
    from kneewise.web.runners.plan_store import decoded_snapshot

    samples = []
    for _ in range(rounds):
        decoded_snapshot.cache_clear()
        flag_state.cache_clear()
        samples.append(_timed(lambda: attention_for(profiles)))
    print(
        f"   decode cache cleared each round: p50 {_ms(_percentile(samples, 50))}"
        f"   p95 {_ms(_percentile(samples, 95))}"
    )


def _new_day(profiles: list[Any], today: date) -> None:
    """The first look of a new day: every snapshot one day behind, so one day is replayed and
    stored per runner (the stored day is deleted again between rounds)."""
    from kneewise.web.runners.attention import attention_for
    from kneewise.web.runners.models import PlanSnapshot

    tomorrow = today + timedelta(days=1)
    samples = []
    for _ in range(5):
        PlanSnapshot.objects.filter(day=tomorrow).delete()
        samples.append(_timed(lambda: attention_for(profiles, lambda _: tomorrow)))
    print(
        f"   a new day (all {len(profiles)} one day behind, replayed and stored): "
        f"p50 {_ms(_percentile(samples, 50))}   max {_ms(max(samples))}"
    )
    PlanSnapshot.objects.filter(day=tomorrow).delete()


def _queries(year: list[Any], week: list[Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kneewise.web.runners.attention import attention_for

    counts = []
    for profiles in (year, week, year[:2]):
        with CaptureQueriesContext(connection) as captured:
            attention_for(profiles)
        counts.append(len(captured))
    print(
        f"   queries: {counts[0]} for {len(year)} runners with a year, {counts[1]} with a week, "
        f"{counts[2]} for 2 runners"
    )


def _pages(year: list[Any], weeks8: list[Any], rounds: int) -> None:
    """The clinician's caseload page and API through Django (routing, middleware, access
    check, rendering) for a clinician linked to the year caseload and one linked to the
    8-week caseload, interleaved."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from kneewise.web.accounts.services import clinician_group
    from kneewise.web.clinic.models import ClinicianLink

    clients = {}
    for name, profiles in (("year", year), ("8 weeks", weeks8)):
        physio = get_user_model().objects.create_user(username=f"page-{name}", password=None)
        physio.groups.add(clinician_group())
        ClinicianLink.objects.bulk_create(
            ClinicianLink(runner_id=p.user_id, clinician=physio) for p in profiles
        )
        client = Client()
        client.force_login(physio)
        clients[name] = client
    urls = ("/clinic/", "/api/v1/clinic/caseload", "timeline")
    first = {"year": year[0].pk, "8 weeks": weeks8[0].pk}
    samples: dict[tuple[str, str], list[float]] = {
        (n, u if u != "timeline" else f"/clinic/runners/{first[n]}/"): []
        for n in clients
        for u in urls
    }
    for (name, url), _ in samples.items():  # warm: first render, template loading
        assert clients[name].get(url).status_code == 200, (name, url)
    for _ in range(rounds):
        for (name, url), times in samples.items():
            times.append(_timed(lambda c=clients[name], u=url: c.get(u)))
    for (name, url), times in samples.items():
        print(
            f"   page {url:26s} {len(year)} × {name:7s} p50 {_ms(_percentile(times, 50))}"
            f"   p95 {_ms(_percentile(times, 95))}"
        )
    page = _percentile(samples[("year", "/clinic/")], 95)
    ratio = page / _percentile(samples[("8 weeks", "/clinic/")], 95)
    print(
        f"   caseload page p95 year / 8 weeks: {ratio:.2f}; goal p95 < 200 ms: "
        f"{'ok' if page < 0.200 else 'MISSED'}"
    )
    one = _percentile(samples[("year", f"/clinic/runners/{first['year']}/")], 95)
    one8 = _percentile(samples[("8 weeks", f"/clinic/runners/{first['8 weeks']}/")], 95)
    print(f"   one runner's timeline page p95 year / 8 weeks: {one / one8:.2f}")


if __name__ == "__main__":
    main()
