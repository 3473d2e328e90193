"""Production settings: PostgreSQL from DATABASE_URL, a real secret key, HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("CARECOMMONS_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set CARECOMMONS_SECRET_KEY to a random string of at least 50 characters.")

SECURE_SSL_REDIRECT = os.environ.get("CARECOMMONS_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Every staff role signs in with a second factor in production, whatever else is set (ADR 0012).
CARECOMMONS = {**CARECOMMONS, "STAFF_SECOND_FACTOR": True}  # noqa: F405
