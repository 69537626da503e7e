"""Answers to what runners ask (issue #12 item 19): public, short, each with its sources."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from kneewise.web.learn.answers import ANSWERS
from kneewise.web.learn.rules import RULES
from kneewise.web.learn.sources import SOURCES

pytestmark = pytest.mark.django_db


def test_the_answers_page_is_public_and_answers_every_question_with_its_sources() -> None:
    response = Client().get("/answers/")
    page = response.content.decode()
    assert response.status_code == 200
    for answer in ANSWERS:
        assert f'id="{answer.anchor}"' in page
        assert escape(answer.question) in page
        assert all(escape(SOURCES[key]) in page for key in answer.sources)


def test_the_answers_cover_what_runners_ask() -> None:
    anchors = {answer.anchor for answer in ANSWERS}
    assert {"clicking", "what-else", "taping-insoles", "shoes", "timeline"} <= anchors
    assert {"coming-back", "damage"} <= anchors
    text = " ".join(p for answer in ANSWERS for p in answer.paragraphs)
    for condition in ("Bursitis", "Fat pad", "Patellar tendon", "Iliotibial band", "Arthritis"):
        assert condition in text
    assert "98 %" in text  # no arthritis on X-ray at 5–8 years (Lankhorst 2016, L31)


def test_every_answer_names_known_sources_and_links_only_existing_rules() -> None:
    for answer in ANSWERS:
        assert answer.sources
        assert all(key in SOURCES for key in answer.sources)
        assert all(code in RULES for code in answer.rules)


def test_the_answers_link_their_rules_and_the_rule_pages_link_back() -> None:
    page = Client().get("/answers/").content.decode()
    assert 'href="/rules/R36/" class="rule"' in page
    assert 'href="/answers/"' in Client().get("/rules/R36/").content.decode()
    assert 'href="/answers/"' in Client().get("/rules/").content.decode()
