"""Settings for the test suite. DATABASE_URL selects PostgreSQL; otherwise SQLite."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; production uses Argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
AXES_ENABLED = True

# SQLite tests use a file, not shared memory, so concurrency tests can open real separate
# connections from several threads (WAL and IMMEDIATE transactions make writers queue).
import os as _os  # noqa: E402
import tempfile as _tempfile  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": _os.path.join(_tempfile.gettempdir(), f"carecommons-test-{_os.getpid()}.sqlite3")
    }

# Each test run signs with its own throwaway key.
CARECOMMONS = {**CARECOMMONS, "TEXT_BACKEND": "carecommons.core.texts.Memory", "SIGNING_KEY_FILE": _os.path.join(_tempfile.mkdtemp(prefix="carecommons-key-"), "signing-key.pem")}  # noqa: F405
