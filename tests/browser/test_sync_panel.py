"""Sync on "Your data" at phone width (issue #13): the sync id, the drop folder and the HTTP
address fit a 390 px screen, and "Replace sync id" gives a new one."""

from __future__ import annotations

import pytest
from django.test import override_settings

from kneewise.web.sync.ids import sync_id_of
from kneewise.web.sync.importing import import_bytes
from tests.browser.conftest import screenshot
from tests.web.sync.sync_helpers import GADGETBRIDGE_GPX, run_bytes, sync_runner

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sync_panel_fits_a_phone_and_replaces_the_id(  # type: ignore[no-untyped-def]
    live_server, phone, tmp_path, settings
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    with override_settings(KNEEWISE_SYNC_DIR=str(tmp_path / "srv" / "kneewise" / "sync")):
        ana = sync_runner()
        import_bytes(ana, GADGETBRIDGE_GPX, run_bytes(), "folder")
        import_bytes(ana, "2026-03-05-07-15-00.fit", b"not a FIT file", "http")
        old = sync_id_of(ana).value
        phone.goto(f"{live_server.url}/accounts/login/")
        phone.fill('input[name="username"]', "ana")
        phone.fill('input[name="password"]', "a long passphrase 1")
        phone.locator("main button[type=submit]").click()
        phone.wait_for_url(lambda url: "/accounts/login/" not in url)
        phone.goto(f"{live_server.url}/api/account/")
        heading = phone.get_by_role("heading", name="Runs that arrive by themselves")
        heading.scroll_into_view_if_needed()
        assert phone.get_by_label("Your sync id").input_value() == old
        overflow = phone.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - window.innerWidth"
        )
        assert overflow <= 0
        screenshot(phone, "i12-sync-your-data")
        phone.get_by_role("button", name="Replace sync id").click()
        phone.get_by_text("Your sync id was replaced").first.wait_for()
        assert phone.get_by_label("Your sync id").input_value() == sync_id_of(ana).value != old
        screenshot(phone, "i12-sync-replaced")
