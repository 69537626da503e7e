"""Limits on the public account forms that send mail or reveal a taken username, counted
atomically in the shared cache like the login throttle (`attempts`).

Password-reset mail: at most 3 an hour to one email address and 10 requests an hour from one
client address, whether or not the email belongs to an account; the page answers the same
either way, so neither the limit nor the answer tells who has an account.
Sign-up: usernames must be unique and the person chooses theirs, so the page has to say when
one is taken (as Django's own form does); at most 10 such answers an hour go to one client
address, after which signing up from it pauses until the hour ends, so the page cannot be used
to list the usernames in bulk. A taken email address is never told (see SignUpForm).
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


def sign_up_attempt(request: HttpRequest) -> attempts.Claimed:
    """Claim a sign-up attempt for the client's address; release() its slot unless the answer
    was "this username is taken"."""
    address = client_address(request) or "unknown"
    subject = attempts.subject_key("signup", "ip", address)
    return attempts.claim(subject, window_seconds=WINDOW_SECONDS, free=TAKEN_NAMES_PER_ADDRESS)


WRONG_LINK_CODES_PER_USER = 10


def link_code_attempt(user_id: int) -> attempts.Claimed:
    """Claim a try at a clinician's link code for this runner; release() its slot when the code
    was right, so only wrong codes count (10 an hour: codes cannot be guessed in bulk)."""
    subject = attempts.subject_key("link-code", "user", str(user_id))
    return attempts.claim(subject, window_seconds=WINDOW_SECONDS, free=WRONG_LINK_CODES_PER_USER)
