"""Every page through axe-core (WCAG 2 A and AA rules, colour contrast included) in Chromium,
in the light and the dark scheme: no serious or critical violation (issue #12 acceptance,
item 18). axe-core comes from the npm registry: `.ci/run` puts it in
.cache/axe/ (outside CI the test skips when it is not there)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from tests.web.clinic.clinic_helpers import clinician, runner_sharing_with
from tests.web.daily_helpers import green_checkin, today

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(
    os.environ.get("KNEEWISE_AXE_JS", Path(__file__).parents[2] / ".cache/axe/package/axe.min.js")
)
PASSWORD = "a long password"
PUBLIC_PAGES = ("/", "/triage/", "/akps/", "/accounts/login/", "/accounts/signup/", "/offline/",
                "/rules/", "/rules/R12/", "/answers/", "/no-such-page/")  # fmt: skip
RUNNER_PAGES = ("/today/", "/check-in/", "/check-ins/", "/plan/", "/progress/", "/activities/",
                "/activities/upload/", "/api/account/", "/accounts/profile/", "/sharing/",
                "/start/your-running/", "/knee-score/", "/accounts/password/")  # fmt: skip
SCHEMES = ("light", "dark")
SERIOUS = ("serious", "critical")


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core not found at {AXE}; .ci/run fetches it from the npm registry")
        pytest.skip(f"axe-core not found at {AXE} (npm pack axe-core; see .ci/run)")
    return AXE.read_text(encoding="utf-8")


def violations(page, source: str) -> list[str]:  # type: ignore[no-untyped-def]
    """axe's serious and critical findings, and any sideways scroll (issue #12 acceptance)."""
    width = page.viewport_size["width"]
    wide = page.evaluate("document.documentElement.scrollWidth")
    sideways = [f"scrolls sideways: {wide} px wide at {width} px"] if wide > width else []
    page.add_script_tag(content=source)
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    found = [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in SERIOUS]
    return sideways + found


def log_in(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="username"]', name)
    page.fill('input[name="password"]', PASSWORD)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_passes_axe_and_fits_the_screen(  # type: ignore[no-untyped-def]
    live_server, browser, axe_source: str, scheme: str
) -> None:
    physio = clinician()
    physio.set_password(PASSWORD)
    physio.save()
    profile, _ = runner_sharing_with(physio, days_ago=12)
    profile.user.set_password(PASSWORD)
    profile.user.save()
    for back in range(12, -1, -1):
        green_checkin(profile, today() - timedelta(days=back), pain_during=4 if back == 3 else 1)
    problems: dict[str, list[str]] = {}
    base = live_server.url
    # axe is injected as a script tag, which our policy refuses: the check bypasses CSP (the
    # policy has its own test, tests/browser/test_content_security_policy.py).
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, bypass_csp=True, color_scheme=scheme
    )
    page = context.new_page()
    for path in PUBLIC_PAGES:
        page.goto(base + path)
        problems[path] = violations(page, axe_source)
    log_in(page, base, "ana")
    for path in RUNNER_PAGES:
        page.goto(base + path)
        problems[path] = violations(page, axe_source)
    context.close()
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, bypass_csp=True, color_scheme=scheme
    )
    page = context.new_page()
    log_in(page, base, "dr_lee")
    for path in ("/clinic/", f"/clinic/runners/{profile.pk}/"):
        page.goto(base + path)
        problems[path] = violations(page, axe_source)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}
