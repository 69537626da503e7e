"""The Kujala knee score page (R30) and the meaningful-change explanation (R31)."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from kneewise.core.akps import AKPS_ITEMS
from tests.web.assess_helpers import (
    ALL_BEST,
    ALL_WORST,
    akps_answers,
    between_label_and_input,
    fieldset_of,
    main_of,
    text,
)

URL = "/akps/"


def post(client: Client, data: dict[str, str]) -> str:
    response = client.post(URL, data)
    assert response.status_code == 200
    return main_of(text(response))


def test_akps_page_shows_all_13_questions_and_options_in_the_cores_words(client: Client) -> None:
    page = text(client.get(URL))
    assert len(AKPS_ITEMS) == 13
    for number, item in enumerate(AKPS_ITEMS, start=1):
        fieldset = fieldset_of(page, f"id_item_{number}")
        assert f"<legend>{number}. {html.escape(item.question)}</legend>" in fieldset
        for index, option in enumerate(item.options):
            assert f'value="{index}"' in fieldset
            assert html.escape(option.label) in fieldset


def test_akps_page_preselects_no_answer(client: Client) -> None:
    page = text(client.get(URL))
    assert 'type="radio"' in page
    assert "checked" not in page


def test_all_best_answers_score_100(client: Client) -> None:
    main = post(client, akps_answers(ALL_BEST))
    assert "Your knee score: 100&nbsp;/&nbsp;100" in main
    assert "version kujala1993" in main


def test_all_worst_answers_score_0(client: Client) -> None:
    main = post(client, akps_answers(ALL_WORST))
    assert "Your knee score: 0&nbsp;/&nbsp;100" in main


def test_result_lists_the_points_of_every_item(client: Client) -> None:
    choices = [1] * len(AKPS_ITEMS)  # the second-best option everywhere
    main = post(client, akps_answers(choices))
    for number, item in enumerate(AKPS_ITEMS, start=1):
        row = f"{number}. {html.escape(item.topic)}</th><td>{html.escape(item.options[1].label)}"
        assert row in main
        assert f"{item.options[1].points}&nbsp;of&nbsp;{item.max_points}" in main
    total = sum(item.options[1].points for item in AKPS_ITEMS)
    assert f"Your knee score: {total}&nbsp;/&nbsp;100" in main


def test_result_explains_that_10_points_or_more_is_a_meaningful_change(client: Client) -> None:
    main = post(client, akps_answers(ALL_BEST))
    assert "<strong>10 points or more</strong>" in main
    assert "R31" in main


def test_missing_item_shows_an_error_inside_that_item_and_keeps_the_other_answers(
    client: Client,
) -> None:
    data = akps_answers(ALL_WORST)
    del data["item_5"]
    page = text(client.post(URL, data))
    assert "Please choose an answer about squatting." in fieldset_of(page, "id_item_5")
    assert "Please choose an answer about" not in fieldset_of(page, "id_item_4")
    assert 'href="#id_item_5"' in page
    assert f'id="id_item_1_{ALL_WORST[0]}" value="{ALL_WORST[0]}" checked' in page
    assert "Your knee score" not in page


def test_every_missing_item_gets_its_own_error(client: Client) -> None:
    page = text(client.post(URL, {}))
    for number, item in enumerate(AKPS_ITEMS, start=1):
        message = html.escape(f"Please choose an answer about {item.topic.lower()}.")
        assert message in fieldset_of(page, f"id_item_{number}")


def test_previous_score_10_points_lower_shows_a_meaningful_improvement(client: Client) -> None:
    main = post(client, akps_answers(ALL_BEST, previous_score="90"))
    assert "Compared with last time" in main
    assert "90 → 100 (+10): a meaningful improvement" in main


def test_small_change_from_previous_score_is_called_normal_ups_and_downs(client: Client) -> None:
    main = post(client, akps_answers(ALL_BEST, previous_score="95"))
    assert "within the normal ups and downs" in main


def test_no_previous_score_means_no_comparison(client: Client) -> None:
    main = post(client, akps_answers(ALL_BEST))
    assert "Compared with last time" not in main


@pytest.mark.parametrize("previous", ["101", "-5", "eighty"])
def test_previous_score_outside_0_to_100_is_rejected_next_to_its_field(
    client: Client, previous: str
) -> None:
    page = text(client.post(URL, akps_answers(ALL_BEST, previous_score=previous)))
    assert "from 0 to 100" in between_label_and_input(page, "id_previous_score")
    assert "Your knee score" not in page


def test_tampered_option_index_is_rejected(client: Client) -> None:
    data = akps_answers(ALL_BEST)
    data["item_1"] = "7"
    page = text(client.post(URL, data))
    assert "Please choose one of the options." in fieldset_of(page, "id_item_1")


def test_akps_form_without_csrf_token_is_refused() -> None:
    response = Client(enforce_csrf_checks=True).post(URL, akps_answers(ALL_BEST))
    assert response.status_code == 403
