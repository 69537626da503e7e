"""Today's "About today's session" box fits the day: no "end the running part" on a day without
a run, and the box takes the zone's colour (issue #12 defect 5)."""

from __future__ import annotations

import pytest

from tests.web.daily_helpers import client_for, green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db


def test_amber_pain_on_an_exercise_day_gives_exercise_advice_in_an_amber_box() -> None:
    profile = runner_with_plan_started(0)  # day one: walking and exercises, no run (R22)
    green_checkin(profile, today(), pain_during=3)
    page = client_for(profile).get("/today/").content.decode()
    assert "outcome--zone-amber" in page
    assert "running part" not in page
    assert "the exercise level stays where it is (R28)" in page


def test_red_pain_on_an_exercise_day_says_to_stop_the_exercises() -> None:
    profile = runner_with_plan_started(0)
    green_checkin(profile, today(), pain_during=6)
    page = client_for(profile).get("/today/").content.decode()
    assert "outcome--zone-red" in page
    assert "stop the exercises for today" in page
