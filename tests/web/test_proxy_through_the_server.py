"""Reverse proxies, through a real `kneewise serve`: the client's address and the scheme come
from the trusted proxy's X-Forwarded-For and X-Forwarded-Proto, and from nobody else."""

from __future__ import annotations

from pathlib import Path

from tests.server_process import PASSWORD, Browser, add_account, kneewise_serve, server_env


def fail_five_logins(port: int, headers: dict[str, str]) -> None:
    """Five wrong passwords for five different names: only the address's count reaches 5."""
    for number in range(5):
        assert not Browser(port, dict(headers)).log_in(f"nobody{number}", "wrong password")


def test_behind_one_proxy_failures_from_one_client_do_not_lock_out_another(
    tmp_path: Path,
) -> None:
    env = server_env(tmp_path, {"KNEEWISE_PROXY_HOPS": "1"})
    add_account(env, "ben")
    with kneewise_serve(env, "--no-worker") as port:
        # Both come through the proxy on 127.0.0.1, which appends the client's address.
        fail_five_logins(port, {"X-Forwarded-For": "198.51.100.1"})
        assert not Browser(port, {"X-Forwarded-For": "198.51.100.1"}).log_in("ben", PASSWORD)
        assert Browser(port, {"X-Forwarded-For": "198.51.100.2"}).log_in("ben", PASSWORD)


def test_behind_an_https_proxy_pages_answer_without_a_redirect_loop(tmp_path: Path) -> None:
    env = server_env(tmp_path, {"KNEEWISE_PROXY_HOPS": "1", "KNEEWISE_HTTPS": "1"})
    with kneewise_serve(env, "--no-worker") as port:
        proxy = {"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https"}
        status, headers, _ = Browser(port, proxy).get("/today/")
        assert status == 302
        assert headers["location"].startswith("/accounts/login/")
        status, _, page = Browser(port, proxy).get("/accounts/login/")
        assert status == 200
        assert "password" in page.lower()


def test_without_a_proxy_a_client_forging_x_forwarded_for_keeps_its_own_address(
    tmp_path: Path,
) -> None:
    env = server_env(tmp_path, {"KNEEWISE_PROXY_HOPS": "0"})
    add_account(env, "ben")
    with kneewise_serve(env, "--no-worker") as port:
        for number in range(5):
            forged = {"X-Forwarded-For": f"203.0.113.{number}"}
            assert not Browser(port, forged).log_in(f"nobody{number}", "wrong password")
        # Every attempt came from 127.0.0.1 whatever the header said: that address is paused.
        assert not Browser(port, {"X-Forwarded-For": "203.0.113.99"}).log_in("ben", PASSWORD)


def test_with_a_proxy_elsewhere_a_direct_client_cannot_pose_as_it(tmp_path: Path) -> None:
    env = server_env(tmp_path, {"KNEEWISE_PROXY_HOPS": "1", "KNEEWISE_TRUSTED_PROXY": "10.9.9.9"})
    add_account(env, "ben")
    with kneewise_serve(env, "--no-worker") as port:
        for number in range(5):
            forged = {"X-Forwarded-For": f"203.0.113.{number}", "X-Forwarded-Proto": "https"}
            assert not Browser(port, forged).log_in(f"nobody{number}", "wrong password")
        assert not Browser(port, {"X-Forwarded-For": "203.0.113.99"}).log_in("ben", PASSWORD)
