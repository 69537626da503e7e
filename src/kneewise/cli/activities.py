"""`kneewise summarize` and `kneewise load` (design.md §3.4–3.5)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console

from kneewise.activities.batch import Duplicate, Summarised, run_batch
from kneewise.activities.knee_load import UI_NOTICE, step_rate_factor
from kneewise.activities.model import ActivitySummary, FileError
from kneewise.activities.same_run import group, recording
from kneewise.activities.sources import Skipped, iter_inputs
from kneewise.cli.activity_tables import show_load, show_summaries
from kneewise.cli.output import EXIT_OK, EXIT_SOME_FAILED, emit_json, fail_usage
from kneewise.core.load import LoadActivity, cadence_baseline, load_flags, weekly_load

PathsArgument = Annotated[
    list[Path],
    typer.Argument(help="Activity files (.fit/.gpx/.tcx, also .gz), folders or export zips."),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON on stdout (default: tables for a person).")
]
WorkersOption = Annotated[
    int, typer.Option("--workers", min=0, max=64, help="Decoding processes (0 = one per core).")
]
TzOption = Annotated[
    str | None,
    typer.Option(
        "--tz",
        help="Your time zone for calendar days, e.g. Europe/Berlin (default: this computer's).",
    ),
]


@dataclass
class Collected:
    activities: list[ActivitySummary] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def collect(paths: list[Path], workers: int) -> Collected:
    """Decode and summarise everything under `paths`; failures are kept as values."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail_usage(f"no such file or folder: {', '.join(missing)}")
    result = Collected()
    for event in run_batch(iter_inputs(paths), workers=workers or None):
        if isinstance(event, Summarised):
            result.activities.extend(summary for summary, _ in event.activities)
        elif isinstance(event, FileError):
            result.errors.append(event)
        elif isinstance(event, Skipped):
            result.skipped.append(event)
        elif isinstance(event, Duplicate):  # pragma: no cover - no duplicate check here
            continue
    result.activities.sort(key=lambda s: (s.start_time, s.source))
    return result


def summarize_command(
    paths: PathsArgument, as_json: JsonOption = False, workers: WorkersOption = 0
) -> None:
    """Decode activity files and print one summary per activity (nothing is stored)."""
    found = collect(paths, workers)
    payload = {
        "activities": [a.as_json() for a in found.activities],
        "knee_load_note": UI_NOTICE,
        "errors": [e.as_json() for e in found.errors],
        "skipped": [{"source": s.source, "reason": s.reason} for s in found.skipped],
    }
    if as_json:
        emit_json(payload)
    else:
        show_summaries(Console(), found.activities, found.errors, found.skipped, _zone(None))
    raise typer.Exit(EXIT_SOME_FAILED if found.errors else EXIT_OK)


def load_command(
    paths: PathsArgument,
    as_json: JsonOption = False,
    tz: TzOption = None,
    workers: WorkersOption = 0,
) -> None:
    """Weekly running load and its flags (R15–R17, downhill, new load); ACWR never flags (R18)."""
    zone = _zone(tz)
    found = collect(paths, workers)
    # One run recorded in several files counts once (design.md §3.5): the most detailed.
    runs = group(recording(s) for s in found.activities)
    history = to_load_activities([run.primary for run in runs], zone)
    cadence = cadence_baseline(history)
    if cadence.baseline_spm is not None:
        # Knee load per run is relative to the runner's own step rate (docs/knee-load.md).
        history = [
            replace(
                a, knee_load=a.knee_load * step_rate_factor(a.avg_cadence_spm, cadence.baseline_spm)
            )
            if a.knee_load is not None
            else a
            for a in history
        ]
    weeks = weekly_load(history)
    flags = load_flags(history)
    payload = {
        "weeks": [w.as_json() for w in weeks],
        "flags": [f.as_json() for f in flags],
        "cadence": cadence.as_json(),
        "knee_load_note": UI_NOTICE,
        "same_run": [
            {"counted": run.primary.source, "also_recorded_in": [a.source for a in run.alternates]}
            for run in runs
            if run.alternates
        ],
        "errors": [e.as_json() for e in found.errors],
    }
    if as_json:
        emit_json(payload)
    else:
        counted_once = sum(1 for run in runs if run.alternates)
        show_load(Console(), weeks, flags, cadence, counted_once, found.errors)
    raise typer.Exit(EXIT_SOME_FAILED if found.errors else EXIT_OK)


def to_load_activities(summaries: list[ActivitySummary], zone: tzinfo) -> list[LoadActivity]:
    """Summaries as load analytics reads them: the runner's local calendar day of each start."""
    ordered = sorted(summaries, key=lambda s: s.start_time)
    return [
        LoadActivity(
            day=s.start_time.astimezone(zone).date(),
            sport=s.sport.value,
            distance_m=s.distance_m or 0.0,
            duration_s=s.moving_s or s.elapsed_s or 0.0,
            downhill_m=s.downhill_m or 0.0,
            knee_load=s.knee_load,
            avg_cadence_spm=s.avg_cadence_spm,
            order=index,
        )
        for index, s in enumerate(ordered)
    ]


def _zone(name: str | None) -> tzinfo:
    if name is None:
        local = datetime.now().astimezone().tzinfo
        return local if local is not None else ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        fail_usage(f"unknown time zone {name!r} (use a name like Europe/Berlin)")


def register(app: typer.Typer) -> None:
    app.command("summarize")(summarize_command)
    app.command("load")(load_command)
