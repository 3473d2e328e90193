"""Signing in with a second factor (ADR 0012), and sessions that end when left idle.

These tests use a plain `Client` and the real sign-in pages: the `client` fixture would give the
second factor itself.
"""

from __future__ import annotations

import importlib
import re
import time
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core import second_factor
from carecommons.core.sign_in_middleware import LAST_SEEN, IdleTimeoutMiddleware
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for, code_for

CODE_URL = reverse("core:sign-in-code")
SET_UP_URL = reverse("core:sign-in-set-up")


def _with_app(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=second_factor.APP, key=second_factor.new_key(), confirmed=True)


def _password(user: Any, next_url: str = "") -> Client:
    client = Client()
    response = client.post(reverse("core:sign-in"), {"username": user.username, "password": f.PASSWORD, "next": next_url})
    assert response.status_code == 302
    return client


def _page(response: Any) -> str:
    return str(response.content.decode())


def _signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


# --- staff must give a code -------------------------------------------------------------------------
def test_staff_reach_nothing_but_the_code_page_until_they_give_a_code(cast):
    _with_app(cast.priya)
    client = _password(cast.priya)
    response = client.get(reverse("insight:team"))
    assert response.status_code == 302
    assert response["Location"] == f"{CODE_URL}?next=%2Fteam%2F"
    for name in ("people:find", "conversations:waiting-list", "people:home"):
        assert client.get(reverse(name))["Location"].startswith(CODE_URL), name
    assert client.get(reverse("people:person", args=[cast.ruth.pk]))["Location"].startswith(CODE_URL)
    page = _page(client.get(CODE_URL))
    assert "Check it is you" in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert '<label class="govuk-label" for="id_code">Code from your authenticator app</label>' in page
    assert "Find a person" not in page and "Waiting list" not in page  # nothing in the menu but signing out


def test_a_right_code_lets_staff_in_and_takes_them_where_they_were_going(cast):
    _with_app(cast.priya)
    client = _password(cast.priya, next_url="/waiting-list/")
    assert client.get(reverse("insight:team"))["Location"].startswith(CODE_URL)
    response = client.post(CODE_URL, {"code": code_for(cast.priya), "next": "/waiting-list/"})
    assert response["Location"] == "/waiting-list/"
    assert client.get(reverse("insight:team")).status_code == 200


def test_a_wrong_code_is_refused_with_a_plain_message_and_counts_toward_lockout(cast):
    device = _with_app(cast.priya)
    client = _password(cast.priya)
    right = code_for(cast.priya)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    page = _page(client.post(CODE_URL, {"code": wrong}))
    assert "The code is not right. Enter the 6-digit code your app shows now." in page
    assert "There is a problem" in page
    assert client.get(reverse("insight:team"))["Location"].startswith(CODE_URL)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp's throttling is on
    assert AccessAttempt.objects.get(username="priya").failures_since_start == 1
    # Straight away, even the right code must wait: each wrong code doubles the wait.
    assert "too many wrong codes. Wait 1 second" in _page(client.post(CODE_URL, {"code": right}))
    assert "The code must be 6 numbers" in _page(client.post(CODE_URL, {"code": "12ab"}))


def test_five_wrong_codes_lock_the_username_and_sign_out(cast):
    _with_app(cast.priya)
    client = _password(cast.priya)
    for _ in range(4):
        assert client.post(CODE_URL, {"code": "000000"}).status_code == 200
    response = client.post(CODE_URL, {"code": "000000"})
    assert response.status_code == 429
    assert "too many wrong passwords or sign-in codes" in _page(response)
    assert not _signed_in(client)
    again = Client().post(reverse("core:sign-in"), {"username": "priya", "password": f.PASSWORD})
    assert again.status_code == 429  # locked for an hour, even with the right password


def test_a_code_works_only_once(cast):
    _with_app(cast.priya)
    code = code_for(cast.priya)
    first = _password(cast.priya)
    assert first.post(CODE_URL, {"code": code})["Location"] == "/"
    second = _password(cast.priya)
    assert "The code is not right" in _page(second.post(CODE_URL, {"code": code}))


def test_staff_without_an_app_set_one_up_and_see_ten_recovery_codes_once(cast):
    client = _password(cast.priya, next_url="/team/")
    assert client.get(reverse("insight:team"))["Location"] == f"{SET_UP_URL}?next=%2Fteam%2F"
    assert client.get(CODE_URL)["Location"].startswith(SET_UP_URL)
    page = _page(client.get(SET_UP_URL))
    assert "Set up an authenticator app" in page
    assert '<img src="data:image/svg+xml' in page and 'alt="QR code to add Care Commons to your authenticator app"' in page
    key_text = re.search(r'id="set-up-key">([A-Z2-7 ]+)</dd>', page).group(1)  # the secret is always shown as text too
    key = second_factor.key_from_text(key_text)
    assert "The code is not right" in _page(client.post(SET_UP_URL, {"code": "000000"}))
    assert not TOTPDevice.objects.filter(user=cast.priya).exists()
    page = _page(client.post(SET_UP_URL, {"code": second_factor.code_at(key, when=time.time()), "next": "/team/"}))
    assert "Your authenticator app is set up" in page and "Keep these codes safe" in page
    codes = re.findall(r"<li><strong>([a-z2-7]{8})</strong></li>", page)
    assert len(codes) == 10 == len(set(codes))
    assert set(StaticToken.objects.filter(device__user=cast.priya).values_list("token", flat=True)) == set(codes)
    assert 'href="/team/"' in page
    assert client.get(reverse("insight:team")).status_code == 200
    # Set up once: the page now shows the sign-in codes page, never the codes again.
    assert client.get(SET_UP_URL)["Location"] == reverse("core:sign-in-codes")
    assert codes[0] not in _page(client.get(reverse("core:sign-in-codes")))


def test_a_recovery_code_works_once(cast):
    _with_app(cast.priya)
    codes = second_factor.recovery_codes_renew(user=cast.priya)
    client = _password(cast.priya)
    recovery = reverse("core:sign-in-recovery")
    response = client.post(recovery, {"code": codes[0].upper()})
    assert response["Location"] == "/"
    assert "You used a recovery code. It will not work again. You have 9 recovery codes left" in _page(client.get("/", follow=True))
    again = _password(cast.priya)
    page = _page(again.post(recovery, {"code": codes[0]}))
    assert "That recovery code is not right, or it has been used already" in page
    assert again.get(reverse("insight:team"))["Location"].startswith(CODE_URL)


def test_staff_cannot_turn_codes_off_but_can_make_new_recovery_codes(cast):
    client = client_for(cast.priya)
    old = second_factor.recovery_codes_renew(user=cast.priya)
    response = client.post(reverse("core:sign-in-codes-off"))
    assert response["Location"] == reverse("core:sign-in-codes")
    assert TOTPDevice.objects.filter(user=cast.priya).exists()
    assert "cannot be turned off" in _page(client.get(reverse("core:sign-in-codes")))
    page = _page(client.post(reverse("core:recovery-codes-new")))
    new = re.findall(r"<li><strong>([a-z2-7]{8})</strong></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert second_factor.recovery_codes_left(cast.priya) == 10


def test_with_the_setting_off_staff_without_an_app_sign_in_with_a_password(cast, settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "STAFF_SECOND_FACTOR": False}
    client = _password(cast.tom)
    assert client.get(reverse("conversations:waiting-list")).status_code == 200


# --- a person chooses --------------------------------------------------------------------------------
def test_a_person_turns_codes_on_is_asked_for_one_and_turns_them_off(cast):
    ruth = cast.ruth_user
    client = _password(ruth)
    record = _page(client.get(reverse("people:my-record")))  # no code needed yet
    assert "Turn sign-in codes on or off" in record
    assert "Sign-in codes are off" in _page(client.get(reverse("core:sign-in-codes")))
    page = _page(client.get(SET_UP_URL + "?next=/sign-in-codes/"))
    assert "You can turn this off again at any time" in page
    key = second_factor.key_from_text(re.search(r'id="set-up-key">([A-Z2-7 ]+)</dd>', page).group(1))
    page = _page(client.post(SET_UP_URL, {"code": second_factor.code_at(key, when=time.time()), "next": "/sign-in-codes/"}))
    assert "Your recovery codes" in page
    assert client.get(reverse("people:my-record")).status_code == 200  # this session gave a code

    again = _password(ruth)
    assert again.get(reverse("people:my-record"))["Location"].startswith(CODE_URL)
    assert again.post(CODE_URL, {"code": code_for(ruth)}).status_code == 302
    assert again.get(reverse("people:my-record")).status_code == 200
    assert "Turn off sign-in codes?" in _page(again.get(reverse("core:sign-in-codes-off")))
    again.post(reverse("core:sign-in-codes-off"))
    assert not TOTPDevice.objects.filter(user=ruth).exists() and second_factor.recovery_codes_left(ruth) == 0
    assert "Sign-in codes are off" in _page(again.get(reverse("core:sign-in-codes")))

    third = _password(ruth)
    assert third.get(reverse("people:my-record")).status_code == 200


# --- idle sessions -------------------------------------------------------------------------------------
def _set_last_seen_back(client: Client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - minutes * 60
    session.save()


def test_a_session_left_idle_for_30_minutes_is_signed_out_with_a_plain_message(cast):
    client = client_for(cast.priya)
    assert client.get(reverse("insight:team")).status_code == 200
    _set_last_seen_back(client, 29)
    assert client.get(reverse("insight:team")).status_code == 200  # 29 minutes is not idle enough
    _set_last_seen_back(client, 31)
    response = client.get(reverse("insight:team"))
    assert response["Location"] == reverse("core:sign-in") + "?next=%2Fteam%2F"
    assert not _signed_in(client)
    page = _page(client.get(response["Location"]))
    assert "You were signed out because you had not done anything for 30 minutes." in page
    assert 'name="next" value="/team/"' in page


def test_a_request_moves_the_idle_clock_on(cast):
    client = client_for(cast.ruth_user)
    _set_last_seen_back(client, 20)
    assert client.get(reverse("people:my-record")).status_code == 200
    _set_last_seen_back(client, 0)
    assert client.session[LAST_SEEN] >= int(time.time()) - 1


def test_the_idle_limit_is_a_setting(cast, settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "IDLE_MINUTES": 5}
    client = client_for(cast.ruth_user)
    _set_last_seen_back(client, 6)
    assert "had not done anything for 5 minutes" in _page(client.get(reverse("people:my-record"), follow=True))


def test_idle_timeout_with_a_fake_clock(cast):
    now = [1_000_000.0]
    middleware = IdleTimeoutMiddleware(lambda request: HttpResponse("page"), clock=lambda: now[0])
    request = RequestFactory().get("/team/")
    request.session = SessionStore()
    request.user = cast.priya
    request._messages = FallbackStorage(request)
    assert middleware(request).content == b"page"
    assert request.session[LAST_SEEN] == 1_000_000
    now[0] += 30 * 60  # exactly 30 minutes: still fine
    assert middleware(request).content == b"page"
    now[0] += 30 * 60 + 1
    response = middleware(request)
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:sign-in"))


# --- settings and the demo --------------------------------------------------------------------------
def test_production_requires_staff_codes_and_has_no_demo_secret(monkeypatch):
    monkeypatch.setenv("CARECOMMONS_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("CARECOMMONS_IDLE_MINUTES", "15")
    base = importlib.reload(importlib.import_module("carecommons.config.settings.base"))
    production = importlib.reload(importlib.import_module("carecommons.config.settings.production"))
    assert production.CARECOMMONS["STAFF_SECOND_FACTOR"] is True
    assert production.CARECOMMONS["IDLE_MINUTES"] == 15
    assert not hasattr(production, "CARECOMMONS_DEMO_TOTP_SECRET") and not hasattr(base, "CARECOMMONS_DEMO_TOTP_SECRET")
    assert production.OTP_TOTP_THROTTLE_FACTOR >= 1 and production.OTP_STATIC_THROTTLE_FACTOR >= 1
    monkeypatch.delenv("CARECOMMONS_IDLE_MINUTES")
    importlib.reload(base)


def test_the_demo_secret_is_refused_outside_the_fictional_area(cast, settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "FICTIONAL": False}
    with pytest.raises(Exception, match="only for the fictional demo area"):
        second_factor.give_demo_device(cast.priya, "ASHBYVALEFICTIONALDEMOONLY234567")
    assert second_factor.give_demo_device(cast.priya, None) is None


def test_an_administrator_resets_a_lost_app_and_staff_set_up_again(cast):
    from io import StringIO

    from django.core.management import call_command

    _with_app(cast.priya)
    second_factor.recovery_codes_renew(user=cast.priya)
    out = StringIO()
    call_command("second_factor_reset", "priya", stdout=out)
    assert "Removed 2 devices for priya" in out.getvalue()
    assert second_factor.app_device(cast.priya) is None and second_factor.recovery_codes_left(cast.priya) == 0
    assert _password(cast.priya).get(reverse("insight:team"))["Location"].startswith(SET_UP_URL)
