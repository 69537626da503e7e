"""One unit formatter (issue #9 part 6): a mile is the same length on every page, chart,
calendar and form."""

from __future__ import annotations

import pytest

from kneewise.units import (
    NO_VALUE,
    distance_text,
    from_units,
    height_text,
    in_units,
    km_text,
    pace_text,
    short_distance_text,
)


def test_a_run_reads_in_kilometres_or_miles_to_two_places() -> None:
    assert distance_text(2530, "km") == "2.53 km"
    assert distance_text(8000, "mi") == "4.97 mi"


def test_plans_and_calendars_write_one_decimal() -> None:
    assert km_text(6.4, "km") == "6.4 km"
    assert km_text(6.0, "mi") == "3.7 mi"


def test_a_value_the_recording_lacks_is_a_dash_not_zero() -> None:
    assert distance_text(None, "km") == NO_VALUE
    assert height_text(None, "mi") == NO_VALUE


def test_heights_are_metres_with_km_and_feet_with_miles() -> None:
    assert height_text(100, "km") == "100 m"
    assert height_text(100, "mi") == "328 ft"


def test_short_distances_switch_to_metres_or_feet() -> None:
    assert short_distance_text(30, "km") == "30 m"
    assert short_distance_text(1500, "km") == "1.5 km"
    assert short_distance_text(1609.344 * 1.24, "mi") == "1.2 mi"
    assert short_distance_text(30, "mi") == "98 ft"


def test_paces_are_minutes_and_seconds_per_unit() -> None:
    assert pace_text(342, "km") == "5:42 /km"
    assert pace_text(342, None) == "5:42"


def test_typed_miles_become_the_plans_kilometres_and_back() -> None:
    assert from_units(10, "mi") == pytest.approx(16.09344)
    assert from_units(10, "km") == 10
    assert in_units(from_units(3.0, "mi") * 1000, "mi") == pytest.approx(3.0)
