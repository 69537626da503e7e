"""In a phone-sized browser: a rule page, the answers and Today's rule links fit 390 px and
lead where they say (issue #12 items 8, 19)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.web.daily_helpers import client_for, runner_with_plan_started
from tests.web.learn.learn_helpers import recorded_runs

pytestmark = pytest.mark.django_db(transaction=True)
SCROLL_WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"


def test_a_rule_page_fits_a_phone_and_names_its_source(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server.url}/rules/R22/")
    assert phone.evaluate(SCROLL_WIDTH) <= 390
    main = phone.locator("main").inner_text()
    assert "Ready to start again" in main
    assert "Sydney Physio Clinic" in main
    screenshot(phone, "i12-learn-rule-R22")


def test_the_answers_page_fits_a_phone_with_its_sources_open(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server.url}/answers/")
    for summary in phone.locator("details.sources summary").all():
        summary.click()
    assert phone.evaluate(SCROLL_WIDTH) <= 390
    assert "98 %" in phone.locator("main").inner_text()
    screenshot(phone, "i12-learn-answers")


def test_a_rule_chip_on_today_opens_its_rule_page(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    runner = runner_with_plan_started(days_ago=0)
    recorded_runs(runner, 52.0, list(range(3, 13)))  # 520 km: the R36 shoe reminder shows
    session = client_for(runner).cookies["sessionid"].value
    phone.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    phone.goto(f"{live_server.url}/today/")
    assert phone.evaluate(SCROLL_WIDTH) <= 390
    assert "Many runners replace them" in phone.locator("main").inner_text()
    screenshot(phone, "i12-learn-today")
    phone.locator("a.rule", has_text="R22").first.click()
    assert phone.url.endswith("/rules/R22/")
    assert "Ready to start again" in phone.locator("h1").inner_text()
