"""Shared builders and HTML checks for the assessment page tests."""

from __future__ import annotations

import html
import re

from django.http import HttpResponse

from kneewise import NOT_MEDICAL_ADVICE
from kneewise.core.akps import AKPS_ITEMS

# Django escapes the apostrophe in "runner's knee" exactly as html.escape does.
NOTICE_HTML = html.escape(NOT_MEDICAL_ADVICE)

URL_ATTRIBUTE = re.compile(r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']([^"']*)["']""")
OTHER_HOST = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def typical_runners_knee(**changes: object) -> dict[str, object]:
    """Form data of a runner whose answers fit the R4 pattern with no flag at all."""
    data: dict[str, object] = {
        "age": "28",
        "onset": "gradual",
        "pain_location": "front",
        "aggravating": ["stairs", "squatting", "prolonged_sitting"],
        "squat_painful": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def akps_answers(choice_for_item: list[int], **extra: str) -> dict[str, str]:
    data = {f"item_{n}": str(choice) for n, choice in enumerate(choice_for_item, start=1)}
    data.update(extra)
    return data


ALL_BEST = [0] * len(AKPS_ITEMS)
ALL_WORST = [len(item.options) - 1 for item in AKPS_ITEMS]


def text(response: HttpResponse) -> str:
    return response.content.decode()


def main_of(page: str) -> str:
    """The <main> element only, so header and footer text cannot satisfy an assertion."""
    start, end = page.index("<main"), page.index("</main>")
    return page[start:end]


def urls_to_other_hosts(page: str) -> list[str]:
    return [url for url in URL_ATTRIBUTE.findall(page) if OTHER_HOST.match(url)]


def between_label_and_input(page: str, field_id: str) -> str:
    """What a text field shows between its label and its input box (hint, error)."""
    start = page.index(f'for="{field_id}"')
    return page[start : page.index(f'id="{field_id}"', start)]


def fieldset_of(page: str, field_id: str) -> str:
    """The markup of one radio/checkbox group, from its <fieldset> to its </fieldset>."""
    start = page.index(f'id="{field_id}"')
    start = page.rindex("<fieldset", 0, start)
    return page[start : page.index("</fieldset>", start)]
