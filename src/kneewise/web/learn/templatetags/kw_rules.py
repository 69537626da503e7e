"""Rule codes as links to their pages: `{% rule_link code %}` (issue #12 item 8)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kneewise.web.learn.rules import RULES

register = template.Library()
LINK = '<a href="{}" class="rule"><span class="visually-hidden">Rule </span>{}</a>'
PLAIN = '<span class="rule"><span class="visually-hidden">Rule </span>{}</span>'


@register.simple_tag
def rule_link(code: object) -> SafeString:
    """A rule chip: a link to the rule's page when it has one (R1–R36, CLIN), else plain text;
    screen readers hear "Rule R12"."""
    text = str(code)
    if text in RULES:
        return format_html(LINK, reverse("learn:rule", args=[text]), text)
    return format_html(PLAIN, text)
