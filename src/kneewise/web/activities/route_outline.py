"""A route's shape from its positions: no map, no tiles, no network.

Positions are projected simply (equirectangular around the mean latitude, in metres from the
middle of the route), thinned to at most MAX_POINTS and then scaled to the drawing by svg.py.
What reaches the page is that drawing and a few distances in words, never a coordinate; and
nothing at all when the runner hides route outlines (the caller does not call this then).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kneewise.activities.model import FloatArray
from kneewise.units import MILES, metres_per_unit, short_distance_text
from kneewise.web.activities.run_streams import MAX_POINTS, Track

EARTH_RADIUS_M = 6_371_008.8
SAME_PLACE_M = 50.0  # a finish this close to the start is "back where it started"
SMALLEST_ROUTE_M = 20.0  # positions within this of each other are a GPS fix indoors, no route


@dataclass(frozen=True, slots=True)
class Outline:
    """The route in metres east and north of its middle, and what to say about it."""

    points: list[tuple[float, float]]
    across_m: float  # west to east
    along_m: float  # south to north
    ends_apart_m: float  # from the start to the finish, as the crow flies

    def scale(self, units: str) -> tuple[float, str]:
        """A round length for the scale bar (about a quarter of the route's extent)."""
        extent = max(self.across_m, self.along_m)
        per = metres_per_unit(units) if units == MILES else 1.0
        raw = extent / 4 / per
        power = 10 ** math.floor(math.log10(raw))
        length = max(s * power for s in (1, 2, 5) if s * power <= raw)
        if units == MILES:
            return length * per, f"{length:g} mi"
        return length, f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"

    def in_words(self, units: str) -> str:
        size = (
            f"About {short_distance_text(self.across_m, units)} from west to east and "
            f"{short_distance_text(self.along_m, units)} from south to north."
        )
        if self.ends_apart_m <= SAME_PLACE_M:
            return f"{size} It finishes where it started."
        return f"{size} It finishes {short_distance_text(self.ends_apart_m, units)} from the start."


def outline_of(track: Track) -> Outline | None:
    """The route's outline; None without positions that go anywhere."""
    lat, lon = track.stream("latitude"), track.stream("longitude")
    if lat is None or lon is None:
        return None
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & ((lat != 0) | (lon != 0))
    if int(ok.sum()) < 2:
        return None
    lat, lon = lat[ok], np.degrees(np.unwrap(np.radians(lon[ok])))  # across the date line
    east, north = _project(lat, lon)
    keep = np.unique(np.linspace(0, len(east) - 1, min(MAX_POINTS, len(east))).round())
    index = keep.astype(np.intp)
    across, along = float(east.max() - east.min()), float(north.max() - north.min())
    if max(across, along) < SMALLEST_ROUTE_M:
        return None
    return Outline(
        points=[(float(x), float(y)) for x, y in zip(east[index], north[index], strict=True)],
        across_m=across,
        along_m=along,
        ends_apart_m=float(math.hypot(east[-1] - east[0], north[-1] - north[0])),
    )


def _project(lat: FloatArray, lon: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Equirectangular around the mean latitude: metres east and north of the middle."""
    middle_lat, middle_lon = float(lat.mean()), float(lon.mean())
    squeeze = math.cos(math.radians(middle_lat))
    east: FloatArray = np.radians(lon - middle_lon) * squeeze * EARTH_RADIUS_M
    north: FloatArray = np.radians(lat - middle_lat) * EARTH_RADIUS_M
    return east, north
