"""Test settings: the real settings, with a throwaway data dir so tests never touch a user's."""

import os
import tempfile

os.environ.setdefault("KNEEWISE_DATA_DIR", tempfile.mkdtemp(prefix="kneewise-test-"))

from kneewise.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only

# Tests run background tasks at once, in the request that enqueues them; the tests of the
# worker itself switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
