"""Rule pages (issue #12 item 8): every rule the engine can name has a public page with its
source, and the pages render."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

import kneewise.core
from kneewise.web.learn.rules import RULES
from kneewise.web.learn.sources import SOURCES
from tests.core.plan.scenario_builders import (
    URGENT_TRIAGE,
    all_green_runner,
    returning_runner,
    runner_with_amber_on,
    runner_with_red_on,
    running_green_runner,
    scenario,
    simulate_json,
)

CORE = Path(kneewise.core.__file__).parent
RULE_LITERAL = re.compile(r"""["'](R\d{1,2}|CLIN)["']""")


def rule_ids_in_core() -> set[str]:
    """Every rule ID written as a string in the pure core (what a Reason can carry)."""
    found: set[str] = set()
    for path in CORE.rglob("*.py"):
        found.update(RULE_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def rules_named_in(value: Any) -> Iterator[str]:
    """The rule IDs anywhere in a simulated plan's JSON (decisions, reasons, flags)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "rule" and isinstance(item, str):
                yield item
            elif key == "rules" and isinstance(item, list):
                yield from (r for r in item if isinstance(r, str))
            else:
                yield from rules_named_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from rules_named_in(item)


def test_the_core_names_many_rules_and_each_has_a_page() -> None:
    in_core = rule_ids_in_core()
    assert {"R1", "R22", "R36", "CLIN"} <= in_core  # the grep itself works
    assert in_core - RULES.keys() == set()


def test_every_rule_from_r1_to_r36_and_clin_has_a_page() -> None:
    assert set(RULES) == {f"R{n}" for n in range(1, 37)} | {"CLIN"}


@pytest.mark.parametrize(
    "document",
    [
        all_green_runner(),
        running_green_runner(),
        returning_runner(),
        runner_with_amber_on(10),
        runner_with_red_on(12),
        runner_with_red_on(12, limp=True),
        scenario(triage=URGENT_TRIAGE, days=7),
    ],
)
def test_every_rule_a_simulated_plan_names_has_a_page(document: dict[str, Any]) -> None:
    named = set(rules_named_in(simulate_json(document)))
    assert named, "the scenario names no rule at all"
    assert {r for r in named if re.fullmatch(r"R\d+|CLIN", r)} - RULES.keys() == set()


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_every_rule_names_a_known_source_and_says_why(rule: Any) -> None:
    assert rule.sources
    assert all(key in SOURCES for key in rule.sources)
    assert len(rule.plain) > 40
    assert len(rule.why) > 40
    assert "!" not in rule.plain  # kind and calm, never alarming


@pytest.mark.django_db
def test_a_rule_page_is_public_and_shows_words_why_and_source() -> None:
    response = Client().get("/rules/R15/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No single run much longer than usual" in page
    assert "Why" in page
    assert "Garmin-RUNSAFE" in page
    assert 'href="/answers/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("rule_id", list(RULES))
def test_every_rule_page_renders_with_its_sources(rule_id: str) -> None:
    response = Client().get(f"/rules/{rule_id}/")
    assert response.status_code == 200
    for key in RULES[rule_id].sources:
        assert escape(SOURCES[key].split(".")[0]) in response.content.decode()


@pytest.mark.django_db
def test_the_index_lists_every_rule_and_links_to_its_page() -> None:
    page = Client().get("/rules/").content.decode()
    for rule_id in RULES:
        assert f'href="/rules/{rule_id}/"' in page


@pytest.mark.django_db
def test_an_unknown_rule_is_not_found() -> None:
    assert Client().get("/rules/R99/").status_code == 404
