"""Accounts: sign up, log in and out, throttling, password change and reset, settings, deletion."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from kneewise.web.accounts import attempts
from kneewise.web.activities.importer import stored_path
from kneewise.web.activities.models import Activity, ImportedFile, StoredFile
from kneewise.web.runners.models import AkpsRecord, CheckIn, RunnerProfile
from tests.web.assess_helpers import between_label_and_input, main_of, text

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
NEW_PASSWORD = "another long phrase 42"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def make_runner(username: str = "ana", **profile: object) -> AbstractBaseUser:
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    RunnerProfile.objects.create(user=user, **profile)
    return user


def logged_in(user: AbstractBaseUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def log_in(client: Client, username: str, password: str) -> object:
    return client.post("/accounts/login/", {"username": username, "password": password})


# Sign up


def test_signing_up_creates_a_profile_logs_in_and_starts_onboarding(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ana",
            "email": "ana@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/start/"
    user = get_user_model().objects.get(username="ana")
    assert user.email == "ana@example.org"
    assert RunnerProfile.objects.get(user=user).onboarding_step == "triage"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_shows_a_weak_password_error_next_to_the_password(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ana",
            "email": "ana@example.org",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert "entirely numeric" in between_label_and_input(text(response), "id_password2")
    assert not get_user_model().objects.exists()


def sign_up(client: Client, username: str, email: str) -> Any:
    return client.post(
        "/accounts/signup/",
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_with_a_taken_email_answers_as_any_sign_up_and_tells_its_owner(
    client: Client,
) -> None:
    make_runner("ana")
    fresh = sign_up(Client(), "cem", "cem@example.org")
    taken = sign_up(client, "bea", "ANA@example.org")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    bea = get_user_model().objects.get(username="bea")
    assert bea.email == ""  # never a second account behind the owner's address
    assert client.session["_auth_user_id"] == str(bea.pk)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "already have an account" in mail.outbox[0].body
    assert "/accounts/password-reset/" in mail.outbox[0].body


def test_a_taken_username_is_said_kindly_but_only_ten_times_an_hour_per_address() -> None:
    make_runner("ana")
    prober = Client(REMOTE_ADDR="10.4.4.4")
    for _ in range(10):
        page = text(sign_up(prober, "ana", "x@example.org"))
        assert "already exists" in between_label_and_input(page, "id_username")
    page = text(sign_up(prober, "ana", "x@example.org"))
    assert "already exists" not in page
    assert "signing up is paused for a while" in page
    assert "signing up is paused" in text(sign_up(prober, "free-name", "y@example.org"))
    assert not get_user_model().objects.filter(username="free-name").exists()
    assert sign_up(Client(REMOTE_ADDR="10.4.4.5"), "free-name", "y@example.org").status_code == 302


def test_other_sign_up_mistakes_do_not_count_towards_the_pause() -> None:
    prober = Client(REMOTE_ADDR="10.4.4.4")
    for _ in range(12):
        prober.post("/accounts/signup/", {"username": "bea", "email": "not an email"})
    assert sign_up(prober, "bea", "bea@example.org").status_code == 302


# Log in and out


def test_logging_in_continues_onboarding_until_it_is_finished(client: Client) -> None:
    make_runner("ana", onboarding_step="baseline")
    response = log_in(client, "ana", PASSWORD)
    assert response["Location"] == "/start/"


def test_logging_in_after_onboarding_goes_to_today(client: Client) -> None:
    make_runner("ana", onboarding_step="done")
    response = log_in(client, "ana", PASSWORD)
    assert response["Location"] == "/today/"


def test_logging_in_follows_a_safe_next_page(client: Client) -> None:
    make_runner("ana", onboarding_step="done")
    response = client.post(
        "/accounts/login/", {"username": "ana", "password": PASSWORD, "next": "/progress/"}
    )
    assert response["Location"] == "/progress/"


def test_logging_out_needs_a_post_and_ends_the_session() -> None:
    client = logged_in(make_runner())
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_says_so_kindly(client: Client) -> None:
    make_runner()
    response = log_in(client, "ana", "wrong")
    assert response.status_code == 200
    assert "That username and password do not match" in main_of(text(response))


# Throttling


def test_five_wrong_passwords_pause_logging_in_even_with_the_right_password(
    client: Client,
) -> None:
    make_runner()
    for _ in range(5):
        assert log_in(client, "ana", "wrong").status_code == 200
    response = log_in(client, "ana", PASSWORD)
    assert response.status_code == 200  # the form again, not a redirect
    page = main_of(text(response))
    assert "too many attempts" in page
    assert re.search(r"try again in (2 seconds|1 second)\.", page)  # the clock runs on
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_still_let_the_right_one_in(client: Client) -> None:
    make_runner()
    for _ in range(4):
        log_in(client, "ana", "wrong")
    assert log_in(client, "ana", PASSWORD).status_code == 302


def test_failures_for_one_username_pause_it_from_any_address() -> None:
    make_runner()
    for n in range(5):
        log_in(Client(REMOTE_ADDR=f"10.0.0.{n}"), "ana", "wrong")
    response = log_in(Client(REMOTE_ADDR="10.0.0.99"), "ANA", PASSWORD)
    assert "too many attempts" in text(response)


def test_failures_from_one_address_pause_every_username_from_it() -> None:
    make_runner("ana")
    make_runner("bea")
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(5):
        log_in(attacker, f"guess{n}", "wrong")
    assert "too many attempts" in text(log_in(attacker, "bea", PASSWORD))
    assert log_in(Client(REMOTE_ADDR="10.1.1.1"), "bea", PASSWORD).status_code == 302


def test_the_pause_ends_after_a_short_wait(client: Client) -> None:
    make_runner()
    start = 1_800_000_000.0
    with mock.patch.object(attempts, "now", return_value=start):
        for _ in range(5):
            log_in(client, "ana", "wrong")
        assert "try again in 2 seconds" in text(log_in(client, "ana", PASSWORD))
    with mock.patch.object(attempts, "now", return_value=start + 2):
        assert log_in(client, "ana", PASSWORD).status_code == 302


# Passwords


def test_password_change_needs_the_old_password_and_then_works() -> None:
    user = make_runner()
    client = logged_in(user)
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "incorrect" in between_label_and_input(text(wrong), "id_old_password")
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/accounts/password/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/accounts/password/done/").status_code == 200  # still logged in


def test_password_reset_emails_a_link_that_sets_a_new_password(client: Client) -> None:
    user = make_runner()
    response = client.post("/accounts/password-reset/", {"email": "ana@example.org"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == "Reset your Kneewise password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in text(form_page)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "no longer works" in text(client.get(link.group(1), follow=True))


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client: Client,
) -> None:
    make_runner()
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_password_reset_mails_are_limited_per_email_with_the_same_answer(client: Client) -> None:
    make_runner()
    for n in range(6):
        response = Client(REMOTE_ADDR=f"10.3.3.{n}").post(
            "/accounts/password-reset/", {"email": "ANA@example.org"}
        )
        assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 3


def test_password_reset_requests_are_limited_per_address(client: Client) -> None:
    for n in range(12):
        make_runner(f"runner{n}")
    answers = {
        client.post("/accounts/password-reset/", {"email": f"runner{n}@example.org"})["Location"]
        for n in range(12)
    }
    assert answers == {"/accounts/password-reset/sent/"}
    assert len(mail.outbox) == 10


def test_a_password_reset_lifts_the_login_pause(client: Client) -> None:
    make_runner()
    for _ in range(5):
        log_in(client, "ana", "wrong")
    client.post("/accounts/password-reset/", {"email": "ana@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    page = client.get(link.group(1), follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert log_in(Client(REMOTE_ADDR="10.2.2.2"), "ana", NEW_PASSWORD).status_code == 302


# Settings


def test_settings_are_saved() -> None:
    user = make_runner()
    response = logged_in(user).post(
        "/accounts/profile/",
        {"units": "mi", "time_zone": "america/new_york", "first_day_of_week": "6"},
    )
    assert response["Location"] == "/accounts/profile/"
    profile = RunnerProfile.objects.get(user=user)
    assert (profile.units, profile.time_zone, profile.first_day_of_week) == (
        "mi",
        "America/New_York",
        6,
    )


def test_the_route_outline_checkbox_is_on_by_default_and_in_plain_words() -> None:
    page = text(logged_in(make_runner()).get("/accounts/profile/"))
    box = page[page.index('<input type="checkbox" name="show_route_outline"') :]
    assert 'id="id_show_route_outline" value="on" checked' in box[: box.index(">")]
    assert (
        '<label for="id_show_route_outline">Show the outline of my route on activity pages</label>'
        in page
    )
    assert 'aria-describedby="id_show_route_outline-hint"' in page


@pytest.mark.parametrize(("sent", "saved"), [({}, False), ({"show_route_outline": "on"}, True)])
def test_the_route_outline_preference_saves_both_ways(sent: dict[str, str], saved: bool) -> None:
    user = make_runner(show_route_outline=not saved)
    form = {"units": "km", "time_zone": "UTC", "first_day_of_week": "0", **sent}
    response = logged_in(user).post("/accounts/profile/", form)
    assert response["Location"] == "/accounts/profile/"
    assert RunnerProfile.objects.get(user=user).show_route_outline is saved
    page = text(logged_in(user).get("/accounts/profile/"))
    tag = page[page.index('<input type="checkbox" name="show_route_outline"') :]
    assert (" checked" in tag[: tag.index(">")]) is saved


def test_the_route_outline_preference_does_not_change_the_plan() -> None:
    user = make_runner()
    revision = RunnerProfile.objects.get(user=user).plan_revision
    form = {"units": "km", "time_zone": "UTC", "first_day_of_week": "0"}
    logged_in(user).post("/accounts/profile/", form)
    assert RunnerProfile.objects.get(user=user).plan_revision == revision


def test_an_unknown_time_zone_is_shown_next_to_the_field_and_not_saved() -> None:
    user = make_runner()
    response = logged_in(user).post(
        "/accounts/profile/",
        {"units": "km", "time_zone": "Mars/Olympus_Mons", "first_day_of_week": "0"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Please enter a time zone by its name" in between_label_and_input(page, "id_time_zone")
    assert 'aria-invalid="true"' in page
    assert RunnerProfile.objects.get(user=user).time_zone == "UTC"


# Deleting an account


def stored_file(name: str, content: bytes) -> StoredFile:
    digest = hashlib.sha256(content).hexdigest()
    path = stored_path(digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return StoredFile.objects.create(sha256=digest, size=len(content), original_name=name)


def add_run(owner: AbstractBaseUser, file: StoredFile, hour: int) -> None:
    Activity.objects.create(
        owner=owner,
        file=file,
        source=file.original_name,
        format="gpx",
        sport="running",
        start_time=datetime(2026, 3, 1, hour, tzinfo=UTC),
    )
    ImportedFile.objects.get_or_create(
        owner=owner, file=file, defaults={"source": file.original_name, "outcome": "imported"}
    )


def test_deleting_an_account_needs_the_username_typed() -> None:
    user = make_runner()
    response = logged_in(user).post(
        "/accounts/delete/", {"confirm_username": "someone", "password": PASSWORD}
    )
    assert "nothing has been deleted" in between_label_and_input(
        text(response), "id_confirm_username"
    )
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_deleting_an_account_needs_its_password_too() -> None:
    user = make_runner()
    client = logged_in(user)
    page = text(client.get("/accounts/delete/"))
    assert 'type="password" name="password" autocomplete="current-password"' in page
    response = client.post("/accounts/delete/", {"confirm_username": "ana"})
    assert "This field is required" in between_label_and_input(text(response), "id_password")
    response = client.post("/accounts/delete/", {"confirm_username": "ana", "password": "guess"})
    assert "That is not your password, so nothing has been deleted" in between_label_and_input(
        text(response), "id_password"
    )
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" in client.session


def test_wrong_passwords_on_the_delete_page_count_as_login_attempts() -> None:
    user = make_runner()
    client = logged_in(user)
    for _ in range(5):
        client.post("/accounts/delete/", {"confirm_username": "ana", "password": "guess"})
    response = client.post("/accounts/delete/", {"confirm_username": "ana", "password": PASSWORD})
    assert "too many attempts with a wrong password" in text(response)
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_deleting_an_account_removes_its_rows_and_files_but_not_a_shared_file(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    ana, bea = make_runner("ana"), make_runner("bea")
    own = stored_file("own.gpx", b"ana only")
    shared = stored_file("shared.gpx", b"both")
    not_a_run = stored_file("route.gpx", b"a route")
    add_run(ana, own, 7)
    add_run(ana, shared, 8)
    add_run(bea, shared, 8)
    ImportedFile.objects.create(
        owner=ana, file=not_a_run, source="route.gpx", outcome="not_an_activity"
    )
    CheckIn.objects.create(owner=ana, day=datetime(2026, 3, 1, tzinfo=UTC).date(), morning_pain=2)
    CheckIn.objects.create(owner=bea, day=datetime(2026, 3, 1, tzinfo=UTC).date(), morning_pain=3)
    AkpsRecord.objects.create(
        owner=ana, day=datetime(2026, 3, 1, tzinfo=UTC).date(), score=80, points=[], version="v"
    )
    client = logged_in(ana)

    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows are gone
        response = client.post(
            "/accounts/delete/", {"confirm_username": "ana", "password": PASSWORD}
        )

    assert response["Location"] == "/"
    assert not get_user_model().objects.filter(username="ana").exists()
    assert not RunnerProfile.objects.filter(user_id=ana.pk).exists()
    assert not CheckIn.objects.filter(owner_id=ana.pk).exists()
    assert not AkpsRecord.objects.filter(owner_id=ana.pk).exists()
    assert not Activity.objects.filter(owner_id=ana.pk).exists()
    assert not ImportedFile.objects.filter(owner_id=ana.pk).exists()
    assert not stored_path(own.sha256).exists()
    assert not stored_path(not_a_run.sha256).exists()
    assert set(StoredFile.objects.values_list("original_name", flat=True)) == {"shared.gpx"}
    assert stored_path(shared.sha256).read_bytes() == b"both"
    assert Activity.objects.filter(owner=bea).count() == 1
    assert CheckIn.objects.filter(owner=bea).count() == 1
    assert "_auth_user_id" not in client.session
    assert "have been deleted" in text(client.get("/"))


# Every page needs a login; every form needs its CSRF token

LOGIN_ONLY = [
    "/accounts/profile/",
    "/accounts/delete/",
    "/accounts/password/",
    "/accounts/password/done/",
]


@pytest.mark.parametrize("url", LOGIN_ONLY)
def test_account_pages_send_anonymous_visitors_to_log_in(client: Client, url: str) -> None:
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (
            "/accounts/signup/",
            {
                "username": "x",
                "email": "x@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        ),
        ("/accounts/login/", {"username": "ana", "password": PASSWORD}),
        ("/accounts/password-reset/", {"email": "ana@example.org"}),
    ],
)
def test_public_account_forms_refuse_a_post_without_the_csrf_token(
    url: str, data: dict[str, str]
) -> None:
    make_runner()
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, data).status_code == 403
    assert client.get(url).status_code == 200
    assert 'name="csrfmiddlewaretoken"' in text(client.get(url))


@pytest.mark.parametrize(
    "url", ["/accounts/profile/", "/accounts/delete/", "/accounts/password/", "/accounts/logout/"]
)
def test_logged_in_account_forms_refuse_a_post_without_the_csrf_token(url: str) -> None:
    user = make_runner()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(url, {"confirm_username": "ana", "time_zone": "UTC", "units": "km"})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" in client.session


# The shared navigation


def test_the_navigation_offers_runner_sections_and_a_log_out_button_when_logged_in() -> None:
    page = text(logged_in(make_runner(plan_start=date(2026, 3, 2))).get("/accounts/profile/"))
    nav = page[page.index('<nav aria-label="Main"') : page.index("</nav>")]
    for path in ("/today/", "/check-in/", "/plan/", "/activities/", "/progress/"):
        assert f'href="{path}"' in nav
    # The link may carry an icon before its label (issue #12 item 20).
    assert re.search(r'<a href="/accounts/profile/" aria-current="page">.*?Settings.*?</a>', nav)
    assert 'method="post" action="/accounts/logout/"' in nav
    assert "Sign up" not in nav


def test_the_navigation_offers_checks_log_in_and_sign_up_when_logged_out(client: Client) -> None:
    page = text(client.get("/accounts/login/"))
    nav = page[page.index('<nav aria-label="Main"') : page.index("</nav>")]
    for label in ("Check my knee", "Knee score", "Sign up"):
        assert label in nav
    assert re.search(r'<a href="/accounts/login/" aria-current="page">.*?Log in.*?</a>', nav)
    assert "/today/" not in nav
    assert "Log out" not in nav


def test_before_the_plan_starts_the_navigation_leaves_out_the_days_pages() -> None:
    page = text(logged_in(make_runner()).get("/accounts/profile/"))
    nav = page[page.index('<nav aria-label="Main"') : page.index("</nav>")]
    for path in ("/today/", "/check-in/", "/plan/", "/activities/", "/progress/"):
        assert f'href="{path}"' not in nav
    assert 'href="/api/account/"' in nav
    assert 'method="post" action="/accounts/logout/"' in nav
