"""One way to write distances, heights and paces in the runner's units (km or miles): every page,
chart, calendar and form converts through here, so a mile is the same length everywhere."""

from __future__ import annotations

KILOMETRES = "km"  # RunnerProfile.Units.KM
MILES = "mi"  # RunnerProfile.Units.MI
METRES_PER_MILE = 1609.344
KM_PER_MILE = METRES_PER_MILE / 1000
FEET_PER_METRE = 1 / 0.3048
NO_VALUE = "–"  # what a page shows for a value the recording does not have


def metres_per_unit(units: str) -> float:
    """Metres in one of the runner's distance units (a km or a mile)."""
    return METRES_PER_MILE if units == MILES else 1000.0


def in_units(metres: float, units: str) -> float:
    """A distance in metres as km or miles, unrounded."""
    return metres / metres_per_unit(units)


def from_units(value: float, units: str) -> float:
    """A distance the runner typed in km or miles, in km (the plan's unit)."""
    return value * KM_PER_MILE if units == MILES else value


def distance_text(metres: float | None, units: str, *, places: int = 2) -> str:
    """ "2.35 km", "1.46 mi"; `places` 1 for plans and calendars ("6.4 km")."""
    if metres is None:
        return NO_VALUE
    return f"{in_units(metres, units):.{places}f} {MILES if units == MILES else KILOMETRES}"


def km_text(km: float, units: str) -> str:
    """A planned distance (the plan counts in km) to one decimal in the runner's units."""
    return distance_text(km * 1000, units, places=1)


def short_distance_text(metres: float, units: str) -> str:
    """A distance in round words: 30 m, 1.2 km; 100 ft, 0.7 mi."""
    if units == MILES:
        miles = metres / METRES_PER_MILE
        return f"{miles:.1f} mi" if miles >= 0.1 else f"{metres * FEET_PER_METRE:.0f} ft"
    return f"{metres / 1000:.1f} km" if metres >= 1000 else f"{metres:.0f} m"


def height_text(metres: float | None, units: str) -> str:
    """Climb and descent: metres with km, feet with miles."""
    if metres is None:
        return NO_VALUE
    return f"{metres * FEET_PER_METRE:.0f} ft" if units == MILES else f"{metres:.0f} m"


def pace_text(seconds: float, units: str | None) -> str:
    """Minutes and seconds per unit ("5:42 /km"); the bare time without units."""
    total = round(seconds)
    text = f"{total // 60}:{total % 60:02d}"
    return text if units is None else f"{text} /{units}"


def counted(count: int, one: str, many: str | None = None) -> str:
    """'1 check-in', '2 check-ins', '1 activity', '3 activities'."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
