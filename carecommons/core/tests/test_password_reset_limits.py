"""Password reset emails are limited (issue 14): 3 an hour to one account, 20 an hour because of requests from one
client address; past a limit the page says what it always says, no email goes, and the request is recorded and
logged."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.core.models import PasswordResetEmail
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db
FORGOTTEN = reverse("core:password-forgotten")


def _ask(email: str, address: str = "203.0.113.7") -> Client:
    response = Client(REMOTE_ADDR=address).post(FORGOTTEN, {"email": email}, follow=True)
    assert response.redirect_chain == [(reverse("core:password-reset-sent"), 302)]
    return response


def _account(n: int) -> object:
    return f.UserFactory(username=f"reset{n}", email=f"reset{n}@ashbyvale.example")


def test_a_fourth_email_in_an_hour_to_one_account_is_not_sent_but_the_page_is_the_same(cast, caplog):
    _account(1)
    pages = [_ask("reset1@ashbyvale.example", address=f"198.51.100.{n}").content for n in range(3)]
    assert len(mail.outbox) == 3
    with caplog.at_level(logging.WARNING, logger="carecommons.core.password_resets"):
        fourth = _ask("reset1@ashbyvale.example", address="198.51.100.99")
    assert len(mail.outbox) == 3
    assert fourth.content == pages[0]  # nothing on the page tells the limit from an unknown address
    assert fourth.content == _ask("nobody@ashbyvale.example").content
    held = PasswordResetEmail.objects.get(held_by=PasswordResetEmail.Held.ACCOUNT)
    assert (held.user.username, held.client_address) == ("reset1", "198.51.100.99")
    assert "3 reset emails already sent to this account in the last hour; the limit is 3." in caplog.text


def test_an_hour_later_the_account_can_be_sent_one_again(cast):
    user = _account(1)
    long_ago = timezone.now() - dt.timedelta(minutes=61)
    PasswordResetEmail.objects.bulk_create(PasswordResetEmail(user=user, client_address="198.51.100.1", at=long_ago)
                                           for _ in range(3))
    _ask("reset1@ashbyvale.example")
    assert len(mail.outbox) == 1


def test_one_client_address_gets_no_more_than_twenty_emails_an_hour_across_accounts(cast, caplog):
    for n in range(8):
        _account(n)
    with caplog.at_level(logging.WARNING, logger="carecommons.core.password_resets"):
        for n in range(8):
            for _ in range(3):
                _ask(f"reset{n}@ashbyvale.example", address="203.0.113.7")
    assert len(mail.outbox) == 20
    assert PasswordResetEmail.objects.filter(held_by=PasswordResetEmail.Held.ADDRESS).count() == 4
    assert "because of requests from this address in the last hour; the limit is 20." in caplog.text
    _ask("reset7@ashbyvale.example", address="203.0.113.8")  # another address is not held back by this one
    assert len(mail.outbox) == 21


def test_the_address_counted_is_the_trusted_client_address_not_a_header_anyone_can_write(cast, settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "TRUSTED_PROXY_HEADER": "X-Forwarded-For", "TRUSTED_PROXIES": 1}
    _account(1)
    Client(REMOTE_ADDR="10.0.0.1").post(FORGOTTEN, {"email": "reset1@ashbyvale.example"},
                                        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50")
    assert PasswordResetEmail.objects.get().client_address == "203.0.113.50"


def test_the_limits_come_from_the_settings(cast, settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "PASSWORD_RESET_LIMITS": {"PER_ACCOUNT": 1}}
    _account(1)
    _ask("reset1@ashbyvale.example")
    _ask("reset1@ashbyvale.example")
    assert len(mail.outbox) == 1
