"""Scenario helpers for the stored plan: what the engine was asked, snapshots as rows, runs
imported through the real importer, and a plan replayed from scratch to compare against."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kneewise.activities.sources import iter_inputs
from kneewise.core.plan.codec import to_json
from kneewise.core.plan.profile import MorningReport, SessionReport
from kneewise.core.plan.runner_choices import NO_CHOICES
from kneewise.web.activities.importer import ImportReport, import_inputs
from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.runners import plan_service
from kneewise.web.runners.models import PlanSnapshot, RunnerProfile
from kneewise.web.runners.plan_changes import overrides_of
from kneewise.web.runners.plan_inputs import inputs_between
from kneewise.web.runners.plan_store import unpack
from tests.activity_files import gpx_run


@dataclass
class EngineCalls:
    """The days of every report the plan service handed the engine, in order."""

    mornings: list[date] = field(default_factory=list)
    sessions: list[SessionReport] = field(default_factory=list)
    morning_reports: list[MorningReport] = field(default_factory=list)

    def replayed_through(self, today: date) -> list[date]:
        """The days up to `today` that were run through the engine (not the projection)."""
        return [day for day in self.mornings if day <= today]

    def clear(self) -> None:
        self.mornings.clear()
        self.sessions.clear()
        self.morning_reports.clear()


def record_engine_calls(monkeypatch: pytest.MonkeyPatch) -> EngineCalls:
    calls = EngineCalls()
    real_apply = plan_service.apply

    def apply(state: Any, report: Any, overrides: Any = (), choices: Any = NO_CHOICES) -> Any:
        if isinstance(report, MorningReport):
            calls.mornings.append(report.day)
            calls.morning_reports.append(report)
        else:
            calls.sessions.append(report)
        return real_apply(state, report, overrides, choices)

    monkeypatch.setattr(plan_service, "apply", apply)
    return calls


def snapshot_rows(profile: RunnerProfile) -> dict[date, tuple[int, Any, Any]]:
    """Each stored day's (pk, state JSON, plan JSON)."""
    rows = PlanSnapshot.objects.filter(owner=profile.user).order_by("day")
    return {r.day: (r.pk, unpack(r.state), unpack(r.plan)) for r in rows}


def revision(profile: RunnerProfile) -> int:
    return RunnerProfile.objects.get(pk=profile.pk).plan_revision


def import_run(
    profile: RunnerProfile, local_day: date, *, km: float = 5.0, at: time = time(7, 0)
) -> ImportReport:
    """A GPX run starting at `at` on `local_day` in the runner's time zone, imported as an
    upload is (needs the `data_dir` fixture)."""
    start = datetime.combine(local_day, at, tzinfo=ZoneInfo(profile.time_zone))
    with tempfile.TemporaryDirectory(prefix="kw-test-run-") as folder:
        path = Path(folder) / f"{start:%Y%m%dT%H%M}-{km}.gpx"
        path.write_text(gpx_run(start, km=km))
        return import_inputs(profile.user, iter_inputs([path]), workers=1)


def full_replay(profile: RunnerProfile, today: date) -> list[tuple[Any, Any]]:
    """Every day's (state JSON, plan JSON) from the plan's first day through today, computed
    from scratch in one pass with no snapshot: what the stored plan must always equal."""
    profile = RunnerProfile.objects.get(pk=profile.pk)
    assert profile.plan_start is not None
    state = plan_service.new_plan(profile, profile.plan_start)
    inputs = inputs_between(profile, profile.plan_start, today)
    overrides = overrides_of(profile)
    plans = []
    day = profile.plan_start
    while day <= today:
        state, plan = plan_service.run_day(
            state, inputs.morning(day), inputs.session(day), overrides
        )
        plans.append((state.to_json(), to_json(plan)))
        day += timedelta(days=1)
    return plans


def recorded_activity(
    profile: RunnerProfile,
    start: datetime,
    *,
    km: float = 5.0,
    sport: str = "running",
    moving_s: float | None = 1800.0,
    elapsed_s: float | None = 1900.0,
    downhill_m: float | None = 120.0,
    cadence: float | None = 166.0,
) -> Activity:
    """An activity row as the importer stores one (no file is read; the plan is not told)."""
    stored, _ = StoredFile.objects.get_or_create(
        sha256=f"{start:%Y%m%d%H%M%S}".ljust(64, "0"), defaults={"size": 1, "original_name": "r"}
    )
    return Activity.objects.create(
        owner=profile.user,
        file=stored,
        source="run.fit",
        format="fit",
        sport=sport,
        start_time=start,
        distance_m=km * 1000,
        moving_s=moving_s,
        elapsed_s=elapsed_s,
        downhill_m=downhill_m,
        avg_cadence_spm=cadence,
    )
