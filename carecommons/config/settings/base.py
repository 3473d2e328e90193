"""Settings shared by every environment. Environment-specific files import from here."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = BASE_DIR / "carecommons"

SECRET_KEY = os.environ.get("CARECOMMONS_SECRET_KEY", "insecure-development-key-not-for-production")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("CARECOMMONS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "carecommons.core",
    "carecommons.people",
    "carecommons.hubs",
    "carecommons.conversations",
    "carecommons.insight",
    "carecommons.assessments",
    "carecommons.budgets",
    "carecommons.market",
    "carecommons.directory",
    "carecommons.relationships",
    "carecommons.participation",
    "carecommons.safeguarding",
    "carecommons.hospital",
    "carecommons.outcomes",
    "carecommons.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "carecommons.core.sign_in_middleware.IdleTimeoutMiddleware",
    "carecommons.core.sign_in_middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "carecommons.people.middleware.BreakGlassMiddleware",
]

ROOT_URLCONF = "carecommons.config.urls"
WSGI_APPLICATION = "carecommons.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carecommons.core.context_processors.site",
                "carecommons.people.navigation.navigation",
            ],
        },
    },
]

# SQLite by default; PostgreSQL (or any database dj-database-url understands) when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CARECOMMONS_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once, and use WAL so readers never block writers. synchronous=FULL
    # syncs the write-ahead log to disk at every commit, so a power cut never loses a write someone was told was
    # saved (NORMAL could lose the last few; ADR 0024).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core:sign-in"
# A link to reset a forgotten password works for two hours, once (core/views_password.py).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
LOGIN_REDIRECT_URL = "people:home"
LOGOUT_REDIRECT_URL = "people:home"

# Five failed sign-ins for one username from one address lock that username from that address for an
# hour: not every user behind the same address (behind a reverse proxy, that would be everyone). The
# address is REMOTE_ADDR unless CARECOMMONS_TRUSTED_PROXY_HEADER names the header the installation's
# own proxies set (core/client_address.py).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "carecommons.core.client_address.client_address"

# Second factor (ADR 0012): codes from an authenticator app (TOTP), and recovery codes. Each wrong code
# makes the next try wait longer (django-otp's throttling, doubling each time) and also counts as a
# failed sign-in for the lockout above.
OTP_TOTP_ISSUER = "Care Commons"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    PACKAGE_DIR / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A strict Content-Security-Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "care-commons@localhost"

# What this installation is: shown on every page.
CARECOMMONS = {
    "SERVICE_NAME": "Care Commons",
    "AREA_NAME": os.environ.get("CARECOMMONS_AREA_NAME", ""),
    "FICTIONAL": os.environ.get("CARECOMMONS_FICTIONAL", "0") == "1",
    # The council's code in Client Level Data returns (`cld_export`). Empty: the command asks for --la-code; a
    # fictional area uses 999, never a real council's code.
    "LA_CODE": os.environ.get("CARECOMMONS_LA_CODE", ""),
    # The address people reach this installation at, for links in emails.
    "BASE_URL": os.environ.get("CARECOMMONS_BASE_URL", "http://127.0.0.1:8000"),
    "SOURCE_URL": os.environ.get("CARECOMMONS_SOURCE_URL", "https://github.com/care-commons/care-commons"),
    # How people reach the council by phone, shown on confirmations, the contact question and the
    # accessibility statement. Empty: no phone number is shown (never an invented one).
    "CONTACT": {
        "PHONE": os.environ.get("CARECOMMONS_PHONE", ""),
        "OPENING_HOURS": os.environ.get("CARECOMMONS_OPENING_HOURS", ""),
    },
    # The header the installation's own reverse proxies write the client's address into (for example
    # X-Forwarded-For), and how many of those proxies there are. Empty: the header is never trusted.
    "TRUSTED_PROXY_HEADER": os.environ.get("CARECOMMONS_TRUSTED_PROXY_HEADER", ""),
    "TRUSTED_PROXIES": int(os.environ.get("CARECOMMONS_TRUSTED_PROXIES", "1")),
    # The secret for the keyed hashes of households sent voting codes by post (participation). Empty: one derived
    # from SECRET_KEY. Changing either means households already sent a code are no longer recognised.
    "HOUSEHOLD_KEY": os.environ.get("CARECOMMONS_HOUSEHOLD_KEY", ""),
    # How long a follow-up link works, in days.
    "FOLLOW_UP_LINK_DAYS": 60,
    # Everyone with a staff role must sign in with a code from an authenticator app as well as a password.
    "STAFF_SECOND_FACTOR": True,
    # A signed-in session ends after this many minutes without a request (shared computers). 0 turns it off.
    "IDLE_MINUTES": int(os.environ.get("CARECOMMONS_IDLE_MINUTES", "30")),
    # How long a link inviting a person (or someone they share their record with) to sign in works, in days.
    "INVITATION_DAYS": 7,
    # The longest a person can share their record for at a time, in days.
    "SHARE_LONGEST_DAYS": 365,
    # How messages people asked for are sent (carecommons/core/messaging.py): "local" (emails through EMAIL_BACKEND,
    # texts through TEXT_BACKEND) or "notify" (GOV.UK Notify: the API key, and a template id for each message kind
    # and channel, CARECOMMONS_NOTIFY_TEMPLATE_BOOKING_CONFIRMATION_TEXT and so on; it will not start without them).
    "MESSAGES": {
        "BACKEND": os.environ.get("CARECOMMONS_MESSAGES", "local"),
        "NOTIFY_API_KEY": os.environ.get("CARECOMMONS_NOTIFY_API_KEY", ""),
        "NOTIFY_BASE_URL": os.environ.get("CARECOMMONS_NOTIFY_BASE_URL", ""),
        "NOTIFY_TEMPLATES": {name.removeprefix("CARECOMMONS_NOTIFY_TEMPLATE_").lower(): value
                             for name, value in os.environ.items() if name.startswith("CARECOMMONS_NOTIFY_TEMPLATE_")},
    },
    # How text messages are sent by the local backend (carecommons/core/texts.py). Nothing by default: none offered.
    "TEXT_BACKEND": os.environ.get("CARECOMMONS_TEXT_BACKEND", "carecommons.core.texts.Unavailable"),
    # How long a "break glass" reason lets a practitioner open a record, in minutes.
    "BREAK_GLASS_MINUTES": 60,
    # How many days of conversations the headline measure looks back over.
    "HEADLINE_WINDOW_DAYS": 90,
    # Portable assessments: this council's name and Ed25519 signing key, and how old an imported one may be.
    "COUNCIL_NAME": os.environ.get("CARECOMMONS_COUNCIL_NAME", "Ashby Vale Council (fictional)"),
    "SIGNING_KEY_FILE": os.environ.get("CARECOMMONS_SIGNING_KEY_FILE", str(BASE_DIR / "var" / "signing-key.pem")),
    "ASSESSMENT_MAX_AGE_DAYS": 365,
    # How many days ahead people can book.
    "BOOKING_HORIZON_DAYS": 42,
    # A booking's link (see, change, cancel, add to a calendar) stops working this many months after the conversation.
    "BOOKING_LINK_MONTHS": 1,
    # Personal budgets. The council sets these and publishes them.
    "BUDGETS": {
        # The indicative budget uses agreed budgets for comparable plans when there are at least this many.
        "INDICATIVE_MINIMUM_COMPARABLES": 5,
        # Otherwise these starting figures, in pence a week, by how many things are hard to do.
        "STARTING_WEEKLY": {
            "up to 2 things that are hard to do": 12_000,
            "3 or 4 things that are hard to do": 25_000,
            "5 or more things that are hard to do": 42_000,
        },
        "STARTING_WEEKLY_SOURCE": "the council's starting figures for 2026-27",
        # Alerts when the forecast leaves more than this share unspent, or overspends by more than this share.
        "UNDERSPEND_PERCENT": 20,
        "OVERSPEND_PERCENT": 5,
        # How long a budget period lasts.
        "PERIOD_WEEKS": 52,
        # Days a person has to reply when the council proposes taking back direct-payment money (Care Act s33(5)).
        # The council's own period: the law sets none.
        "RECOVERY_REPLY_DAYS": 28,
    },
    # Relationships: continuity of care.
    "CONTINUITY": {
        "WINDOW_DAYS": 28,
        # A person's care is "a stream of strangers" when more different workers than this came in the window ...
        "MAX_WORKERS": 6,
        # ... or the three most familiar workers made fewer than this share of visits.
        "MIN_FAMILIAR_SHARE": 60,
    },
    # The care market.
    "MARKET": {
        # A CQC rating older than this is flagged as out of date.
        "RATING_MAX_AGE_DAYS": 730,
        # Concentration (HHI) thresholds: moderately and highly concentrated.
        "HHI_MODERATE": 1500,
        "HHI_HIGH": 2500,
        # This council's area, as the CQC directory names it, for "local" and for market views.
        "LOCAL_AUTHORITY": os.environ.get("CARECOMMONS_LOCAL_AUTHORITY", "Ashby Vale"),
        # The prefix of this council's OCDS ocids (register one with the Open Contracting Partnership).
        "OCID_PREFIX": os.environ.get("CARECOMMONS_OCID_PREFIX", ""),
        # The centre of the council's area, for how far from home children are placed (latitude, longitude).
        "AREA_CENTRE": (float(os.environ.get("CARECOMMONS_AREA_LAT", "52.6")), float(os.environ.get("CARECOMMONS_AREA_LON", "-1.2"))),
        # Placements further than this from home are counted as far away (20 miles).
        "FAR_KM": 32.2,
        # A provider's private link to publish its profile stops working this many months after it was made.
        "PROFILE_LINK_MONTHS": 12,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

CSRF_FAILURE_VIEW = "carecommons.core.views.csrf_failure"
AXES_LOCKOUT_CALLABLE = "carecommons.core.views.locked_out"
