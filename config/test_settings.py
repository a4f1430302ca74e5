"""Test settings: production settings with only what tests must change."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")

from config.settings import *  # noqa: F403

# Plain HTTP test client; production redirects to HTTPS.
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="thidua-test-media-"))  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="thidua-test-static-"))  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: tests see SQLite's real locking (WAL, busy timeout).
    # One folder per test process, so parallel runs never share a file.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="thidua-test-db-")) / "test.sqlite3")  # noqa: F405
    }
# E-mails of notifications are sent right after the commit, so tests read the outbox.
# Print jobs never run inside a request (certificates.services._enqueue): tests that need
# one done queue it in the database and run it (tests/certificates/jobs.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
