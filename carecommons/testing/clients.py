"""Test clients signed in as someone, with their second factor, as the sign-in pages would leave them."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core import second_factor


def verify_second_factor(client: Client, user: Any) -> None:
    """Mark a signed-in client's session as having given a code, the way `django_otp.login` does.

    Someone who must use a second factor (staff) and has no authenticator app is given one first.
    Tests of the code pages themselves use a plain `Client` and the real pages instead.
    """
    device = second_factor.app_device(user)
    if device is None:
        if not second_factor.staff_must_use_it(user):
            return
        device = TOTPDevice.objects.create(user=user, name=second_factor.APP, key=second_factor.new_key(), confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def code_for(user: Any) -> str:
    """The code the user's authenticator app would show that the server will accept now.

    Normally the current one; but a code is refused if its 30-second step was already used, so
    after a recent sign-in this is the next step's code, which the server accepts a step early.
    """
    device = second_factor.app_device(user)
    assert device is not None, f"{user} has no authenticator app"
    step = max((int(time.time()) - device.t0) // device.step + device.drift, device.last_t + 1)
    return second_factor.code_at(device.key, when=device.t0 + step * device.step)


class SignedInClient(Client):
    """Django's test client, whose `force_login` also gives the second factor (enforcement stays on)."""

    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend)
        verify_second_factor(self, user)


def client_for(user: Any) -> Client:
    client = SignedInClient()
    client.force_login(user)
    return client
