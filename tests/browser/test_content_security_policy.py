"""The Content-Security-Policy breaks nothing: as the demo runner, every main page (charts,
forms, the upload page's script) loads in Chromium without a single CSP violation."""

from __future__ import annotations

import pytest

from kneewise.web.activities.models import Activity
from kneewise.web.runners.demo import create_demo_runner, demo_today

pytestmark = pytest.mark.django_db(transaction=True)
PAGES = [
    "/",
    "/triage/",
    "/akps/",
    "/today/",
    "/check-in/",
    "/plan/",
    "/knee-score/",
    "/activities/",
    "/activities/upload/",
    "/progress/",
    "/api/account/",
    "/accounts/profile/",
    "/accounts/password/",
    "/accounts/delete/",
]
# Reported by the page itself as well as on the console, in case a message is worded anew.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_no_main_page_logs_a_csp_violation(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    user, password = create_demo_runner(demo_today())
    activity = Activity.objects.filter(owner=user).order_by("-start_time").first()
    assert activity is not None
    console: list[str] = []
    phone.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    phone.add_init_script(WATCH_VIOLATIONS)

    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill('input[name="username"]', user.get_username())
    phone.fill('input[name="password"]', password)
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(lambda url: "/accounts/login/" not in url)
    violations: dict[str, list[str]] = {}
    for path in [*PAGES, f"/activities/{activity.pk}/"]:
        response = phone.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title() for k in response.headers}, path
        phone.wait_for_load_state("load")
        seen = phone.evaluate("window.__cspViolations")
        if seen:
            violations[path] = seen
    csp_console = [line for line in console if "Content Security Policy" in line]
    assert violations == {}
    assert csp_console == []
