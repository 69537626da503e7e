"""Limits on the public account forms that send mail or reveal a taken username, counted
atomically in the shared cache like the login throttle (`attempts`).

Password-reset mail: at most 3 an hour to one email address and 10 requests an hour from one
client address, whether or not the email belongs to an account; the page answers the same
either way, so neither the limit nor the answer tells who has an account.
Sign-up: at most 10 "this username is taken" answers an hour to one client address, so the
sign-up page cannot be used to list the usernames in bulk.
"""

from __future__ import annotations

from django.http import HttpRequest

from kneewise.web.accounts import attempts
from kneewise.web.accounts.throttle import client_address

WINDOW_SECONDS = 60 * 60
RESET_MAILS_PER_EMAIL = 3
RESET_REQUESTS_PER_ADDRESS = 10
TAKEN_NAMES_PER_ADDRESS = 10


def _within(purpose: str, kind: str, value: str, limit: int) -> bool:
    subject = attempts.subject_key(purpose, kind, value)
    claimed = attempts.claim(subject, window_seconds=WINDOW_SECONDS, free=limit)
    return claimed.slot is not None


def reset_mail_allowed(request: HttpRequest, email: str) -> bool:
    """Whether a reset mail may go to `email` now; counts the request either way."""
    address = client_address(request) or "unknown"
    return _within("reset", "ip", address, RESET_REQUESTS_PER_ADDRESS) and _within(
        "reset", "email", email.strip().casefold(), RESET_MAILS_PER_EMAIL
    )


def taken_name_answer_allowed(request: HttpRequest) -> bool:
    """Whether this address may be told once more that a username is taken."""
    address = client_address(request) or "unknown"
    return _within("signup", "ip", address, TAKEN_NAMES_PER_ADDRESS)
