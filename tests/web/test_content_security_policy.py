"""A strict Content-Security-Policy on every page, and templates that need nothing looser:
no inline script, no style element or attribute, no inline event handler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import kneewise.web

pytestmark = pytest.mark.django_db
WEB = Path(kneewise.web.__file__).parent
TEMPLATES = sorted(WEB.glob("**/templates/**/*.html"))


def directives(response: object) -> dict[str, str]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


@pytest.mark.parametrize("url", ["/", "/triage/", "/accounts/login/", "/accounts/signup/"])
def test_every_page_carries_the_strict_policy(client: Client, url: str) -> None:
    policy = directives(client.get(url))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in " ".join(policy.values())


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(WEB)))
def test_no_template_needs_inline_script_or_style(template: Path) -> None:
    html = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert "javascript:" not in html
