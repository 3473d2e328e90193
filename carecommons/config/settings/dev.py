"""Settings for `make demo` and local development: SQLite, debug pages, a fictional area."""

from .base import *  # noqa: F403
from .base import CARECOMMONS

DEBUG = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CARECOMMONS = {
    **CARECOMMONS,
    "FICTIONAL": True,
    # An OCDS ocid prefix for the fictional area only: not registered, so nothing published with it is real.
    "MARKET": {**CARECOMMONS["MARKET"], "OCID_PREFIX": CARECOMMONS["MARKET"]["OCID_PREFIX"] or "ocds-cc0dmo"},
}
