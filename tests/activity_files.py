"""Small activity files written by tests themselves (no corpus needed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

SHARED_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def gpx_run(
    start: datetime = datetime(2026, 3, 2, 6, 30, tzinfo=UTC),
    km: float = 5.0,
    grade: float = 0.0,
    seconds_per_km: int = 360,
) -> str:
    """A straight run north at a steady pace, one point every 5 s, on a constant grade."""
    points = []
    steps = int(km * seconds_per_km / 5)
    metres_per_step = 1000 * km / steps
    for i in range(steps + 1):
        north = i * metres_per_step
        lat = 47.0 + north / 111_195
        ele = 500 + grade * north
        time = (start + timedelta(seconds=5 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="8.0000000"><ele>{ele:.2f}</ele><time>{time}</time>'
            f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{140 + i % 5}</gpxtpx:hr>"
            "<gpxtpx:cad>84</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="kneewise-tests" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        "<trk><name>Test run</name><type>running</type>"
        f"<trkseg>{''.join(points)}</trkseg></trk></gpx>"
    )


def write_runs(folder: Path, kms: list[float], first_day: datetime | None = None) -> list[Path]:
    """One GPX run per day with the given distances; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    start = first_day or datetime(2026, 3, 2, 6, 30, tzinfo=UTC)
    paths = []
    for day, km in enumerate(kms):
        path = folder / f"run-{day:03d}.gpx"
        path.write_text(gpx_run(start + timedelta(days=day), km=km))
        paths.append(path)
    return paths


def same_run_files(
    folder: Path, seconds: int = 1800, index: int = 0, gpx_shift: timedelta = timedelta(0)
) -> dict[str, Path]:
    """One run as a watch FIT, and as the GPX and TCX a platform would export of it (the same
    samples), plus a gzipped copy of the TCX: what a runner uploading everything ends up with.
    `gpx_shift` moves the GPX's clock (a platform's time-zone mistake)."""
    import gzip
    import sys

    from kneewise.activities.decode import decode_bytes
    from kneewise.activities.limits import Limits

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from fitgen import fit_run

    folder.mkdir(parents=True, exist_ok=True)
    fit = fit_run(index, seconds=seconds)
    (streams,) = decode_bytes(fit, "run.fit", "run.fit", limits=Limits())
    assert streams.start_time is not None
    times = [streams.start_time + timedelta(seconds=float(t)) for t in streams.time_s]
    points = list(zip(times, streams.latitude, streams.longitude, streams.elevation_m, strict=True))  # type: ignore[arg-type]
    files = {
        "fit": folder / f"watch-{index}.fit",
        "gpx": folder / f"strava-{index}.gpx",
        "tcx": folder / f"garmin-{index}.tcx",
        "tcx.gz": folder / f"garmin-{index}-copy.tcx.gz",
    }
    files["fit"].write_bytes(fit)
    files["gpx"].write_text(_gpx([(t + gpx_shift, *rest) for t, *rest in points]))
    tcx = _tcx(points, [float(d) for d in streams.distance_m])  # type: ignore[union-attr]
    files["tcx"].write_text(tcx)
    files["tcx.gz"].write_bytes(gzip.compress(tcx.encode(), mtime=0))
    return files


def _stamp(time: datetime) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ")


def _gpx(points: list[tuple[datetime, float, float, float]]) -> str:
    body = "".join(
        f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele:.1f}</ele>'
        f"<time>{_stamp(t)}</time></trkpt>"
        for t, lat, lon, ele in points
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="kneewise-tests" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type>'
        f"<trkseg>{body}</trkseg></trk></gpx>"
    )


def _tcx(points: list[tuple[datetime, float, float, float]], distances: list[float]) -> str:
    body = "".join(
        f"<Trackpoint><Time>{_stamp(t)}</Time><Position><LatitudeDegrees>{lat:.7f}"
        f"</LatitudeDegrees><LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position>"
        f"<AltitudeMeters>{ele:.1f}</AltitudeMeters><DistanceMeters>{d:.1f}</DistanceMeters>"
        "</Trackpoint>"
        for (t, lat, lon, ele), d in zip(points, distances, strict=True)
    )
    start = _stamp(points[0][0])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        f'<Activity Sport="Running"><Id>{start}</Id><Lap StartTime="{start}"><Track>{body}'
        "</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    )
