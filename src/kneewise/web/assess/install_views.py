"""Installable on a phone (issue #12 item 15): the web app manifest, a service worker that
only shows an offline page when the network is gone (it never keeps a runner's pages), and
that offline page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

THEME = "#1e4d3a"


@require_safe
@cache_control(max_age=86400, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static("kneewise/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("kneewise/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("kneewise/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static("kneewise/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    body = {
        "name": "Kneewise",
        "short_name": "Kneewise",
        "description": "Back to running with runner's knee, one day at a time.",
        "start_url": "/today/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": icons,
    }
    response = JsonResponse(body, json_dumps_params={"indent": 1})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_safe
@cache_control(max_age=0, no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the site root so that it may answer for every page (its scope is /)."""
    context = {"stylesheet": static("kneewise/kneewise.css")}
    return render(request, "assess/sw.js", context, content_type="text/javascript")


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "assess/offline.html")
