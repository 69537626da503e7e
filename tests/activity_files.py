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
