"""Settings for the load test (`make loadtest`): production's, on plain HTTP at 127.0.0.1, for a fictional area.

Everything production does stays on (DEBUG off, the second factor for staff, the sign-in lockout, compressed
static files from collectstatic, PostgreSQL from DATABASE_URL), except what plain HTTP on this machine cannot
have: secure-only cookies (a client never sends them over http) and the redirect to HTTPS. The area is the
fictional one `demo_area` builds, and emails go nowhere. Never use these settings for a real service.
"""

from .production import *  # noqa: F403
from .production import CARECOMMONS

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
CARECOMMONS = {**CARECOMMONS, "FICTIONAL": True}
