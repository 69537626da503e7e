"""The triage page: questions from the core, red flags first, errors kept next to their field."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from kneewise.core.triage_questions import (
    AGGRAVATOR_LABELS,
    ONSET_LABELS,
    PAIN_LOCATION_LABELS,
    QUESTION_BY_KEY,
    YES_NO_QUESTIONS,
)
from kneewise.web.assess.forms import AGE_ERROR, TriageForm
from tests.web.assess_helpers import (
    between_label_and_input,
    fieldset_of,
    main_of,
    text,
    typical_runners_knee,
)

URL = "/triage/"

# R1 findings that each on their own need a clinician today (clinical-evidence.md R1).
URGENT_ALONE = (
    "unable_to_bear_weight",
    "visible_deformity",
    "locked_knee",
    "kneecap_dislocated",
    "cannot_straighten_leg",
    "calf_pain_swelling",
    "foot_numb_cold",
    "swelling_within_2h_of_twist",
)


def post(client: Client, data: dict[str, object]) -> str:
    response = client.post(URL, data)
    assert response.status_code == 200
    return text(response)


def test_triage_page_asks_every_question_in_the_cores_words(client: Client) -> None:
    page = text(client.get(URL))
    for question in YES_NO_QUESTIONS:
        assert html.escape(question.text) in page, question.key
        assert f'name="{question.key}"' in page
    for labels in (ONSET_LABELS, PAIN_LOCATION_LABELS, AGGRAVATOR_LABELS):
        for member, label in labels.items():
            assert html.escape(label) in page
            assert f'value="{member.value}"' in page
    assert 'name="age"' in page
    assert 'name="symptom_weeks"' in page


def test_warning_signs_come_first_then_injury_health_under_16s_and_pattern(client: Client) -> None:
    page = text(client.get(URL))
    headings = [
        "Warning signs",
        "If it started with an injury",
        "Your health",
        "For under-16s",
        "Your pain",
    ]
    positions = [page.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    first_urgent = next(q for q in YES_NO_QUESTIONS if q.group == "urgent")
    assert page.index(f'name="{first_urgent.key}"') < page.index('name="age"')


def test_every_form_field_is_shown_in_exactly_one_section() -> None:
    form = TriageForm()
    shown = [field.name for section in form.sections() for field in section.fields]
    assert sorted(shown) == sorted(form.fields)


def test_triage_form_needs_no_javascript_and_posts_with_a_csrf_token(client: Client) -> None:
    page = text(client.get(URL))
    # The only script on the page offers the app for the home screen (sw-register.js).
    assert page.count("<script") == 1
    assert '<script src="/static/kneewise/sw-register.js" defer></script>' in page
    assert "<script" not in main_of(page)
    assert '<form method="post" action="/triage/"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_typical_answers_show_the_likely_runners_knee_result_with_r4(client: Client) -> None:
    main = main_of(post(client, typical_runners_knee()))
    assert "Your answers fit runner&#x27;s knee" in main
    assert "Rule </span>R4<" in main
    assert "emergency department" not in main


@pytest.mark.parametrize("flag", URGENT_ALONE)
def test_urgent_warning_sign_shows_emergency_department_today_first(
    client: Client, flag: str
) -> None:
    main = main_of(post(client, typical_runners_knee(**{flag: "on"})))
    assert "<h1>Please get your knee checked today</h1>" in main
    where = main.index("emergency department")
    assert where < main.index("What to do next")
    assert where < main.index("Rule </span>R1<")
    assert "<strong>today</strong>" in main[: where + 200]


def test_locked_knee_answer_shows_emergency_department_today(client: Client) -> None:
    main = main_of(post(client, typical_runners_knee(locked_knee="on")))
    assert "Where to go:</strong> an emergency department" in main
    assert "A knee that is locked and will not straighten needs checking today." in main


def test_hot_knee_with_fever_is_urgent_but_a_hot_knee_alone_is_see_a_clinician_soon(
    client: Client,
) -> None:
    urgent = main_of(post(client, typical_runners_knee(hot_red_knee="on", fever_or_unwell="on")))
    soon = main_of(post(client, typical_runners_knee(hot_red_knee="on")))
    assert "emergency department" in urgent
    assert "emergency department" not in soon
    assert "physiotherapist or GP" in soon


def test_night_pain_shows_the_see_a_physiotherapist_or_gp_advice(client: Client) -> None:
    main = main_of(post(client, typical_runners_knee(night_or_rest_pain="on")))
    assert "<h1>Please see a physiotherapist or GP soon</h1>" in main
    assert "Where to go:</strong> a physiotherapist or GP" in main
    assert "within the next week or so" in main
    assert "Rule </span>R3<" in main
    assert "emergency department" not in main


def test_injury_at_55_or_older_asks_for_a_check_today_under_r2(client: Client) -> None:
    main = main_of(post(client, typical_runners_knee(age="60", onset="after_trauma")))
    assert "<h1>Please get your knee checked today</h1>" in main
    assert "Rule </span>R2<" in main


def test_pain_in_an_unusual_place_is_unclear_and_says_why(client: Client) -> None:
    main = main_of(post(client, typical_runners_knee(pain_location="back")))
    assert "<h1>A physiotherapist or GP should take a look</h1>" in main
    assert "the pain is not around or behind the kneecap" in main


def test_symptoms_for_over_a_year_add_the_r33_note(client: Client) -> None:
    main = main_of(post(client, typical_runners_knee(symptom_weeks="60")))
    assert "Rule </span>R33<" in main
    assert "about 60 weeks" in main


def test_result_is_rendered_from_the_post_without_a_redirect_or_answers_in_a_url(
    client: Client,
) -> None:
    response = client.post(URL, typical_runners_knee())
    page = text(response)
    assert response.status_code == 200
    assert "Location" not in response
    assert "?" not in "".join(part.split('"')[0] for part in page.split('action="')[1:]), (
        "a form action carries a query string"
    )
    assert "no-store" in response["Cache-Control"]


def test_missing_age_shows_the_error_next_to_the_age_field_and_keeps_other_answers(
    client: Client,
) -> None:
    page = post(client, typical_runners_knee(age=None, symptom_weeks="6", giving_way="on"))
    assert html.escape(AGE_ERROR) in between_label_and_input(page, "id_age")
    assert 'aria-describedby="id_age-hint id_age-error"' in page
    assert 'href="#id_age"' in page  # the summary at the top links to the field
    assert 'value="gradual" checked' in page
    assert 'value="front" checked' in page
    assert 'value="stairs" checked' in page
    assert 'value="squatting" checked' in page
    assert 'value="prolonged_sitting" checked' in page
    assert 'value="kneeling" checked' not in page
    assert 'id="id_giving_way" value="on" checked' in page
    assert 'id="id_symptom_weeks" value="6"' in page
    assert "Your answers fit" not in page


@pytest.mark.parametrize("age", ["130", "121", "-1", "thirty", "30.5", "1e3"])
def test_age_outside_0_to_120_or_not_a_whole_number_is_rejected(client: Client, age: str) -> None:
    page = post(client, typical_runners_knee(age=age))
    assert html.escape(AGE_ERROR) in between_label_and_input(page, "id_age")
    assert f'id="id_age" value="{html.escape(age)}"' in page
    assert "Your answers fit" not in page


def test_age_120_is_accepted(client: Client) -> None:
    main = main_of(post(client, typical_runners_knee(age="120")))
    assert "<h1>" in main
    assert "error-summary" not in main


def test_negative_weeks_are_rejected_next_to_the_weeks_field(client: Client) -> None:
    page = post(client, typical_runners_knee(symptom_weeks="-2"))
    assert "a number of weeks, 0 or more" in between_label_and_input(page, "id_symptom_weeks")


def test_missing_pain_location_is_shown_inside_its_question(client: Client) -> None:
    page = post(client, typical_runners_knee(pain_location=None))
    assert "Please choose where the pain is." in fieldset_of(page, "id_pain_location")
    assert "Please choose where the pain is." not in fieldset_of(page, "id_onset")


def test_unknown_option_is_rejected_not_evaluated(client: Client) -> None:
    page = post(client, typical_runners_knee(onset="sideways"))
    assert "Please choose one of the options." in fieldset_of(page, "id_onset")


def test_urgent_sign_is_shown_even_while_other_answers_are_missing(client: Client) -> None:
    main = main_of(post(client, {"calf_pain_swelling": "on"}))
    assert "emergency department" in main
    assert main.index("emergency department") < main.index("Please check your answers")
    assert "rule out a blood clot" in main


def test_hot_knee_alone_is_not_called_urgent_while_answers_are_missing(client: Client) -> None:
    main = main_of(post(client, {"hot_red_knee": "on"}))
    assert "Please check your answers" in main
    assert "emergency department" not in main


def test_entered_text_is_shown_escaped_never_as_markup(client: Client) -> None:
    page = post(client, typical_runners_knee(age='"><script>alert(1)</script>'))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_change_my_answers_reopens_the_form_filled_in(client: Client) -> None:
    result = post(client, typical_runners_knee(symptom_weeks="8"))
    assert '<input type="hidden" name="aggravating" value="stairs">' in result
    page = post(client, {**typical_runners_knee(symptom_weeks="8"), "edit": "1"})
    assert "<h1>Check my knee</h1>" in page
    assert 'value="stairs" checked' in page
    assert 'id="id_age" value="28"' in page
    assert "Please check your answers" not in page


def test_triage_form_without_csrf_token_is_refused() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, typical_runners_knee())
    assert response.status_code == 403
    assert "Please try again" in text(response)


def test_triage_form_with_its_csrf_token_is_accepted() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    token = client.cookies["csrftoken"].value
    response = client.post(URL, {**typical_runners_knee(), "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "Your answers fit runner&#x27;s knee" in text(response)


def test_the_form_asks_about_a_weakened_immune_system_under_your_health(client: Client) -> None:
    page = text(client.get(URL))
    question = QUESTION_BY_KEY["immunocompromised"]
    assert "weakened immune system" in question.text
    assert f'<label for="id_immunocompromised">{html.escape(question.text)}</label>' in page
    assert html.escape(question.hint) in page
    # With the other "is something more serious going on" questions, not the emergency block.
    where = page.index('name="immunocompromised"')
    assert page.index(">Your health</h2>") < where < page.index(">For under-16s</h2>")


def test_immunocompromised_with_swelling_posts_to_an_urgent_result(client: Client) -> None:
    main = main_of(post(client, typical_runners_knee(immunocompromised="on", swelling="on")))
    assert "<h1>Please get your knee checked today</h1>" in main
    assert "Rule </span>R1<" in main
    assert "immune system is weakened" in main


def test_immunocompromised_alone_posts_to_the_usual_result(client: Client) -> None:
    main = main_of(post(client, typical_runners_knee(immunocompromised="on")))
    assert "Your answers fit runner&#x27;s knee" in main


def test_immunocompromised_with_swelling_is_shown_urgent_while_answers_are_missing(
    client: Client,
) -> None:
    main = main_of(post(client, {"immunocompromised": "on", "swelling": "on"}))
    assert main.index("emergency department") < main.index("Please check your answers")
