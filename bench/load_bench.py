"""Load benchmark (issue #10, item 8): 16 runners on a real server, on loopback.

    python bench/load_bench.py                        # SQLite, 60 s per server
    python bench/load_bench.py --seconds 20 --runners 16
    python bench/load_bench.py --database-url postgres://u:p@127.0.0.1:5432/kw_bench
    python bench/load_bench.py --servers waitress     # one server kind only

It makes a throwaway data folder, creates N runners with the demo's 12-week history (the real
import path), starts each server kind as a subprocess on a free loopback port (`kneewise serve`:
one waitress process; `kneewise serve --processes 2`: several), logs the runners in, then for
--seconds each runner loops Today, Plan, Progress, one activity page and a check-in POST (with
CSRF). Prints requests/s, p50/p95 per route and errors per server. Goal on a 2-core machine with
the client on the same machine: 0 errors, p95 < 300 ms on every route.

With --database-url (or DATABASE_URL) the runners go into that PostgreSQL database instead
(it is used as it is: give an empty one, or one this script filled before).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.server_process import Browser, kneewise_serve, server_env

PASSWORD = "bench runner passphrase 2026"  # noqa: S105 - throwaway bench accounts
SETUP = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kneewise.web.settings")
from kneewise.cli.django_app import setup_django
setup_django()
from kneewise.web.runners import demo
for number in range(int(sys.argv[1])):
    demo.DEMO_USERNAME = f"bench{number:02d}"
    user, _ = demo.create_demo_runner(demo.demo_today())
    user.set_password(sys.argv[2])
    user.save()
"""
SERVERS = {"waitress": (), "processes": ("--processes", "2")}


def create_runners(env: dict[str, str], count: int) -> None:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", SETUP, str(count), PASSWORD], env=env, check=True, timeout=1800
    )
    print(f"  {count} runners with 12 weeks of history in {time.perf_counter() - started:.0f} s")


@dataclass
class Tally:
    """Latencies per route and errors, shared by the runner threads."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)
    first_error: str = ""

    def timed(self, route: str, call: object, expect: tuple[int, ...] = (200,)) -> str:
        started = time.perf_counter()
        try:
            status, _, body = call()  # type: ignore[operator]
        except OSError as error:
            status, body = 0, str(error)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.times[route].append(elapsed)
            if status not in expect:
                self.errors[route] += 1
                if not self.first_error:
                    errors = re.findall(r"error-summary.{0,400}", str(body), re.S)
                    self.first_error = f"{route}: HTTP {status} {errors or str(body)[:200]}"
        return str(body)


def runner_loop(port: int, number: int, tally: Tally, stop_at: float) -> None:
    browser = Browser(port)
    if not browser.log_in(f"bench{number:02d}", PASSWORD):
        with tally.lock:
            tally.errors["login"] += 1
        return
    _, _, page = browser.get("/activities/")
    found = re.search(r'href="/activities/(\d+)/"', page)
    activity = f"/activities/{found.group(1)}/" if found else "/activities/"
    while time.perf_counter() < stop_at:
        tally.timed("today", lambda: browser.get("/today/"))
        tally.timed("plan", lambda: browser.get("/plan/"))
        tally.timed("progress", lambda: browser.get("/progress/"))
        tally.timed("activity", lambda: browser.get(activity))
        page = tally.timed("check-in form", lambda: browser.get("/check-in/"))
        day = re.search(r'name="day"[^>]*value="([0-9-]+)"', page)
        form = {
            "day": day.group(1) if day else "",
            "morning_pain": "1",
            "swelling": "no",
            "morning_limp": "no",
            "done": "yes",
            "pain_during": "1",
            "pain_after_60min": "1",
        }
        tally.timed(
            "check-in POST", lambda form=form: browser.post("/check-in/", form), expect=(302,)
        )


def run_load(env: dict[str, str], args: tuple[str, ...], runners: int, seconds: float) -> Tally:
    tally = Tally()
    with kneewise_serve(env, "--no-worker", *args) as port:
        stop_at = time.perf_counter() + seconds
        threads = [
            threading.Thread(target=runner_loop, args=(port, n, tally, stop_at))
            for n in range(runners)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        tally.times["_elapsed"] = [time.perf_counter() - started]
    return tally


def report(name: str, tally: Tally) -> None:
    elapsed = tally.times.pop("_elapsed")[0]
    total = sum(len(t) for t in tally.times.values())
    errors = sum(tally.errors.values())
    print(f"  {name}: {total / elapsed:.1f} requests/s, {total} requests, {errors} errors")
    worst = 0.0
    for route, times in tally.times.items():
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000
        worst = max(worst, p95)
        print(
            f"    {route:14} n={len(ordered):5}  p50 {statistics.median(ordered) * 1000:6.0f} ms"
            f"  p95 {p95:6.0f} ms  errors {tally.errors.get(route, 0)}"
        )
    if tally.first_error:
        print(f"    first error: {tally.first_error}")
    if tally.errors.get("login"):
        print(f"    login failures: {tally.errors['login']}")
    verdict = "met" if errors == 0 and worst < 300 else "NOT met"
    print(f"    goal (0 errors, p95 < 300 ms on every route): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--runners", type=int, default=16)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--servers", default=",".join(SERVERS), help="waitress,processes")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kneewise-load-") as folder:
        extra = {"DATABASE_URL": options.database_url} if options.database_url else {}
        env = server_env(Path(folder), extra)
        where = "PostgreSQL" if options.database_url else "SQLite"
        print(f"Load benchmark: {options.runners} runners, {options.seconds:.0f} s, {where}")
        create_runners(env, options.runners)
        for name in options.servers.split(","):
            report(name, run_load(env, SERVERS[name], options.runners, options.seconds))


if __name__ == "__main__":
    main()
