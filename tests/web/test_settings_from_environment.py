"""Settings come from the environment, in one place, and refuse unsafe values."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

PROBE = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({"engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST"),
                  "options": db.get("OPTIONS", {}), "secret": settings.SECRET_KEY,
                  "debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS,
                  "secure_cookie": settings.SESSION_COOKIE_SECURE}))
"""


def load_settings(data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    clean.update(KNEEWISE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="kneewise.web.settings")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + PROBE],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def settings_in(data_dir: Path, **env: str) -> dict[str, object]:
    done = load_settings(data_dir, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_default_database_is_sqlite_in_the_data_dir_with_wal(tmp_path: Path) -> None:
    loaded = settings_in(tmp_path)
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"] == str(tmp_path / "kneewise.sqlite3")
    assert "journal_mode=WAL" in loaded["options"]["init_command"]  # type: ignore[index]


def test_database_url_switches_to_postgresql(tmp_path: Path) -> None:
    loaded = settings_in(tmp_path, DATABASE_URL="postgres://runner:pw@db.example:5433/knees")
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["name"] == "knees"
    assert loaded["host"] == "db.example"


def test_a_secret_key_is_generated_once_privately_and_reused(tmp_path: Path) -> None:
    first = settings_in(tmp_path)["secret"]
    second = settings_in(tmp_path)["secret"]
    key_file = tmp_path / "secret_key"
    assert first == second
    assert len(str(first)) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_each_installation_gets_its_own_secret_key(tmp_path: Path) -> None:
    assert settings_in(tmp_path / "a")["secret"] != settings_in(tmp_path / "b")["secret"]


def test_a_short_secret_key_is_refused(tmp_path: Path) -> None:
    done = load_settings(tmp_path, KNEEWISE_SECRET_KEY="too-short")
    assert done.returncode != 0
    assert "at least 32 characters" in done.stderr


def test_debug_is_off_unless_asked_and_odd_values_are_refused(tmp_path: Path) -> None:
    assert settings_in(tmp_path)["debug"] is False
    assert settings_in(tmp_path, KNEEWISE_DEBUG="1")["debug"] is True
    refused = load_settings(tmp_path, KNEEWISE_DEBUG="maybe")
    assert refused.returncode != 0
    assert "KNEEWISE_DEBUG must be 1 or 0" in refused.stderr


def test_https_mode_makes_cookies_secure(tmp_path: Path) -> None:
    assert settings_in(tmp_path)["secure_cookie"] is False
    assert settings_in(tmp_path, KNEEWISE_HTTPS="1")["secure_cookie"] is True


def test_allowed_hosts_come_from_the_environment(tmp_path: Path) -> None:
    loaded = settings_in(tmp_path, KNEEWISE_ALLOWED_HOSTS="knees.example, clinic.example")
    assert loaded["hosts"] == ["knees.example", "clinic.example"]
