"""Settings for `make demo` and local development: SQLite, a fictional area, the service's own error pages.

DEBUG is off, as on a live system: an unknown address shows the service's "Page not found", never Django's
debug page listing every route. Set CARECOMMONS_DEBUG=1 for debug pages while developing. WhiteNoise serves
the static files straight from their folders (no collectstatic), with DEBUG on or off.
"""

import os

from .base import *  # noqa: F403
from .base import CARECOMMONS

DEBUG = os.environ.get("CARECOMMONS_DEBUG", "0") == "1"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The one authenticator secret every demo staff login shares, published in the README beside the demo
# passwords so anyone can try the real sign-in with any authenticator app. Fictional area only: never
# set in base or production settings (a test checks).
CARECOMMONS_DEMO_TOTP_SECRET = "ASHBYVALEFICTIONALDEMOONLY234567"  # noqa: S105

CARECOMMONS = {
    **CARECOMMONS,
    "FICTIONAL": True,
    # A number from Ofcom's range kept for drama (01632 960000 to 960999): it reaches no one.
    "CONTACT": {
        "PHONE": CARECOMMONS["CONTACT"]["PHONE"] or "01632 960 123",
        "OPENING_HOURS": CARECOMMONS["CONTACT"]["OPENING_HOURS"] or "Monday to Friday, 9am to 5pm",
    },
    # The demo prints text messages in the terminal.
    "TEXT_BACKEND": "carecommons.core.texts.Console",
    # An OCDS ocid prefix for the fictional area only: not registered, so nothing published with it is real.
    "MARKET": {**CARECOMMONS["MARKET"], "OCID_PREFIX": CARECOMMONS["MARKET"]["OCID_PREFIX"] or "ocds-cc0dmo"},
}
