"""Signing in with a second factor: a code from an authenticator app, or a recovery code (ADR 0012).

django-otp keeps the devices: a `TOTPDevice` for the app (time-based one-time codes, RFC 6238) and
a `StaticDevice` whose `StaticToken`s are the recovery codes, each removed when it is used. This
module is the only code that makes, checks or removes them; the pages are in
`core/views_second_factor.py` and the rule that staff must use one is `core/sign_in_middleware.py`.
"""

from __future__ import annotations

import base64
import enum
import math
import secrets
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device, VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP = "Authenticator app"
RECOVERY = "Recovery codes"
DEMO_APP = "Demo authenticator (fictional area only)"


class Step(enum.Enum):
    """What a signed-in user who has not given a code this session must do next."""

    CODE = "code"  # enter a code from their app (or a recovery code)
    SET_UP = "set-up"  # a staff member with no app yet: set one up


def staff_must_use_it(user: Any) -> bool:
    return bool(settings.CARECOMMONS.get("STAFF_SECOND_FACTOR")) and getattr(user, "staff", None) is not None


def app_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def step_needed(user: Any) -> Step | None:
    """For a signed-in user not yet verified in this session: what they must do before anything else.

    Remembered on the user object, which lives for one request, so the middleware and the page's
    navigation ask the database once.
    """
    if not getattr(user, "is_authenticated", False) or user.is_verified():
        return None
    if not hasattr(user, "_cc_second_factor_step"):
        step: Step | None = None
        if app_device(user) is not None:
            step = Step.CODE
        elif staff_must_use_it(user):
            step = Step.SET_UP
        user._cc_second_factor_step = step
    result: Step | None = user._cc_second_factor_step
    return result


# --- keys, codes and QR codes ---------------------------------------------------------------------
def new_key() -> str:
    """A new 160-bit secret, as django-otp stores it (hex)."""
    return secrets.token_hex(20)


def key_as_text(key_hex: str) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    text = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def key_from_text(text: str) -> str:
    """A base32 secret (spaces allowed) as django-otp's hex key."""
    compact = text.replace(" ", "").upper()
    return base64.b32decode(compact + "=" * (-len(compact) % 8)).hex()


def set_up_link(user: Any, key_hex: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return str(TOTPDevice(user=user, key=key_hex).config_url)


def qr_code(text: str) -> str:
    """A QR code of `text` as an SVG data: address for an <img> (the CSP allows data: images)."""
    return str(segno.make(text, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff"))


def code_at(key_hex: str, *, when: float, drift: int = 0) -> str:
    """The 6-digit code an app shows at `when` (seconds since 1970), for tests and set-up checks."""
    totp = TOTP(bytes.fromhex(key_hex), drift=drift)
    totp.time = when
    return f"{totp.token():06d}"


def clean_code(text: str) -> str:
    return "".join(text.split()).replace("-", "").lower()


@dataclass(frozen=True)
class CodeCheck:
    """The result of checking a code: the device that accepted it, or why not in plain words."""

    device: Device | None
    reason: str = ""
    recovery_codes_left: int | None = None


def _throttled(device: Device) -> str:
    """Why the device will not check a code yet (after wrong codes), or "" when it will."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or data.get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return ""
    wait = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
    seconds = "1 second" if wait == 1 else f"{wait:,} seconds"
    return f"There have been too many wrong codes. Wait {seconds}, then enter the code your app shows."


def _check(user: Any, device: Device, code: str, *, wrong: str) -> CodeCheck:
    throttled = _throttled(device)
    if throttled:
        return CodeCheck(None, throttled)
    verified = verify_token(user, device.persistent_id, clean_code(code))
    if verified is None:
        return CodeCheck(None, wrong)
    return CodeCheck(verified)


def app_code_check(*, user: Any, code: str) -> CodeCheck:
    """Check a code from the user's app. django-otp refuses a code already used, and throttles wrong ones."""
    device = app_device(user)
    if device is None:
        return CodeCheck(None, "There is no authenticator app set up for this sign-in.")
    return _check(user, device, code, wrong="The code is not right. Enter the 6-digit code your app shows now.")


def recovery_code_check(*, user: Any, code: str) -> CodeCheck:
    """Check a recovery code. A code that works is removed, so each works once."""
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return CodeCheck(None, "There are no recovery codes for this sign-in.")
    check = _check(user, device, code, wrong="That recovery code is not right, or it has been used already. Check it and try again.")
    if check.device is None:
        return check
    return CodeCheck(check.device, recovery_codes_left=device.token_set.count())


# --- services: the only code that writes devices ----------------------------------------------------
@dataclass(frozen=True)
class TurnedOn:
    device: TOTPDevice
    recovery_codes: list[str]


def _recovery_codes_make(user: Any) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODES:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def second_factor_turn_on(*, user: Any, key_hex: str, code: str, now: float) -> TurnedOn | None:
    """Keep the app's secret once the person has shown their app makes the right codes; make recovery codes.

    `now` is the time (seconds since 1970) the code is checked against. The code used to confirm
    cannot be used again to sign in. Any earlier app or recovery codes are replaced.
    """
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = now
    try:
        number = int(clean_code(code))
    except ValueError:
        return None
    if not totp.verify(number, tolerance=1):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=APP, key=key_hex, confirmed=True, last_t=totp.t(), drift=totp.drift)
    return TurnedOn(device=device, recovery_codes=_recovery_codes_make(user))


@transaction.atomic
def recovery_codes_renew(*, user: Any) -> list[str]:
    """New recovery codes for someone who has an app set up; the old ones stop working."""
    return _recovery_codes_make(user)


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def second_factor_reset(*, user: Any) -> int:
    """Remove someone's app and recovery codes (the `second_factor_reset` command); how many devices went."""
    apps = TOTPDevice.objects.filter(user=user)
    codes = StaticDevice.objects.filter(user=user)
    removed = apps.count() + codes.count()
    apps.delete()
    codes.delete()
    return removed


@transaction.atomic
def second_factor_turn_off(*, user: Any) -> None:
    """Remove the person's app and recovery codes. Refused for staff when staff must use a second factor."""
    if staff_must_use_it(user):
        raise PermissionError("Staff must sign in with a code from an authenticator app.")
    second_factor_reset(user=user)


def give_demo_device(user: Any, secret: str | None) -> TOTPDevice | None:
    """Give a demo login the demo's published authenticator secret (base32). Nothing when there is none.

    Only for the fictional demo area: refused unless the installation says it is fictional.
    """
    if not secret:
        return None
    if not settings.CARECOMMONS.get("FICTIONAL"):
        raise ImproperlyConfigured("The published demo authenticator secret is only for the fictional demo area.")
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEMO_APP, key=key_from_text(secret), confirmed=True)
