"""Installable on a phone (issue #12 item 15): a manifest with real icons, a service worker at
the root that keeps no runner's page, and a kind offline page."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from django.test import Client

import kneewise.web.assess

pytestmark = pytest.mark.django_db
ICONS = Path(kneewise.web.assess.__file__).parent / "static/kneewise/icons"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_manifest_names_the_app_and_its_icons() -> None:
    response = Client().get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert (body["name"], body["start_url"], body["display"]) == (
        "Kneewise",
        "/today/",
        "standalone",
    )
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in body["icons"])


@pytest.mark.parametrize(("name", "size"), [("icon-192.png", 192), ("icon-512.png", 512),
                                            ("icon-maskable-512.png", 512)])  # fmt: skip
def test_each_icon_is_a_png_of_its_size(name: str, size: int) -> None:
    assert png_size(ICONS / name) == (size, size)


def test_every_page_links_the_icon_and_the_manifest_and_no_empty_favicon() -> None:
    page = Client().get("/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert "icons/icon.svg" in page
    assert 'href="data:,"' not in page


def test_the_service_worker_is_javascript_at_the_root_and_caches_only_the_offline_page() -> None:
    response = Client().get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    assert 'const OFFLINE = "/offline/"' in script
    assert "cache.addAll([OFFLINE, " in script
    assert "cache.put" not in script  # a runner's pages are never kept on the phone


def test_the_offline_page_is_kind_and_says_what_to_do_on_a_run() -> None:
    page = Client().get("/offline/").content.decode()
    assert "No connection right now" in page
    assert "(R7)" in page
