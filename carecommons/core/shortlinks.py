"""Short links for messages and confirmation pages: `/c/` and 8 characters, never a long key or this machine's address.

A long link with a key in it (a booking's change link, a follow-up, a sign-in invitation) is 60 or more characters
people cannot copy from a text or write down. `short_link_make` gives a code of 8 characters from an alphabet without
look-alikes (no 0/o, 1/l/i), about 40 bits chosen by `secrets`, read in either case. Only a keyed hash of the code is
stored, and the long link is stored encrypted with a key made from the code: the table alone opens nothing. A short
link stops working when its long link does; the long links keep working as before.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from carecommons.core.links import site_url
from carecommons.core.models import ShortLink

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0, 1, i, l, o
LENGTH = 8


def _code_hash(code: str) -> str:
    return salted_hmac("carecommons.core.shortlinks", code, algorithm="sha256").hexdigest()


def _box(code: str) -> Fernet:
    key = hashlib.sha256(f"carecommons short link key:{code}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def normalise(code: str) -> str:
    """What someone typed or copied, as a code: lower case, without spaces or dashes."""
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def short_link_make(*, path: str, expires_at: dt.datetime) -> str:
    """A short link to `path` (on this site) until `expires_at`, as a whole address from `CARECOMMONS_BASE_URL`."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        digest = _code_hash(code)
        if not ShortLink.objects.filter(code_hash=digest).exists():
            break
    ShortLink.objects.create(code_hash=digest, target=_box(code).encrypt(path.encode()).decode(),
                             expires_at=expires_at, created_at=timezone.now())
    return site_url(reverse("core:short-link", args=[code]))


def short_link_target(code: str) -> str | None:
    """The path a short link stands for, or None if there is no such link or it has stopped working."""
    code = normalise(code)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    link = ShortLink.objects.filter(code_hash=_code_hash(code), expires_at__gt=timezone.now()).first()
    if link is None:
        return None
    try:
        path = _box(code).decrypt(link.target.encode()).decode()
    except InvalidToken:
        return None
    return path if path.startswith("/") and not path.startswith("//") else None


def shown(link: str) -> str:
    """A short link as a page prints it for people to read or write down: "care.example.gov.uk/c/ab3k7m2q", without
    "https://"; only the path ("/c/ab3k7m2q") while the site address is still this machine's (never 127.0.0.1)."""
    parts = urlsplit(link)
    if parts.hostname in (None, "127.0.0.1", "localhost", "::1", "testserver"):
        return parts.path
    return f"{parts.netloc}{parts.path}"
