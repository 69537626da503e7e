"""Reviews, prognosis and guards: R32 at 4 and 8 weeks, R33, the R34 myth guard, education."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kneewise.core.pain import DayReport
from kneewise.core.plan.reviews import myth_violations, no_progress_review, prognosis_note
from tests.core.plan.rule_scenarios import START, green_day, run, scenario


def weeks_of_worst_pain(first_week: int, last_week: int, days: int) -> list[DayReport]:
    return [
        DayReport(START + timedelta(days=d), morning_pain=first_week if d < 7 else last_week)
        for d in range(days)
    ]


def test_no_meaningful_change_at_four_weeks_suggests_a_physio_review() -> None:
    review = no_progress_review(weeks_of_worst_pain(5, 4, 28), START, START + timedelta(days=28))
    assert review is not None
    assert review.rule == "R32"
    assert "physiotherapist" in review.message
    assert "keep going" in review.message


def test_no_meaningful_change_at_eight_weeks_recommends_it_strongly() -> None:
    review = no_progress_review(weeks_of_worst_pain(5, 4, 56), START, START + timedelta(days=56))
    assert review is not None
    assert "strongly" in review.message


def test_worst_pain_down_two_points_needs_no_review() -> None:
    assert (
        no_progress_review(weeks_of_worst_pain(6, 4, 28), START, START + timedelta(days=28)) is None
    )


def test_an_akps_gain_of_10_needs_no_review() -> None:
    scores = [(START, 60), (START + timedelta(days=27), 70)]
    reports = weeks_of_worst_pain(5, 5, 28)
    assert no_progress_review(reports, START, START + timedelta(days=28), scores) is None


def test_a_knee_already_in_the_green_needs_no_review() -> None:
    assert (
        no_progress_review(weeks_of_worst_pain(2, 2, 28), START, START + timedelta(days=28)) is None
    )


def test_reviews_happen_only_at_four_and_eight_weeks() -> None:
    reports = weeks_of_worst_pain(5, 5, 40)
    assert no_progress_review(reports, START, START + timedelta(days=27)) is None
    assert no_progress_review(reports, START, START + timedelta(days=29)) is None


def test_the_plan_shows_the_review_on_day_28() -> None:
    sore = [green_day(d, morning_pain=4, pain_during=2, pain_after_60min=2) for d in range(29)]
    days = run(scenario(*sore, days=30, running_now=True))
    assert "R32" in days[28].decision.rules
    assert all("R32" not in p.decision.rules for p in days[:28])


def test_prognosis_note_for_long_symptoms_or_a_low_starting_score() -> None:
    assert prognosis_note(60) is not None
    assert prognosis_note(52) is None
    low = prognosis_note(10, baseline_akps=55)
    assert low is not None
    assert low.rule == "R33"
    assert prognosis_note(10, baseline_akps=60) is None


@pytest.mark.parametrize(
    "advice",
    [
        "Take complete rest until it settles.",
        "Wear a knee brace when you run.",
        "Stretch before you run to protect the knee.",
        "Switch to landing on your forefoot.",
        "Ice the knee three times a day to treat it.",
    ],
)
def test_the_myth_guard_catches_advice_we_never_give(advice: str) -> None:
    assert myth_violations(advice)


@pytest.mark.parametrize(
    "fine",
    [
        "Braces, ice and stretching are not core treatments.",
        "You rarely need to stop everything.",
        "Rest day",
    ],
)
def test_the_myth_guard_lets_honest_text_through(fine: str) -> None:
    assert myth_violations(fine) == []


def test_no_plan_message_recommends_a_myth() -> None:
    scripts = [
        scenario(days=56),
        scenario(days=56, running_now=True),
        scenario(
            green_day(0),
            green_day(3, pain_during=6, limp=True),
            green_day(4, swelling=True),
            green_day(5),
            days=30,
        ),
        scenario(days=10, triage={"age": 60, "locked_knee": True}),
    ]
    for document in scripts:
        for plan in run(document):
            texts = [plan.decision.message, *plan.notes, plan.cross_training or ""]
            assert not [t for t in texts if myth_violations(t)]


def test_a_worse_next_morning_shows_the_next_morning_message() -> None:
    days = run(scenario(green_day(0), green_day(2), green_day(3, morning_pain=3), days=5))
    assert 3 in [int(topic) for topic in days[3].education]


def test_day_one_explains_that_runners_knee_is_common_and_manageable() -> None:
    assert 1 in [int(topic) for topic in run(scenario(days=1))[0].education]
