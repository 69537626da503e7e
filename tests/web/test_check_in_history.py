"""Check-in history, month by month (issue #12 item 17): each day in its zone, in words as
well as colour; a day opens its check-in; only the runner's own."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.daily_helpers import client_for, green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db


def cell(page: str, day: str) -> str:
    return page.split(f"?day={day}", 1)[1].split("</td>", 1)[0]


def test_each_day_shows_its_zone_in_words_and_opens_its_check_in() -> None:
    profile = runner_with_plan_started(20)
    days = {n: today() - timedelta(days=n) for n in (1, 2, 3)}
    green_checkin(profile, days[1])
    green_checkin(profile, days[2], pain_during=4)
    green_checkin(profile, days[3], pain_during=1, limp=True)
    client = client_for(profile)
    pages = [client.get("/check-ins/").content.decode()]
    pages.append(client.get(f"/check-ins/?month={days[3]:%Y-%m}").content.decode())
    page = next(p for p in pages if f"?day={days[3].isoformat()}" in p)
    for n, zone in ((3, "red"), (2, "amber"), (1, "green")):
        if f"?day={days[n].isoformat()}" in page:
            assert f": {zone}" in cell(page, days[n].isoformat()), n


def test_a_day_without_a_check_in_is_not_green() -> None:
    profile = runner_with_plan_started(5)
    day = today() - timedelta(days=1)
    page = client_for(profile).get(f"/check-ins/?month={day:%Y-%m}").content.decode()
    assert ": no check-in" in cell(page, day.isoformat())


def test_only_the_runners_own_check_ins_are_shown() -> None:
    ana = runner_with_plan_started(5)
    ben = runner_with_plan_started(5, username="ben")
    day = today() - timedelta(days=1)
    green_checkin(ana, day, pain_during=6)
    page = client_for(ben).get(f"/check-ins/?month={day:%Y-%m}").content.decode()
    assert ": red" not in page


def test_a_nonsense_month_shows_this_month() -> None:
    profile = runner_with_plan_started(5)
    response = client_for(profile).get("/check-ins/?month=2026-13")
    assert response.status_code == 200
    assert f"{today():%B %Y}" in response.content.decode()


def test_the_check_in_page_links_to_the_history() -> None:
    profile = runner_with_plan_started(5)
    green_checkin(profile, today() - timedelta(days=1))
    assert 'href="/check-ins/"' in client_for(profile).get("/check-in/").content.decode()
