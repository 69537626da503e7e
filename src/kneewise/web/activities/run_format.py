"""How a run's charts write numbers and days: in the runner's units, plainly."""

from __future__ import annotations

from datetime import date

MILES = "mi"  # RunnerProfile.Units.MI
METRES_PER_MILE = 1609.344
FEET_PER_METRE = 3.28084


def unit_metres(units: str) -> float:
    """Metres in one of the runner's distance units (a km or a mile)."""
    return METRES_PER_MILE if units == MILES else 1000.0


def distance_text(metres: float, units: str) -> str:
    """2.35 km, 1.46 mi: as the run's values above the charts write distances."""
    return f"{metres / unit_metres(units):.2f}\u00a0{units}"


def short_distance_text(metres: float, units: str) -> str:
    """A distance in round words: 30 m, 1.2 km; 100 ft, 0.7 mi."""
    if units == MILES:
        miles = metres / METRES_PER_MILE
        return f"{miles:.1f}\u00a0mi" if miles >= 0.1 else f"{metres * FEET_PER_METRE:.0f}\u00a0ft"
    return f"{metres / 1000:.1f}\u00a0km" if metres >= 1000 else f"{metres:.0f}\u00a0m"


def height_text(metres: float, units: str) -> str:
    if units == MILES:
        return f"{metres * FEET_PER_METRE:.0f}\u00a0ft"
    return f"{metres:.0f}\u00a0m"


def pace_text(seconds: float, units: str | None) -> str:
    """Minutes and seconds per unit ("5:42 /km"); the bare time without units."""
    total = round(seconds)
    text = f"{total // 60}:{total % 60:02d}"
    return text if units is None else f"{text}\u00a0/{units}"


def long_day(day: date) -> str:
    """Tuesday 3 March."""
    return f"{day:%A} {day.day} {day:%B}"
