"""A forgotten password reset by email: the link uses the installation's address, reveals nothing, and a code is still asked."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core import second_factor
from carecommons.testing import factories as f
from carecommons.testing.clients import code_for

pytestmark = pytest.mark.django_db
FORGOTTEN = reverse("core:password-forgotten")
NEW_PASSWORD = "a-brand-new-password-456"  # noqa: S105 - fictional


@pytest.fixture
def priya(cast):
    cast.priya.email = "priya.shah@ashbyvale.example"
    cast.priya.save(update_fields=["email"])
    TOTPDevice.objects.create(user=cast.priya, name=second_factor.APP, key=second_factor.new_key(), confirmed=True)
    return cast.priya


def _link(settings_base: str) -> str:
    (message,) = mail.outbox
    match = re.search(re.escape(settings_base) + r"(/sign-in/new-password/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_sign_in_page_links_to_resetting_a_forgotten_password(client):
    page = Client().get(reverse("core:sign-in")).content.decode()
    assert f'href="{FORGOTTEN}"' in page and "I have forgotten my password" in page


def test_a_reset_link_is_emailed_from_the_installations_own_address(priya, settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "BASE_URL": "https://care.ashbyvale.example/"}
    response = Client().post(FORGOTTEN, {"email": "Priya.Shah@ashbyvale.example"}, HTTP_HOST="evil.example")
    assert response.status_code == 302 and response["Location"] == reverse("core:password-reset-sent")
    (message,) = mail.outbox
    assert message.to == ["priya.shah@ashbyvale.example"]
    assert message.subject == "Reset your Care Commons password"
    assert "https://care.ashbyvale.example/sign-in/new-password/" in message.body
    assert "127.0.0.1" not in message.body and "evil.example" not in message.body and "testserver" not in message.body
    assert "within 2 hours" in message.body


def test_an_unknown_email_gets_the_same_answer_and_no_email(priya):
    known = Client().post(FORGOTTEN, {"email": "priya.shah@ashbyvale.example"}, follow=True)
    mail.outbox.clear()
    unknown = Client().post(FORGOTTEN, {"email": "nobody@ashbyvale.example"}, follow=True)
    assert mail.outbox == []
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert "If that email address belongs to a Care Commons account" in unknown.content.decode()


def test_a_deactivated_account_gets_no_reset_email(priya):
    priya.is_active = False
    priya.save(update_fields=["is_active"])
    Client().post(FORGOTTEN, {"email": "priya.shah@ashbyvale.example"})
    assert mail.outbox == []


def test_a_missing_or_malformed_email_is_explained_and_kept():
    page = Client().post(FORGOTTEN, {"email": ""}).content.decode()
    assert "Enter your email address" in page and "There is a problem" in page
    page = Client().post(FORGOTTEN, {"email": "priya at example"}).content.decode()
    assert "Enter an email address in the right format, like name@example.com" in page
    assert 'value="priya at example"' in page


def test_a_new_password_is_set_and_signing_in_still_asks_for_a_code(priya, settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "BASE_URL": "https://care.ashbyvale.example"}
    old_session = Client()
    assert old_session.post(reverse("core:sign-in"), {"username": "priya", "password": f.PASSWORD}).status_code == 302
    Client().post(FORGOTTEN, {"email": "priya.shah@ashbyvale.example"})
    browser = Client()
    form = browser.get(_link("https://care.ashbyvale.example"), follow=True)
    assert "Choose a new password" in form.content.decode()
    form_url = form.redirect_chain[-1][0]  # Django moves the token out of the address first
    mismatch = browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "something-else-789"})
    assert "The two passwords are not the same" in mismatch.content.decode()
    short = browser.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert "at least 12 characters" in short.content.decode()
    done = browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("core:password-reset-done")
    assert SESSION_KEY not in browser.session  # nobody is signed in by a reset
    # The session signed in with the old password has ended.
    assert old_session.get(reverse("insight:team"))["Location"].startswith(reverse("core:sign-in"))
    # Signing in with the new password leads to the code page, not into the service.
    fresh = Client()
    signed = fresh.post(reverse("core:sign-in"), {"username": "priya", "password": NEW_PASSWORD})
    assert signed.status_code == 302
    assert fresh.get(reverse("insight:team"))["Location"].startswith(reverse("core:sign-in-code"))
    assert fresh.post(reverse("core:sign-in-code"), {"code": code_for(priya)}).status_code == 302
    assert fresh.get(reverse("insight:team")).status_code == 200


def test_a_reset_link_works_once_and_then_says_what_to_do(priya):
    Client().post(FORGOTTEN, {"email": "priya.shah@ashbyvale.example"})
    link = _link("http://127.0.0.1:8000")
    browser = Client()
    form_url = browser.get(link, follow=True).redirect_chain[-1][0]
    browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert again.status_code == 200
    page = again.content.decode()
    assert "This link no longer works" in page and "Ask for a new link" in page


def test_a_made_up_reset_link_says_what_to_do():
    response = Client().get(reverse("core:password-reset-confirm", args=["MQ", "not-a-real-token"]))
    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()
