"""Rule codes shown on pages link to their rule pages (issue #12 item 8)."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import Client

from tests.web.daily_helpers import client_for, runner_with_plan_started

pytestmark = pytest.mark.django_db
RULE_HREF = re.compile(r'href="(/rules/[^"]+/)" class="rule"')


def chip(code: str) -> str:
    return Template("{% load kw_rules %}{% rule_link code %}").render(Context({"code": code}))


def test_a_rule_code_becomes_a_link_to_its_page() -> None:
    assert chip("R12") == (
        '<a href="/rules/R12/" class="rule"><span class="visually-hidden">Rule </span>R12</a>'
    )


def test_a_code_without_a_page_stays_plain_text() -> None:
    assert chip("§11b.5") == (
        '<span class="rule"><span class="visually-hidden">Rule </span>§11b.5</span>'
    )


def test_the_rule_links_in_a_today_decision_open_existing_rule_pages() -> None:
    page = client_for(runner_with_plan_started(days_ago=0)).get("/today/").content.decode()
    decision = page[page.index('id="decision-title"') :]
    links = RULE_HREF.findall(decision[: decision.index("</section>")])
    assert "/rules/R22/" in links
    for link in links:
        assert Client().get(link).status_code == 200


def test_today_links_to_the_answers_and_the_rules() -> None:
    page = client_for(runner_with_plan_started(days_ago=0)).get("/today/").content.decode()
    assert page.count('href="/answers/"') == 1
    assert 'href="/rules/"' in page


def test_triage_reasons_link_their_rules() -> None:
    answers = {
        "age": "34",
        "onset": "gradual",
        "pain_location": "front",
        "aggravating": ["stairs", "squatting"],
        "squat_painful": "on",
        "unable_to_bear_weight": "on",
    }
    page = Client().post("/triage/", answers).content.decode()
    assert 'href="/rules/R1/"' in page
